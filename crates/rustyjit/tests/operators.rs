//! End-to-end tests of compiled code through the public API (moved from
//! `codegen`'s tests, which ran them on a hand-made runtime): numeric
//! operators with edge values, locals, control flow, calls, memory,
//! globals, tables and traps. The small harness below calls exports with
//! raw bit patterns, as the JIT code sees them, so that every assertion
//! reads as it did.

use environ::TrapCode;
use rustyjit::{Engine, Instance, Store, Trap, Val, ValType};

/// A value's bits: an argument or result in its natural width,
/// zero-extended to 64 bits.
type Bits = u64;

/// A compiled and instantiated module.
struct Module {
    store: Store<()>,
    instance: Instance,
}

impl Module {
    /// Compiles and instantiates a module given as text (no imports).
    fn new(wat: &str) -> Module {
        let engine = Engine::default();
        let module = rustyjit::Module::new(&engine, wat).unwrap_or_else(|e| panic!("{e:#}"));
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        Module { store, instance }
    }

    /// Calls an export with raw argument bits; `Err(code)` if it trapped.
    fn call(&mut self, name: &str, args: &[Bits]) -> Result<Vec<Bits>, u32> {
        let func = self
            .instance
            .get_func(&mut self.store, name)
            .unwrap_or_else(|| panic!("no export {name}"));
        let ty = func.ty(&self.store);
        let params: Vec<Val> = ty
            .params()
            .iter()
            .zip(args)
            .map(|(t, &b)| match t {
                ValType::I32 => Val::I32(b as u32 as i32),
                ValType::I64 => Val::I64(b as i64),
                ValType::F32 => Val::F32(b as u32),
                ValType::F64 => Val::F64(b),
                other => panic!("harness: parameter of type {other}"),
            })
            .collect();
        assert_eq!(params.len(), args.len(), "harness: argument count");
        let mut results = vec![Val::I32(0); ty.results().len()];
        if let Err(e) = func.call(&mut self.store, &params, &mut results) {
            let trap = e
                .downcast_ref::<Trap>()
                .unwrap_or_else(|| panic!("not a trap: {e:#}"));
            return Err(trap_code(*trap) as u32);
        }
        Ok(results
            .iter()
            .map(|v| match *v {
                Val::I32(x) => Bits::from(x as u32),
                Val::I64(x) => x as u64,
                Val::F32(x) => Bits::from(x),
                Val::F64(x) => x,
                ref other => panic!("harness: result {other:?}"),
            })
            .collect())
    }

    /// Calls an export returning one i32.
    fn i32(&mut self, name: &str, args: &[Bits]) -> i32 {
        self.call(name, args).expect("no trap")[0] as u32 as i32
    }

    /// Calls an export returning one i64.
    fn i64(&mut self, name: &str, args: &[Bits]) -> i64 {
        self.call(name, args).expect("no trap")[0] as i64
    }

    /// Calls an export returning one f32.
    fn f32(&mut self, name: &str, args: &[Bits]) -> f32 {
        f32::from_bits(self.call(name, args).expect("no trap")[0] as u32)
    }

    /// Calls an export returning one f64.
    fn f64(&mut self, name: &str, args: &[Bits]) -> f64 {
        f64::from_bits(self.call(name, args).expect("no trap")[0])
    }

    /// The bytes of the memory exported as `mem`.
    fn memory(&mut self) -> Vec<u8> {
        let mem = self
            .instance
            .get_memory(&mut self.store, "mem")
            .expect("a memory exported as `mem`");
        mem.data(&self.store).to_vec()
    }

    /// The bits of exported global `name`.
    fn global(&mut self, name: &str) -> Bits {
        let g = self
            .instance
            .get_global(&mut self.store, name)
            .unwrap_or_else(|| panic!("no global {name}"));
        match g.get(&self.store) {
            Val::I32(x) => Bits::from(x as u32),
            Val::I64(x) => x as u64,
            Val::F32(x) => Bits::from(x),
            Val::F64(x) => x,
            other => panic!("harness: global {other:?}"),
        }
    }
}

/// The ABI trap code of a runtime trap: the tests compare codes, as the
/// JIT code raises them.
fn trap_code(trap: Trap) -> TrapCode {
    match trap {
        Trap::UnreachableCodeReached => TrapCode::Unreachable,
        Trap::IntegerDivisionByZero => TrapCode::IntegerDivideByZero,
        Trap::IntegerOverflow => TrapCode::IntegerOverflow,
        Trap::BadConversionToInteger => TrapCode::BadConversionToInteger,
        Trap::MemoryOutOfBounds => TrapCode::MemoryOutOfBounds,
        Trap::TableOutOfBounds => TrapCode::TableOutOfBounds,
        Trap::UndefinedElement => TrapCode::UndefinedElement,
        Trap::UninitializedElement => TrapCode::UninitializedElement,
        Trap::IndirectCallTypeMismatch => TrapCode::IndirectCallTypeMismatch,
        Trap::StackOverflow => TrapCode::StackOverflow,
        Trap::OutOfFuel => TrapCode::OutOfFuel,
        Trap::Interrupt => TrapCode::Interrupted,
        Trap::NullReference => TrapCode::NullReference,
        Trap::NullFunctionReference => TrapCode::NullFunctionReference,
        Trap::HeapMisaligned => TrapCode::UnalignedAtomic,
        Trap::AtomicWaitNonSharedMemory => TrapCode::WaitOnUnsharedMemory,
        Trap::NullExceptionReference => TrapCode::NullExceptionReference,
    }
}

/// i32 argument bits.
fn i(v: i32) -> Bits {
    v as u32 as u64
}
/// i64 argument bits.
fn l(v: i64) -> Bits {
    v as u64
}
/// f32 argument bits.
fn f(v: f32) -> Bits {
    v.to_bits() as u64
}
/// f64 argument bits.
fn d(v: f64) -> Bits {
    v.to_bits()
}

#[test]
fn i32_arith() {
    let mut m = Module::new(
        r#"(module
        (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
        (func (export "sub") (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
        (func (export "mul") (param i32 i32) (result i32) (i32.mul (local.get 0) (local.get 1)))
        (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
        (func (export "div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
        (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
        (func (export "rem_u") (param i32 i32) (result i32) (i32.rem_u (local.get 0) (local.get 1)))
        (func (export "and") (param i32 i32) (result i32) (i32.and (local.get 0) (local.get 1)))
        (func (export "or") (param i32 i32) (result i32) (i32.or (local.get 0) (local.get 1)))
        (func (export "xor") (param i32 i32) (result i32) (i32.xor (local.get 0) (local.get 1)))
        (func (export "shl") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
        (func (export "shr_s") (param i32 i32) (result i32) (i32.shr_s (local.get 0) (local.get 1)))
        (func (export "shr_u") (param i32 i32) (result i32) (i32.shr_u (local.get 0) (local.get 1)))
        (func (export "rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
        (func (export "rotr") (param i32 i32) (result i32) (i32.rotr (local.get 0) (local.get 1)))
        (func (export "shl5") (param i32) (result i32) (i32.shl (local.get 0) (i32.const 37)))
        (func (export "clz") (param i32) (result i32) (i32.clz (local.get 0)))
        (func (export "ctz") (param i32) (result i32) (i32.ctz (local.get 0)))
        (func (export "popcnt") (param i32) (result i32) (i32.popcnt (local.get 0)))
        (func (export "eqz") (param i32) (result i32) (i32.eqz (local.get 0)))
        (func (export "lt_s") (param i32 i32) (result i32) (i32.lt_s (local.get 0) (local.get 1)))
        (func (export "lt_u") (param i32 i32) (result i32) (i32.lt_u (local.get 0) (local.get 1)))
        (func (export "ge_s_c") (param i32) (result i32) (i32.ge_s (i32.const 5) (local.get 0)))
        (func (export "consts") (result i32) (i32.add (i32.mul (i32.const 6) (i32.const 7)) (i32.const -2)))
        (func (export "ext8") (param i32) (result i32) (i32.extend8_s (local.get 0)))
        (func (export "ext16") (param i32) (result i32) (i32.extend16_s (local.get 0)))
    )"#,
    );
    assert_eq!(m.i32("add", &[i(1), i(2)]), 3);
    assert_eq!(m.i32("add", &[i(i32::MAX), i(1)]), i32::MIN);
    assert_eq!(m.i32("sub", &[i(1), i(2)]), -1);
    assert_eq!(m.i32("mul", &[i(0x1000_0001), i(16)]), 16);
    assert_eq!(m.i32("div_s", &[i(-7), i(2)]), -3);
    assert_eq!(m.i32("div_u", &[i(-7), i(2)]), 0x7fff_fffc);
    assert_eq!(m.i32("rem_s", &[i(-7), i(2)]), -1);
    assert_eq!(m.i32("rem_s", &[i(i32::MIN), i(-1)]), 0);
    assert_eq!(m.i32("rem_u", &[i(-7), i(2)]), 1);
    assert_eq!(
        m.call("div_s", &[i(1), i(0)]),
        Err(TrapCode::IntegerDivideByZero as u32)
    );
    assert_eq!(
        m.call("div_s", &[i(i32::MIN), i(-1)]),
        Err(TrapCode::IntegerOverflow as u32)
    );
    assert_eq!(
        m.call("rem_u", &[i(1), i(0)]),
        Err(TrapCode::IntegerDivideByZero as u32)
    );
    assert_eq!(m.i32("and", &[i(0b1100), i(0b1010)]), 0b1000);
    assert_eq!(m.i32("or", &[i(0b1100), i(0b1010)]), 0b1110);
    assert_eq!(m.i32("xor", &[i(0b1100), i(0b1010)]), 0b0110);
    assert_eq!(m.i32("shl", &[i(1), i(33)]), 2);
    assert_eq!(m.i32("shr_s", &[i(-8), i(1)]), -4);
    assert_eq!(m.i32("shr_u", &[i(-8), i(1)]), 0x7fff_fffc);
    assert_eq!(m.i32("rotl", &[i(0x8000_0001u32 as i32), i(1)]), 3);
    assert_eq!(m.i32("rotr", &[i(3), i(1)]), 0x8000_0001u32 as i32);
    assert_eq!(m.i32("shl5", &[i(1)]), 32);
    assert_eq!(m.i32("clz", &[i(1)]), 31);
    assert_eq!(m.i32("clz", &[i(0)]), 32);
    assert_eq!(m.i32("ctz", &[i(0)]), 32);
    assert_eq!(m.i32("ctz", &[i(8)]), 3);
    assert_eq!(m.i32("popcnt", &[i(-1)]), 32);
    assert_eq!(m.i32("eqz", &[i(0)]), 1);
    assert_eq!(m.i32("eqz", &[i(5)]), 0);
    assert_eq!(m.i32("lt_s", &[i(-1), i(1)]), 1);
    assert_eq!(m.i32("lt_u", &[i(-1), i(1)]), 0);
    assert_eq!(m.i32("ge_s_c", &[i(5)]), 1);
    assert_eq!(m.i32("ge_s_c", &[i(6)]), 0);
    assert_eq!(m.i32("consts", &[]), 40);
    assert_eq!(m.i32("ext8", &[i(0x80)]), -128);
    assert_eq!(m.i32("ext16", &[i(0x7fff)]), 0x7fff);
}

#[test]
fn i64_arith() {
    let mut m = Module::new(
        r#"(module
        (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
        (func (export "addc") (param i64) (result i64) (i64.add (local.get 0) (i64.const 0x100000000)))
        (func (export "mul") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
        (func (export "div_s") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
        (func (export "rem_u") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
        (func (export "shr_s") (param i64 i64) (result i64) (i64.shr_s (local.get 0) (local.get 1)))
        (func (export "rotl") (param i64 i64) (result i64) (i64.rotl (local.get 0) (local.get 1)))
        (func (export "clz") (param i64) (result i64) (i64.clz (local.get 0)))
        (func (export "eq") (param i64 i64) (result i32) (i64.eq (local.get 0) (local.get 1)))
        (func (export "gt_u") (param i64 i64) (result i32) (i64.gt_u (local.get 0) (local.get 1)))
        (func (export "extend_s") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))
        (func (export "extend_u") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))
        (func (export "wrap") (param i64) (result i32) (i32.wrap_i64 (local.get 0)))
        (func (export "ext32") (param i64) (result i64) (i64.extend32_s (local.get 0)))
        (func (export "eqz") (param i64) (result i32) (i64.eqz (local.get 0)))
    )"#,
    );
    assert_eq!(m.i64("add", &[l(1 << 40), l(5)]), (1 << 40) + 5);
    assert_eq!(m.i64("addc", &[l(1)]), 0x1_0000_0001);
    assert_eq!(m.i64("mul", &[l(-3), l(1 << 33)]), -3 << 33);
    assert_eq!(m.i64("div_s", &[l(-100), l(7)]), -14);
    assert_eq!(
        m.call("div_s", &[l(i64::MIN), l(-1)]),
        Err(TrapCode::IntegerOverflow as u32)
    );
    assert_eq!(m.i64("rem_u", &[l(-1), l(10)]), (u64::MAX % 10) as i64);
    assert_eq!(m.i64("shr_s", &[l(i64::MIN), l(65)]), i64::MIN >> 1);
    assert_eq!(m.i64("rotl", &[l(i64::MIN), l(1)]), 1);
    assert_eq!(m.i64("clz", &[l(1)]), 63);
    assert_eq!(m.i32("eq", &[l(1 << 40), l(1 << 40)]), 1);
    assert_eq!(m.i32("eq", &[l(1 << 40), l(1)]), 0);
    assert_eq!(m.i32("gt_u", &[l(-1), l(1)]), 1);
    assert_eq!(m.i64("extend_s", &[i(-5)]), -5);
    assert_eq!(m.i64("extend_u", &[i(-5)]), 0xffff_fffb);
    assert_eq!(m.i32("wrap", &[l(0x1_2345_6789)]), 0x2345_6789);
    assert_eq!(m.i64("ext32", &[l(0xffff_ffff)]), -1);
    assert_eq!(m.i32("eqz", &[l(1 << 40)]), 0);
}

#[test]
fn floats() {
    let mut m = Module::new(
        r#"(module
        (func (export "add") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
        (func (export "div") (param f32 f32) (result f32) (f32.div (local.get 0) (local.get 1)))
        (func (export "addc") (param f64) (result f64) (f64.add (local.get 0) (f64.const 0.5)))
        (func (export "min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
        (func (export "max") (param f32 f32) (result f32) (f32.max (local.get 0) (local.get 1)))
        (func (export "sqrt") (param f64) (result f64) (f64.sqrt (local.get 0)))
        (func (export "floor") (param f64) (result f64) (f64.floor (local.get 0)))
        (func (export "nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
        (func (export "neg") (param f64) (result f64) (f64.neg (local.get 0)))
        (func (export "abs") (param f32) (result f32) (f32.abs (local.get 0)))
        (func (export "copysign") (param f64 f64) (result f64) (f64.copysign (local.get 0) (local.get 1)))
        (func (export "lt") (param f64 f64) (result i32) (f64.lt (local.get 0) (local.get 1)))
        (func (export "ne") (param f32 f32) (result i32) (f32.ne (local.get 0) (local.get 1)))
        (func (export "trunc_s") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
        (func (export "trunc_u64") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))
        (func (export "sat") (param f64) (result i32) (i32.trunc_sat_f64_s (local.get 0)))
        (func (export "conv") (param i32) (result f64) (f64.convert_i32_s (local.get 0)))
        (func (export "conv_u64") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
        (func (export "promote") (param f32) (result f64) (f64.promote_f32 (local.get 0)))
        (func (export "demote") (param f64) (result f32) (f32.demote_f64 (local.get 0)))
        (func (export "reinterpret") (param f64) (result i64) (i64.reinterpret_f64 (local.get 0)))
        (func (export "reinterpret2") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0)))
        (func (export "poly") (param f64) (result f64)
            (f64.add (f64.mul (local.get 0) (local.get 0)) (f64.mul (f64.const 3) (local.get 0))))
    )"#,
    );
    assert_eq!(m.f64("add", &[d(1.5), d(2.25)]), 3.75);
    assert_eq!(m.f32("div", &[f(1.0), f(4.0)]), 0.25);
    assert_eq!(m.f64("addc", &[d(1.0)]), 1.5);
    assert_eq!(
        m.f64("min", &[d(-0.0), d(0.0)]).to_bits(),
        (-0.0f64).to_bits()
    );
    assert!(m.f64("min", &[d(f64::NAN), d(0.0)]).is_nan());
    assert_eq!(m.f32("max", &[f(-1.0), f(3.0)]), 3.0);
    assert_eq!(m.f64("sqrt", &[d(16.0)]), 4.0);
    assert_eq!(m.f64("floor", &[d(-1.5)]), -2.0);
    assert_eq!(m.f32("nearest", &[f(2.5)]), 2.0);
    assert_eq!(m.f64("neg", &[d(2.0)]), -2.0);
    assert_eq!(m.f32("abs", &[f(-2.0)]), 2.0);
    assert_eq!(m.f64("copysign", &[d(2.0), d(-0.0)]), -2.0);
    assert_eq!(m.i32("lt", &[d(1.0), d(2.0)]), 1);
    assert_eq!(m.i32("lt", &[d(f64::NAN), d(2.0)]), 0);
    assert_eq!(m.i32("ne", &[f(f32::NAN), f(f32::NAN)]), 1);
    assert_eq!(m.i32("trunc_s", &[d(-3.9)]), -3);
    assert_eq!(
        m.call("trunc_s", &[d(f64::NAN)]),
        Err(TrapCode::BadConversionToInteger as u32)
    );
    assert_eq!(
        m.call("trunc_s", &[d(3e9)]),
        Err(TrapCode::IntegerOverflow as u32)
    );
    assert_eq!(m.i64("trunc_u64", &[f(1e19)]), 1e19f32 as u64 as i64);
    assert_eq!(m.i32("sat", &[d(-1e20)]), i32::MIN);
    assert_eq!(m.f64("conv", &[i(-7)]), -7.0);
    assert_eq!(m.f32("conv_u64", &[l(-1)]), u64::MAX as f32);
    assert_eq!(m.f64("promote", &[f(0.5)]), 0.5);
    assert_eq!(m.f32("demote", &[d(0.25)]), 0.25);
    assert_eq!(m.i64("reinterpret", &[d(1.0)]), 1.0f64.to_bits() as i64);
    assert_eq!(m.f32("reinterpret2", &[i(0x3f80_0000)]), 1.0);
    assert_eq!(m.f64("poly", &[d(2.0)]), 10.0);
}

#[test]
fn locals_and_select() {
    let mut m = Module::new(
        r#"(module
        (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
        (func (export "tee") (param i32) (result i32) (local i32)
            (i32.add (local.tee 1 (i32.mul (local.get 0) (i32.const 3))) (local.get 1)))
        (func (export "lazy") (param i32) (result i32)
            (local.get 0)
            (local.set 0 (i32.const 100))
            (local.get 0)
            i32.sub)
        (func (export "locals") (result i64) (local i64 f64 i32)
            (local.set 0 (i64.const 5))
            (local.set 2 (i32.const 7))
            (i64.add (local.get 0) (i64.extend_i32_u (local.get 2))))
        (func (export "select") (param i32 i32 i32) (result i32)
            (select (local.get 0) (local.get 1) (local.get 2)))
        (func (export "fselect") (param f64 f64 i32) (result f64)
            (select (local.get 0) (local.get 1) (local.get 2)))
        (func (export "many") (param i32) (result i32)
            (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add
            (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (local.get 0)
              (i32.mul (local.get 0) (i32.const 2)))
              (i32.mul (local.get 0) (i32.const 3)))
              (i32.mul (local.get 0) (i32.const 4)))
              (i32.mul (local.get 0) (i32.const 5)))
              (i32.mul (local.get 0) (i32.const 6)))
              (i32.mul (local.get 0) (i32.const 7)))
              (i32.mul (local.get 0) (i32.const 8)))
              (i32.mul (local.get 0) (i32.const 9)))
              (i32.mul (local.get 0) (i32.const 10)))
              (i32.mul (local.get 0) (i32.const 11)))
              (i32.mul (local.get 0) (i32.const 12)))
              (i32.mul (local.get 0) (i32.const 13)))
              (i32.mul (local.get 0) (i32.const 14)))
              (i32.mul (local.get 0) (i32.const 15))))
    )"#,
    );
    assert_eq!(m.call("swap", &[i(1), i(2)]), Ok(vec![2, 1]));
    assert_eq!(m.i32("tee", &[i(5)]), 30);
    assert_eq!(m.i32("lazy", &[i(1)]), -99);
    assert_eq!(m.i64("locals", &[]), 12);
    assert_eq!(m.i32("select", &[i(1), i(2), i(1)]), 1);
    assert_eq!(m.i32("select", &[i(1), i(2), i(0)]), 2);
    assert_eq!(m.f64("fselect", &[d(1.0), d(2.0), i(0)]), 2.0);
    assert_eq!(m.f64("fselect", &[d(1.0), d(2.0), i(7)]), 1.0);
    assert_eq!(m.i32("many", &[i(1)]), 120);
}

#[test]
fn control_flow() {
    let mut m = Module::new(
        r#"(module
        (func (export "fac") (param i64) (result i64) (local i64)
            (local.set 1 (i64.const 1))
            (block (loop
                (br_if 1 (i64.eqz (local.get 0)))
                (local.set 1 (i64.mul (local.get 1) (local.get 0)))
                (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
                (br 0)))
            (local.get 1))
        (func (export "if") (param i32) (result i32)
            (if (result i32) (local.get 0) (then (i32.const 10)) (else (i32.const 20))))
        (func (export "if_noelse") (param i32) (result i32) (local i32)
            (local.set 1 (i32.const 1))
            (if (local.get 0) (then (local.set 1 (i32.const 2))))
            (local.get 1))
        (func (export "block_val") (param i32) (result i32)
            (block (result i32) (br_if 0 (i32.const 7) (local.get 0)) (drop) (i32.const 8)))
        (func (export "multi") (param i32) (result i32 i32)
            (block (result i32 i32) (i32.const 1) (i32.const 2) (br_if 0 (local.get 0)) (drop) (drop) (i32.const 3) (i32.const 4)))
        (func (export "loop_params") (param i32) (result i32)
            (i32.const 0) (local.get 0)
            (loop (param i32 i32) (result i32)
                ;; acc n -> acc+n n-1
                (local.set 0)
                (i32.add (local.get 0))
                (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                (local.get 0)
                (br_if 0 (local.get 0))
                (drop)))
        (func (export "table") (param i32) (result i32)
            (block (block (block (block
                (br_table 0 1 2 3 (local.get 0)))
                (return (i32.const 100)))
                (return (i32.const 101)))
                (return (i32.const 102)))
            (i32.const 103))
        (func (export "table_val") (param i32) (result i32)
            (block (result i32) (block (result i32)
                (br_table 0 1 (i32.const 50) (local.get 0)))
                (i32.add (i32.const 1)))
            (i32.add (i32.const 2)))
        (func (export "table_ret") (param i32) (result i32)
            (block (result i32) (br_table 0 1 (i32.const 9) (local.get 0))) (i32.const 1) (i32.add))
        (func (export "unreach") (param i32) (result i32)
            (block (result i32) (br 0 (i32.const 5)) (i32.const 6) (i32.add) (if (then)) (unreachable)))
        (func (export "trap") unreachable)
        (func (export "nested_if") (param i32 i32) (result i32)
            (if (result i32) (local.get 0)
                (then (if (result i32) (local.get 1) (then (i32.const 1)) (else (i32.const 2))))
                (else (if (result i32) (local.get 1) (then (i32.const 3)) (else (i32.const 4))))))
    )"#,
    );
    assert_eq!(m.i64("fac", &[l(20)]), 2432902008176640000);
    assert_eq!(m.i32("if", &[i(1)]), 10);
    assert_eq!(m.i32("if", &[i(0)]), 20);
    assert_eq!(m.i32("if_noelse", &[i(0)]), 1);
    assert_eq!(m.i32("if_noelse", &[i(3)]), 2);
    assert_eq!(m.i32("block_val", &[i(1)]), 7);
    assert_eq!(m.i32("block_val", &[i(0)]), 8);
    assert_eq!(m.call("multi", &[i(1)]), Ok(vec![1, 2]));
    assert_eq!(m.call("multi", &[i(0)]), Ok(vec![3, 4]));
    assert_eq!(m.i32("loop_params", &[i(4)]), 10);
    assert_eq!(m.i32("table", &[i(0)]), 100);
    assert_eq!(m.i32("table", &[i(1)]), 101);
    assert_eq!(m.i32("table", &[i(2)]), 102);
    assert_eq!(m.i32("table", &[i(3)]), 103);
    assert_eq!(m.i32("table", &[i(1000)]), 103);
    assert_eq!(m.i32("table", &[i(-1)]), 103);
    assert_eq!(m.i32("table_val", &[i(0)]), 53);
    assert_eq!(m.i32("table_val", &[i(1)]), 52);
    assert_eq!(m.i32("table_val", &[i(7)]), 52);
    assert_eq!(m.i32("table_ret", &[i(0)]), 10);
    assert_eq!(m.i32("table_ret", &[i(5)]), 9);
    assert_eq!(m.i32("unreach", &[i(0)]), 5);
    assert_eq!(m.call("trap", &[]), Err(TrapCode::Unreachable as u32));
    assert_eq!(m.i32("nested_if", &[i(1), i(0)]), 2);
    assert_eq!(m.i32("nested_if", &[i(0), i(1)]), 3);
}

#[test]
fn calls() {
    let mut m = Module::new(
        r#"(module
        (type $ii (func (param i32) (result i32)))
        (table 4 funcref)
        (elem (i32.const 0) $fib $double $triple)
        (func $fib (export "fib") (param i32) (result i32)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
                (then (local.get 0))
                (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                               (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
        (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
        (func $triple (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
        (func $pair (param i64 f64) (result f64 i64) (local.get 1) (local.get 0))
        (func (export "pair") (result i64) (local i64)
            (call $pair (i64.const 40) (f64.const 2.5))
            (local.set 0)
            (drop)
            (local.get 0))
        (func (export "keep") (param i32) (result i32)
            ;; values live across a call
            (i32.add (i32.mul (local.get 0) (i32.const 10)) (call $double (local.get 0))))
        (func (export "indirect") (param i32 i32) (result i32)
            (call_indirect (type $ii) (local.get 1) (local.get 0)))
        (func $wrong (param i64) (result i64) (local.get 0))
        (func (export "recurse") (call 8))
        (func $f8 (call 8))
    )"#,
    );
    assert_eq!(m.i32("fib", &[i(20)]), 6765);
    assert_eq!(m.i64("pair", &[]), 40);
    assert_eq!(m.i32("keep", &[i(3)]), 36);
    assert_eq!(m.i32("indirect", &[i(1), i(21)]), 42);
    assert_eq!(m.i32("indirect", &[i(2), i(5)]), 15);
    assert_eq!(m.i32("indirect", &[i(0), i(10)]), 55);
    assert_eq!(
        m.call("indirect", &[i(3), i(1)]),
        Err(TrapCode::UninitializedElement as u32)
    );
    assert_eq!(
        m.call("indirect", &[i(4), i(1)]),
        Err(TrapCode::UndefinedElement as u32)
    );
    assert_eq!(m.call("recurse", &[]), Err(TrapCode::StackOverflow as u32));
}

#[test]
fn memory_and_globals() {
    let mut m = Module::new(
        r#"(module
        (memory (export "mem") 1 16)
        (data (i32.const 16) "\01\02\03\04\05\06\07\08\ff\fe")
        (global $g (export "g") (mut i32) (i32.const 7))
        (global $h (mut f64) (f64.const 1.5))
        (global $k i64 (i64.const -3))
        (func (export "load8_s") (param i32) (result i32) (i32.load8_s (local.get 0)))
        (func (export "load8_u") (param i32) (result i32) (i32.load8_u (local.get 0)))
        (func (export "load16_s") (param i32) (result i32) (i32.load16_s offset=8 (local.get 0)))
        (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
        (func (export "load64") (result i64) (i64.load (i32.const 16)))
        (func (export "load64_8s") (param i32) (result i64) (i64.load8_s (local.get 0)))
        (func (export "load64_32u") (param i32) (result i64) (i64.load32_u (local.get 0)))
        (func (export "store") (param i32 i64)
            (i64.store offset=100 (local.get 0) (local.get 1))
            (i32.store8 (i32.const 200) (i32.const 0x1ff))
            (i32.store16 (i32.const 202) (i32.const -1))
            (f64.store (i32.const 208) (f64.const 2.5))
            (f32.store (i32.const 216) (f32.const 1))
            (i64.store32 (i32.const 220) (i64.const -1)))
        (func (export "roundtrip") (param f32) (result f32)
            (f32.store (i32.const 300) (local.get 0)) (f32.load (i32.const 300)))
        (func (export "size") (result i32) (memory.size))
        (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
        (func (export "fill") (memory.fill (i32.const 400) (i32.const 0xab) (i32.const 10)))
        (func (export "gget") (result i32) (global.get $g))
        (func (export "gset") (param i32) (global.set $g (local.get 0)))
        (func (export "hget") (result f64) (global.get $h))
        (func (export "hset") (param f64) (global.set $h (f64.add (local.get 0) (global.get $h))))
        (func (export "kget") (result i64) (global.get $k))
    )"#,
    );
    assert_eq!(m.i32("load8_s", &[i(24)]), -1);
    assert_eq!(m.i32("load8_u", &[i(24)]), 255);
    assert_eq!(m.i32("load16_s", &[i(16)]), -257);
    assert_eq!(m.i32("load", &[i(16)]), 0x0403_0201);
    assert_eq!(m.i64("load64", &[]), 0x0807_0605_0403_0201);
    assert_eq!(m.i64("load64_8s", &[i(25)]), -2);
    assert_eq!(m.i64("load64_32u", &[i(22)]), 0xfeff_0807);
    m.call("store", &[i(4), l(0x1122_3344_5566_7788)]).unwrap();
    let mem = m.memory();
    assert_eq!(&mem[104..112], &0x1122_3344_5566_7788u64.to_le_bytes());
    assert_eq!(mem[200], 0xff);
    assert_eq!(mem[201], 0);
    assert_eq!(&mem[202..204], &[0xff, 0xff]);
    assert_eq!(&mem[208..216], &2.5f64.to_le_bytes());
    assert_eq!(&mem[216..220], &1.0f32.to_le_bytes());
    assert_eq!(&mem[220..224], &[0xff; 4]);
    assert_eq!(&mem[224..228], &[0; 4]);
    assert_eq!(m.f32("roundtrip", &[f(-3.5)]), -3.5);
    assert_eq!(m.i32("size", &[]), 1);
    assert_eq!(m.i32("grow", &[i(2)]), 1);
    assert_eq!(m.i32("size", &[]), 3);
    assert_eq!(m.i32("grow", &[i(100)]), -1);
    m.call("fill", &[]).unwrap();
    assert_eq!(
        &m.memory()[399..411],
        &[0, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0]
    );
    assert_eq!(m.i32("gget", &[]), 7);
    m.call("gset", &[i(-9)]).unwrap();
    assert_eq!(m.i32("gget", &[]), -9);
    assert_eq!(m.global("g"), (-9i32) as u32 as u64);
    m.call("hset", &[d(2.0)]).unwrap();
    assert_eq!(m.f64("hget", &[]), 3.5);
    assert_eq!(m.i64("kget", &[]), -3);
}

#[test]
fn tables_and_refs() {
    let mut m = Module::new(
        r#"(module
        (table $t 3 funcref)
        (elem (i32.const 1) $f)
        (func $f (result i32) (i32.const 77))
        (func (export "is_null") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
        (func (export "size") (result i32) (table.size $t))
        (func (export "set_get") (result i32)
            (table.set $t (i32.const 2) (ref.func $f))
            (ref.is_null (table.get $t (i32.const 2))))
        (func (export "oob") (drop (table.get $t (i32.const 3))))
    )"#,
    );
    assert_eq!(m.i32("is_null", &[i(0)]), 1);
    assert_eq!(m.i32("is_null", &[i(1)]), 0);
    assert_eq!(m.i32("size", &[]), 3);
    assert_eq!(m.i32("set_get", &[]), 0);
    assert_eq!(m.call("oob", &[]), Err(TrapCode::TableOutOfBounds as u32));
}

#[test]
fn register_pressure() {
    // More live values than registers, of both classes, across a call.
    let mut body = String::new();
    for k in 0..40 {
        body.push_str(&format!("(i64.add (local.get 0) (i64.const {k}))\n"));
        body.push_str(&format!("(f64.add (local.get 1) (f64.const {k}))\n"));
    }
    body.push_str("(call $id (i64.const 1000))\n(drop)\n");
    for _ in 0..40 {
        body.push_str(
            "(f64.add (local.get 2)) (local.set 2) (i64.add (local.get 3)) (local.set 3)\n",
        );
    }
    let wat = format!(
        r#"(module
        (func $id (param i64) (result i64) (local.get 0))
        (func (export "f") (param i64 f64) (result i64) (local f64 i64)
            {body}
            (i64.add (local.get 3) (i64.trunc_f64_s (local.get 2)))))"#
    );
    let mut m = Module::new(&wat);
    // sum(k) + 40*x for both: 780 + 40*x.
    assert_eq!(m.i64("f", &[l(2), d(1.0)]), (780 + 80) + (780 + 40));
}

#[test]
fn big_functions() {
    // 50,000 locals.
    let wat = r#"(module (func (export "f") (param i32) (result i32) (local i32)
        (local i64 i64 i64) (local $x i32)
        (local.get 1)))"#;
    let mut m = Module::new(wat);
    assert_eq!(m.i32("f", &[i(3)]), 0);
    let mut locals = String::new();
    for _ in 0..49_990 {
        locals.push_str(" i64");
    }
    let wat = format!(
        r#"(module (func (export "f") (param i32) (result i64) (local {locals})
        (local.set 49000 (i64.const 5))
        (i64.add (local.get 49000) (local.get 49989))))"#
    );
    let mut m = Module::new(&wat);
    assert_eq!(m.i64("f", &[i(3)]), 5);

    // 10,000 nested blocks.
    let depth = 10_000;
    let mut wat = String::from(r#"(module (func (export "f") (param i32) (result i32)"#);
    for _ in 0..depth {
        wat.push_str("(block (result i32) ");
    }
    wat.push_str("(br_table 0 1 2 3 (i32.const 42) (local.get 0))");
    for _ in 0..depth {
        wat.push(')');
    }
    wat.push_str("))");
    let mut m = Module::new(&wat);
    assert_eq!(m.i32("f", &[i(2)]), 42);
}
