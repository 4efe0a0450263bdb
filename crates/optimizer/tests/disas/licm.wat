;; Loop-invariant code motion: $a * $b does not change in the loop, so the
;; multiplication is computed once, before the loop header, and the body
;; only adds (no imul between the header and the back-edge).
(module
  (func (export "scaled_count") (param $a i32) (param $b i32) (param $n i32)
    (result i32)
    (local $i i32) (local $acc i32)
    (block $exit
      (loop $top
        (br_if $exit (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc
          (i32.add (local.get $acc) (i32.mul (local.get $a) (local.get $b))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $acc)))
