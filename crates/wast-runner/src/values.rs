//! Script values: turning `invoke` arguments into [`Val`]s and checking
//! results against `assert_return` patterns (exact bits, `nan:canonical`,
//! `nan:arithmetic`, per-lane `v128` patterns, references).

use rustyjit::{ExternRef, Store, Val};
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::token::{F32, F64};
use wast::{WastArg, WastRet};

/// The value of an argument; `ref.extern N` becomes a new host reference
/// holding `N`, which result patterns compare by that number.
pub(crate) fn arg_to_val(store: &mut Store<()>, arg: &WastArg<'_>) -> Result<Val, String> {
    let WastArg::Core(arg) = arg else {
        return Err("component-model argument values are not supported".into());
    };
    Ok(match arg {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(v) => Val::F32(v.bits),
        WastArgCore::F64(v) => Val::F64(v.bits),
        WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes())),
        WastArgCore::RefNull(ty) => null_of(ty)?,
        WastArgCore::RefExtern(n) => Val::ExternRef(Some(ExternRef::new(&mut *store, *n))),
        WastArgCore::RefHost(_) => {
            return Err("unsupported feature `gc`: `ref.host` argument".into());
        }
    })
}

/// The null reference of a heap type rustyjit has values for.
fn null_of(ty: &HeapType<'_>) -> Result<Val, String> {
    match ty {
        HeapType::Abstract {
            ty: AbstractHeapType::Func | AbstractHeapType::NoFunc,
            ..
        } => Ok(Val::FuncRef(None)),
        HeapType::Abstract {
            ty: AbstractHeapType::Extern | AbstractHeapType::NoExtern,
            ..
        } => Ok(Val::ExternRef(None)),
        HeapType::Abstract {
            ty: AbstractHeapType::Exn | AbstractHeapType::NoExn,
            ..
        } => Ok(Val::ExnRef(None)),
        // Without the GC proposal every defined type is a function type.
        HeapType::Concrete(_) => Ok(Val::FuncRef(None)),
        other => Err(format!(
            "unsupported feature: null reference of heap type {other:?}"
        )),
    }
}

/// Checks `actual` against one expected result; `Err` says how it differs.
pub(crate) fn check_ret(
    store: &Store<()>,
    actual: &Val,
    expected: &WastRet<'_>,
) -> Result<(), String> {
    let WastRet::Core(expected) = expected else {
        return Err("component-model result values are not supported".into());
    };
    if matches_core(store, actual, expected)? {
        Ok(())
    } else {
        Err(format!(
            "expected {}, got {}",
            describe_pattern(expected),
            describe_val(store, actual)
        ))
    }
}

fn matches_core(
    store: &Store<()>,
    actual: &Val,
    expected: &WastRetCore<'_>,
) -> Result<bool, String> {
    Ok(match (expected, actual) {
        (WastRetCore::I32(e), Val::I32(a)) => e == a,
        (WastRetCore::I64(e), Val::I64(a)) => e == a,
        (WastRetCore::F32(p), Val::F32(a)) => f32_matches(p, *a),
        (WastRetCore::F64(p), Val::F64(a)) => f64_matches(p, *a),
        (WastRetCore::V128(p), Val::V128(a)) => v128_matches(p, *a),
        (WastRetCore::RefNull(ty), v) if v.ty().is_ref() => {
            v.is_null()
                && match ty {
                    None => true,
                    Some(ty) => null_of(ty)?.ty() == v.ty(),
                }
        }
        (WastRetCore::RefExtern(n), Val::ExternRef(r)) => match (n, r) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(n), Some(r)) => r.data(store).downcast_ref::<u32>() == Some(n),
        },
        // The function's identity is not checked: the scripts of the
        // supported proposals only ask for a non-null reference here.
        (WastRetCore::RefFunc(_), Val::FuncRef(f)) => f.is_some(),
        (WastRetCore::Either(options), v) => {
            for o in options {
                if matches_core(store, v, o)? {
                    return Ok(true);
                }
            }
            false
        }
        (
            WastRetCore::RefHost(_)
            | WastRetCore::RefAny
            | WastRetCore::RefEq
            | WastRetCore::RefArray
            | WastRetCore::RefStruct
            | WastRetCore::RefI31
            | WastRetCore::RefI31Shared,
            _,
        ) => {
            return Err(format!(
                "unsupported feature `gc`: result pattern {expected:?}"
            ))
        }
        _ => false,
    })
}

/// A canonical NaN has only the top bit of the mantissa set; an arithmetic
/// NaN has at least that bit set. The sign is free in both.
fn f32_matches(p: &NanPattern<F32>, bits: u32) -> bool {
    match p {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => bits & 0x7fc0_0000 == 0x7fc0_0000,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn f64_matches(p: &NanPattern<F64>, bits: u64) -> bool {
    match p {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
        NanPattern::Value(v) => v.bits == bits,
    }
}

/// Lane-wise comparison; lanes are little-endian in the 128 bits.
fn v128_matches(p: &V128Pattern, v: u128) -> bool {
    let bytes = v.to_le_bytes();
    match p {
        V128Pattern::I8x16(l) => l.iter().zip(bytes).all(|(e, a)| *e as u8 == a),
        V128Pattern::I16x8(l) => l
            .iter()
            .zip(bytes.chunks_exact(2))
            .all(|(e, a)| e.to_le_bytes() == a),
        V128Pattern::I32x4(l) => l
            .iter()
            .zip(bytes.chunks_exact(4))
            .all(|(e, a)| e.to_le_bytes() == a),
        V128Pattern::I64x2(l) => l
            .iter()
            .zip(bytes.chunks_exact(8))
            .all(|(e, a)| e.to_le_bytes() == a),
        V128Pattern::F32x4(l) => l
            .iter()
            .zip(bytes.chunks_exact(4))
            .all(|(e, a)| f32_matches(e, u32::from_le_bytes([a[0], a[1], a[2], a[3]]))),
        V128Pattern::F64x2(l) => l.iter().zip(bytes.chunks_exact(8)).all(|(e, a)| {
            let mut b = [0u8; 8];
            b.copy_from_slice(a);
            f64_matches(e, u64::from_le_bytes(b))
        }),
    }
}

/// A value as a script would write it, with float bits so NaN payloads and
/// signed zeros are visible.
pub(crate) fn describe_val(store: &Store<()>, v: &Val) -> String {
    match v {
        Val::I32(x) => format!("i32 {x} ({:#x})", *x as u32),
        Val::I64(x) => format!("i64 {x} ({:#x})", *x as u64),
        Val::F32(b) => format!("f32 {} ({b:#010x})", f32::from_bits(*b)),
        Val::F64(b) => format!("f64 {} ({b:#018x})", f64::from_bits(*b)),
        Val::V128(x) => format!("v128 {x:#034x}"),
        Val::FuncRef(None) => "ref.null func".into(),
        Val::FuncRef(Some(_)) => "ref.func".into(),
        Val::ExternRef(None) => "ref.null extern".into(),
        Val::ExternRef(Some(r)) => match r.data(store).downcast_ref::<u32>() {
            Some(n) => format!("ref.extern {n}"),
            None => "ref.extern (host object)".into(),
        },
        Val::ExnRef(None) => "ref.null exn".into(),
        Val::ExnRef(Some(_)) => "exnref".into(),
    }
}

/// A list of values, comma separated.
pub(crate) fn describe_vals(store: &Store<()>, vs: &[Val]) -> String {
    let parts: Vec<String> = vs.iter().map(|v| describe_val(store, v)).collect();
    format!("[{}]", parts.join(", "))
}

fn describe_nan<T>(p: &NanPattern<T>, ty: &str, bits: impl Fn(&T) -> String) -> String {
    match p {
        NanPattern::CanonicalNan => format!("{ty} nan:canonical"),
        NanPattern::ArithmeticNan => format!("{ty} nan:arithmetic"),
        NanPattern::Value(v) => format!("{ty} {}", bits(v)),
    }
}

fn describe_pattern(p: &WastRetCore<'_>) -> String {
    match p {
        WastRetCore::I32(x) => format!("i32 {x} ({:#x})", *x as u32),
        WastRetCore::I64(x) => format!("i64 {x} ({:#x})", *x as u64),
        WastRetCore::F32(n) => describe_nan(n, "f32", |v| {
            format!("{} ({:#010x})", f32::from_bits(v.bits), v.bits)
        }),
        WastRetCore::F64(n) => describe_nan(n, "f64", |v| {
            format!("{} ({:#018x})", f64::from_bits(v.bits), v.bits)
        }),
        WastRetCore::Either(options) => {
            let parts: Vec<String> = options.iter().map(describe_pattern).collect();
            format!("either of [{}]", parts.join(", "))
        }
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_patterns() {
        let canon = NanPattern::<F32>::CanonicalNan;
        let arith = NanPattern::<F32>::ArithmeticNan;
        assert!(f32_matches(&canon, 0x7fc0_0000));
        assert!(f32_matches(&canon, 0xffc0_0000));
        assert!(!f32_matches(&canon, 0x7fc0_0001));
        assert!(f32_matches(&arith, 0x7fc0_0001));
        assert!(!f32_matches(&arith, 0x7f80_0001));
        assert!(f64_matches(
            &NanPattern::CanonicalNan,
            0xfff8_0000_0000_0000
        ));
        assert!(!f64_matches(
            &NanPattern::ArithmeticNan,
            0x7ff0_0000_0000_0001
        ));
        assert!(f64_matches(&NanPattern::Value(F64 { bits: 5 }), 5));
    }

    #[test]
    fn v128_lanes() {
        let v = u128::from_le_bytes([1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0]);
        assert!(v128_matches(
            &V128Pattern::I16x8([1, 2, 3, 4, 5, 6, 7, 8]),
            v
        ));
        assert!(!v128_matches(
            &V128Pattern::I16x8([1, 2, 3, 4, 5, 6, 7, 9]),
            v
        ));
        let nan = 0x7fc0_0000u128 | (0x3f80_0000u128 << 32);
        assert!(v128_matches(
            &V128Pattern::F32x4([
                NanPattern::CanonicalNan,
                NanPattern::Value(F32 { bits: 0x3f80_0000 }),
                NanPattern::Value(F32 { bits: 0 }),
                NanPattern::Value(F32 { bits: 0 }),
            ]),
            nan
        ));
    }
}
