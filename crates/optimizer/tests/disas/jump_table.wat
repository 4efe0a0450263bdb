;; A bytecode dispatch loop, as an interpreter's `switch`: the index is
;; checked against the table's length with a predicted branch to the
;; default (no clamp with `cmov` in the dependency chain of the table
;; load); every target of the table starts at a 16-byte boundary; and
;; each case ends in a copy of the dispatch (threaded code: an indirect
;; jump of its own, through the one shared table) instead of a jump back
;; to the loop's header.
(module
  (memory 1)
  (func (export "run") (param $pc i32) (result i32)
    (local $acc i32)
    (block $halt
      (loop $next
        (block $dec
          (block $inc
            (br_table $inc $dec $halt
              (i32.load8_u (local.get $pc))))
          ;; inc
          (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
          (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
          (br $next))
        ;; dec
        (local.set $acc (i32.sub (local.get $acc) (i32.const 3)))
        (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
        (br $next)))
    (local.get $acc)))
