// Defines the C++ exception tag. Upstream LLVM ships this in compiler-rt
// (lib/builtins/wasm/__cpp_exception.S); zig's compiler_rt does not.
#ifdef __wasm64__
#define PTR i64
#else
#define PTR i32
#endif
.globl __cpp_exception
.tagtype __cpp_exception PTR
__cpp_exception:
