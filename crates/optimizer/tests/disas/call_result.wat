;; A call's first result arrives in a register (`rax` for integers,
;; `xmm0` for floats) as well as in its slot: the caller takes it there
;; instead of loading the slot right after the call; later results still
;; come from their slots. Function 2 sums an integer callee's results in
;; a loop, function 3 a float callee's, function 5 takes both results of
;; a two-result callee. The callees (0, 1, 4) leave their first result in
;; the register on return, and only there; they call themselves, so that the inliner
;; leaves them alone.
(module
  (func $square (param i32) (result i32)
    (if (result i32) (i32.gt_u (local.get 0) (i32.const 1000))
      (then (call $square (i32.shr_u (local.get 0) (i32.const 1))))
      (else (i32.mul (local.get 0) (local.get 0)))))
  (func $half (param f64) (result f64)
    (if (result f64) (f64.gt (local.get 0) (f64.const 1000))
      (then (call $half (f64.sqrt (local.get 0))))
      (else (f64.mul (local.get 0) (f64.const 0.5)))))
  (func $sum_squares (param $n i32) (result i32)
    (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (call $square (local.get $n))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
  (func $sum_halves (param $n i32) (result f64)
    (local $s f64)
    (loop $l
      (local.set $s (f64.add (local.get $s) (call $half (f64.convert_i32_s (local.get $n)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
  (func $divmod (param i32 i32) (result i32 i32)
    (if (i32.eqz (local.get 1))
      (then (return (call $divmod (local.get 0) (i32.const 1)))))
    (i32.div_u (local.get 0) (local.get 1))
    (i32.rem_u (local.get 0) (local.get 1)))
  (func $both (param i32) (result i32)
    (call $divmod (local.get 0) (i32.shr_u (local.get 0) (i32.const 3)))
    (i32.sub)))
