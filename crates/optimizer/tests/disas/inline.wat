;; Inlining of a small direct callee: $square's body (one imul) appears in
;; the caller, which makes no call; $square itself is still compiled, for
;; other callers and exports.
(module
  (func $square (param $x i32) (result i32)
    (i32.mul (local.get $x) (local.get $x)))
  (func (export "sum_of_squares") (param $a i32) (param $b i32) (result i32)
    (i32.add (call $square (local.get $a)) (call $square (local.get $b)))))
