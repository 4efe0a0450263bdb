//! Command-line values: parsing arguments by a parameter's type (as
//! wasmtime's `run --invoke`, and more), printing results the way it
//! does, the compiler tier
//! option every subcommand shares, and `run --profile`'s choices.

use anyhow::{anyhow, bail, Result};
use rustyjit::{ProfilingStrategy, Strategy, Val, ValType};

/// `--strategy`: which compiler tier compiles the module, as wasmtime's
/// `-C compiler=`. Mirrors [`rustyjit::Strategy`], which knows nothing of
/// clap.
#[derive(clap::ValueEnum, Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum StrategyArg {
    /// The single-pass baseline compiler: fast to compile.
    Baseline,
    /// The optimizing compiler: slower to compile, faster code.
    Optimizing,
    /// Both: each function compiled by the baseline on its first call, hot
    /// ones compiled again by the optimizing tier in the background (the
    /// default).
    #[default]
    Tiered,
}

impl From<StrategyArg> for Strategy {
    fn from(s: StrategyArg) -> Strategy {
        match s {
            StrategyArg::Baseline => Strategy::Baseline,
            StrategyArg::Optimizing => Strategy::Optimizing,
            StrategyArg::Tiered => Strategy::Tiered,
        }
    }
}

/// `--profile`: which profiler to write for, as wasmtime's `--profile`
/// (with the same names). Mirrors [`rustyjit::ProfilingStrategy`].
#[derive(clap::ValueEnum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ProfileArg {
    /// List each function in /tmp/perf-PID.map, for `perf report`.
    #[value(name = "perfmap")]
    PerfMap,
    /// Write jit-PID.dump (functions with their code) in the current
    /// directory, for `perf record -k 1` and `perf inject --jit`.
    #[value(name = "jitdump")]
    JitDump,
}

impl From<ProfileArg> for ProfilingStrategy {
    fn from(p: ProfileArg) -> ProfilingStrategy {
        match p {
            ProfileArg::PerfMap => ProfilingStrategy::PerfMap,
            ProfileArg::JitDump => ProfilingStrategy::JitDump,
        }
    }
}

/// Parses `text` as a value of type `ty`. Integers may be signed or
/// unsigned, decimal or `0x` hex; floats take Rust's syntax (`1.5`, `-0`,
/// `inf`, `NaN`); references can only be `null`.
pub fn parse_val(text: &str, ty: ValType) -> Result<Val> {
    let bad = || anyhow!("invalid {ty} argument `{text}`");
    Ok(match ty {
        ValType::I32 => {
            let v = parse_int(text).ok_or_else(bad)?;
            if v < i128::from(i32::MIN) || v > i128::from(u32::MAX) {
                return Err(bad());
            }
            Val::I32(v as u32 as i32)
        }
        ValType::I64 => {
            let v = parse_int(text).ok_or_else(bad)?;
            if v < i128::from(i64::MIN) || v > i128::from(u64::MAX) {
                return Err(bad());
            }
            Val::I64(v as u64 as i64)
        }
        ValType::F32 => Val::from(text.parse::<f32>().map_err(|_| bad())?),
        ValType::F64 => Val::from(text.parse::<f64>().map_err(|_| bad())?),
        ValType::V128 => {
            let v = match text.strip_prefix("0x") {
                Some(hex) => u128::from_str_radix(hex, 16),
                None => text.parse::<u128>(),
            };
            Val::V128(v.map_err(|_| bad())?)
        }
        ValType::FuncRef | ValType::ExternRef | ValType::Ref(_) => {
            if text != "null" {
                bail!(
                    "invalid {ty} argument `{text}`: only `null` can be given on the command line"
                );
            }
            Val::null_ref(ty).ok_or_else(bad)?
        }
    })
}

/// A signed or unsigned integer in decimal or `0x` hex, widened so both
/// ranges fit.
fn parse_int(text: &str) -> Option<i128> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let magnitude = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => u64::from_str_radix(hex, 16).ok()?,
        None if digits.starts_with(['+', '-']) => return None,
        None => digits.parse::<u64>().ok()?,
    };
    let v = i128::from(magnitude);
    Some(if negative { -v } else { v })
}

/// A result as `wasmtime run --invoke` prints it: integers signed
/// decimal, floats in Rust's shortest round-trip form, vectors as an
/// unsigned decimal 128-bit integer, references as `<funcref>`,
/// `<null funcref>`, `<externref>`, `<null externref>`, `<exnref>` or
/// `<null exnref>`.
pub fn format_val(v: &Val) -> String {
    match v {
        Val::I32(x) => x.to_string(),
        Val::I64(x) => x.to_string(),
        Val::F32(b) => f32::from_bits(*b).to_string(),
        Val::F64(b) => f64::from_bits(*b).to_string(),
        Val::V128(x) => x.to_string(),
        Val::FuncRef(None) => "<null funcref>".into(),
        Val::ExternRef(None) => "<null externref>".into(),
        Val::FuncRef(Some(_)) => "<funcref>".into(),
        Val::ExternRef(Some(_)) => "<externref>".into(),
        Val::ExnRef(None) => "<null exnref>".into(),
        Val::ExnRef(Some(_)) => "<exnref>".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        assert_eq!(parse_val("20", ValType::I32).unwrap().unwrap_i32(), 20);
        assert_eq!(parse_val("-1", ValType::I32).unwrap().unwrap_i32(), -1);
        assert_eq!(
            parse_val("4294967295", ValType::I32).unwrap().unwrap_i32(),
            -1
        );
        assert_eq!(parse_val("0x10", ValType::I64).unwrap().unwrap_i64(), 16);
        assert!(parse_val("4294967296", ValType::I32).is_err());
        assert!(parse_val("-2147483649", ValType::I32).is_err());
        assert!(parse_val("1.5", ValType::I32).is_err());
        assert!(parse_val("--1", ValType::I32).is_err());
        assert!(parse_val("", ValType::I64).is_err());
    }

    #[test]
    fn floats_and_refs() {
        assert_eq!(parse_val("1.5", ValType::F32).unwrap().unwrap_f32(), 1.5);
        assert!(parse_val("-inf", ValType::F64)
            .unwrap()
            .unwrap_f64()
            .is_infinite());
        assert!(parse_val("x", ValType::F64).is_err());
        assert!(parse_val("null", ValType::ExternRef).unwrap().is_null());
        assert!(parse_val("1", ValType::FuncRef).is_err());
        assert_eq!(format_val(&Val::F64(2.5f64.to_bits())), "2.5");
        assert_eq!(format_val(&Val::I32(-3)), "-3");
        assert_eq!(format_val(&Val::V128(u128::MAX)), u128::MAX.to_string());
        assert_eq!(format_val(&Val::FuncRef(None)), "<null funcref>");
        assert_eq!(format_val(&Val::ExternRef(None)), "<null externref>");
    }
}
