;; Constants fold into immediates, locals are memory operands, and the
;; left operand's register carries the result.
(module
  (func (param i32 i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 10)) (local.get 1)))
  (func (param i64) (result i64)
    (i64.shl (i64.sub (local.get 0) (i64.const 1)) (i64.const 3))))
