;; Strength reduction of division and multiplication by constants: an
;; unsigned division by 10 becomes a multiply-high by a magic number and a
;; shift (for 32 bits one 64-bit imul and one shr, in any registers: no
;; rax/rdx as mul would want), a signed division by 7 the same with a sign
;; correction, a
;; remainder by a power of two an and, a signed division by a power of two
;; shifts (with the rounding toward zero), a multiplication by 8 the scale
;; of an lea. No div or idiv remains, hence no division-by-zero check
;; either. (The multiplication by 9 is still an imul: an lea [x+x*8]
;; would do, and x*8 + x*9 could have been x*17; neither is done yet.)
(module
  (func (export "div10") (param i32) (result i32)
    (i32.div_u (local.get 0) (i32.const 10)))
  (func (export "div7") (param i32) (result i32)
    (i32.div_s (local.get 0) (i32.const 7)))
  (func (export "rem16") (param i32) (result i32)
    (i32.rem_u (local.get 0) (i32.const 16)))
  (func (export "sdiv4") (param i64) (result i64)
    (i64.div_s (local.get 0) (i64.const 4)))
  (func (export "udiv1000") (param i64) (result i64)
    (i64.div_u (local.get 0) (i64.const 1000)))
  (func (export "mul8_9") (param i32) (result i32)
    (i32.add
      (i32.mul (local.get 0) (i32.const 8))
      (i32.mul (local.get 0) (i32.const 9)))))
