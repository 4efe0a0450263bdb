#!/usr/bin/env bash
# Builds the C++ test programs (tests/programs/*.cpp) for wasm32-wasi with
# WebAssembly exception handling, in both encodings (NAME_legacy.wasm:
# try/catch/rethrow/delegate; NAME_exnref.wasm: try_table/throw_ref), and
# natively, and records what the native build prints and its exit code
# (NAME_legacy.stdout/.status and NAME_exnref.stdout/.status, the same);
# the test `programs` of crates/wasi runs each .wasm and compares.
#
#   tests/programs/build-cxx.sh            rebuild them next to each .cpp
#   tests/programs/build-cxx.sh --check    rebuild in a temporary directory
#                                          and fail if anything differs
#                                          from what is committed (for CI)
#   tests/programs/build-cxx.sh --install  pip-install the toolchain first
#
# Toolchain: zig 0.17.1 from PyPI (`ziglang`, clang 22), in a virtualenv
# under $RUSTYJIT_ZIG_VENV (default ~/.cache/rustyjit/zig-venv). Neither zig
# nor Debian ships a wasm32 libc++abi built with exceptions, so
# cxx/build-runtime.sh builds libunwind, libc++abi and libc++ with
# -fwasm-exceptions from the sources in zig's wheel first.
#
# Programs run as build.sh runs the C ones: the same arguments, environment
# and an empty working directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${RUSTYJIT_ZIG_VENV:-$HOME/.cache/rustyjit/zig-venv}"
mode=build
for arg in "$@"; do
    case "$arg" in
    --check) mode=check ;;
    --install)
        if [ ! -x "$venv/bin/pip" ]; then
            python3 -m venv "$venv" 2>/dev/null || {
                apt-get update -qq
                DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
                python3 -m venv "$venv"
            }
        fi
        "$venv/bin/pip" install -q ziglang==0.17.1
        ;;
    *) echo "usage: $0 [--install] [--check]" >&2; exit 2 ;;
    esac
done

zig_dir="$(echo "$venv"/lib/python3*/site-packages/ziglang)"
[ -x "$zig_dir/zig" ] || { echo "no zig in $venv: run $0 --install" >&2; exit 1; }
export PATH="$zig_dir:$PATH"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export ZIG_GLOBAL_CACHE_DIR="$tmp/zig-cache" ZIG_LOCAL_CACHE_DIR="$tmp/zig-cache"
out="$here"
[ "$mode" = check ] && out="$tmp/out" && mkdir -p "$out"

status=0
for src in "$here"/*.cpp; do
    name="$(basename "$src" .cpp)"
    zig c++ -O2 -o "$tmp/$name.native" "$src"
    work="$tmp/work-$name"
    mkdir -p "$work"
    set +e
    (cd "$work" && env -i GREETING=hello EMPTY= "$tmp/$name.native" alpha "beta gamma" ünï \
        </dev/null >"$tmp/$name.stdout" 2>/dev/null)
    code=$?
    set -e
    for encoding in legacy exnref; do
        flags=(-target wasm32-wasi -mcpu=generic+exception_handling -fwasm-exceptions)
        [ "$encoding" = exnref ] && flags+=(-mllvm -wasm-use-legacy-eh=false)
        runtime="$tmp/runtime-$encoding"
        [ -f "$runtime/libeh-runtime.a" ] ||
            bash "$here/cxx/build-runtime.sh" "$runtime" "$encoding" >"$tmp/runtime-$encoding.log" 2>&1 ||
            { cat "$tmp/runtime-$encoding.log" >&2; exit 1; }
        target="${name}_$encoding"
        zig c++ "${flags[@]}" -O2 -c "$src" -o "$tmp/$target.o"
        zig c++ "${flags[@]}" -nostdlib++ -s "$tmp/$target.o" "$runtime/libeh-runtime.a" \
            -o "$out/$target.wasm"
        cp "$tmp/$name.stdout" "$out/$target.stdout"
        echo "$code" >"$out/$target.status"
        if [ "$mode" = check ]; then
            for ext in wasm stdout status; do
                if ! cmp -s "$out/$target.$ext" "$here/$target.$ext"; then
                    echo "DIFFERS: tests/programs/$target.$ext" >&2
                    status=1
                fi
            done
        fi
        echo "$target: exit $code, $(wc -c <"$out/$target.stdout") bytes of output"
    done
done
exit "$status"
