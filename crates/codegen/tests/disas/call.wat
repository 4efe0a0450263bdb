;; A direct call through the VMContext function array.
(module
  (func $f (param i32) (result i32) (local.get 0))
  (func (param i32) (result i32)
    (i32.add (call $f (local.get 0)) (i32.const 1))))
