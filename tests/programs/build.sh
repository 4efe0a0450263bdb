#!/usr/bin/env bash
# Builds the C test programs for wasm32-wasi and natively, and records what
# the native build prints and its exit code; rustyjit must match both (the
# test `programs` of crates/wasi runs each .wasm and compares).
#
#   tests/programs/build.sh          rebuild NAME.wasm, NAME.stdout and
#                                    NAME.status next to each NAME.c
#   tests/programs/build.sh --check  rebuild in a temporary directory and
#                                    fail if anything differs from what is
#                                    committed (for CI)
#   tests/programs/build.sh --install  apt-get install the toolchain first
#
# Toolchain: Debian's clang, lld, wasi-libc and libclang-rt-14-dev-wasm32
# (clang 14 is Debian 12's; its wasm32 builtins come from the matching
# libclang-rt package).
#
# Every program runs with the same arguments, environment and standard
# input (NAME.stdin if present) in a fresh empty directory, which is the
# current directory natively and the preopened "." under WASI:
#   argv: NAME alpha "beta gamma" ünï     env: GREETING=hello EMPTY=
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mode=build
for arg in "$@"; do
    case "$arg" in
    --check) mode=check ;;
    --install)
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang lld wasi-libc libclang-rt-14-dev-wasm32 >/dev/null
        ;;
    *) echo "usage: $0 [--install] [--check]" >&2; exit 2 ;;
    esac
done

CC="${CC:-clang}"
CFLAGS=(-O2 -Wall -Wextra -Werror)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
out="$here"
[ "$mode" = check ] && out="$tmp/out" && mkdir -p "$out"

status=0
for src in "$here"/*.c; do
    name="$(basename "$src" .c)"
    # wasi-libc's archive carries DWARF; dropping it keeps the .wasm small
    # (the name section stays, for backtraces).
    "$CC" --target=wasm32-wasi "${CFLAGS[@]}" -Wl,--strip-debug -o "$out/$name.wasm" "$src" -lm
    "$CC" "${CFLAGS[@]}" -o "$tmp/$name.native" "$src" -lm
    work="$tmp/work-$name"
    mkdir -p "$work"
    stdin=/dev/null
    [ -f "$here/$name.stdin" ] && stdin="$here/$name.stdin"
    set +e
    (cd "$work" && env -i GREETING=hello EMPTY= "$tmp/$name.native" alpha "beta gamma" ünï \
        <"$stdin" >"$out/$name.stdout" 2>/dev/null)
    code=$?
    set -e
    echo "$code" >"$out/$name.status"
    if [ "$mode" = check ]; then
        for ext in wasm stdout status; do
            if ! cmp -s "$out/$name.$ext" "$here/$name.$ext"; then
                echo "DIFFERS: tests/programs/$name.$ext" >&2
                status=1
            fi
        done
    fi
    echo "$name: exit $code, $(wc -c <"$out/$name.stdout") bytes of output"
done
exit "$status"
