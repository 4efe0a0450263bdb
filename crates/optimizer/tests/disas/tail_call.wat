;; Tail calls in tier 2: the arguments are staged in the outgoing area
;; (`StoreArg`), the callee-saved registers the function used are
;; restored, the arguments move up to end where the incoming area ends
;; (highest slot first), the return address and the caller's rbp go just
;; below them and the jump goes through the callee's `VMFuncRef`. After
;; a call, the results after the first (which comes in `rax`) are read
;; where the callee's `ret` left `rsp`, then `rsp` is reset from `rbp`; r14/r15 are reloaded only after a direct
;; call to a function that may tail-call into another instance: not after
;; the call of `$grow` (its tail call stays in the instance), but after
;; the call of `$via`, which `return_call`s `$indirect`.
(module
  (memory 1)
  (type $t (func (param i32) (result i32)))
  (table 1 funcref)
  (func $three (param i32 i64 f64) (result i32 i32) (local.get 0) (local.get 0))
  (func $grow (param i32) (result i32 i32)
    (return_call $three (local.get 0) (i64.const 2) (f64.const 3)))
  (func $indirect (param i32) (result i32)
    (return_call_indirect (type $t) (local.get 0) (i32.const 0)))
  (func (param i32) (result i32)
    (i32.add (i32.add (call $grow (local.get 0))) (i32.load (i32.const 0))))
  (func $via (param i32) (result i32)
    (return_call $indirect (local.get 0)))
  (func (param i32) (result i32)
    (i32.add (call $via (local.get 0)) (i32.load (i32.const 0)))))
