;; flags: call_through_cells hotness_counters
;; Call feedback in the baseline code of the tiered strategy: after its
;; checks, each call_indirect/call_ref site compares the callee's code
;; with its word ([[r14+58h] + 8*defined] + 8*site) and records the first
;; code seen, or 1 once a second one comes; sites are numbered in body
;; order, unreachable ones included.
(module
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (func $f (type $t) (local.get 0))
  (elem declare func $f)
  ;; Function 1, defined 1: site 0 unreachable, site 1 a call_indirect,
  ;; site 2 a call_ref.
  (func $sites (param i32 i32) (result i32)
    (block (br 0) (drop (call_indirect (type $t) (i32.const 0) (i32.const 1))))
    (call_indirect (type $t) (local.get 0) (local.get 1))
    (call_ref $t (ref.func $f))))
