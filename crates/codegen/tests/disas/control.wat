;; A counting loop: the comparison fuses with br_if.
(module
  (func (param i32) (result i32) (local i32)
    (block
      (loop
        (br_if 1 (i32.ge_u (local.get 1) (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br 0)))
    (local.get 1)))
