;; flags: hotness_counters
;; On-stack replacement reads a baseline frame at a loop header: with
;; hotness counters every operand-stack value below the loop is in its
;; slot there, constants included. The constants 7 (depth 0, under the
;; block) and 9 (depth 1, under the loop) stay constants for the code
;; (after the loop, 7 + 9 folds to the immediate 0x10) but are stored
;; to their slots ([rbp-0x18], [rbp-0x20]) once, before the header.
(module
  (func $f (param $n i32) (result i32) (local $acc i32)
    (i32.const 7)
    (block (param i32) (result i32)
      (i32.const 9)
      (loop $l
        (local.set $acc (i32.add (local.get $acc) (local.get $n)))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
      (i32.add)
      (local.get $acc)
      (i32.add))))
