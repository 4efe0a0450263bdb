;; Loads and stores address [r15 + addr + offset] with no bounds check.
(module
  (memory 1)
  (func (param i32 i32)
    (i32.store offset=8 (local.get 0) (i32.add (i32.load (local.get 1)) (i32.const 1)))))
