;; Tail calls: the arguments are staged below the frame as for a call
;; (`sub rsp`), then moved, highest slot first, to end where the incoming
;; area ends (`rbp + 16 + 8 * 2` here, both areas two slots; the
;; three-parameter callee's area of four slots starts 16 bytes lower); the
;; return address and the caller's rbp go just below, and the jump goes
;; through the callee's `VMFuncRef`. A call resets `rsp` from `rbp` after
;; reading its results where the callee's `ret` left `rsp`; it reloads r14
;; and r15 only if the callee may tail-call into another instance: not
;; after the call of `$grow` (its tail call stays in the instance), but
;; after the call of `$via`, which `return_call`s `$indirect`.
(module
  (memory 1)
  (type $t (func (param i32) (result i32)))
  (table 1 funcref)
  (func $three (param i32 i64 f64) (result i32) (local.get 0))
  (func $grow (param i32) (result i32)
    (return_call $three (local.get 0) (i64.const 2) (f64.const 3)))
  (func $indirect (param i32) (result i32)
    (return_call_indirect (type $t) (local.get 0) (i32.const 0)))
  (func (param i32) (result i32)
    (i32.add (call $grow (local.get 0)) (i32.load (i32.const 0))))
  (func $via (param i32) (result i32)
    (return_call $indirect (local.get 0)))
  (func (param i32) (result i32)
    (i32.add (call $via (local.get 0)) (i32.load (i32.const 0)))))
