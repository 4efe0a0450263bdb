;; osr: 0
;; flags: call_through_cells
;; An on-stack-replacement entry (`compile_osr` at loop 0): after the
;; usual prologue it reads the address of the baseline frame's copy from
;; the store (`[[r14] + 30h]`), loads the declared local $s and the two
;; operand-stack values below the loop (slots of depths 0 and 1) from it,
;; and jumps into the loop, whose code is the plain function's. The
;; function's entry code before the loop (zeroing $s, the `i32.mul`) is
;; gone; the parameter $n is read from the caller's area as usual. The
;; function's call of itself goes through its cell: this code's start is
;; the entry into the loop, not the function's (function 1 too).
(module
  (func $f (param $n i32) (result i32) (local $s i32)
    (i32.const 1000)
    (block (param i32) (result i32)
      (i32.mul (local.get $n) (i32.const 3))
      (loop $l
        (local.set $s (i32.add (local.get $s) (local.get $n)))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
      (i32.add))
    (local.get $s)
    (i32.add)
    (if (i32.eqz (local.get $n)) (then (drop (call $f (i32.const 0))))))
  ;; No declared local and nothing on the stack at the loop: the entry
  ;; loads nothing from the frame copy, and its call of itself still goes
  ;; through its cell.
  (func $g (param $n i32)
    (loop $l
      (if (local.get $n) (then (call $g (i32.sub (local.get $n) (i32.const 1))))))))
