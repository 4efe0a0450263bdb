;; flags: call_through_cells
;; global: 0 1000
;; global: 2 -7
;; Profile feedback of global values (`ModuleInfo::global_feedback`; the
;; `;; global: GLOBAL VALUE` lines stand for what every instance so far
;; gave): the imported $n is 1000 and $m, defined from the imported $k,
;; is -7. Each function that reads them as constants first compares the
;; calling instance's cells with the values (`cmp dword [rcx], 3E8h;
;; jne`) and jumps to the fallback (here 12345678h) when one differs.
;; Function 0 divides by $n with a multiply and compares its loop
;; counter with 1000; function 1 inlines it and checks both globals;
;; function 2 reads $k, for which nothing is given: no check, a `div`.
(module
  (import "env" "n" (global $n i32))
  (import "env" "k" (global $k i32))
  (global $m i32 (global.get $k))
  (func $scaled (param $x i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc
        (i32.add (local.get $acc) (i32.div_u (local.get $x) (global.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (global.get $n))))
    (local.get $acc))
  (func $derived (param $x i32) (result i32)
    (i32.add (call $scaled (local.get $x)) (global.get $m)))
  (func $plain (param $x i32) (result i32)
    (i32.div_u (local.get $x) (global.get $k))))
