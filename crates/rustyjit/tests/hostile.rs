//! Hostile modules: inputs at or past the limits of what validation accepts,
//! built to make a careless compiler or runtime panic, crash, hang or take
//! quadratic time. Each must compile and run correctly or fail with a clean
//! error or trap, and compile work (bytes of machine code) must grow
//! linearly with the size of the input.

use rustyjit::*;
use wasm_encoder::{
    BlockType, CodeSection, ConstExpr, DataSection, ElementSection, Elements, EntityType,
    ExportKind, ExportSection, Function, FunctionSection, ImportSection, Instruction as I, MemArg,
    MemArgTarget, MemorySection, MemoryType as EncMemoryType, RefType, StartSection, TableSection,
    TableType as EncTableType, TypeSection, ValType as V,
};

/// A module under construction: one type per function, so that tests can
/// give each function its own signature without bookkeeping.
#[derive(Default)]
struct Builder {
    types: TypeSection,
    imports: ImportSection,
    num_imports: u32,
    funcs: FunctionSection,
    code: CodeSection,
    exports: ExportSection,
    memory: Option<EncMemoryType>,
    table: Option<EncTableType>,
    elems: ElementSection,
    datas: DataSection,
    start: Option<u32>,
    num_types: u32,
    num_funcs: u32,
}

impl Builder {
    fn ty(&mut self, params: &[V], results: &[V]) -> u32 {
        self.types
            .ty()
            .function(params.iter().copied(), results.iter().copied());
        self.num_types += 1;
        self.num_types - 1
    }

    /// Imports a function; must come before any defined function.
    fn import_func(&mut self, module: &str, name: &str, params: &[V], results: &[V]) -> u32 {
        assert_eq!(self.num_funcs, 0, "imports come first");
        let t = self.ty(params, results);
        self.imports.import(module, name, EntityType::Function(t));
        self.num_imports += 1;
        self.num_imports - 1
    }

    /// Adds a function and returns its index.
    fn func(&mut self, params: &[V], results: &[V], body: Function) -> u32 {
        let t = self.ty(params, results);
        self.funcs.function(t);
        self.code.function(&body);
        self.num_funcs += 1;
        self.num_imports + self.num_funcs - 1
    }

    fn export(&mut self, name: &str, func: u32) {
        self.exports.export(name, ExportKind::Func, func);
    }

    fn memory(&mut self, min: u64, max: Option<u64>) {
        self.memory = Some(EncMemoryType {
            minimum: min,
            maximum: max,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
    }

    fn finish(&self) -> Vec<u8> {
        let mut m = wasm_encoder::Module::new();
        m.section(&self.types);
        if self.num_imports > 0 {
            m.section(&self.imports);
        }
        m.section(&self.funcs);
        if let Some(t) = self.table {
            let mut s = TableSection::new();
            s.table(t);
            m.section(&s);
        }
        if let Some(mem) = self.memory {
            let mut s = MemorySection::new();
            s.memory(mem);
            m.section(&s);
        }
        m.section(&self.exports);
        if let Some(f) = self.start {
            m.section(&StartSection { function_index: f });
        }
        if !self.elems.is_empty() {
            m.section(&self.elems);
        }
        m.section(&self.code);
        if !self.datas.is_empty() {
            m.section(&self.datas);
        }
        m.finish()
    }
}

fn mem(offset: u64, align: u32) -> MemArg {
    MemArg {
        offset,
        align,
        target: MemArgTarget::Memory(0),
        ordering: None,
    }
}

fn trap_of(err: &anyhow::Error) -> Trap {
    *err.downcast_ref::<Trap>()
        .unwrap_or_else(|| panic!("not a trap: {err:?}"))
}

fn instantiate(bytes: &[u8]) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::from_binary(&engine, bytes).expect("module compiles");
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).expect("module instantiates");
    (store, instance)
}

fn call_i32(store: &mut Store<()>, inst: &Instance, name: &str, args: &[Val]) -> Result<i32, Trap> {
    let f = inst.get_func(&mut *store, name).expect("export exists");
    let mut r = [Val::I32(0)];
    match f.call(&mut *store, args, &mut r) {
        Ok(()) => Ok(r[0].unwrap_i32()),
        Err(e) => Err(trap_of(&e)),
    }
}

/// Runs `f` on `bytes` instantiated with a Wasm stack limit of
/// `max_wasm_stack`, on a new thread with `stack` bytes of stack.
fn on_a_thread<R: Send + 'static>(
    stack: usize,
    max_wasm_stack: usize,
    bytes: Vec<u8>,
    f: impl FnOnce(&mut Store<()>, &Instance) -> R + Send + 'static,
) -> R {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let mut config = Config::new();
            config.max_wasm_stack(max_wasm_stack);
            let engine = Engine::new(&config).unwrap();
            let module = Module::from_binary(&engine, &bytes).unwrap();
            let mut store = Store::new(&engine, ());
            let inst = Instance::new(&mut store, &module, &[]).unwrap();
            f(&mut store, &inst)
        })
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn hundred_thousand_nested_blocks() {
    const N: usize = 100_000;
    let mut b = Builder::default();

    // N blocks with an i32 result; the innermost yields 7.
    let mut f = Function::new([]);
    for _ in 0..N {
        f.instruction(&I::Block(BlockType::Result(V::I32)));
    }
    f.instruction(&I::I32Const(7));
    for _ in 0..N {
        f.instruction(&I::End);
    }
    f.instruction(&I::End);
    let blocks = b.func(&[], &[V::I32], f);
    b.export("blocks", blocks);

    // N empty blocks; the innermost branches out of all of them at once.
    let mut f = Function::new([]);
    for _ in 0..N {
        f.instruction(&I::Block(BlockType::Empty));
    }
    f.instruction(&I::Br(N as u32 - 1));
    for _ in 0..N {
        f.instruction(&I::End);
    }
    f.instruction(&I::I32Const(8));
    f.instruction(&I::End);
    let outer = b.func(&[], &[V::I32], f);
    b.export("br_outermost", outer);

    // N nested `if`s, each taken when the parameter is nonzero, and `loop`s.
    let mut f = Function::new([]);
    for _ in 0..N {
        f.instruction(&I::LocalGet(0));
        f.instruction(&I::If(BlockType::Result(V::I32)));
        f.instruction(&I::Loop(BlockType::Empty));
        f.instruction(&I::End);
    }
    f.instruction(&I::I32Const(9));
    for _ in 0..N {
        f.instruction(&I::Else);
        f.instruction(&I::I32Const(-1));
        f.instruction(&I::End);
    }
    f.instruction(&I::End);
    let ifs = b.func(&[V::I32], &[V::I32], f);
    b.export("ifs", ifs);

    // A value stack N deep, then summed.
    let mut f = Function::new([]);
    for i in 0..N {
        f.instruction(&I::I32Const(i as i32 & 3));
    }
    for _ in 1..N {
        f.instruction(&I::I32Add);
    }
    f.instruction(&I::End);
    let deep = b.func(&[], &[V::I32], f);
    b.export("deep_stack", deep);

    let (mut store, inst) = instantiate(&b.finish());
    assert_eq!(call_i32(&mut store, &inst, "blocks", &[]), Ok(7));
    assert_eq!(call_i32(&mut store, &inst, "br_outermost", &[]), Ok(8));
    assert_eq!(call_i32(&mut store, &inst, "ifs", &[Val::I32(1)]), Ok(9));
    assert_eq!(call_i32(&mut store, &inst, "ifs", &[Val::I32(0)]), Ok(-1));
    // The deep stack needs a frame of 800 KB: more than the default Wasm
    // stack (512 KiB), so it traps cleanly ...
    assert_eq!(
        call_i32(&mut store, &inst, "deep_stack", &[]),
        Err(Trap::StackOverflow)
    );
    // ... and runs with a bigger one (on a thread with room for it).
    let sum: i32 = (0..N as i32).map(|i| i & 3).sum();
    let bytes = b.finish();
    let got = on_a_thread(16 << 20, 8 << 20, bytes, |store, inst| {
        call_i32(store, inst, "deep_stack", &[])
    });
    assert_eq!(got, Ok(sum));
}

#[test]
fn br_table_with_a_million_targets() {
    const N: u32 = 1_000_000;
    let mut b = Builder::default();
    let mut f = Function::new([]);
    for _ in 0..4 {
        f.instruction(&I::Block(BlockType::Empty));
    }
    f.instruction(&I::LocalGet(0));
    let targets: Vec<u32> = (0..N).map(|i| i % 4).collect();
    f.instruction(&I::BrTable(targets.into(), 2));
    for k in 0..4 {
        f.instruction(&I::End);
        f.instruction(&I::I32Const(10 + k));
        f.instruction(&I::Return);
    }
    f.instruction(&I::Unreachable);
    f.instruction(&I::End);
    let t = b.func(&[V::I32], &[V::I32], f);
    b.export("table", t);

    let (mut store, inst) = instantiate(&b.finish());
    let mut check = |i: i32, want: i32| {
        assert_eq!(
            call_i32(&mut store, &inst, "table", &[Val::I32(i)]),
            Ok(want),
            "index {i}"
        );
    };
    check(0, 10);
    check(1, 11);
    check(6, 12);
    check(999_999, 13);
    check(N as i32, 12); // the default
    check(-1, 12);
    check(i32::MIN, 12);
}

#[test]
fn fifty_thousand_locals() {
    // The validator's limit counts the parameter too.
    const LIMIT: u32 = 50_000;
    let (mut store, inst) = instantiate(&many_locals(LIMIT - 1));
    assert_eq!(call_i32(&mut store, &inst, "f", &[Val::I32(37)]), Ok(42));
    // Each frame of `recurse` is ~400 KB: the second call must hit the
    // stack limit (512 KiB by default), cleanly.
    let rec = inst.get_func(&mut store, "recurse").unwrap();
    let err = rec.call(&mut store, &[], &mut []).unwrap_err();
    assert_eq!(trap_of(&err), Trap::StackOverflow);
    // The store is still usable after the overflow.
    assert_eq!(call_i32(&mut store, &inst, "f", &[Val::I32(-5)]), Ok(0));

    // One local past the limit is a clean validation error.
    let engine = Engine::default();
    let err = Module::from_binary(&engine, &many_locals(LIMIT)).unwrap_err();
    assert!(
        format!("{err:#}").contains("too many locals"),
        "unexpected error: {err:#}"
    );
}

/// A module whose exported `f(i32) -> i32` has `declared` locals in four
/// type groups, the last group `i32`: it sets the last local to its
/// argument, the first `i64` group's last local to 5, and returns
/// `last + local1 (still 0) + 5`; `recurse` has a frame of `declared` `i64`s
/// and calls itself.
fn many_locals(declared: u32) -> Vec<u8> {
    let mut b = Builder::default();
    let q = declared / 4;
    let locals = vec![
        (q, V::I64),
        (q, V::F64),
        (q, V::F32),
        (declared - 3 * q, V::I32),
    ];
    let mut f = Function::new(locals);
    let last = declared;
    f.instruction(&I::LocalGet(0));
    f.instruction(&I::LocalSet(last));
    f.instruction(&I::I64Const(5));
    f.instruction(&I::LocalSet(q));
    f.instruction(&I::LocalGet(last));
    f.instruction(&I::I64ExtendI32S);
    f.instruction(&I::LocalGet(1));
    f.instruction(&I::I64Add);
    f.instruction(&I::LocalGet(q));
    f.instruction(&I::I64Add);
    f.instruction(&I::I32WrapI64);
    f.instruction(&I::End);
    let g = b.func(&[V::I32], &[V::I32], f);
    b.export("f", g);
    let mut f = Function::new([(declared, V::I64)]);
    f.instruction(&I::Call(1));
    f.instruction(&I::End);
    let r = b.func(&[], &[], f);
    b.export("recurse", r);
    b.finish()
}

#[test]
fn hundred_thousand_functions() {
    const N: u32 = 100_000;
    let mut b = Builder::default();
    // Function i returns its argument plus i.
    for i in 0..N {
        let mut f = Function::new([]);
        f.instruction(&I::LocalGet(0));
        f.instruction(&I::I32Const(i as i32));
        f.instruction(&I::I32Add);
        f.instruction(&I::End);
        b.func(&[V::I32], &[V::I32], f);
    }
    // dispatch(i, x) = table[i](x)
    let mut f = Function::new([]);
    f.instruction(&I::LocalGet(1));
    f.instruction(&I::LocalGet(0));
    f.instruction(&I::CallIndirect {
        type_index: 0,
        table_index: 0,
    });
    f.instruction(&I::End);
    let dispatch = b.func(&[V::I32, V::I32], &[V::I32], f);
    b.export("dispatch", dispatch);
    b.export("first", 0);
    b.export("last", N - 1);
    b.table = Some(EncTableType {
        element_type: RefType::FUNCREF,
        minimum: N as u64,
        maximum: None,
        table64: false,
        shared: false,
    });
    let funcs: Vec<u32> = (0..N).collect();
    b.elems.active(
        Some(0),
        &ConstExpr::i32_const(0),
        Elements::Functions(funcs.into()),
    );

    let (mut store, inst) = instantiate(&b.finish());
    assert_eq!(call_i32(&mut store, &inst, "first", &[Val::I32(1)]), Ok(1));
    assert_eq!(
        call_i32(&mut store, &inst, "last", &[Val::I32(1)]),
        Ok(N as i32)
    );
    for i in [0, 1, 777, 54_321, N - 1] {
        assert_eq!(
            call_i32(
                &mut store,
                &inst,
                "dispatch",
                &[Val::I32(i as i32), Val::I32(3)]
            ),
            Ok(i as i32 + 3)
        );
    }
    // Every function has type 0, which `dispatch` (type N) is not: but
    // types are compared structurally, and (i32) -> i32 differs from
    // (i32, i32) -> i32, so calling past the end or a wrong type is a trap.
    assert_eq!(
        call_i32(
            &mut store,
            &inst,
            "dispatch",
            &[Val::I32(N as i32), Val::I32(0)]
        ),
        Err(Trap::UndefinedElement)
    );
}

#[test]
fn huge_data_segments() {
    const PAGES: u64 = 256; // 16 MiB
    const LEN: usize = (PAGES as usize) << 16;
    let engine = Engine::default();

    // A valid segment filling the whole 16 MiB memory.
    let mut b = Builder::default();
    b.memory(PAGES, None);
    let data: Vec<u8> = (0..LEN).map(|i| (i * 7 + (i >> 16)) as u8).collect();
    b.datas
        .active(0, &ConstExpr::i32_const(0), data.iter().copied());
    let bytes = b.finish();
    let module = Module::from_binary(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let memory = inst.get_memory(&mut store, "memory");
    // The memory is not exported: read it through a load instead.
    assert!(memory.is_none());
    let mut b = Builder::default();
    b.memory(PAGES, None);
    b.exports.export("memory", ExportKind::Memory, 0);
    b.datas
        .active(0, &ConstExpr::i32_const(0), data.iter().copied());
    let module = Module::from_binary(&engine, &b.finish()).unwrap();
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let memory = inst.get_memory(&mut store, "memory").unwrap();
    assert!(memory.data(&store) == &data[..], "segment copied exactly");

    // One byte too many: instantiation fails with the spec's trap and
    // writes nothing (the segment is checked before it is copied).
    for (offset, len) in [
        (0i32, LEN + 1),
        (1, LEN),
        (LEN as i32, 1),
        (-1, 2), // offset + len overflows 32 bits
        (-1, 1),
    ] {
        let mut b = Builder::default();
        b.memory(PAGES, None);
        b.datas
            .active(0, &ConstExpr::i32_const(offset), vec![1u8; len]);
        let module = Module::from_binary(&engine, &b.finish()).unwrap();
        let err = Instance::new(&mut store, &module, &[]).unwrap_err();
        assert_eq!(
            trap_of(&err),
            Trap::MemoryOutOfBounds,
            "offset {offset} len {len}"
        );
    }
    // An empty segment exactly at the end is in bounds.
    let mut b = Builder::default();
    b.memory(PAGES, None);
    b.datas
        .active(0, &ConstExpr::i32_const(LEN as i32), Vec::<u8>::new());
    let module = Module::from_binary(&engine, &b.finish()).unwrap();
    Instance::new(&mut store, &module, &[]).unwrap();

    // A segment whose declared length runs past the end of the module is a
    // clean decoding error, even when the length is absurd (4 GiB - 1).
    let with_data_len = |len_leb: &[u8]| {
        let mut bytes = b"\0asm\x01\0\0\0".to_vec();
        bytes.extend_from_slice(&[5, 3, 1, 0, 1]); // memory section: (memory 1)
        let size = 5 + len_leb.len() as u8 + 4;
        // data section: one active segment at offset 0 with 4 bytes
        bytes.extend_from_slice(&[11, size, 1, 0, 0x41, 0, 0x0b]);
        bytes.extend_from_slice(len_leb);
        bytes.extend_from_slice(&[1, 2, 3, 4]);
        bytes
    };
    Module::from_binary(&engine, &with_data_len(&[4])).unwrap();
    let err =
        Module::from_binary(&engine, &with_data_len(&[0xff, 0xff, 0xff, 0xff, 0x0f])).unwrap_err();
    assert!(format!("{err:#}").contains("unexpected end"), "{err:#}");

    // The store is still usable.
    let data_again = memory.data(&store);
    assert_eq!(data_again[LEN - 1], data[LEN - 1]);
}

#[test]
fn hundred_thousand_data_segments() {
    const N: usize = 100_000;
    let mut b = Builder::default();
    b.memory(2, None);
    b.exports.export("memory", ExportKind::Memory, 0);
    for i in 0..N {
        b.datas
            .active(0, &ConstExpr::i32_const(i as i32), [i as u8]);
    }
    let (mut store, inst) = instantiate(&b.finish());
    let memory = inst.get_memory(&mut store, "memory").unwrap();
    let data = memory.data(&store);
    assert!((0..N).all(|i| data[i] == i as u8));
    assert!(data[N..].iter().all(|&b| b == 0));
}

/// `grow_all(delta)` calls `memory.grow delta` until it fails and returns the
/// number of successful calls; `size()` is `memory.size`; `store(a, v)` and
/// `load(a)` access an `i32` at `a`.
fn grow_module(min: u64, max: Option<u64>) -> Vec<u8> {
    let mut b = Builder::default();
    b.memory(min, max);
    let mut f = Function::new([(1, V::I32)]);
    f.instruction(&I::Block(BlockType::Empty));
    f.instruction(&I::Loop(BlockType::Empty));
    f.instruction(&I::LocalGet(0));
    f.instruction(&I::MemoryGrow(0));
    f.instruction(&I::I32Const(-1));
    f.instruction(&I::I32Eq);
    f.instruction(&I::BrIf(1));
    f.instruction(&I::LocalGet(1));
    f.instruction(&I::I32Const(1));
    f.instruction(&I::I32Add);
    f.instruction(&I::LocalSet(1));
    f.instruction(&I::Br(0));
    f.instruction(&I::End);
    f.instruction(&I::End);
    f.instruction(&I::LocalGet(1));
    f.instruction(&I::End);
    let g = b.func(&[V::I32], &[V::I32], f);
    b.export("grow_all", g);
    let mut f = Function::new([]);
    f.instruction(&I::MemorySize(0));
    f.instruction(&I::End);
    let s = b.func(&[], &[V::I32], f);
    b.export("size", s);
    let mut f = Function::new([]);
    f.instruction(&I::LocalGet(0));
    f.instruction(&I::LocalGet(1));
    f.instruction(&I::I32Store(mem(0, 0)));
    f.instruction(&I::LocalGet(0));
    f.instruction(&I::I32Load(mem(0, 0)));
    f.instruction(&I::End);
    let s = b.func(&[V::I32, V::I32], &[V::I32], f);
    b.export("store_load", s);
    b.finish()
}

#[test]
fn memory_grow_loop_to_the_limit() {
    // Default limit: 4 GiB, 65536 pages, one page at a time.
    let (mut store, inst) = instantiate(&grow_module(0, None));
    assert_eq!(
        call_i32(&mut store, &inst, "grow_all", &[Val::I32(1)]),
        Ok(65536)
    );
    assert_eq!(call_i32(&mut store, &inst, "size", &[]), Ok(65536));
    assert_eq!(
        call_i32(&mut store, &inst, "grow_all", &[Val::I32(1)]),
        Ok(0)
    );
    // Growing by 0 at the limit still succeeds (returns the size), forever:
    // so do not loop on it; grow by huge deltas instead.
    for delta in [i32::MAX, -1, 65536] {
        assert_eq!(
            call_i32(&mut store, &inst, "grow_all", &[Val::I32(delta)]),
            Ok(0)
        );
    }
    // The very last bytes of a 4 GiB memory are usable; one past is not.
    let last = (u32::MAX - 3) as i32;
    assert_eq!(
        call_i32(
            &mut store,
            &inst,
            "store_load",
            &[Val::I32(last), Val::I32(99)]
        ),
        Ok(99)
    );
    assert_eq!(
        call_i32(
            &mut store,
            &inst,
            "store_load",
            &[Val::I32(last + 1), Val::I32(1)]
        ),
        Err(Trap::MemoryOutOfBounds)
    );

    // A declared maximum stops growth there.
    let (mut store, inst) = instantiate(&grow_module(1, Some(10)));
    assert_eq!(
        call_i32(&mut store, &inst, "grow_all", &[Val::I32(3)]),
        Ok(3)
    );
    assert_eq!(call_i32(&mut store, &inst, "size", &[]), Ok(10));
    assert_eq!(
        call_i32(&mut store, &inst, "grow_all", &[Val::I32(1)]),
        Ok(0)
    );

    // So does the engine's limit.
    let mut config = Config::new();
    config.max_memory_bytes(1 << 20);
    let engine = Engine::new(&config).unwrap();
    let module = Module::from_binary(&engine, &grow_module(0, None)).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    assert_eq!(
        call_i32(&mut store, &inst, "grow_all", &[Val::I32(1)]),
        Ok(16)
    );
    assert_eq!(
        call_i32(
            &mut store,
            &inst,
            "store_load",
            &[Val::I32(1 << 20), Val::I32(1)]
        ),
        Err(Trap::MemoryOutOfBounds)
    );
}

#[test]
fn unbounded_recursion_is_a_trap_and_the_store_survives() {
    let mut b = Builder::default();
    let host = b.import_func("host", "reenter", &[V::I32], &[V::I32]);
    // f(x) = f(x + 1): plain unbounded recursion.
    let mut f = Function::new([]);
    f.instruction(&I::LocalGet(0));
    f.instruction(&I::I32Const(1));
    f.instruction(&I::I32Add);
    f.instruction(&I::Call(host + 1));
    f.instruction(&I::End);
    let rec = b.func(&[V::I32], &[V::I32], f);
    b.export("recurse", rec);
    // g(x) = host(x + 1), and the host calls g again: recursion through the
    // host, where the host frames count against the same limit.
    let mut f = Function::new([]);
    f.instruction(&I::LocalGet(0));
    f.instruction(&I::I32Const(1));
    f.instruction(&I::I32Add);
    f.instruction(&I::Call(host));
    f.instruction(&I::End);
    let g = b.func(&[V::I32], &[V::I32], f);
    b.export("via_host", g);
    // A function with many parameters and locals recursing: bigger frames.
    let params = [V::I64; 20];
    let mut f = Function::new([(100, V::F64)]);
    for i in 0..20 {
        f.instruction(&I::LocalGet(i));
    }
    f.instruction(&I::Call(host + 3));
    f.instruction(&I::End);
    let wide = b.func(&params, &[V::I64], f);
    b.export("wide", wide);
    let mut f = Function::new([]);
    f.instruction(&I::LocalGet(0));
    f.instruction(&I::I32Const(2));
    f.instruction(&I::I32Mul);
    f.instruction(&I::End);
    let ok = b.func(&[V::I32], &[V::I32], f);
    b.export("double", ok);
    let bytes = b.finish();

    let engine = Engine::default();
    let module = Module::from_binary(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "reenter", |mut caller: Caller<'_, ()>, x: i32| {
            let g = caller
                .get_export("via_host")
                .and_then(|e| e.into_func())
                .expect("via_host is exported");
            let mut r = [Val::I32(0)];
            g.call(&mut caller, &[Val::I32(x)], &mut r)?;
            Ok(r[0].unwrap_i32())
        })
        .unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    for _ in 0..3 {
        assert_eq!(
            call_i32(&mut store, &inst, "recurse", &[Val::I32(0)]),
            Err(Trap::StackOverflow)
        );
        assert_eq!(
            call_i32(&mut store, &inst, "double", &[Val::I32(21)]),
            Ok(42)
        );
        assert_eq!(
            call_i32(&mut store, &inst, "via_host", &[Val::I32(0)]),
            Err(Trap::StackOverflow)
        );
        assert_eq!(call_i32(&mut store, &inst, "double", &[Val::I32(4)]), Ok(8));
        let wide = inst.get_func(&mut store, "wide").unwrap();
        let mut r = [Val::I64(0)];
        let err = wide
            .call(&mut store, &[Val::I64(1); 20], &mut r)
            .unwrap_err();
        assert_eq!(trap_of(&err), Trap::StackOverflow);
    }
}

/// Two functions of `[i32] -> [i32]`: `recurse` never stops, `countdown`
/// recurses as deep as its argument and returns 7.
fn recursions() -> Vec<u8> {
    let mut b = Builder::default();
    let mut f = Function::new([(8, V::I64)]);
    f.instruction(&I::LocalGet(0));
    f.instruction(&I::I32Const(1));
    f.instruction(&I::I32Add);
    f.instruction(&I::Call(0));
    f.instruction(&I::End);
    let rec = b.func(&[V::I32], &[V::I32], f);
    b.export("recurse", rec);
    let mut f = Function::new([]);
    f.instruction(&I::LocalGet(0));
    f.instruction(&I::I32Eqz);
    f.instruction(&I::If(BlockType::Result(V::I32)));
    f.instruction(&I::I32Const(7));
    f.instruction(&I::Else);
    f.instruction(&I::LocalGet(0));
    f.instruction(&I::I32Const(1));
    f.instruction(&I::I32Sub);
    f.instruction(&I::Call(1));
    f.instruction(&I::End);
    f.instruction(&I::End);
    let countdown = b.func(&[V::I32], &[V::I32], f);
    b.export("countdown", countdown);
    b.finish()
}

/// A Wasm stack limit larger than the thread's whole stack: the recursion
/// still ends in a trap (the limit is capped at what the thread holds),
/// not in the thread's guard page, which would kill the process. And a
/// thread whose whole stack is smaller than the default limit still runs
/// shallow recursion.
#[test]
fn a_stack_limit_beyond_the_threads_stack_still_traps() {
    let got = on_a_thread(2 << 20, 1 << 30, recursions(), |store, inst| {
        let first = call_i32(store, inst, "recurse", &[Val::I32(0)]);
        let shallow = call_i32(store, inst, "countdown", &[Val::I32(10)]);
        (
            first,
            call_i32(store, inst, "recurse", &[Val::I32(0)]),
            shallow,
        )
    });
    assert_eq!(
        got,
        (Err(Trap::StackOverflow), Err(Trap::StackOverflow), Ok(7))
    );
    let got = on_a_thread(256 << 10, 512 << 10, recursions(), |store, inst| {
        let shallow = call_i32(store, inst, "countdown", &[Val::I32(10)]);
        (shallow, call_i32(store, inst, "recurse", &[Val::I32(0)]))
    });
    assert_eq!(got, (Ok(7), Err(Trap::StackOverflow)));
}

/// A table too large to make fails instantiation before any of the
/// instance's functions is registered in the store: afterwards, tables of
/// other instances hand out their own functions, with their own types.
#[test]
fn an_oversized_table_fails_instantiation_and_leaves_the_store_clean() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let huge = Module::new(
        &engine,
        r#"(module (table 20000000 funcref)
            (func $f (result i32) i32.const 1) (elem declare func $f))"#,
    )
    .unwrap();
    let small = Module::new(
        &engine,
        r#"(module (table (export "t") 1 funcref)
            (func $g (param i64) (result i64) local.get 0) (elem (i32.const 0) $g))"#,
    )
    .unwrap();
    for _ in 0..50 {
        let err = Instance::new(&mut store, &huge, &[]).unwrap_err();
        assert!(format!("{err:#}").contains("exceeds the limit"), "{err:#}");
        let inst = Instance::new(&mut store, &small, &[]).unwrap();
        let t = inst.get_table(&mut store, "t").unwrap();
        let Some(Val::FuncRef(Some(g))) = t.get(&mut store, 0) else {
            panic!("no function in the table");
        };
        let mut r = [Val::I64(0)];
        g.call(&mut store, &[Val::I64(7)], &mut r).unwrap();
        assert_eq!(r[0].unwrap_i64(), 7);
    }
}

#[test]
fn trap_in_start_function() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let cases: [(&str, Trap); 3] = [
        ("(func $s unreachable)", Trap::UnreachableCodeReached),
        ("(func $s (call $s))", Trap::StackOverflow),
        (
            "(func $s (drop (i32.load (i32.const 65536))))",
            Trap::MemoryOutOfBounds,
        ),
    ];
    for (func, want) in cases {
        let wat = format!("(module (memory 1) {func} (start $s))");
        let module = Module::new(&engine, &wat).unwrap();
        let err = Instance::new(&mut store, &module, &[]).unwrap_err();
        assert_eq!(trap_of(&err), want, "{wat}");
    }
    // The store is still usable.
    let module = Module::new(
        &engine,
        r#"(module (func (export "f") (result i32) i32.const 5))"#,
    )
    .unwrap();
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    assert_eq!(call_i32(&mut store, &inst, "f", &[]), Ok(5));
}

#[test]
fn out_of_bounds_at_the_edges() {
    const SIZE: i64 = 65536;
    // For each access width: a load and a store at the address argument with
    // a static offset, over one page of memory.
    let widths: [(&str, I<'static>, I<'static>, i64); 6] = [
        ("i32_8", I::I32Load8U(mem(0, 0)), I::I32Store8(mem(0, 0)), 1),
        (
            "i32_16",
            I::I32Load16U(mem(0, 0)),
            I::I32Store16(mem(0, 0)),
            2,
        ),
        ("i32", I::I32Load(mem(0, 0)), I::I32Store(mem(0, 0)), 4),
        ("i64", I::I64Load(mem(0, 0)), I::I64Store(mem(0, 0)), 8),
        ("f32", I::F32Load(mem(0, 0)), I::F32Store(mem(0, 0)), 4),
        ("f64", I::F64Load(mem(0, 0)), I::F64Store(mem(0, 0)), 8),
    ];
    let offsets: [u64; 5] = [0, 1, SIZE as u64 - 8, 0x7fff_ffff, 0xffff_ffff];
    let mut b = Builder::default();
    b.memory(1, None);
    b.exports.export("memory", ExportKind::Memory, 0);
    let with_offset = |i: &I<'static>, off: u64| -> I<'static> {
        let m = mem(off, 0);
        match i {
            I::I32Load8U(_) => I::I32Load8U(m),
            I::I32Load16U(_) => I::I32Load16U(m),
            I::I32Load(_) => I::I32Load(m),
            I::I64Load(_) => I::I64Load(m),
            I::F32Load(_) => I::F32Load(m),
            I::F64Load(_) => I::F64Load(m),
            I::I32Store8(_) => I::I32Store8(m),
            I::I32Store16(_) => I::I32Store16(m),
            I::I32Store(_) => I::I32Store(m),
            I::I64Store(_) => I::I64Store(m),
            I::F32Store(_) => I::F32Store(m),
            I::F64Store(_) => I::F64Store(m),
            _ => unreachable!(),
        }
    };
    let mut names = Vec::new();
    for (name, load, store, width) in &widths {
        for &off in &offsets {
            // load: (addr) -> (), the value dropped.
            let mut f = Function::new([]);
            f.instruction(&I::LocalGet(0));
            f.instruction(&with_offset(load, off));
            f.instruction(&I::Drop);
            f.instruction(&I::End);
            let l = b.func(&[V::I32], &[], f);
            b.export(&format!("load_{name}_{off}"), l);
            // store: (addr) -> (), storing all ones.
            let mut f = Function::new([]);
            f.instruction(&I::LocalGet(0));
            f.instruction(&match *name {
                "i64" => I::I64Const(-1),
                "f32" => I::F32Const(f32::from_bits(u32::MAX).into()),
                "f64" => I::F64Const(f64::from_bits(u64::MAX).into()),
                _ => I::I32Const(-1),
            });
            f.instruction(&with_offset(store, off));
            f.instruction(&I::End);
            let s = b.func(&[V::I32], &[], f);
            b.export(&format!("store_{name}_{off}"), s);
            names.push((name.to_string(), off, *width));
        }
    }
    let (mut store, inst) = instantiate(&b.finish());
    let memory = inst.get_memory(&mut store, "memory").unwrap();
    let mut checked = 0;
    for (name, off, width) in names {
        let off = off as i64;
        // Addresses around the last valid one, and near 4 GiB.
        let last_ok = SIZE - width - off;
        let addrs = [
            last_ok - 1,
            last_ok,
            last_ok + 1,
            last_ok + width,
            0,
            SIZE,
            0xffff_ffff - width,
            0xffff_ffff,
        ];
        for addr in addrs {
            if !(0..=0xffff_ffff).contains(&addr) {
                continue;
            }
            let in_bounds = addr + off + width <= SIZE;
            let arg = [Val::I32(addr as u32 as i32)];
            for kind in ["load", "store"] {
                memory.data_mut(&mut store).fill(0);
                let f = inst
                    .get_func(&mut store, &format!("{kind}_{name}_{off}"))
                    .unwrap();
                let r = f.call(&mut store, &arg, &mut []);
                let touched = memory.data(&store).iter().filter(|&&b| b != 0).count();
                if in_bounds {
                    r.unwrap_or_else(|e| panic!("{kind}_{name} {addr:#x}+{off:#x}: {e}"));
                    let want = if kind == "store" { width as usize } else { 0 };
                    assert_eq!(touched, want, "{kind}_{name} {addr:#x}+{off:#x}");
                } else {
                    let err = r.expect_err(&format!("{kind}_{name} {addr:#x}+{off:#x} traps"));
                    assert_eq!(trap_of(&err), Trap::MemoryOutOfBounds);
                    // A store that straddles the end writes nothing.
                    assert_eq!(touched, 0, "{kind}_{name} {addr:#x}+{off:#x}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 350, "checked {checked} accesses");
}

#[test]
fn bulk_memory_out_of_bounds_at_the_edges() {
    let (mut store, inst) = {
        let engine = Engine::default();
        let module = Module::new(
            &engine,
            r#"(module
                (memory (export "memory") 1)
                (data $d "\01\02\03\04")
                (func (export "fill") (param i32 i32) (result i32)
                    (memory.fill (local.get 0) (i32.const 0xab) (local.get 1))
                    (i32.const 0))
                (func (export "copy") (param i32 i32 i32) (result i32)
                    (memory.copy (local.get 0) (local.get 1) (local.get 2))
                    (i32.const 0))
                (func (export "init") (param i32 i32 i32) (result i32)
                    (memory.init $d (local.get 0) (local.get 1) (local.get 2))
                    (i32.const 0)))"#,
        )
        .unwrap();
        let mut store = Store::new(&engine, ());
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        (store, inst)
    };
    let memory = inst.get_memory(&mut store, "memory").unwrap();
    let v = |x: i64| Val::I32(x as u32 as i32);
    let oob = Err(Trap::MemoryOutOfBounds);
    let cases: Vec<(&str, Vec<Val>, Result<i32, Trap>)> = vec![
        ("fill", vec![v(65535), v(1)], Ok(0)),
        ("fill", vec![v(65535), v(2)], oob),
        ("fill", vec![v(65536), v(0)], Ok(0)),
        ("fill", vec![v(65537), v(0)], oob),
        ("fill", vec![v(0xffff_ffff), v(0xffff_ffff)], oob),
        ("copy", vec![v(65532), v(0), v(4)], Ok(0)),
        ("copy", vec![v(65533), v(0), v(4)], oob),
        ("copy", vec![v(0), v(65533), v(4)], oob),
        ("copy", vec![v(0), v(0xffff_ffff), v(2)], oob),
        ("init", vec![v(65532), v(0), v(4)], Ok(0)),
        ("init", vec![v(65533), v(0), v(4)], oob),
        ("init", vec![v(0), v(1), v(4)], oob),
        ("init", vec![v(0), v(0xffff_ffff), v(2)], oob),
    ];
    for (name, args, want) in cases {
        memory.data_mut(&mut store).fill(0);
        assert_eq!(
            call_i32(&mut store, &inst, name, &args),
            want,
            "{name} {args:?}"
        );
        if want.is_err() {
            assert!(
                memory.data(&store).iter().all(|&b| b == 0),
                "{name} {args:?} wrote before trapping"
            );
        }
    }
}

/// A function body made of `n` repetitions of a pattern, for the
/// linear-compile-time test. Returns the module's bytes.
type Shape = fn(u32) -> Vec<u8>;

/// One function `(param i32 i32) (result i32)` with `locals` extra `i32`
/// locals and the body `emit` writes (the final `end` is added).
fn one_func(locals: u32, emit: impl FnOnce(&mut Function)) -> Vec<u8> {
    let mut b = Builder::default();
    b.memory(1, None);
    let mut f = Function::new([(locals, V::I32)]);
    emit(&mut f);
    f.instruction(&I::End);
    let g = b.func(&[V::I32, V::I32], &[V::I32], f);
    b.export("f", g);
    // A callee for the call-heavy shapes: (i32 x4) -> i32.
    let mut f = Function::new([]);
    f.instruction(&I::LocalGet(3));
    f.instruction(&I::End);
    b.func(&[V::I32; 4], &[V::I32], f);
    b.finish()
}

const CALLEE: u32 = 1;

fn shape_arith(n: u32) -> Vec<u8> {
    one_func(4, |f| {
        for i in 0..n {
            f.instruction(&I::LocalGet(i % 6));
            f.instruction(&I::LocalGet((i + 3) % 6));
            f.instruction(&[I::I32Add, I::I32Mul, I::I32Xor, I::I32Shl][i as usize % 4]);
            f.instruction(&I::LocalSet(2 + i % 4));
        }
        f.instruction(&I::LocalGet(5));
    })
}

fn shape_nested(n: u32) -> Vec<u8> {
    one_func(0, |f| {
        for _ in 0..n {
            f.instruction(&I::Block(BlockType::Empty));
            f.instruction(&I::Loop(BlockType::Empty));
            f.instruction(&I::LocalGet(0));
            f.instruction(&I::BrIf(1));
        }
        for _ in 0..n {
            f.instruction(&I::End);
            f.instruction(&I::End);
        }
        f.instruction(&I::LocalGet(1));
    })
}

fn shape_deep_stack(n: u32) -> Vec<u8> {
    one_func(0, |f| {
        for i in 0..n {
            f.instruction(&if i % 2 == 0 {
                I::LocalGet(0)
            } else {
                I::I32Const(i as i32)
            });
        }
        for _ in 1..n {
            f.instruction(&I::I32Add);
        }
    })
}

fn shape_locals(n: u32) -> Vec<u8> {
    one_func(n, |f| {
        for i in 0..n {
            f.instruction(&I::LocalGet(i + 1));
            f.instruction(&I::LocalSet(i + 2));
        }
        f.instruction(&I::LocalGet(n + 1));
    })
}

fn shape_br_table(n: u32) -> Vec<u8> {
    one_func(0, |f| {
        f.instruction(&I::Block(BlockType::Empty));
        f.instruction(&I::Block(BlockType::Empty));
        f.instruction(&I::LocalGet(0));
        let targets: Vec<u32> = (0..n).map(|i| i % 2).collect();
        f.instruction(&I::BrTable(targets.into(), 1));
        f.instruction(&I::End);
        f.instruction(&I::End);
        f.instruction(&I::LocalGet(1));
    })
}

fn shape_calls(n: u32) -> Vec<u8> {
    one_func(0, |f| {
        f.instruction(&I::LocalGet(0));
        for _ in 0..n {
            f.instruction(&I::LocalGet(1));
            f.instruction(&I::I32Const(3));
            f.instruction(&I::LocalGet(0));
            f.instruction(&I::Call(CALLEE));
        }
    })
}

/// Values pile up on the stack across calls and `local.set`s of the locals
/// they were read from: a naive compiler rescans or re-spills the whole
/// stack at each.
fn shape_live_across_calls(n: u32) -> Vec<u8> {
    one_func(0, |f| {
        for i in 0..n {
            f.instruction(&I::LocalGet(0));
            f.instruction(&I::LocalGet(1));
            f.instruction(&I::LocalGet(0));
            f.instruction(&I::LocalGet(1));
            f.instruction(&I::Call(CALLEE));
            f.instruction(&I::LocalGet(0));
            f.instruction(&I::I32Const(i as i32));
            f.instruction(&I::LocalSet(0));
        }
        for _ in 0..2 * n - 1 {
            f.instruction(&I::I32Add);
        }
    })
}

fn shape_if_else(n: u32) -> Vec<u8> {
    one_func(0, |f| {
        f.instruction(&I::LocalGet(1));
        for i in 0..n {
            f.instruction(&I::LocalGet(0));
            f.instruction(&I::If(BlockType::Result(V::I32)));
            f.instruction(&I::I32Const(i as i32));
            f.instruction(&I::Else);
            f.instruction(&I::LocalGet(1));
            f.instruction(&I::End);
            f.instruction(&I::I32Add);
        }
    })
}

fn shape_memory(n: u32) -> Vec<u8> {
    one_func(0, |f| {
        for i in 0..n {
            f.instruction(&I::LocalGet(0));
            f.instruction(&I::LocalGet(0));
            f.instruction(&I::I64Load32U(mem(i as u64 % 4096, 0)));
            f.instruction(&I::I64Store16(mem(i as u64 % 1000, 0)));
        }
        f.instruction(&I::LocalGet(1));
    })
}

fn shape_functions(n: u32) -> Vec<u8> {
    let mut b = Builder::default();
    for i in 0..n {
        let mut f = Function::new([]);
        f.instruction(&I::LocalGet(0));
        f.instruction(&I::Call(i.saturating_sub(1)));
        f.instruction(&I::End);
        b.func(&[V::I32], &[V::I32], f);
    }
    b.finish()
}

#[test]
fn compile_work_is_linear_in_module_size() {
    let shapes: [(&str, Shape, u32); 11] = [
        ("arith", shape_arith, 10_000),
        ("nested", shape_nested, 10_000),
        ("deep_stack", shape_deep_stack, 10_000),
        ("locals", shape_locals, 6_000),
        ("br_table", shape_br_table, 20_000),
        ("calls", shape_calls, 10_000),
        ("live_across_calls", shape_live_across_calls, 5_000),
        ("if_else", shape_if_else, 10_000),
        ("memory", shape_memory, 10_000),
        ("functions", shape_functions, 5_000),
        ("nested_small", shape_nested, 500),
    ];
    // The baseline compiles everything at load (the default compiles on
    // first call).
    let engine = Engine::new(Config::new().strategy(Strategy::Baseline)).unwrap();
    for (name, shape, n) in shapes {
        let mut sizes = Vec::new();
        for k in [1, 2, 4, 8] {
            let bytes = shape(n * k);
            let start = std::time::Instant::now();
            let module = Module::from_binary(&engine, &bytes)
                .unwrap_or_else(|e| panic!("{name} x{k}: {e:#}"));
            // Wall time is printed for a human, never asserted.
            println!(
                "{name} x{k}: {} wasm bytes -> {} code bytes in {:?}",
                bytes.len(),
                module.code_size(),
                start.elapsed()
            );
            sizes.push(module.code_size() as f64);
        }
        // Linear: the cost of the last 4n units is 4 times that of the
        // first n past the base (fixed costs cancel). Quadratic work would
        // make this ratio 4; allow for jump encodings widening as code grows.
        let ratio = (sizes[3] - sizes[2]) / (4.0 * (sizes[1] - sizes[0]));
        assert!(
            (0.8..1.25).contains(&ratio),
            "{name}: code sizes {sizes:?} grow superlinearly (ratio {ratio:.2})"
        );
        // And each doubling roughly doubles the size.
        for w in sizes.windows(2) {
            assert!(w[1] < 2.5 * w[0], "{name}: code sizes {sizes:?}");
        }
    }
}

/// Memory reservations return to the engine's pool when a store is dropped
/// and are reused by the next instance: what the previous owner wrote must
/// read as zeros, and pages it had grown into must be out of bounds again.
#[test]
fn reused_memory_reservations_start_zeroed_and_inaccessible() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") 1)
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
             (func (export "store") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
             (func (export "load") (param i32) (result i64) (i64.load (local.get 0))))"#,
    )
    .unwrap();
    for round in 0..20 {
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let grow = instance
            .get_typed_func::<i32, i32>(&mut store, "grow")
            .unwrap();
        let store_fn = instance
            .get_typed_func::<(i32, i64), ()>(&mut store, "store")
            .unwrap();
        let load = instance
            .get_typed_func::<i32, i64>(&mut store, "load")
            .unwrap();
        for addr in [0, 8, 65528] {
            assert_eq!(
                load.call(&mut store, addr).unwrap(),
                0,
                "round {round}: stale data at {addr}"
            );
        }
        let beyond = 3 * 65536;
        let err = load.call(&mut store, beyond).unwrap_err();
        assert_eq!(trap_of(&err), Trap::MemoryOutOfBounds, "round {round}");
        assert_eq!(grow.call(&mut store, 3).unwrap(), 1);
        for addr in [0, 8, 65528, beyond] {
            store_fn
                .call(&mut store, (addr, -1 - i64::from(round)))
                .unwrap();
        }
    }
}
