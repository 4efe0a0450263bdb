;; A `local.get` still on the value stack when an `if` with a block-type
;; parameter starts, whose untaken `then` arm (compiled, never run)
;; overwrites the local deep inside unreachable code: the value read must
;; be the one from before the `if`. wasmi 2.0.0 reads 0 here; rustyjit and
;; wasmi 1.1 read the argument. Found by the differential test (seed 19908,
;; reduced with wasm-tools shrink).
(module
  (type $t (func (param i64)))
  (memory 3 11)
  (global $g (mut i64) (i64.const 0))
  (func (export "f") (param i64) (result i64)
    block $b
      i32.const 0
      local.get 0
      ref.null func
      f64.const 1
      i64.const 0
      memory.size
      i32.eqz
      if (type $t) (param i64)
        drop
        loop
          br 0
          local.get 0
          local.set 0
          block
            i64.const 0
            local.set 0
            br 3
          end
        end
      else
        global.get $g
        i64.xor
        global.set $g
      end
      drop
      drop
      global.get $g
      i64.xor
      global.set $g
      drop
    end
    global.get $g))

(assert_return (invoke "f" (i64.const 7002362499290224773)) (i64.const 7002362499290224773))
