#!/usr/bin/env bash
# Builds the benchmark programs: each programs/NAME.c to programs/NAME.wasm
# (wasm32-wasi, -O2, committed so engines can be compared without a wasm
# toolchain) and to build/native/NAME (the host, -O2, the baseline every
# engine is measured against). Both with Debian's clang, so the same compiler
# front and middle end produce both.
#
# Needs: apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32
# (the libclang-rt package must match clang's major version).
set -euo pipefail
cd "$(dirname "$0")"

CC=${CC:-clang}
CFLAGS=${CFLAGS:--O2}
NATIVE_DIR=build/native
mkdir -p "$NATIVE_DIR"

for src in programs/*.c; do
    name=$(basename "$src" .c)
    # wasi-libc's archive carries DWARF (over 100 KB a program): strip it,
    # but keep the name section so profilers (perf, through each engine's
    # perf map) can name the functions.
    $CC --target=wasm32-wasi $CFLAGS -Wl,--strip-debug -o "programs/$name.wasm" "$src"
    $CC $CFLAGS -o "$NATIVE_DIR/$name" "$src" -lm
    printf '%-12s %8d bytes of wasm\n' "$name" "$(stat -c %s "programs/$name.wasm")"
done
