;; A load, an operation on the loaded value and a store of the result to
;; the same address, one after the other, become one read-modify-write
;; instruction: `or [mem], r` instead of `mov t, [mem]; or t, r; mov
;; [mem], t`. Function 0: the bit sieve's store (the pattern of
;; bench/programs/sieve). Function 1: a counter in memory, `add` with an
;; immediate. Function 2: i64 `sub` of a value from the loaded one.
;; Function 3: the stored address differs from the loaded one, function
;; 4: the loaded value is also returned, function 5: a byte store; none
;; of these three is a read-modify-write.
(module
  (memory 1)
  (func (export "set_bit") (param $words i32) (param $bit i32)
    (local $addr i32)
    (local.set $addr
      (i32.add (local.get $words) (i32.shl (i32.shr_u (local.get $bit) (i32.const 5)) (i32.const 2))))
    (i32.store (local.get $addr)
      (i32.or (i32.shl (i32.const 1) (local.get $bit)) (i32.load (local.get $addr)))))
  (func (export "count") (param $p i32)
    (i32.store offset=16 (local.get $p)
      (i32.add (i32.load offset=16 (local.get $p)) (i32.const 1))))
  (func (export "debit") (param $p i32) (param $x i64)
    (i64.store offset=8 (local.get $p)
      (i64.sub (i64.load offset=8 (local.get $p)) (local.get $x))))
  (func (export "moved") (param $p i32) (param $x i32)
    (i32.store offset=4 (local.get $p)
      (i32.xor (i32.load (local.get $p)) (local.get $x))))
  (func (export "kept") (param $p i32) (param $x i32) (result i32)
    (local $v i32)
    (local.set $v (i32.load (local.get $p)))
    (i32.store (local.get $p) (i32.and (local.get $v) (local.get $x)))
    (local.get $v))
  (func (export "byte") (param $p i32) (param $x i32)
    (i32.store8 (local.get $p)
      (i32.add (i32.load8_u (local.get $p)) (local.get $x)))))
