;; Compare-and-branch fusion: the i32.lt_s that an if consumes, and the
;; i64.eqz of a br_if, set no flag into a register (no setcc, movzx,
;; test): the cmp (or test) sets the flags that the conditional jump
;; reads directly.
(module
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
    (local.get $k)))
