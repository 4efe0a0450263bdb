;; v128 values in XMM registers, 16-byte value-stack slots, constants from a
;; pool after the code, and two multi-instruction sequences.
(module
  (memory 1)
  (func (param v128 i32) (result v128)
    (local v128)
    (local.set 2 (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4)))
    (v128.store offset=16 (local.get 1) (local.get 2))
    (i64x2.mul (v128.load (local.get 1)) (i8x16.shl (local.get 2) (local.get 1)))))
