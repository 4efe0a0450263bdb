;; Memory 0 is addressed through r15 as ever; memory 1's base is loaded
;; from its VMMemory (VMContext.memories[1]) into a register at the access.
(module
  (memory 1)
  (memory 1)
  (func (param i32 i32)
    (i32.store 1 offset=8 (local.get 0) (i32.load 0 (local.get 1)))
    (v128.store 1 (i32.const 16) (v128.load 1 (local.get 0)))))
