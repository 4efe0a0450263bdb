;; A load read by `or`/`sub` right after it becomes the instruction's
;; memory operand: `or r, [mem]` instead of `mov t, [mem]; or r, t`.
;; Function 0: a bit test (`or` of a loaded word, returned; stored back
;; it would be a read-modify-write, see rmw.wat). Function 1: i64 `sub`
;; with the load second. Function 2: a load used twice stays a load.
(module
  (memory 1)
  (func (export "with_bit") (param $words i32) (param $bit i32) (result i32)
    (local $addr i32)
    (local.set $addr
      (i32.add (local.get $words) (i32.shl (i32.shr_u (local.get $bit) (i32.const 5)) (i32.const 2))))
    (i32.or (i32.shl (i32.const 1) (local.get $bit)) (i32.load (local.get $addr))))
  (func (export "sub") (param $x i64) (param $p i32) (result i64)
    (i64.sub (local.get $x) (i64.load offset=8 (local.get $p))))
  (func (export "twice") (param $p i32) (result i32)
    (local $v i32)
    (local.set $v (i32.load (local.get $p)))
    (i32.xor (local.get $v) (i32.mul (local.get $v) (local.get $v)))))
