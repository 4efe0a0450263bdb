//! [`Instance`]: instantiation (import checks, creating memories, tables and
//! globals, laying out the VM context and its arrays, evaluating constant
//! expressions, applying element and data segments, running the start
//! function) and access to exports.

use crate::builtins;
use crate::externals::{Extern, Global, Memory, Table};
use crate::func::{invoke, Func, TypedFunc, WasmParams, WasmResults};
use crate::limits::Growth;
use crate::module::{ConstExpr, ConstOp, ElemKind, EntityIndex, Module, ModuleInner};
use crate::shared_memory::SharedMemory;
use crate::store::{AsContextMut, FuncData, GlobalData, Store};
use crate::trap::Trap;
use crate::types::{ExternType, Mutability};
use crate::vm::memory::{bounds_checked, MemoryData};
use crate::vm::table::TableData;
use crate::vm::{VMContext, VMFuncRef, VMGlobal, VMMemory, VMTable};
use anyhow::{anyhow, bail, Result};

/// An instantiated module in a store. A copyable handle.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Instance {
    pub(crate) store_id: u64,
    pub(crate) index: u32,
}

/// Everything an instance owns besides the store-wide items it uses. Boxed
/// in the store (stable address: `VMContext::instance` points here); the
/// arrays the `VMContext` points to are boxed slices, never resized.
pub(crate) struct InstanceData {
    pub handle: Instance,
    pub module: Module,
    pub vmctx: Box<VMContext>,
    pub memories: Box<[*mut VMMemory]>,
    pub globals: Box<[*mut VMGlobal]>,
    pub tables: Box<[*mut VMTable]>,
    pub funcs: Box<[VMFuncRef]>,
    /// Kept alive for `VMContext::type_ids`.
    pub _type_ids: Box<[u32]>,
    pub exports: Vec<(String, Extern)>,
    /// Whether each data segment was dropped.
    pub dropped_data: Vec<bool>,
    /// Each element segment's evaluated items (empty once dropped).
    pub elems: Vec<Vec<u64>>,
    /// The identity of each tag (imported first), which the unwinder
    /// compares.
    pub tags: Box<[*const crate::exceptions::TagData]>,
}

impl InstanceData {
    /// The memory at `index`.
    ///
    /// # Safety
    ///
    /// The instance's store must be alive and not otherwise borrowed.
    #[allow(
        clippy::mut_from_ref,
        reason = "the items live in the store, not in the instance; the caller guarantees exclusivity"
    )]
    pub(crate) unsafe fn memory(&self, index: u32) -> &mut MemoryData {
        // SAFETY: `memories[i]` points to a `MemoryData` (whose first field
        // is the `VMMemory`) owned by the store.
        unsafe { &mut *self.memories[index as usize].cast::<MemoryData>() }
    }

    /// The table at `index`.
    ///
    /// # Safety
    ///
    /// As for [`InstanceData::memory`].
    #[allow(
        clippy::mut_from_ref,
        reason = "the items live in the store, not in the instance; the caller guarantees exclusivity"
    )]
    pub(crate) unsafe fn table(&self, index: u32) -> &mut TableData {
        // SAFETY: `tables[i]` points to a `TableData` (whose first field is
        // the `VMTable`) owned by the store.
        unsafe { &mut *self.tables[index as usize].cast::<TableData>() }
    }
}

/// Evaluates a constant expression to its raw value.
fn eval_const(expr: &ConstExpr, globals: &[*mut VMGlobal], funcs: &[VMFuncRef]) -> u128 {
    let mut stack: Vec<u128> = Vec::with_capacity(4);
    for op in &expr.0 {
        let v = match *op {
            ConstOp::I32(v) => u128::from(v as u32),
            ConstOp::I64(v) => u128::from(v as u64),
            ConstOp::F32(v) => u128::from(v),
            ConstOp::F64(v) => u128::from(v),
            ConstOp::V128(v) => v,
            ConstOp::RefNull => 0,
            ConstOp::RefFunc(i) => &funcs[i as usize] as *const VMFuncRef as usize as u128,
            // SAFETY: global pointers of an instance point to live cells.
            ConstOp::GlobalGet(i) => unsafe { (*globals[i as usize]).get_u128() },
            ConstOp::I32Add | ConstOp::I32Sub | ConstOp::I32Mul => {
                let b = stack.pop().unwrap_or(0) as u32;
                let a = stack.pop().unwrap_or(0) as u32;
                u128::from(match op {
                    ConstOp::I32Add => a.wrapping_add(b),
                    ConstOp::I32Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                })
            }
            ConstOp::I64Add | ConstOp::I64Sub | ConstOp::I64Mul => {
                let b = stack.pop().unwrap_or(0) as u64;
                let a = stack.pop().unwrap_or(0) as u64;
                u128::from(match op {
                    ConstOp::I64Add => a.wrapping_add(b),
                    ConstOp::I64Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                })
            }
        };
        stack.push(v);
    }
    stack.pop().unwrap_or(0)
}

/// Whether an item of type `actual` satisfies an import of type `expected`.
fn import_matches(actual: &ExternType, expected: &ExternType) -> bool {
    fn limits_match(amin: u64, amax: Option<u64>, emin: u64, emax: Option<u64>) -> bool {
        amin >= emin
            && match emax {
                None => true,
                Some(emax) => amax.is_some_and(|amax| amax <= emax),
            }
    }
    match (actual, expected) {
        (ExternType::Func(a), ExternType::Func(e)) => a == e,
        // An immutable global may be of a subtype; a mutable one is read
        // and written through the import, so its type must be the same.
        (ExternType::Global(a), ExternType::Global(e)) => {
            a.mutability() == e.mutability()
                && match e.mutability() {
                    Mutability::Const => a.content().matches(e.content()),
                    Mutability::Var => a.content() == e.content(),
                }
        }
        (ExternType::Tag(a), ExternType::Tag(e)) => a == e,
        (ExternType::Memory(a), ExternType::Memory(e)) => {
            a.is_64() == e.is_64()
                && a.is_shared() == e.is_shared()
                && a.page_size_log2() == e.page_size_log2()
                && limits_match(a.minimum(), a.maximum(), e.minimum(), e.maximum())
        }
        (ExternType::Table(a), ExternType::Table(e)) => {
            a.element() == e.element()
                && a.is_64() == e.is_64()
                && limits_match(a.minimum(), a.maximum(), e.minimum(), e.maximum())
        }
        _ => false,
    }
}

/// Fails if instantiating `m` would exceed the store's resource limiter:
/// its instance, memory or table counts, or the initial size of a memory
/// or table the module defines.
fn check_limits<T>(store: &mut Store<T>, m: &ModuleInner) -> Result<()> {
    let Some((instances, memories, tables)) = store.count_limits() else {
        return Ok(());
    };
    let own_memories = &m.memories[m.num_imported_memories as usize..];
    let own_tables = &m.tables[m.num_imported_tables as usize..];
    if store.opaque.instances.len() >= instances {
        bail!("resource limit exceeded: more than {instances} instances");
    }
    if store.opaque.memories.len() + own_memories.len() > memories {
        bail!("resource limit exceeded: more than {memories} memories");
    }
    if store.opaque.tables.len() + own_tables.len() > tables {
        bail!("resource limit exceeded: more than {tables} tables");
    }
    for ty in own_memories {
        let page = ty.page_size() as usize;
        let growth = Growth {
            memory: true,
            current: 0,
            desired: (ty.minimum() as usize).saturating_mul(page),
            maximum: ty.maximum().map(|m| (m as usize).saturating_mul(page)),
        };
        if !store.growth_allowed(growth) {
            bail!("resource limit exceeded: memory of {} pages", ty.minimum());
        }
    }
    for ty in own_tables {
        let growth = Growth {
            memory: false,
            current: 0,
            desired: ty.minimum() as usize,
            maximum: ty.maximum().map(|m| m as usize),
        };
        if !store.growth_allowed(growth) {
            bail!(
                "resource limit exceeded: table of {} elements",
                ty.minimum()
            );
        }
    }
    Ok(())
}

/// Whether data segment `seg` of `m` is in the module's memory image.
fn in_image(m: &ModuleInner, seg: &crate::module::DataSegment) -> bool {
    m.memory_image.is_some() && matches!(seg.active, Some((0, _)))
}

/// Applies the active data segments of `m` to `inst`, in order, as the
/// spec does: each is `memory.init` then `data.drop`, and the first out of
/// bounds traps with the earlier ones applied and the later ones not.
/// With `image_mapped`, memory 0 holds its segments already (they never
/// trap: the image exists only if all are in bounds); they are skipped,
/// unless a segment for another memory traps before the last of them is
/// reached, when the image is replaced by the segments that come before
/// the trap. Offsets are evaluated and bounds checked before anything is
/// written, which changes nothing: neither reads what segments write.
///
/// # Safety
///
/// As for [`InstanceData::memory`].
unsafe fn apply_data_segments(
    inst: &mut InstanceData,
    m: &ModuleInner,
    image_mapped: bool,
) -> Result<()> {
    // The segment that traps, if any (only copied ones can).
    let mut trap_at = None;
    for (i, seg) in m.datas.iter().enumerate() {
        if let Some((mem, offset)) = &seg.active {
            if image_mapped && in_image(m, seg) {
                continue;
            }
            // An i32 offset is zero-extended, an i64 one (memory64) whole.
            let offset = eval_const(offset, &inst.globals, &inst.funcs) as u64;
            // SAFETY: the caller's guarantee.
            let size = unsafe { inst.memory(*mem) }.size_bytes();
            if offset
                .checked_add(seg.bytes.len() as u64)
                .is_none_or(|end| end > size)
            {
                trap_at = Some(i);
                break;
            }
        }
    }
    let applied = trap_at.unwrap_or(m.datas.len());
    let mut use_image = image_mapped;
    if image_mapped && m.datas[applied..].iter().any(|seg| in_image(m, seg)) {
        // SAFETY: the caller's guarantee.
        unsafe { unmap_image(inst) };
        use_image = false;
    }
    for (i, seg) in m.datas.iter().enumerate().take(applied) {
        if let Some((mem, offset)) = &seg.active {
            inst.dropped_data[i] = true;
            if use_image && in_image(m, seg) {
                continue;
            }
            let offset = eval_const(offset, &inst.globals, &inst.funcs) as usize;
            // SAFETY: the caller's guarantee.
            let mem = unsafe { inst.memory(*mem) };
            // In bounds: checked above, or in the image's bounds. Raw
            // writes: an imported shared memory may be in use on other
            // threads.
            assert!(offset + seg.bytes.len() <= mem.size_bytes() as usize);
            // SAFETY: the range is within the memory's accessible bytes,
            // and the segment is not in any memory.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    seg.bytes.as_ptr(),
                    mem.vm.base.add(offset),
                    seg.bytes.len(),
                )
            };
        }
    }
    if let Some(i) = trap_at {
        inst.dropped_data[i] = true;
        return Err(Trap::MemoryOutOfBounds.into());
    }
    Ok(())
}

/// Replaces memory 0's image by zeros: instantiation traps before its
/// segments would all have been applied, and the memory stays reachable
/// (through functions the instance placed in imported tables), so it must
/// hold exactly what the spec says.
///
/// # Safety
///
/// As for [`InstanceData::memory`].
unsafe fn unmap_image(inst: &mut InstanceData) {
    // SAFETY: the caller's guarantee.
    unsafe { inst.memory(0) }.clear_image();
}

impl Instance {
    /// Instantiates `module` with `imports` given in the module's import
    /// order. A trap during initialization (a segment out of bounds, a trap
    /// in the start function) is a [`Trap`] error.
    pub fn new(
        mut store: impl AsContextMut,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance> {
        Self::new_inner(store.as_context_mut(), module, imports)
    }

    pub(crate) fn new_inner<T>(
        store: &mut Store<T>,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance> {
        let m = &*module.inner;
        if !crate::Engine::same(&m.engine, &store.opaque.engine) {
            bail!("the module was compiled for a different engine than the store's");
        }
        if imports.len() != m.imports.len() {
            bail!(
                "expected {} imports, got {}",
                m.imports.len(),
                imports.len()
            );
        }
        check_limits(store, m)?;
        for (imp, ext) in m.imports.iter().zip(imports) {
            if ext.store_id().is_some_and(|id| id != store.opaque.id) {
                bail!(
                    "import `{}::{}` belongs to another store",
                    imp.module,
                    imp.name
                );
            }
            // A shared memory may come from another engine: this one's
            // code may rely on guard pages (no bounds checks) only if
            // that engine reserved them too.
            if let Extern::SharedMemory(mem) = ext {
                let ty = mem.ty();
                let guard_pages = |e: &crate::Engine| e.config().memory_guard_pages;
                if !bounds_checked(&ty, guard_pages(&store.opaque.engine))
                    && bounds_checked(&ty, guard_pages(mem.engine()))
                {
                    bail!(
                        "import `{}::{}` is a shared memory of an engine without guard pages, \
                         which this engine's code needs",
                        imp.module,
                        imp.name
                    );
                }
            }
            let actual = ext.ty(&*store);
            if !import_matches(&actual, &imp.ty) {
                bail!(
                    "incompatible import type for `{}::{}`: expected {} {:?}, found {} {:?}",
                    imp.module,
                    imp.name,
                    imp.ty.kind_name(),
                    imp.ty,
                    actual.kind_name(),
                    actual
                );
            }
        }

        let opaque = &mut store.opaque;
        let instance_index = opaque.instances.len() as u32;
        let handle = Instance {
            store_id: opaque.id,
            index: instance_index,
        };
        let mut vmctx = Box::new(VMContext {
            store: &mut *opaque.vm,
            memory0_base: core::ptr::null_mut(),
            memories: core::ptr::null(),
            globals: core::ptr::null(),
            tables: core::ptr::null(),
            funcs: core::ptr::null(),
            type_ids: core::ptr::null(),
            builtins: builtins::table(),
            instance: core::ptr::null_mut(),
            func_cells: core::ptr::null(),
            hotness: core::ptr::null_mut(),
            call_feedback: core::ptr::null(),
            event_counts: core::ptr::null_mut(),
        });
        let vmctx_ptr: *mut VMContext = &mut *vmctx;

        // Functions: imports first, then this module's code.
        let nfuncs = m.info.functions.len();
        let mut func_handles = Vec::with_capacity(nfuncs);
        let mut funcs = vec![VMFuncRef::NULL; nfuncs].into_boxed_slice();
        let mut memories = Vec::new();
        let mut tables = Vec::new();
        let mut globals = Vec::new();
        let mut memory_handles = Vec::new();
        let mut table_handles = Vec::new();
        let mut global_handles = Vec::new();
        let mut tag_handles = Vec::new();
        for ext in imports {
            match ext.clone() {
                Extern::Func(f) => {
                    // SAFETY: a store function's funcref lives as long as the store.
                    funcs[func_handles.len()] = unsafe { *opaque.funcs[f.index as usize].funcref };
                    func_handles.push(f);
                }
                Extern::Memory(mem) => {
                    let p: *mut MemoryData = &mut *opaque.memories[mem.index as usize];
                    memories.push(p.cast::<VMMemory>());
                    memory_handles.push(Extern::Memory(mem));
                }
                Extern::SharedMemory(mem) => {
                    memories.push(mem.vm_memory());
                    memory_handles.push(Extern::SharedMemory(mem.clone()));
                    opaque.shared_memories.push(mem);
                }
                Extern::Table(t) => {
                    let p: *mut TableData = &mut *opaque.tables[t.index as usize];
                    tables.push(p.cast::<VMTable>());
                    table_handles.push(t);
                }
                Extern::Global(g) => {
                    globals.push(&mut *opaque.globals[g.index as usize].cell as *mut VMGlobal);
                    global_handles.push(g);
                }
                Extern::Tag(t) => tag_handles.push(t),
            }
        }
        for &ty in &m.info.tags[m.num_imported_tags as usize..] {
            tag_handles.push(crate::Tag::push(opaque, m.types[ty as usize].clone()));
        }
        let tags: Box<[*const crate::exceptions::TagData]> =
            tag_handles.iter().map(|t| t.vm_ptr(opaque)).collect();
        // Tables are made after the functions are in the store (their
        // initializers may refer to them): their one way to fail is
        // checked now, as no function of a failed instantiation may stay
        // registered while its arrays are freed.
        for ty in &m.tables[m.num_imported_tables as usize..] {
            TableData::check_limits(*ty)?;
        }
        // Memories (the last fallible step: before anything refers to
        // this instance's arrays).
        let max_bytes = opaque.engine.config().max_memory_bytes;
        let guard_pages = opaque.engine.config().memory_guard_pages;
        for (i, ty) in m.memories.iter().enumerate() {
            if i < m.num_imported_memories as usize {
                continue;
            }
            // Memory 0 starts with its image, if the module has one: the
            // active segments for it are then applied already (undone if
            // instantiation traps before they would be).
            let image = m.memory_image.as_ref().filter(|_| i == 0);
            let pool = &opaque.engine.inner.memory_pool;
            let mut data = MemoryData::new(*ty, max_bytes, guard_pages, pool, image)?;
            memories.push((&mut *data as *mut MemoryData).cast::<VMMemory>());
            if ty.is_shared() {
                let shared = SharedMemory::from_data(&opaque.engine, data);
                memory_handles.push(Extern::SharedMemory(shared.clone()));
                opaque.shared_memories.push(shared);
            } else {
                memory_handles.push(Extern::Memory(Memory::push(opaque, data)));
            }
        }

        let code_base = m.code.as_ref().map_or(0, |c| c.as_ptr() as usize);
        let ndefined = nfuncs - m.num_imported_funcs as usize;
        for i in 0..ndefined {
            let index = m.num_imported_funcs + i as u32;
            let code = match &m.tiering {
                // Through the cell: the function may not be compiled yet,
                // and its code changes as it tiers up.
                Some(t) => t.stub(i),
                None => code_base + m.func_offsets[i],
            };
            funcs[index as usize] = VMFuncRef {
                code,
                vmctx: vmctx_ptr.cast(),
                type_id: m.func_type_id(index),
            };
        }
        if let Some(t) = &m.tiering {
            vmctx.func_cells = t.cells_ptr();
            vmctx.hotness = t.budgets_ptr();
            vmctx.call_feedback = t.feedback.table_ptr();
            vmctx.event_counts = t.event_counts_ptr();
        }
        opaque.funcref_map.reserve(nfuncs);
        opaque.funcs.reserve(ndefined);
        for (i, f) in funcs.iter().enumerate() {
            let p = f as *const VMFuncRef;
            if i < m.num_imported_funcs as usize {
                let h = func_handles[i];
                opaque.funcref_map.entry(p as usize).or_insert(h.index);
            } else {
                let index = opaque.push_func(FuncData {
                    funcref: p,
                    ty: m.func_type(i as u32).clone(),
                    _host: None,
                });
                func_handles.push(Func {
                    store_id: opaque.id,
                    index,
                });
            }
        }

        // Globals, in order (initializers may read earlier globals).
        for (i, init) in m.global_inits.iter().enumerate() {
            let ty = m.globals[m.num_imported_globals as usize + i];
            let raw = eval_const(init, &globals, &funcs);
            let mut cell = Box::new(VMGlobal::default());
            cell.set_u128(raw);
            let p: *mut VMGlobal = &mut *cell;
            let g = Global::push(opaque, GlobalData { cell, ty });
            globals.push(p);
            global_handles.push(g);
        }

        // Tables.
        for (i, init) in m.table_inits.iter().enumerate() {
            let ty = m.tables[m.num_imported_tables as usize + i];
            let raw = init
                .as_ref()
                .map_or(0, |e| eval_const(e, &globals, &funcs) as u64);
            let mut data = TableData::new(ty, raw)?;
            tables.push((&mut *data as *mut TableData).cast::<VMTable>());
            table_handles.push(Table::push(opaque, data));
        }

        if let Some(t) = &m.tiering {
            // SAFETY: the pointers are the live cells of the store's
            // globals (imported, or made above).
            t.observe_instance(&|g| unsafe { (*globals[g as usize]).get_u128() });
        }
        let memories = memories.into_boxed_slice();
        let globals = globals.into_boxed_slice();
        let tables = tables.into_boxed_slice();
        let type_ids: Box<[u32]> = m.type_ids.clone().into_boxed_slice();
        if let Some(&mem0) = memories.first() {
            // SAFETY: a live memory of the store.
            vmctx.memory0_base = unsafe { (*mem0).base };
        }
        vmctx.memories = memories.as_ptr();
        vmctx.globals = globals.as_ptr();
        vmctx.tables = tables.as_ptr();
        vmctx.funcs = funcs.as_ptr();
        vmctx.type_ids = type_ids.as_ptr();

        let exports = m
            .exports
            .iter()
            .map(|(name, e)| {
                let ext = match *e {
                    EntityIndex::Func(i) => Extern::Func(func_handles[i as usize]),
                    EntityIndex::Table(i) => Extern::Table(table_handles[i as usize]),
                    EntityIndex::Memory(i) => memory_handles[i as usize].clone(),
                    EntityIndex::Global(i) => Extern::Global(global_handles[i as usize]),
                    EntityIndex::Tag(i) => Extern::Tag(tag_handles[i as usize]),
                };
                (name.clone(), ext)
            })
            .collect();

        // Element segments, evaluated once.
        let elems: Vec<Vec<u64>> = m
            .elems
            .iter()
            .map(|seg| {
                seg.items
                    .iter()
                    .map(|e| eval_const(e, &globals, &funcs) as u64)
                    .collect()
            })
            .collect();

        let mut data = Box::new(InstanceData {
            handle,
            module: module.clone(),
            vmctx,
            memories,
            globals,
            tables,
            funcs,
            _type_ids: type_ids,
            exports,
            dropped_data: vec![false; m.datas.len()],
            elems,
            tags,
        });
        let data_ptr: *mut InstanceData = &mut *data;
        data.vmctx.instance = data_ptr.cast();
        opaque.instances.push(data);
        opaque.register_module(module);

        // Whether memory 0 holds the module's image: its active segments
        // are then applied already, but only appear so once all would have
        // been (see `unmap_image`).
        // SAFETY: `data_ptr` is the boxed instance just pushed; its memories
        // are live store memories.
        let image_mapped = m.memory_image.is_some() && unsafe { (*data_ptr).memory(0).has_image() };

        // Active element segments, in order; then active data segments.
        for (i, seg) in m.elems.iter().enumerate() {
            match &seg.kind {
                ElemKind::Active { table, offset } => {
                    // SAFETY: `data_ptr` is the boxed instance just pushed.
                    let inst = unsafe { &mut *data_ptr };
                    // An i32 offset is zero-extended, an i64 one (table64)
                    // whole.
                    let offset = eval_const(offset, &inst.globals, &inst.funcs) as u64;
                    let items = std::mem::take(&mut inst.elems[i]);
                    // SAFETY: the instance's tables are live store tables.
                    let t = unsafe { inst.table(*table) };
                    let end = offset.saturating_add(items.len() as u64);
                    if end > t.len() {
                        if image_mapped {
                            // SAFETY: as above.
                            unsafe { unmap_image(inst) };
                        }
                        return Err(Trap::TableOutOfBounds.into());
                    }
                    t.elements_mut()[offset as usize..end as usize].copy_from_slice(&items);
                }
                ElemKind::Declared => {
                    // SAFETY: as above.
                    unsafe { (&mut (*data_ptr).elems)[i].clear() };
                }
                ElemKind::Passive => {}
            }
        }
        // SAFETY: as above.
        unsafe { apply_data_segments(&mut *data_ptr, m, image_mapped)? };

        if let Some(start) = m.start {
            // SAFETY: as above.
            let funcref: *const VMFuncRef = unsafe { &(*data_ptr).funcs[start as usize] };
            let ty = m.func_type(start);
            let mut slots = vec![0u64; ty.slot_count()];
            invoke(store, funcref, &mut slots, None)?;
        }
        Ok(handle)
    }

    fn data<'a, T>(&self, store: &'a Store<T>) -> &'a InstanceData {
        store.opaque.check(self.store_id, "instance");
        &store.opaque.instances[self.index as usize]
    }

    /// The export called `name`.
    pub fn get_export(&self, mut store: impl AsContextMut, name: &str) -> Option<Extern> {
        let store = store.as_context_mut();
        self.data(store)
            .exports
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, e)| e.clone())
    }

    /// The exported function called `name`.
    pub fn get_func(&self, store: impl AsContextMut, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported memory called `name`.
    pub fn get_memory(&self, store: impl AsContextMut, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported shared memory called `name`.
    pub fn get_shared_memory(&self, store: impl AsContextMut, name: &str) -> Option<SharedMemory> {
        self.get_export(store, name)?.into_shared_memory()
    }

    /// The exported global called `name`.
    pub fn get_global(&self, store: impl AsContextMut, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// The exported table called `name`.
    pub fn get_table(&self, store: impl AsContextMut, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    /// The exported function called `name` as a [`TypedFunc`].
    pub fn get_typed_func<Params: WasmParams, Results: WasmResults>(
        &self,
        mut store: impl AsContextMut,
        name: &str,
    ) -> Result<TypedFunc<Params, Results>> {
        let store = store.as_context_mut();
        let f = self
            .get_func(&mut *store, name)
            .ok_or_else(|| anyhow!("failed to find function export `{name}`"))?;
        f.typed(&*store)
    }

    /// All exports, in the module's order.
    pub fn exports(&self, mut store: impl AsContextMut) -> Vec<(String, Extern)> {
        let store = store.as_context_mut();
        self.data(store).exports.clone()
    }

    /// The module this instance was created from.
    pub fn module(&self, mut store: impl AsContextMut) -> Module {
        let store = store.as_context_mut();
        self.data(store).module.clone()
    }
}
