//! A minimal single-module harness for running compiled functions without
//! the runtime: it validates and compiles a `.wat` module, lays out a fake
//! `VMContext` (store context, function array, one memory, globals, one
//! table, type ids, a few builtins), publishes the code in executable pages
//! and calls exports through a hand-encoded entry trampoline whose trap
//! landing returns the trap code. No signal handling: tests must not fault.

#![allow(dead_code, reason = "each test file uses a different subset")]

use std::collections::HashMap;

use codegen::compile_function;
use environ::{abi, ModuleInfo};
use wasmparser::{
    CompositeInnerType, DataKind, ElementItems, ElementKind, ExternalKind, Operator, Parser,
    Payload, ValidPayload, Validator,
};

extern "C" {
    fn mmap(addr: *mut u8, len: usize, prot: i32, flags: i32, fd: i32, off: i64) -> *mut u8;
    fn mprotect(addr: *mut u8, len: usize, prot: i32) -> i32;
    fn munmap(addr: *mut u8, len: usize) -> i32;
}
const PROT_READ: i32 = 1;
const PROT_WRITE: i32 = 2;
const PROT_EXEC: i32 = 4;
const MAP_PRIVATE_ANON: i32 = 0x22;

/// An anonymous mapping, unmapped on drop.
struct Pages {
    ptr: *mut u8,
    len: usize,
}

impl Pages {
    fn new(len: usize) -> Pages {
        let len = len.max(1).next_multiple_of(4096);
        // SAFETY: a fresh anonymous mapping.
        let ptr = unsafe {
            mmap(
                std::ptr::null_mut(),
                len,
                PROT_READ | PROT_WRITE,
                MAP_PRIVATE_ANON,
                -1,
                0,
            )
        };
        assert!(ptr as isize != -1, "mmap failed");
        Pages { ptr, len }
    }

    fn exec(code: &[u8]) -> Pages {
        let p = Pages::new(code.len());
        // SAFETY: writing within our mapping, then making it read-execute.
        unsafe {
            std::ptr::write_bytes(p.ptr, 0xcc, p.len);
            std::ptr::copy_nonoverlapping(code.as_ptr(), p.ptr, code.len());
            assert_eq!(mprotect(p.ptr, p.len, PROT_READ | PROT_EXEC), 0);
        }
        p
    }
}

impl Drop for Pages {
    fn drop(&mut self) {
        // SAFETY: our own mapping.
        unsafe {
            munmap(self.ptr, self.len);
        }
    }
}

/// `VMFuncRef`.
#[repr(C)]
#[derive(Copy, Clone, Default)]
struct FuncRef {
    code: usize,
    vmctx: usize,
    type_id: u32,
}

/// Memory of the fake instance: at most this many pages.
const MAX_PAGES: u64 = 1024;

type EntryFn = unsafe extern "C" fn(*mut u64, usize, *mut u64, usize) -> u32;

/// A compiled, instantiated module.
pub struct Module {
    _code: Pages,
    _trampoline: Pages,
    entry: EntryFn,
    funcs: Box<[FuncRef]>,
    vmctx: Box<[u64; 9]>,
    store: Box<[u64; 6]>,
    memory: Option<Pages>,
    vmmemory: Box<[u64; 3]>,
    memories: Box<[u64; 1]>,
    globals: Vec<[u64; 2]>,
    global_ptrs: Box<[u64]>,
    table_elems: Vec<Box<[u64]>>,
    vmtables: Vec<[u64; 2]>,
    tables: Box<[u64]>,
    type_ids: Box<[u32]>,
    builtins: Box<[usize; abi::Builtin::COUNT]>,
    exports: HashMap<String, u32>,
    info: ModuleInfo,
    /// Bytes of machine code per function.
    pub code_sizes: Vec<usize>,
}

/// A value of any type, as raw bits (i32/f32 in the low half).
pub type Bits = u64;

/// Evaluates a constant expression's first operator.
fn const_value(expr: &wasmparser::ConstExpr<'_>, funcs: *const FuncRef) -> u64 {
    let mut r = expr.get_operators_reader();
    match r.read().expect("const expr") {
        Operator::I32Const { value } => value as u32 as u64,
        Operator::I64Const { value } => value as u64,
        Operator::F32Const { value } => value.bits() as u64,
        Operator::F64Const { value } => value.bits(),
        Operator::RefFunc { function_index } => funcs as u64 + 24 * function_index as u64,
        _ => 0,
    }
}

extern "C" fn memory_grow(vmctx: *mut u64, _mem: u32, delta: u64) -> i64 {
    // SAFETY: the harness's own context layout.
    unsafe {
        let mem = *(*vmctx.add(2) as *const *mut u64);
        let old = *mem.add(1) / 65536;
        if old + delta > *mem.add(2) {
            return -1;
        }
        *mem.add(1) = (old + delta) * 65536;
        old as i64
    }
}

extern "C" fn memory_fill(vmctx: *mut u64, _mem: u32, dst: u64, val: u32, len: u64) -> u32 {
    // SAFETY: the harness's own context layout; bounds checked.
    unsafe {
        let mem = *(*vmctx.add(2) as *const *mut u64);
        if dst.checked_add(len).is_none_or(|e| e > *mem.add(1)) {
            return abi::TrapCode::MemoryOutOfBounds as u32;
        }
        std::ptr::write_bytes((*mem as *mut u8).add(dst as usize), val as u8, len as usize);
    }
    0
}

extern "C" fn memory_copy(vmctx: *mut u64, _d: u32, _s: u32, dst: u64, src: u64, len: u64) -> u32 {
    // SAFETY: the harness's own context layout; bounds checked.
    unsafe {
        let mem = *(*vmctx.add(2) as *const *mut u64);
        let size = *mem.add(1);
        if dst.checked_add(len).is_none_or(|e| e > size)
            || src.checked_add(len).is_none_or(|e| e > size)
        {
            return abi::TrapCode::MemoryOutOfBounds as u32;
        }
        let base = *mem as *mut u8;
        std::ptr::copy(base.add(src as usize), base.add(dst as usize), len as usize);
    }
    0
}

extern "C" fn noop_builtin() -> u64 {
    0
}

/// The entry trampoline and trap landing, hand-encoded:
/// `extern "C" fn(vmctx, code, slots, nslots) -> trap code`.
fn trampoline() -> (Vec<u8>, usize) {
    let mut c: Vec<u8> = Vec::new();
    c.extend([0x55, 0x48, 0x89, 0xe5]); // push rbp; mov rbp, rsp
    c.extend([0x53, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57]); // push rbx, r12-r15
    c.extend([0x52, 0x51]); // push rdx (slots, rbp-48); push rcx (nslots, rbp-56)
    c.extend([0x48, 0x8b, 0x07, 0x48, 0x89, 0x20]); // mov rax, [rdi]; mov [rax], rsp
    c.extend([0x48, 0x81, 0xec, 0x08, 0x04, 0, 0]); // sub rsp, 1032
                                                    // copy slots in: for rax in 0..rcx { [rsp + 8rax] = [rdx + 8rax] }
    c.extend([0x31, 0xc0, 0x48, 0x39, 0xc8, 0x73, 0x0d]);
    c.extend([
        0x4c, 0x8b, 0x04, 0xc2, 0x4c, 0x89, 0x04, 0xc4, 0x48, 0xff, 0xc0, 0xeb, 0xee,
    ]);
    c.extend([0x49, 0x89, 0xfe, 0xff, 0xd6]); // mov r14, rdi; call rsi
    c.extend([0x48, 0x8b, 0x55, 0xd0, 0x48, 0x8b, 0x4d, 0xc8]); // rdx = slots; rcx = nslots
    c.extend([0x31, 0xc0, 0x48, 0x39, 0xc8, 0x73, 0x0d]);
    c.extend([
        0x4c, 0x8b, 0x04, 0xc4, 0x4c, 0x89, 0x04, 0xc2, 0x48, 0xff, 0xc0, 0xeb, 0xee,
    ]);
    c.extend([0x31, 0xc0]); // xor eax, eax
    let exit = c.len();
    c.extend([0x48, 0x8d, 0x65, 0xd8]); // lea rsp, [rbp-40]
    c.extend([
        0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c, 0x5b, 0x5d, 0xc3,
    ]);
    let landing = c.len();
    c.extend([0x48, 0x8b, 0x27, 0x48, 0x8d, 0x6c, 0x24, 0x38, 0x89, 0xf0]); // rsp = entry_sp; rbp; eax = esi
    let rel = exit as isize - (c.len() as isize + 2);
    c.extend([0xeb, rel as i8 as u8]);
    (c, landing)
}

impl Module {
    /// Validates, compiles and instantiates a module given as text.
    pub fn new(wat: &str) -> Module {
        Module::try_new(wat).unwrap_or_else(|e| panic!("{e}"))
    }

    /// As [`Module::new`], returning compile errors.
    pub fn try_new(wat: &str) -> Result<Module, environ::CompileError> {
        let bytes = wat::parse_str(wat).expect("valid wat");
        Module::from_bytes(&bytes)
    }

    /// Validates, compiles and instantiates a binary module (which must
    /// not have imports).
    pub fn from_bytes(bytes: &[u8]) -> Result<Module, environ::CompileError> {
        let mut validator = Validator::new();
        let mut info = ModuleInfo::default();
        let mut bodies = Vec::new();
        let mut exports = HashMap::new();
        let mut global_inits = Vec::new();
        let mut elems = Vec::new();
        let mut datas = Vec::new();
        for payload in Parser::new(0).parse_all(bytes) {
            let payload = payload?;
            if let ValidPayload::Func(f, body) = validator.payload(&payload)? {
                bodies.push((f, body));
            }
            match payload {
                Payload::ImportSection(r) if r.count() > 0 => {
                    return Err(environ::CompileError::Limit("harness: imports".into()));
                }
                Payload::TypeSection(r) => {
                    for rg in r {
                        for st in rg?.types() {
                            info.types.push(match &st.composite_type.inner {
                                CompositeInnerType::Func(ft) => ft.clone(),
                                _ => wasmparser::FuncType::new([], []),
                            });
                        }
                    }
                }
                Payload::FunctionSection(r) => {
                    for t in r {
                        info.functions.push(t?);
                    }
                }
                Payload::TableSection(r) => {
                    for t in r {
                        info.tables.push(t?.ty);
                    }
                }
                Payload::MemorySection(r) => {
                    for m in r {
                        info.memories.push(m?);
                    }
                }
                Payload::GlobalSection(r) => {
                    for g in r {
                        let g = g?;
                        info.globals.push(g.ty);
                        global_inits.push(g.init_expr);
                    }
                }
                Payload::ExportSection(r) => {
                    for e in r {
                        let e = e?;
                        if e.kind == ExternalKind::Func {
                            exports.insert(e.name.to_string(), e.index);
                        }
                    }
                }
                Payload::ElementSection(r) => {
                    for e in r {
                        let e = e?;
                        if let ElementKind::Active {
                            offset_expr,
                            table_index,
                        } = e.kind
                        {
                            let fs: Vec<Option<u32>> = match e.items {
                                ElementItems::Functions(fs) => fs
                                    .into_iter()
                                    .map(|f| f.map(Some))
                                    .collect::<Result<_, _>>()?,
                                ElementItems::Expressions(_, es) => es
                                    .into_iter()
                                    .map(|e| {
                                        e.map(|e| match e.get_operators_reader().read() {
                                            Ok(Operator::RefFunc { function_index }) => {
                                                Some(function_index)
                                            }
                                            _ => None,
                                        })
                                    })
                                    .collect::<Result<_, _>>()?,
                            };
                            elems.push((table_index.unwrap_or(0), offset_expr, fs));
                        }
                    }
                }
                Payload::DataSection(r) => {
                    for d in r {
                        let d = d?;
                        if let DataKind::Active { offset_expr, .. } = d.kind {
                            datas.push((offset_expr, d.data.to_vec()));
                        }
                    }
                }
                _ => {}
            }
        }

        // Compile every body and lay the code out back to back.
        let mut code = Vec::new();
        let mut offsets = Vec::new();
        let mut code_sizes = Vec::new();
        let mut calls = Vec::new();
        for (i, (f, body)) in bodies.into_iter().enumerate() {
            let mut fv = f.into_validator(Default::default());
            let compiled = compile_function(&info, i as u32, &body, &mut fv)?;
            while code.len() % 16 != 0 {
                code.push(0xcc);
            }
            offsets.push(code.len());
            code_sizes.push(compiled.code.len());
            code.extend_from_slice(&compiled.code);
            calls.extend(compiled.calls.iter().map(|c| (i, *c)));
        }
        for (caller, call) in calls {
            call.apply(&mut code, offsets[caller], offsets[call.callee as usize]);
        }
        let code_pages = Pages::exec(&code);
        let (tramp, landing) = trampoline();
        let tramp_pages = Pages::exec(&tramp);
        // SAFETY: the trampoline follows the `EntryFn` signature.
        let entry: EntryFn = unsafe { std::mem::transmute(tramp_pages.ptr) };

        let type_ids: Box<[u32]> = (0..info.types.len())
            .map(|i| info.types.iter().position(|t| *t == info.types[i]).unwrap() as u32)
            .collect();
        let mut m = Module {
            _code: code_pages,
            _trampoline: tramp_pages,
            entry,
            funcs: vec![FuncRef::default(); info.functions.len()].into_boxed_slice(),
            vmctx: Box::new([0; 9]),
            store: Box::new([0; 6]),
            memory: None,
            vmmemory: Box::new([0; 3]),
            memories: Box::new([0; 1]),
            globals: Vec::new(),
            global_ptrs: Box::new([]),
            table_elems: Vec::new(),
            vmtables: Vec::new(),
            tables: Box::new([]),
            type_ids,
            builtins: Box::new([noop_builtin as *const () as usize; abi::Builtin::COUNT]),
            exports,
            info,
            code_sizes,
        };
        let vmctx_addr = m.vmctx.as_ptr() as usize;
        for (i, f) in m.funcs.iter_mut().enumerate() {
            f.code = m._code.ptr as usize + offsets[i];
            f.vmctx = vmctx_addr;
            f.type_id = m.type_ids[m.info.functions[i] as usize];
        }
        let funcs_ptr = m.funcs.as_ptr();
        for init in &global_inits {
            let v = const_value(init, funcs_ptr);
            m.globals.push([v, 0]);
        }
        m.global_ptrs = m.globals.iter().map(|g| g.as_ptr() as u64).collect();
        if let Some(mem) = m.info.memories.first() {
            if mem.initial > MAX_PAGES {
                return Err(environ::CompileError::Limit(
                    "harness: memory too large".into(),
                ));
            }
            let pages = Pages::new((MAX_PAGES * 65536) as usize);
            m.vmmemory[0] = pages.ptr as u64;
            m.vmmemory[1] = mem.initial * 65536;
            m.vmmemory[2] = mem.maximum.unwrap_or(MAX_PAGES).min(MAX_PAGES);
            for (off, data) in &datas {
                let o = const_value(off, funcs_ptr) as usize;
                if o + data.len() > m.vmmemory[1] as usize {
                    return Err(environ::CompileError::Limit(
                        "harness: data out of bounds".into(),
                    ));
                }
                // SAFETY: within the accessible part of the mapping.
                unsafe {
                    std::ptr::copy_nonoverlapping(data.as_ptr(), pages.ptr.add(o), data.len())
                };
            }
            m.memory = Some(pages);
            m.memories[0] = m.vmmemory.as_mut_ptr() as u64;
        }
        for t in &m.info.tables {
            if t.initial > 1 << 20 {
                return Err(environ::CompileError::Limit(
                    "harness: table too large".into(),
                ));
            }
            m.table_elems
                .push(vec![0u64; t.initial as usize].into_boxed_slice());
        }
        for (t, off, fs) in &elems {
            let o = const_value(off, funcs_ptr) as usize;
            let elements = &mut m.table_elems[*t as usize];
            if o + fs.len() > elements.len() {
                return Err(environ::CompileError::Limit(
                    "harness: elements out of bounds".into(),
                ));
            }
            for (k, f) in fs.iter().enumerate() {
                elements[o + k] = f.map_or(0, |f| funcs_ptr as u64 + 24 * f as u64);
            }
        }
        for e in &mut m.table_elems {
            m.vmtables.push([e.as_mut_ptr() as u64, e.len() as u64]);
        }
        m.tables = m
            .vmtables
            .iter_mut()
            .map(|t| t.as_mut_ptr() as u64)
            .collect();
        m.builtins[abi::Builtin::MemoryGrow as usize] = memory_grow as *const () as usize;
        m.builtins[abi::Builtin::MemoryFill as usize] = memory_fill as *const () as usize;
        m.builtins[abi::Builtin::MemoryCopy as usize] = memory_copy as *const () as usize;

        let local = 0u8;
        m.store[abi::STORE_STACK_LIMIT as usize / 8] =
            (&local as *const u8 as u64).saturating_sub(512 * 1024);
        m.store[abi::STORE_TRAP_LANDING as usize / 8] = m._trampoline.ptr as u64 + landing as u64;
        m.vmctx[abi::VMCTX_STORE as usize / 8] = m.store.as_mut_ptr() as u64;
        m.vmctx[abi::VMCTX_MEMORY0_BASE as usize / 8] = m.vmmemory[0];
        m.vmctx[abi::VMCTX_MEMORIES as usize / 8] = m.memories.as_mut_ptr() as u64;
        m.vmctx[abi::VMCTX_GLOBALS as usize / 8] = m.global_ptrs.as_mut_ptr() as u64;
        m.vmctx[abi::VMCTX_TABLES as usize / 8] = m.tables.as_mut_ptr() as u64;
        m.vmctx[abi::VMCTX_FUNCS as usize / 8] = m.funcs.as_ptr() as u64;
        m.vmctx[abi::VMCTX_TYPE_IDS as usize / 8] = m.type_ids.as_ptr() as u64;
        m.vmctx[abi::VMCTX_BUILTINS as usize / 8] = m.builtins.as_ptr() as u64;
        Ok(m)
    }

    /// Calls an export with raw argument bits; `Err(code)` if it trapped.
    pub fn call(&mut self, name: &str, args: &[Bits]) -> Result<Vec<Bits>, u32> {
        let index = *self
            .exports
            .get(name)
            .unwrap_or_else(|| panic!("no export {name}"));
        let ty = self.info.func_type(index).clone();
        let nslots = ty.params().len().max(ty.results().len());
        assert!(nslots <= 128, "harness: too many slots");
        let mut slots = vec![0u64; nslots.max(1)];
        slots[..args.len()].copy_from_slice(args);
        // Recompute the stack limit for this thread's stack.
        let local = 0u8;
        self.store[abi::STORE_STACK_LIMIT as usize / 8] =
            (&local as *const u8 as u64).saturating_sub(512 * 1024);
        let code = self.funcs[index as usize].code;
        // SAFETY: the code was compiled for this context; slots has room for
        // the parameters and the results.
        let trap =
            unsafe { (self.entry)(self.vmctx.as_mut_ptr(), code, slots.as_mut_ptr(), nslots) };
        if trap != 0 {
            return Err(trap);
        }
        let mut out = Vec::new();
        for (i, r) in ty.results().iter().enumerate() {
            out.push(match r {
                wasmparser::ValType::I32 | wasmparser::ValType::F32 => slots[i] & 0xffff_ffff,
                _ => slots[i],
            });
        }
        Ok(out)
    }

    /// Calls an export returning one i32.
    pub fn i32(&mut self, name: &str, args: &[Bits]) -> i32 {
        self.call(name, args).expect("no trap")[0] as u32 as i32
    }

    /// Calls an export returning one i64.
    pub fn i64(&mut self, name: &str, args: &[Bits]) -> i64 {
        self.call(name, args).expect("no trap")[0] as i64
    }

    /// Calls an export returning one f32.
    pub fn f32(&mut self, name: &str, args: &[Bits]) -> f32 {
        f32::from_bits(self.call(name, args).expect("no trap")[0] as u32)
    }

    /// Calls an export returning one f64.
    pub fn f64(&mut self, name: &str, args: &[Bits]) -> f64 {
        f64::from_bits(self.call(name, args).expect("no trap")[0])
    }

    /// The bytes of linear memory 0.
    pub fn memory(&self) -> &[u8] {
        let m = self.memory.as_ref().expect("a memory");
        // SAFETY: the accessible part of our mapping.
        unsafe { std::slice::from_raw_parts(m.ptr, self.vmmemory[1] as usize) }
    }

    /// The value of global `i`.
    pub fn global(&self, i: usize) -> u64 {
        self.globals[i][0]
    }
}

/// i32 argument bits.
pub fn i(v: i32) -> Bits {
    v as u32 as u64
}
/// i64 argument bits.
pub fn l(v: i64) -> Bits {
    v as u64
}
/// f32 argument bits.
pub fn f(v: f32) -> Bits {
    v.to_bits() as u64
}
/// f64 argument bits.
pub fn d(v: f64) -> Bits {
    v.to_bits()
}
