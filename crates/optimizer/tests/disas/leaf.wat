;; A function that calls no Wasm function and has a small frame skips the
;; stack-limit check in its prologue (`abi::LEAF_FRAME_MAX`): function 0
;; (a getter, as a virtual method often is) and function 2 (it calls a
;; builtin, `memory.grow`, which is host code) have none; function 1
;; calls itself (and function 0, inlined) and keeps it, as does function
;; 3, whose only call is inside a `try_table`. The getter also has no
;; frame below `rbp` at all: no spill, nothing saved, not even its
;; VMContext, which only calls and landing pads need there.
(module
  (memory 1)
  (func $get (param i32) (result i32)
    (i32.load offset=8 (local.get 0)))
  (func $caller (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (call $caller (i32.sub (local.get 0) (i32.const 1))))
      (else (call $get (local.get 0)))))
  (func $grow (param i32) (result i32)
    (memory.grow (local.get 0)))
  (tag $e)
  (func $guarded (param i32) (result i32)
    (block $h
      (try_table (catch $e $h)
        (return (call $guarded (local.get 0)))))
    (i32.const 0)))
