;; A loop whose locals stay in registers: the counter, the bound and the
;; accumulator become SSA values (phis at the loop header) that the
;; register allocator keeps in registers, so the loop body, from the
;; header to the back-edge, has no frame traffic (no [rbp..] or [rsp..]).
;; The baseline keeps them in frame slots (codegen's control.asm).
(module
  (func (export "sum_squares") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $exit
      (loop $top
        (br_if $exit (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc
          (i32.add (local.get $acc) (i32.mul (local.get $i) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $acc)))
