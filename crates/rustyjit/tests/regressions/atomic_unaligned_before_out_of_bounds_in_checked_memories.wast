;; An atomic access that is both misaligned and out of bounds traps
;; "unaligned atomic": the alignment of the effective address is checked
;; first, as the spec's interpreter and wasmtime do. In memories with
;; explicit bounds checks (memory64, custom page sizes), the optimizing tier
;; tested the bounds first and trapped "out of bounds" (found by the
;; differential test against the baseline, seed 1592591933); and where a
;; 64-bit address plus the offset wraps past 2^64, both tiers and the
;; notify/wait builtins trapped "out of bounds" before looking at the
;; alignment of that effective address (found against wasmtime, seed 2727).
(module
  (memory 1)
  (memory $m64 i64 1 6)
  (memory $small 8 16 (pagesize 1))
  (memory $shared i64 1 1 shared)
  (func (export "or16_64") (param i64) (result i32)
    (i32.atomic.rmw16.or_u $m64 offset=60300 (local.get 0) (i32.const 1)))
  (func (export "or16_64_const") (result i32)
    (i32.atomic.rmw16.or_u $m64 offset=60300 (i64.const 8191) (i32.const 1)))
  (func (export "load32_64") (param i64) (result i32)
    (i32.atomic.load $m64 offset=2 (local.get 0)))
  (func (export "store64_64") (param i64)
    (i64.atomic.store $m64 offset=4 (local.get 0) (i64.const 1)))
  (func (export "load16_64_far") (param i64) (result i32)
    (i32.atomic.load16_u $m64 offset=0xffff_ffff_ffff_ffff (local.get 0)))
  (func (export "load16_64_wrap") (result i32)
    (i32.atomic.load16_u $m64 offset=17878 (i64.const -1025)))
  (func (export "notify_64") (param i64) (result i32)
    (memory.atomic.notify $m64 offset=2 (local.get 0) (i32.const 1)))
  (func (export "wait_64") (param i64) (result i32)
    (memory.atomic.wait32 $shared offset=2 (local.get 0) (i32.const 0) (i64.const 0)))
  (func (export "load32_small") (param i32) (result i32)
    (i32.atomic.load $small (local.get 0))))

(assert_trap (invoke "or16_64" (i64.const 8191)) "unaligned atomic")
(assert_trap (invoke "or16_64_const") "unaligned atomic")
(assert_trap (invoke "or16_64" (i64.const 8192)) "out of bounds memory access")
(assert_return (invoke "or16_64" (i64.const 0)) (i32.const 0))
(assert_return (invoke "or16_64" (i64.const 0)) (i32.const 1))
(assert_trap (invoke "load32_64" (i64.const 65533)) "unaligned atomic")
(assert_trap (invoke "load32_64" (i64.const 65535)) "unaligned atomic")
(assert_trap (invoke "load32_64" (i64.const 65534)) "out of bounds memory access")
(assert_trap (invoke "load32_64" (i64.const -1)) "unaligned atomic")
(assert_trap (invoke "load32_64" (i64.const -2)) "out of bounds memory access")
(assert_trap (invoke "load16_64_wrap") "unaligned atomic")
(assert_trap (invoke "notify_64" (i64.const -1)) "unaligned atomic")
(assert_trap (invoke "notify_64" (i64.const -2)) "out of bounds memory access")
(assert_trap (invoke "wait_64" (i64.const -1)) "unaligned atomic")
(assert_trap (invoke "wait_64" (i64.const 65534)) "out of bounds memory access")
(assert_trap (invoke "store64_64" (i64.const 65532)) "out of bounds memory access")
(assert_trap (invoke "store64_64" (i64.const 65534)) "unaligned atomic")
(assert_trap (invoke "load16_64_far" (i64.const 0)) "unaligned atomic")
(assert_trap (invoke "load16_64_far" (i64.const 1)) "out of bounds memory access")
(assert_trap (invoke "load16_64_far" (i64.const 2)) "unaligned atomic")
(assert_trap (invoke "load32_small" (i32.const 7)) "unaligned atomic")
(assert_trap (invoke "load32_small" (i32.const 9)) "unaligned atomic")
(assert_trap (invoke "load32_small" (i32.const 8)) "out of bounds memory access")
(assert_return (invoke "load32_small" (i32.const 4)) (i32.const 0))
