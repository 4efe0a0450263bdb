//! [`ModuleInfo::from_module`]: a module's [`ModuleInfo`] read once from
//! its bytes, with the whole module validated and every function body
//! handed back ready to compile. For the tools and tests that compile
//! functions without the runtime (disassembly snapshots, compiler
//! benchmarks), so that none of them builds a `ModuleInfo` by hand; the
//! runtime fills its own in the same pass as compilation.

use crate::ModuleInfo;
use wasmparser::{
    BinaryReaderError, CompositeInnerType, FuncToValidate, FunctionBody, Parser, Payload, TypeRef,
    ValidPayload, Validator, ValidatorResources, WasmFeatures,
};

/// A validated module as a compiler sees it: its [`ModuleInfo`] and its
/// function bodies, in order (the first is function
/// `info.num_imported_functions`).
pub struct ModuleFunctions<'a> {
    /// Types, functions, globals, memories and tables of the module.
    pub info: ModuleInfo,
    /// Each defined function's body, with what builds its validator.
    pub bodies: Vec<(FuncToValidate<ValidatorResources>, FunctionBody<'a>)>,
}

impl ModuleInfo {
    /// Validates the module in `bytes` (binary format) with `features` and
    /// reads what a compiler needs to know of it. The fuel, epoch and AVX
    /// flags are left off: they are the engine's choice, not the module's.
    ///
    /// Function types only: a module declaring another kind of type (the
    /// GC proposal) gets an empty function type in its place, which no
    /// function of a valid module can have without failing to compile.
    pub fn from_module(
        bytes: &[u8],
        features: WasmFeatures,
    ) -> Result<ModuleFunctions<'_>, BinaryReaderError> {
        let mut validator = Validator::new_with_features(features);
        let mut info = ModuleInfo::default();
        let mut bodies = Vec::new();
        let mut parser = Parser::new(0);
        parser.set_features(features);
        for payload in parser.parse_all(bytes) {
            let payload = payload?;
            if let ValidPayload::Func(f, body) = validator.payload(&payload)? {
                bodies.push((f, body));
            }
            info.read_payload(&payload)?;
            if let Payload::CodeSectionStart {
                unchecked_range, ..
            } = payload
            {
                let (start, end) = (unchecked_range.start as usize, unchecked_range.end);
                if let Some(section) = bytes.get(start..end as usize) {
                    info.bodies = std::sync::Arc::new(crate::FunctionBodies::scan(
                        section.into(),
                        unchecked_range.start,
                    ));
                }
            }
        }
        Ok(ModuleFunctions { info, bodies })
    }

    /// Reads into `self` what `payload` adds to the module's index spaces:
    /// its types, functions (imports first), tables, memories and globals;
    /// any other payload is left alone (the function bodies included, see
    /// [`ModuleInfo::from_module`]). Only the section is read, nothing is
    /// validated: for readers that validate on their own, as
    /// [`ModuleInfo::from_module`] does, or that must go on past an
    /// invalid function body.
    ///
    /// Function types only, as in [`ModuleInfo::from_module`].
    pub fn read_payload(&mut self, payload: &Payload<'_>) -> Result<(), BinaryReaderError> {
        match payload {
            Payload::TypeSection(r) => {
                for group in r.clone() {
                    for sub in group?.types() {
                        self.types.push(match &sub.composite_type.inner {
                            CompositeInnerType::Func(ft) => ft.clone(),
                            _ => wasmparser::FuncType::new([], []),
                        });
                    }
                }
            }
            Payload::ImportSection(r) => {
                for import in r.clone().into_imports() {
                    match import?.ty {
                        TypeRef::Func(t) | TypeRef::FuncExact(t) => {
                            self.functions.push(t);
                            self.num_imported_functions += 1;
                        }
                        TypeRef::Table(t) => self.tables.push(t),
                        TypeRef::Memory(m) => self.memories.push(m),
                        TypeRef::Global(g) => self.globals.push(g),
                        TypeRef::Tag(t) => self.tags.push(t.func_type_idx),
                    }
                }
            }
            Payload::FunctionSection(r) => {
                for t in r.clone() {
                    self.functions.push(t?);
                }
            }
            Payload::TableSection(r) => {
                for t in r.clone() {
                    self.tables.push(t?.ty);
                }
            }
            Payload::MemorySection(r) => {
                for m in r.clone() {
                    self.memories.push(m?);
                }
            }
            Payload::TagSection(r) => {
                for t in r.clone() {
                    self.tags.push(t?.func_type_idx);
                }
            }
            Payload::GlobalSection(r) => {
                for g in r.clone() {
                    let g = g?;
                    self.global_constants.resize(self.globals.len(), None);
                    self.global_constants
                        .push(crate::GlobalConstant::of(&g.ty, &g.init_expr));
                    self.globals.push(g.ty);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every index space is read, imports first, from a module that has
    /// one of each kind of import and definition.
    #[test]
    fn reads_every_index_space_imports_first() {
        let bytes = wat::parse_str(
            r#"(module
              (type $a (func (param i32) (result i64)))
              (type $b (func))
              (import "m" "f" (func (type $b)))
              (import "m" "g" (global i64))
              (import "m" "t" (table 1 externref))
              (memory 2 3)
              (table 4 funcref)
              (global (mut f32) (f32.const 0))
              (func (type $a) (i64.extend_i32_u (local.get 0)))
              (func (type $b)))"#,
        )
        .unwrap();
        let m = ModuleInfo::from_module(&bytes, WasmFeatures::default()).unwrap();
        let info = &m.info;
        assert_eq!(info.types.len(), 2);
        assert_eq!(info.functions, [1, 0, 1]);
        assert_eq!(info.num_imported_functions, 1);
        assert_eq!(info.func_type(1).params(), [wasmparser::ValType::I32]);
        assert_eq!(info.globals.len(), 2);
        assert_eq!(info.globals[0].content_type, wasmparser::ValType::I64);
        assert!(info.globals[1].mutable);
        assert_eq!(info.tables.len(), 2);
        assert_eq!(info.tables[1].initial, 4);
        assert_eq!(info.bodies.len(), 2);
        assert_eq!(
            info.bodies.body(0).map(|b| b.range()),
            Some(m.bodies[0].1.range())
        );
        assert_eq!(info.memories.len(), 1);
        assert_eq!(info.memories[0].maximum, Some(3));
        assert_eq!(m.bodies.len(), 2);
    }

    /// An invalid module is an error, not a partial `ModuleInfo`; bodies
    /// are validated only when compiled.
    #[test]
    fn rejects_an_invalid_module() {
        let bytes = wat::parse_str("(module (func) (start 5))").unwrap();
        assert!(ModuleInfo::from_module(&bytes, WasmFeatures::default()).is_err());
        let bad_version = [0, b'a', b's', b'm', 2, 0, 0, 0];
        assert!(ModuleInfo::from_module(&bad_version, WasmFeatures::default()).is_err());
        let body_invalid = wat::parse_str("(module (func (result i32)))").unwrap();
        let m = ModuleInfo::from_module(&body_invalid, WasmFeatures::default()).unwrap();
        assert_eq!(m.bodies.len(), 1);
    }
}
