;; An `and` with an `xor` of all ones read only there becomes one BMI1
;; `andn` (`!a & b`, three operands): the choice step of SHA-256,
;; `(e & f) ^ (!e & g)`. Function 0: i32, the constant first. Function 1:
;; i64. Function 2: the negation is also returned, so it stays an `xor`.
(module
  (func (export "choose") (param $e i32) (param $f i32) (param $g i32) (result i32)
    (i32.xor
      (i32.and (local.get $e) (local.get $f))
      (i32.and (i32.xor (i32.const -1) (local.get $e)) (local.get $g))))
  (func (export "clear64") (param $a i64) (param $b i64) (result i64)
    (i64.and (local.get $b) (i64.xor (local.get $a) (i64.const -1))))
  (func (export "kept") (param $a i32) (param $b i32) (result i32 i32)
    (local $n i32)
    (local.set $n (i32.xor (local.get $a) (i32.const -1)))
    (i32.and (local.get $n) (local.get $b))
    (local.get $n)))
