;; Compare-and-branch fusion: the i32.lt_s that an if consumes, and the
;; i64.eqz of a br_if, set no flag into a register (no setcc, movzx,
;; test): the cmp (or test) sets the flags that the conditional jump
;; reads directly. In match_length (an LZ77 match extension, as in
;; bench/programs/lz.c), the second byte load is the compare's memory
;; operand: cmp r8b, [mem], one load into a register per iteration.
(module
  (memory 1)
  (func (export "max") (param $a i32) (param $b i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $a) (local.get $b))
      (then (local.get $b))
      (else (local.get $a))))
  (func (export "count_down") (param $n i64) (result i64)
    (local $k i64)
    (block $exit
      (loop $top
        (br_if $exit (i64.eqz (local.get $n)))
        (local.set $k (i64.add (local.get $k) (i64.const 3)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $top)))
    (local.get $k))
  (func (export "match_length") (param $a i32) (param $b i32) (param $max i32) (result i32)
    (local $l i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $l) (local.get $max)))
        (br_if $done (i32.ne
          (i32.load8_u (i32.add (local.get $a) (local.get $l)))
          (i32.load8_u (i32.add (local.get $b) (local.get $l)))))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br $next)))
    (local.get $l)))
