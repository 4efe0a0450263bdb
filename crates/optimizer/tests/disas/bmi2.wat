;; flags: bmi2
;; With BMI2, a rotate by a constant whose operand stays live is one
;; `rorx` into another register (no copy first), and a shift by a
;; variable count takes the count in any register (`shlx`, `shrx`,
;; `sarx`), not only in `cl`. Function 0: SHA-256's Σ0, three rotates of
;; one value. Function 1: an i64 rotate left, as `rorx` by 64 minus the
;; count. Function 2: three shifts of one value by the same count, all
;; live at once.
(module
  (func (export "big_sigma0") (param $a i32) (result i32)
    (i32.xor
      (i32.xor
        (i32.rotr (local.get $a) (i32.const 2))
        (i32.rotr (local.get $a) (i32.const 13)))
      (i32.rotl (local.get $a) (i32.const 10))))
  (func (export "rotl64") (param $a i64) (result i64 i64)
    (i64.rotl (local.get $a) (i64.const 17))
    (local.get $a))
  (func (export "shifts") (param $a i64) (param $n i64) (result i64)
    (i64.add
      (i64.add
        (i64.shl (local.get $a) (local.get $n))
        (i64.shr_u (local.get $a) (local.get $n)))
      (i64.add
        (i64.shr_s (local.get $a) (local.get $n))
        (local.get $n)))))
