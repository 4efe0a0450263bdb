;; `call_indirect` through a table whose minimum and maximum are equal
;; (clang's tables) compares the index with a constant and takes the
;; table's elements and the signature's id as values, which the loop of
;; function 2 loads once, before it; a table that may grow keeps the
;; generic checks, loading the table and the id from the VM context at
;; each call (function 3).
(module
  (type $t (func (param i32) (result i32)))
  (table $fixed 4 4 funcref)
  (table $grow 4 funcref)
  (elem (table $fixed) (i32.const 0) func $inc $triple)
  (elem (table $grow) (i32.const 0) func $inc $triple)
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $triple (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func $sum_fixed (param $n i32) (result i32)
    (local $s i32)
    (loop $l
      (local.set $s
        (i32.add (local.get $s)
          (call_indirect $fixed (type $t)
            (local.get $n) (i32.and (local.get $n) (i32.const 1)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
  (func $sum_grow (param $n i32) (result i32)
    (local $s i32)
    (loop $l
      (local.set $s
        (i32.add (local.get $s)
          (call_indirect $grow (type $t)
            (local.get $n) (i32.and (local.get $n) (i32.const 1)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s)))
