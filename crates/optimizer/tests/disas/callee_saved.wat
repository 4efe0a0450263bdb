;; Values live across calls stay in the callee-saved registers (rbx, r12,
;; r13): the loop counter, the bound and the sum survive the imported call
;; in a loop with no spill or reload; the prologue saves exactly the three
;; registers and the return restores them. After the call only r14 and r15
;; are reloaded (the import may be of another instance).
(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (func (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc
          (i32.add (local.get $acc) (call $f (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $acc)))
