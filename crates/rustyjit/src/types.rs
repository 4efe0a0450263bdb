//! The types of the embedding API: value types, function types, and the types
//! of memories, tables, globals and module imports/exports, with conversions
//! from wasmparser's types.

use crate::ref_types::RefType;
use anyhow::{bail, Result};
use std::fmt;

/// The type of a WebAssembly value.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit IEEE float.
    F32,
    /// 64-bit IEEE float.
    F64,
    /// 128-bit vector.
    V128,
    /// Nullable reference to a function.
    FuncRef,
    /// Nullable reference to a host object.
    ExternRef,
    /// Any other reference type: non-nullable, or to a concrete function
    /// type (typed function references). Made by [`ValType::reference`].
    Ref(RefType),
}

impl ValType {
    /// Number of 8-byte slots a value of this type takes in the Wasm calling
    /// convention.
    pub(crate) fn slots(self) -> usize {
        match self {
            ValType::V128 => 2,
            _ => 1,
        }
    }

    /// Whether this is a reference type.
    pub fn is_ref(self) -> bool {
        matches!(
            self,
            ValType::FuncRef | ValType::ExternRef | ValType::Ref(_)
        )
    }

    /// Converts a wasmparser value type; `type_ids` maps the module's type
    /// indices to engine-wide function type ids (for typed references).
    pub(crate) fn from_wasmparser(ty: wasmparser::ValType, type_ids: &[u32]) -> Result<ValType> {
        Ok(match ty {
            wasmparser::ValType::I32 => ValType::I32,
            wasmparser::ValType::I64 => ValType::I64,
            wasmparser::ValType::F32 => ValType::F32,
            wasmparser::ValType::F64 => ValType::F64,
            wasmparser::ValType::V128 => ValType::V128,
            wasmparser::ValType::Ref(r) => Self::from_ref_type(r, type_ids)?,
        })
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
            ValType::F32 => "f32",
            ValType::F64 => "f64",
            ValType::V128 => "v128",
            ValType::FuncRef => "funcref",
            ValType::ExternRef => "externref",
            ValType::Ref(r) => return r.fmt(f),
        };
        f.write_str(s)
    }
}

/// The signature of a function: parameter and result types. Cloning is
/// cheap (a shared, immutable list), which matters because every function
/// an instance registers in its store carries its type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FuncType {
    /// The parameters, then the results.
    types: std::sync::Arc<[ValType]>,
    /// How many of `types` are parameters.
    num_params: usize,
}

impl FuncType {
    /// A function type with the given parameters and results.
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> Self {
        let mut types: Vec<ValType> = params.into_iter().collect();
        let num_params = types.len();
        types.extend(results);
        FuncType {
            types: types.into(),
            num_params,
        }
    }

    /// The parameter types.
    pub fn params(&self) -> &[ValType] {
        &self.types[..self.num_params]
    }

    /// The result types.
    pub fn results(&self) -> &[ValType] {
        &self.types[self.num_params..]
    }

    /// Number of 8-byte slots of the outgoing area a call of this type needs:
    /// `max(param slots, result slots)`.
    pub(crate) fn slot_count(&self) -> usize {
        let p: usize = self.params().iter().map(|t| t.slots()).sum();
        let r: usize = self.results().iter().map(|t| t.slots()).sum();
        p.max(r)
    }

    pub(crate) fn from_wasmparser(ty: &wasmparser::FuncType, type_ids: &[u32]) -> Result<FuncType> {
        let params = ty
            .params()
            .iter()
            .map(|t| ValType::from_wasmparser(*t, type_ids))
            .collect::<Result<Vec<_>>>()?;
        let results = ty
            .results()
            .iter()
            .map(|t| ValType::from_wasmparser(*t, type_ids))
            .collect::<Result<Vec<_>>>()?;
        Ok(FuncType::new(params, results))
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(func")?;
        if !self.params().is_empty() {
            write!(f, " (param")?;
            for p in self.params().iter() {
                write!(f, " {p}")?;
            }
            write!(f, ")")?;
        }
        if !self.results().is_empty() {
            write!(f, " (result")?;
            for r in self.results().iter() {
                write!(f, " {r}")?;
            }
            write!(f, ")")?;
        }
        write!(f, ")")
    }
}

/// Whether a global can be written.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Mutability {
    /// Immutable.
    Const,
    /// Mutable.
    Var,
}

/// The type of a global: its content and mutability.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct GlobalType {
    content: ValType,
    mutability: Mutability,
}

impl GlobalType {
    /// A global type.
    pub fn new(content: ValType, mutability: Mutability) -> Self {
        GlobalType {
            content,
            mutability,
        }
    }

    /// The value type.
    pub fn content(&self) -> &ValType {
        &self.content
    }

    /// The mutability.
    pub fn mutability(&self) -> Mutability {
        self.mutability
    }

    pub(crate) fn from_wasmparser(
        ty: &wasmparser::GlobalType,
        type_ids: &[u32],
    ) -> Result<GlobalType> {
        Ok(GlobalType::new(
            ValType::from_wasmparser(ty.content_type, type_ids)?,
            if ty.mutable {
                Mutability::Var
            } else {
                Mutability::Const
            },
        ))
    }
}

/// The type of a linear memory: limits in pages (64 KiB, or 1 byte with
/// the custom-page-sizes proposal), and whether its addresses are 64-bit.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct MemoryType {
    minimum: u64,
    maximum: Option<u64>,
    memory64: bool,
    page_size_log2: u8,
    shared: bool,
}

impl MemoryType {
    /// A 32-bit memory type with the given limits in 64 KiB pages.
    pub fn new(minimum_pages: u32, maximum_pages: Option<u32>) -> Self {
        MemoryType {
            minimum: minimum_pages.into(),
            maximum: maximum_pages.map(u64::from),
            memory64: false,
            page_size_log2: 16,
            shared: false,
        }
    }

    /// A 64-bit memory type (memory64) with the given limits in 64 KiB
    /// pages.
    pub fn new64(minimum_pages: u64, maximum_pages: Option<u64>) -> Self {
        MemoryType {
            minimum: minimum_pages,
            maximum: maximum_pages,
            memory64: true,
            page_size_log2: 16,
            shared: false,
        }
    }

    /// A shared 32-bit memory type (threads proposal): a shared memory
    /// must have a maximum.
    pub fn shared(minimum_pages: u32, maximum_pages: u32) -> Self {
        MemoryType {
            shared: true,
            ..MemoryType::new(minimum_pages, Some(maximum_pages))
        }
    }

    /// Whether the memory is shared between threads.
    pub fn is_shared(&self) -> bool {
        self.shared
    }

    /// This type with pages of `2^log2` bytes: custom-page-sizes allows
    /// 0 (1-byte pages) and 16 (the default); other sizes are an error.
    pub fn with_page_size_log2(mut self, log2: u8) -> Result<Self> {
        if !matches!(log2, 0 | 16) {
            bail!("unsupported feature `custom-page-sizes`: page size 2^{log2}");
        }
        self.page_size_log2 = log2;
        Ok(self)
    }

    /// This type with its current size as its minimum.
    pub(crate) fn with_minimum(mut self, minimum: u64) -> Self {
        self.minimum = minimum;
        self
    }

    /// Minimum size in pages.
    pub fn minimum(&self) -> u64 {
        self.minimum
    }

    /// Maximum size in pages, if any.
    pub fn maximum(&self) -> Option<u64> {
        self.maximum
    }

    /// Whether addresses into the memory are 64-bit (memory64).
    pub fn is_64(&self) -> bool {
        self.memory64
    }

    /// The page size in bytes: 65536, or 1 with custom-page-sizes.
    pub fn page_size(&self) -> u64 {
        1 << self.page_size_log2
    }

    /// The base-2 logarithm of [`MemoryType::page_size`].
    pub fn page_size_log2(&self) -> u8 {
        self.page_size_log2
    }

    pub(crate) fn from_wasmparser(ty: &wasmparser::MemoryType) -> Result<MemoryType> {
        let log2 = match ty.page_size_log2 {
            None => 16,
            Some(p @ (0 | 16)) => p as u8,
            Some(p) => bail!("unsupported feature `custom-page-sizes`: page size 2^{p}"),
        };
        Ok(MemoryType {
            minimum: ty.initial,
            maximum: ty.maximum,
            memory64: ty.memory64,
            page_size_log2: log2,
            shared: ty.shared,
        })
    }
}

/// The type of a table: element type, limits in elements, and whether its
/// indices are 64-bit (table64).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct TableType {
    element: ValType,
    minimum: u64,
    maximum: Option<u64>,
    table64: bool,
}

impl TableType {
    /// A 32-bit table type; `element` is a reference type.
    pub fn new(element: ValType, min: u32, max: Option<u32>) -> Self {
        TableType {
            element,
            minimum: min.into(),
            maximum: max.map(u64::from),
            table64: false,
        }
    }

    /// A 64-bit table type (table64); `element` is a reference type.
    pub fn new64(element: ValType, min: u64, max: Option<u64>) -> Self {
        TableType {
            element,
            minimum: min,
            maximum: max,
            table64: true,
        }
    }

    /// The element type.
    pub fn element(&self) -> &ValType {
        &self.element
    }

    /// Minimum number of elements.
    pub fn minimum(&self) -> u64 {
        self.minimum
    }

    /// Maximum number of elements, if any.
    pub fn maximum(&self) -> Option<u64> {
        self.maximum
    }

    /// Whether indices into the table are 64-bit (table64).
    pub fn is_64(&self) -> bool {
        self.table64
    }

    /// This type with `minimum` as its minimum (same index width).
    pub(crate) fn with_minimum(mut self, minimum: u64) -> Self {
        self.minimum = minimum;
        self
    }

    pub(crate) fn from_wasmparser(
        ty: &wasmparser::TableType,
        type_ids: &[u32],
    ) -> Result<TableType> {
        Ok(TableType {
            element: ValType::from_ref_type(ty.element_type, type_ids)?,
            minimum: ty.initial,
            maximum: ty.maximum,
            table64: ty.table64,
        })
    }
}

/// The type of an importable or exportable item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExternType {
    /// A function.
    Func(FuncType),
    /// A global.
    Global(GlobalType),
    /// A linear memory.
    Memory(MemoryType),
    /// A table.
    Table(TableType),
    /// An exception tag.
    Tag(crate::TagType),
}

impl ExternType {
    /// The function type, if this is a function.
    pub fn func(&self) -> Option<&FuncType> {
        match self {
            ExternType::Func(f) => Some(f),
            _ => None,
        }
    }

    /// The kind of item, as a word ("func", "memory", ...).
    pub(crate) fn kind_name(&self) -> &'static str {
        match self {
            ExternType::Func(_) => "func",
            ExternType::Global(_) => "global",
            ExternType::Memory(_) => "memory",
            ExternType::Table(_) => "table",
            ExternType::Tag(_) => "tag",
        }
    }
}

/// One import of a module: module name, item name and type.
#[derive(Clone, Debug)]
pub struct ImportType<'a> {
    pub(crate) module: &'a str,
    pub(crate) name: &'a str,
    pub(crate) ty: ExternType,
}

impl<'a> ImportType<'a> {
    /// The module name of the import.
    pub fn module(&self) -> &'a str {
        self.module
    }

    /// The item name of the import.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The type of the imported item.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}

/// One export of a module: name and type.
#[derive(Clone, Debug)]
pub struct ExportType<'a> {
    pub(crate) name: &'a str,
    pub(crate) ty: ExternType,
}

impl<'a> ExportType<'a> {
    /// The export name.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The type of the exported item.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}
