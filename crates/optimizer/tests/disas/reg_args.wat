;; The parameters in slots 0-3 (but a `v128`) arrive in registers as
;; well as in their slots (docs/ABI.md, "Arguments in registers"): `rsi`,
;; `rdi`, `r8`, `r9` for integers and references, `xmm1`-`xmm4` for
;; floats, by slot. Function 0 takes five parameters and reads only the
;; fifth from its slot; function 1 calls an import of the same type,
;; storing every argument and passing the first four in their registers; function 2 has a `v128`
;; in slots 0-1, which only its slots carry, and its `f32` in slot 2 in
;; `xmm3`. Each callee calls itself, so that the inliner leaves it alone.
(module
  (import "env" "mix" (func $imported (param i32 f64 i64 f32 i32) (result f64)))
  (func $mix (param i32 f64 i64 f32 i32) (result f64)
    (if (result f64) (i32.eqz (local.get 4))
      (then (call $mix (local.get 0) (local.get 1) (local.get 2) (local.get 3) (i32.const 1)))
      (else
        (f64.add
          (f64.add (f64.convert_i32_u (local.get 0)) (local.get 1))
          (f64.add (f64.convert_i64_s (local.get 2)) (f64.promote_f32 (local.get 3)))))))
  (func $caller (param i32) (result f64)
    (call $imported (local.get 0) (f64.const 2) (i64.const 3) (f32.const 4) (i32.const 5)))
  (func $vec (param v128 f32) (result f32)
    (if (result f32) (f32.gt (local.get 1) (f32.const 100))
      (then (call $vec (local.get 0) (f32.const 1)))
      (else (f32.add (local.get 1) (f32x4.extract_lane 0 (local.get 0)))))))
