;; Scalar float arithmetic with AVX: three-operand VEX forms, so an operand
;; used again needs no `movaps` copy (here `dx` is both squared and kept
;; for the result), `vsqrtsd` takes its upper lanes from its source (no
;; wait on the destination's last writer), and a float constant is one
;; load from the constant pool, not `mov r11, imm` + `movq`.
;; flags: avx
(module
  (func (export "step") (param $x f64) (param $y f64) (result f64)
    (local $dx f64) (local $d2 f64)
    (local.set $dx (f64.sub (local.get $x) (local.get $y)))
    (local.set $d2 (f64.mul (local.get $dx) (local.get $dx)))
    (f64.mul
      (local.get $dx)
      (f64.div (f64.const 0.01) (f64.mul (local.get $d2) (f64.sqrt (local.get $d2)))))))
