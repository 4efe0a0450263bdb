;; A `ctz` result used as the dividend of a division whose divisor is a
;; `select` guarding against zero (wasm-smith's `disallow_traps` pattern).
;; wasmi 2.0.0 traps with "integer divide by zero" here; rustyjit and
;; wasmi 1.1 compute the quotient. Found by the differential test (seed
;; 2001671); kept so rustyjit stays right where a reference was wrong.
(module
  (func (export "f") (param i32) (result i32) (local i32)
    local.get 0
    i32.ctz
    i32.const -492080717
    local.get 1
    local.get 1
    i32.eqz
    select
    i32.div_u)
  (func (export "g") (param i64) (result i64) (local i64)
    local.get 0
    i64.ctz
    i64.const 7
    local.get 1
    local.get 1
    i64.eqz
    select
    i64.div_s))

(assert_return (invoke "f" (i32.const 65536)) (i32.const 0))
(assert_return (invoke "f" (i32.const 0)) (i32.const 0))
(assert_return (invoke "g" (i64.const 0)) (i64.const 9))
(assert_return (invoke "g" (i64.const 0x100)) (i64.const 1))
