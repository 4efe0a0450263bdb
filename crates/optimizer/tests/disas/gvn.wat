;; Global value numbering: the same expression, ($a * $b), written three
;; times (twice in the entry block and once in a block it dominates), is
;; computed by one imul and its value reused.
(module
  (func (export "gvn") (param $a i32) (param $b i32) (param $c i32) (result i32)
    (local $t i32)
    (local.set $t
      (i32.xor
        (i32.mul (local.get $a) (local.get $b))
        (i32.add (i32.mul (local.get $a) (local.get $b)) (i32.const 5))))
    (if (local.get $c)
      (then
        (local.set $t
          (i32.sub (local.get $t) (i32.mul (local.get $a) (local.get $b))))))
    (local.get $t)))
