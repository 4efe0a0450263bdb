;; Immutable globals with a constant initializer have that value in every
;; instance, so the compiler reads them as constants: function 0 computes
;; $base + 4 * $scale = 1000 + 4 * 3 = 1012 (3F4h) with no load of the
;; globals array ([r14+18h]). Function 1 reads a mutable global and one
;; initialized from an import: both stay loads.
(module
  (import "env" "offset" (global $imported i32))
  (global $base i32 (i32.const 1000))
  (global $scale i32 (i32.const 3))
  (global $counter (mut i32) (i32.const 0))
  (global $copied i32 (global.get $imported))
  (func (export "folded") (result i32)
    (i32.add (global.get $base) (i32.mul (i32.const 4) (global.get $scale))))
  (func (export "loaded") (result i32)
    (i32.add (global.get $counter) (global.get $copied))))
