;; Address-mode folding: the memory base, the index and the memarg offset
;; become one operand, [base+index+disp], instead of adds before the
;; access. Function 0: offset=16 in the displacement. Function 1: a loop
;; over an array of i32: the memory base is loaded once, before the loop.
;; Function 2: an i64 field of record $i in an array of 16-byte records,
;; at $base + $i*16 + 8 (the 32-bit address wraps, so the scaled index is
;; computed first; $base and the offset fold into the operand).
(module
  (memory 1)
  (func (export "field") (param $p i32) (result i32)
    (i32.load offset=16 (local.get $p)))
  (func (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $exit
      (loop $top
        (br_if $exit (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc
          (i32.add (local.get $acc)
            (i32.load offset=4 (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $acc))
  (func (export "record") (param $base i32) (param $i i32) (result i64)
    (i64.load offset=8
      (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 4))))))
