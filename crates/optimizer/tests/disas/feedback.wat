;; flags: call_through_cells
;; feedback: 2 0 0
;; Profile feedback at a call_indirect (`ModuleInfo::call_feedback`; the
;; `;; feedback: FUNC SITE TARGET` line above stands for what the
;; baseline recorded): function 2's site 0 always called function 0.
;; There the callee loaded from the table (bounds check kept: "undefined
;; element") is compared with this instance's funcs[0] ([r14+28h] + 0);
;; equal, $square runs inlined (the imul), with no null or type check;
;; else the generic call_indirect with all its checks. Function 3 has the
;; same body and no feedback: today's code, no guard, no inlining.
(module
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $square $twice)
  ;; Function 0: small enough to inline.
  (func $square (type $t) (i32.mul (local.get 0) (local.get 0)))
  ;; Function 1: another target of the same type.
  (func $twice (type $t) (i32.add (local.get 0) (local.get 0)))
  ;; Function 2: monomorphic per the feedback.
  (func $hot (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 0) (local.get 1)))
  ;; Function 3: the same, without feedback.
  (func $cold (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 0) (local.get 1))))
