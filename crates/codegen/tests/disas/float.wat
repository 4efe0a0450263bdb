;; Floats: constants are rip-relative pool operands, a comparison followed
;; by br_if branches on the ucomisd flags (operands swapped for lt/le, so an
;; unordered result falls through), and a local.get right after a
;; local.tee of the same local copies the register instead of reloading.
(module
  (func (param f64 f64) (result i32)
    (local $i i32) (local $z f64) (local $t f64)
    (loop $next
      (local.set $t
        (f64.mul (local.tee $z (f64.add (local.get $z) (local.get 0)))
                 (local.get $z)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (f64.le (local.get $t) (f64.const 4))))
    (local.get $i))
  (func (param f32 f32) (result f32)
    (if (result f32) (f32.gt (local.get 0) (local.get 1))
      (then (f32.add (local.get 0) (f32.const 1.5)))
      (else (local.get 1)))))
