;; An `i32.wrap_i64` whose one use is a 32-bit integer operator emits
;; nothing: the operator reads the i64's register, since 32-bit
;; instructions read only the low half. Function 0 is a bit sieve's
;; marking loop over a 64-bit j: `bits[j >> 5] |= 1 << (j & 31)`; the
;; wrapped `j >> 5` goes straight into the address `lea` and the wrapped
;; `j` into the shift, with no `mov r32, r32` of either. Function 1
;; returns a wrapped value: that one is still truncated (a `mov r32,
;; r32`), as is the address of a load (function 2), which needs the upper
;; half clear.
(module
  (memory 1)
  (func $mark (param $bits i32) (param $start i64) (param $step i64) (param $end i64)
    (local $j i64)
    (local.set $j (local.get $start))
    (loop $l
      (i32.store
        (i32.add (local.get $bits)
                 (i32.shl (i32.wrap_i64 (i64.shr_u (local.get $j) (i64.const 5))) (i32.const 2)))
        (i32.or
          (i32.load
            (i32.add (local.get $bits)
                     (i32.shl (i32.wrap_i64 (i64.shr_u (local.get $j) (i64.const 5))) (i32.const 2))))
          (i32.shl (i32.const 1) (i32.wrap_i64 (local.get $j)))))
      (local.set $j (i64.add (local.get $j) (local.get $step)))
      (br_if $l (i64.le_s (local.get $j) (local.get $end)))))
  (func $wrapped (param i64) (result i32)
    (i32.wrap_i64 (local.get 0)))
  (func $address (param i64) (result i32)
    (i32.load (i32.wrap_i64 (local.get 0)))))
