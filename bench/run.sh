#!/usr/bin/env bash
# The whole comparison in one command:
#
#   cd bench && ./run.sh [suite flags...]
#
# builds the programs (wasm32-wasi and native, with Debian's clang), generates
# the large module for compile throughput if it is missing, builds the runner
# in release mode (the first build compiles wasmtime: many minutes), then runs
# every program on every engine and prints the tables. Results land in
# bench/out/: results.json (every sample), results.md (the tables, for
# docs/PERFORMANCE.md) and runtime.svg.
#
# Flags go to the runner, e.g. `./run.sh --runs 3 --programs nbody,sieve
# --engines rustyjit,wasmtime-winch --no-large`; see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")"

./build.sh
if [ ! -f build/large.wasm ]; then
    python3 gen_large.py -o build/large.wasm
fi
# The runner's own target directory, whatever CARGO_TARGET_DIR says, so the
# binary is where the next line looks for it.
export CARGO_TARGET_DIR="$PWD/runner/target"
cargo build --release --manifest-path runner/Cargo.toml
exec runner/target/release/rustyjit-bench-runner suite "$@"
