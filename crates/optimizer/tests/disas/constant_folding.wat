;; Constant folding and propagation, and branch folding: the local $x is a
;; known 6 after its set, $x * 7 folds to 42, the comparison 42 == 42
;; folds to true, so the if and its else arm disappear: the function
;; returns the constant 42 + 100 = 142 (8Eh) with no compare and no
;; conditional jump. Function 1: a br_if on a constant 0 is dropped and
;; the block around it merges.
(module
  (func (export "folded") (result i32)
    (local $x i32) (local $y i32)
    (local.set $x (i32.const 6))
    (local.set $y (i32.mul (local.get $x) (i32.const 7)))
    (if (result i32) (i32.eq (local.get $y) (i32.const 42))
      (then (i32.add (local.get $y) (i32.const 100)))
      (else (i32.const -1))))
  (func (export "dead_branch") (param $p i32) (result i32)
    (block $b
      (br_if $b (i32.and (local.get $p) (i32.const 0)))
      (local.set $p (i32.add (local.get $p) (i32.const 1))))
    (local.get $p)))
