;; flags: call_through_cells hotness_counters
;; Code of the tiered strategy: a direct call goes through the callee's
;; function cell (r11 = the cell's address at the call, no relocation),
;; but a call of the function itself goes straight to the code's start;
;; `hotness_counters` is for the baseline, this tier ignores it (no
;; checks at the entry or the loop headers).
(module
  (import "env" "imp" (func $imp (param i32) (result i32)))
  (memory 1)
  ;; Function 1, defined 0: its call of function 2 goes through cell 1
  ;; ([cells + 8]); the imported call is unchanged.
  (func $caller (param i32) (result i32)
    (call $imp (call $sum (local.get 0))))
  ;; Function 2, defined 1: two nested loops.
  (func $sum (param $n i32) (result i32) (local $acc i32) (local $i i32)
    (loop $outer
      (local.set $i (i32.const 4))
      (loop $inner
        (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $i))))
        (br_if $inner (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
      ;; More than the optimizing tier inlines (60 bytes of body).
      (i32.store offset=64 (local.get $n) (local.get $acc))
      (local.set $acc (i32.xor (local.get $acc) (i32.load offset=128 (local.get $n))))
      (br_if $outer (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  ;; Function 3, defined 2: calls itself (`call 0`) and function 2 (cell 1).
  (func $depth (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (call $sum (i32.const 7)))
      (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get $n) (i32.const 1))))))))
