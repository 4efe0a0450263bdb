#!/bin/bash
# Builds libunwind + libc++abi + libc++ for wasm32-wasi WITH wasm exception handling,
# from the sources bundled in the PyPI `ziglang` wheel (zig 0.17.1 = clang 22.1.8),
# because zig itself (and Debian's libc++abi-*-dev-wasm32) builds them with -fno-exceptions.
# usage: build-runtime.sh OUTDIR [legacy|exnref]
set -euo pipefail
OUT=${1:?outdir}; MODE=${2:-legacy}
ZIG=${ZIG:-zig}
ZLIB=${ZIG_LIB:-$(dirname "$(readlink -f "$(command -v "$ZIG")")")/lib}
FEAT="-mcpu=generic+exception_handling"
EHFLAGS="-fwasm-exceptions"
if [ "$MODE" = exnref ]; then EHFLAGS="$EHFLAGS -mllvm -wasm-use-legacy-eh=false"; fi
COMMON="-target wasm32-wasi $FEAT $EHFLAGS -O2 -DNDEBUG -fvisibility=hidden -fvisibility-inlines-hidden"
mkdir -p "$OUT/obj"
jobs=()
cc() { # src obj flags...
  local src=$1 obj=$2; shift 2
  [ -f "$obj" ] || "$ZIG" "$@" -c "$src" -o "$obj"
}
# libunwind (wasm variant is a single C file)
cc "$ZLIB/libunwind/src/Unwind-wasm.c" "$OUT/obj/unwind-wasm.o" cc $COMMON -I"$ZLIB/libunwind/include" -D_LIBUNWIND_HAS_NO_THREADS -D_LIBUNWIND_HIDE_SYMBOLS -std=c11
cc "$(dirname "$0")/cpp_exception_tag.S" "$OUT/obj/cpp_exception_tag.o" cc $COMMON
ABI_SRCS="cxa_aux_runtime cxa_default_handlers cxa_demangle cxa_exception_storage cxa_guard cxa_handlers cxa_vector cxa_virtual stdlib_exception stdlib_stdexcept stdlib_typeinfo stdlib_new_delete abort_message fallback_malloc private_typeinfo cxa_exception cxa_personality"
for f in $ABI_SRCS; do
  cc "$ZLIB/libcxxabi/src/$f.cpp" "$OUT/obj/abi-$f.o" c++ $COMMON -std=c++23 -D_LIBCPP_BUILDING_LIBRARY -D_LIBCXXABI_BUILDING_LIBRARY -D_LIBCXXABI_HAS_NO_THREADS \
     -I"$ZLIB/libcxxabi/include" -I"$ZLIB/libcxx/src" -I"$ZLIB/libunwind/include" -Wno-user-defined-literals &
  [ $(jobs -r | wc -l) -ge 2 ] && wait -n
done
wait
CXX_SRCS="algorithm any bind call_once charconv chrono error_category exception expected fstream functional hash ios ios.instantiations iostream locale memory memory_resource new new_handler new_helpers optional ostream print random random_shuffle regex ryu/d2fixed ryu/d2s ryu/f2s stdexcept string strstream system_error typeinfo valarray variant vector verbose_abort"
for f in $CXX_SRCS; do
  o="$OUT/obj/cxx-${f//\//_}.o"
  cc "$ZLIB/libcxx/src/$f.cpp" "$o" c++ $COMMON -std=c++23 -D_LIBCPP_BUILDING_LIBRARY -DLIBCXX_BUILDING_LIBCXXABI -DLIBC_NAMESPACE=__llvm_libc_common_utils -D_LIBCPP_HAS_NO_PRAGMA_SYSTEM_HEADER \
     -I"$ZLIB/libcxx/src" -I"$ZLIB/libcxx/libc" -I"$ZLIB/libcxxabi/include" -faligned-allocation -Wno-user-defined-literals &
  [ $(jobs -r | wc -l) -ge 2 ] && wait -n
done
wait
n=$(ls "$OUT"/obj/*.o | wc -l); [ "$n" -eq 58 ] || { echo "expected 58 objects, got $n" >&2; exit 1; }
rm -f "$OUT/libeh-runtime.a"
"$ZIG" ar rcs "$OUT/libeh-runtime.a" "$OUT"/obj/*.o
echo "built $OUT/libeh-runtime.a"
