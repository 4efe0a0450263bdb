;; Wide arithmetic: `i64.mul_wide_u` is one `mul` (rdx:rax = rax * b)
;; and `i64.mul_wide_s` one `imul`; `i64.add128` is an `add` of the low
;; halves followed by an `adc` of the high ones, `i64.sub128` a `sub`
;; followed by an `sbb`.
(module
  (func (export "mul_wide_u") (param i64 i64) (result i64 i64)
    (i64.mul_wide_u (local.get 0) (local.get 1)))
  (func (export "add128") (param i64 i64 i64 i64) (result i64 i64)
    (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "sub128") (param i64 i64 i64 i64) (result i64 i64)
    (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "mul_wide_s") (param i64 i64) (result i64 i64)
    (i64.mul_wide_s (local.get 0) (local.get 1))))
