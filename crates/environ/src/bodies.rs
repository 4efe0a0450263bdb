//! [`FunctionBodies`]: the code section kept with the module, so that a
//! compiler can read function bodies other than the one it compiles (the
//! optimizing tier inlines small callees) and a function can be compiled
//! again after the module's bytes are gone (tier-up).

use std::ops::Range;
use std::sync::Arc;

use wasmparser::{BinaryReader, FunctionBody};

/// A module's bytes, shared without copying: in memory (`Arc<[u8]>`), or
/// whatever else owns them, such as the runtime's mapping of the module's
/// file.
#[derive(Clone)]
pub struct ModuleBytes(Arc<dyn AsRef<[u8]> + Send + Sync>);

impl ModuleBytes {
    /// The bytes `owner` holds, kept alive as long as any clone.
    pub fn new(owner: impl AsRef<[u8]> + Send + Sync + 'static) -> ModuleBytes {
        ModuleBytes(Arc::new(owner))
    }
}

impl std::ops::Deref for ModuleBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        (*self.0).as_ref()
    }
}

impl From<Arc<[u8]>> for ModuleBytes {
    fn from(bytes: Arc<[u8]>) -> ModuleBytes {
        ModuleBytes::new(bytes)
    }
}

impl Default for ModuleBytes {
    fn default() -> ModuleBytes {
        ModuleBytes::new(Vec::new())
    }
}

impl std::fmt::Debug for ModuleBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ModuleBytes({} bytes)", self.len())
    }
}

/// The code section's bytes and where each defined function's body lies
/// in them.
#[derive(Clone, Debug, Default)]
pub struct FunctionBodies {
    /// The code section's contents (after its id and size).
    bytes: ModuleBytes,
    /// Offset of `bytes[0]` in the module: wasmparser's readers and error
    /// offsets count from the module's start.
    offset: u64,
    /// Each defined function's body (locals and code, after its size), as
    /// a range of `bytes`.
    ranges: Vec<Range<usize>>,
}

impl FunctionBodies {
    /// Reads the body sizes of the code section `bytes`, found at `offset`
    /// in the module. Stops at the first malformed entry: the validator
    /// reports those; a body not found here is simply not available.
    pub fn scan(bytes: Arc<[u8]>, offset: u64) -> FunctionBodies {
        let len = bytes.len();
        let mut bodies = FunctionBodies::scan_within(bytes, 0..len);
        bodies.offset = offset;
        bodies
    }

    /// As [`FunctionBodies::scan`], for the code section at `section` of
    /// `module`, the whole module's bytes, which are kept without copying
    /// the section out of them.
    pub fn scan_within(module: impl Into<ModuleBytes>, section: Range<usize>) -> FunctionBodies {
        let bytes = module.into();
        let end = section.end.min(bytes.len());
        let start = section.start.min(end);
        let mut ranges = Vec::new();
        let mut reader = BinaryReader::new(&bytes[..end], 0);
        if reader.read_bytes(start).is_err() {
            return FunctionBodies::default();
        }
        if let Ok(count) = reader.read_var_u32() {
            for _ in 0..count {
                let Ok(size) = reader.read_var_u32() else {
                    break;
                };
                let start = reader.current_position();
                let end = start.saturating_add(size as usize);
                if end > bytes.len() || reader.read_bytes(size as usize).is_err() {
                    break;
                }
                ranges.push(start..end);
            }
        }
        FunctionBodies {
            bytes,
            offset: 0,
            ranges,
        }
    }

    /// The bodies at `ranges` of `module` (the whole module's bytes), as
    /// [`FunctionBodies::scan_within`] found them before: a module loaded
    /// again (from a compiled-module cache) need not walk its code section.
    /// `None` unless every range lies within `section` and each starts
    /// after the one before ends.
    pub fn from_ranges(
        module: impl Into<ModuleBytes>,
        section: Range<usize>,
        ranges: Vec<Range<usize>>,
    ) -> Option<FunctionBodies> {
        let bytes = module.into();
        let mut floor = section.start;
        for r in &ranges {
            if r.start < floor || r.start > r.end || r.end > section.end {
                return None;
            }
            floor = r.end;
        }
        (section.end <= bytes.len()).then_some(FunctionBodies {
            bytes,
            offset: 0,
            ranges,
        })
    }

    /// Where each body lies in the module's bytes (see
    /// [`FunctionBodies::from_ranges`]).
    pub fn ranges(&self) -> &[Range<usize>] {
        &self.ranges
    }

    /// The body of defined function `defined_index` (0 is the first
    /// function after the imports), if the section holds it.
    pub fn body(&self, defined_index: u32) -> Option<FunctionBody<'_>> {
        let range = self.ranges.get(defined_index as usize)?.clone();
        let offset = self.offset + range.start as u64;
        Some(FunctionBody::new(BinaryReader::new(
            &self.bytes[range],
            offset,
        )))
    }

    /// How many bodies were found.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Whether no body was found.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code section of a module, and its offset.
    fn code_section(wat: &str) -> (Arc<[u8]>, u64) {
        let bytes = wat::parse_str(wat).unwrap();
        for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
            if let wasmparser::Payload::CodeSectionStart {
                unchecked_range: range,
                ..
            } = payload.unwrap()
            {
                let (start, end) = (range.start as usize, range.end as usize);
                return (Arc::from(&bytes[start..end]), range.start);
            }
        }
        panic!("no code section");
    }

    #[test]
    fn bodies_are_found_at_their_module_offsets() {
        let (bytes, offset) = code_section(
            r#"(module (func (result i32) i32.const 7)
                       (func (param i32) (local i64) local.get 0 drop))"#,
        );
        let bodies = FunctionBodies::scan(bytes, offset);
        assert_eq!(bodies.len(), 2);
        let first = bodies.body(0).unwrap();
        assert!(first.range().start > offset);
        let ops: Vec<_> = first
            .get_operators_reader()
            .unwrap()
            .into_iter()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(matches!(
            ops[0],
            wasmparser::Operator::I32Const { value: 7 }
        ));
        let second = bodies.body(1).unwrap();
        assert_eq!(second.get_locals_reader().unwrap().get_count(), 1);
        assert!(bodies.body(2).is_none());
    }

    #[test]
    fn a_truncated_section_keeps_the_whole_bodies() {
        let (bytes, offset) = code_section("(module (func) (func nop) (func))");
        let cut: Arc<[u8]> = Arc::from(&bytes[..bytes.len() - 1]);
        let bodies = FunctionBodies::scan(cut, offset);
        assert_eq!(bodies.len(), 2);
        assert!(FunctionBodies::scan(Arc::from(&[][..]), 0).is_empty());
        assert!(FunctionBodies::scan(Arc::from(&[5u8, 0xff][..]), 0).is_empty());
    }

    /// Scanned within the whole module, the bodies are the same, at the
    /// same module offsets, as scanned from a copy of the section.
    #[test]
    fn bodies_within_the_module_match_the_section_copy() {
        let wat = "(module (func nop) (func (param i32) local.get 0 drop))";
        let module: Arc<[u8]> = Arc::from(wat::parse_str(wat).unwrap());
        let (section, offset) = code_section(wat);
        let start = offset as usize;
        let within = FunctionBodies::scan_within(module.clone(), start..start + section.len());
        let copied = FunctionBodies::scan(section.clone(), offset);
        assert_eq!(within.len(), 2);
        for i in 0..2 {
            let (a, b) = (within.body(i).unwrap(), copied.body(i).unwrap());
            assert_eq!(a.range(), b.range());
            assert_eq!(a.as_bytes(), b.as_bytes());
        }
        assert!(FunctionBodies::scan_within(module.clone(), 0..0).is_empty());
        let section = start..start + section.len();
        let again =
            FunctionBodies::from_ranges(module.clone(), section.clone(), within.ranges().to_vec())
                .unwrap();
        assert_eq!(
            again.body(1).unwrap().as_bytes(),
            within.body(1).unwrap().as_bytes()
        );
        let mut overlapping = within.ranges().to_vec();
        overlapping[1].start = overlapping[0].end - 1;
        assert!(
            FunctionBodies::from_ranges(module.clone(), section.clone(), overlapping).is_none()
        );
        let past: Vec<Range<usize>> = std::iter::once(section.start..section.end + 1).collect();
        assert!(FunctionBodies::from_ranges(module, section, past).is_none());
    }
}
