;; Multi-memory: a loop copying memory 1 to memory 2 reads neither base
;; in its body (Op::MemoryBase is pure, so LICM hoists the loads of
;; VMContext.memories[k]->base before the loop), while memory 0 is
;; still addressed through r15.
(module
  (memory 1)
  (memory 1)
  (memory 1)
  (func (export "copy") (param $n i32) (result i32)
    (local $i i32)
    (block $exit
      (loop $top
        (br_if $exit (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store 2 (local.get $i) (i32.load 1 (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $top)))
    (i32.load 0 (local.get $n))))
