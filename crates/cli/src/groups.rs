//! wasmtime's option groups for `rustyjit run`: `-W` (WebAssembly
//! semantics), `-C` (code generation), `-O` (optimization and tuning),
//! `-S` (WASI) and `-D` (debugging), each taking `KEY[=VALUE]` items
//! separated by commas, repeatable, with wasmtime's value syntax (`y`,
//! `yes`, `true` or nothing; `n`, `no`, `false`; integers in decimal or
//! `0x` hex) and `-W help` listing a group's keys. The keys that map onto
//! a rustyjit setting are accepted; every other key is rejected with an
//! error naming it, never ignored.

use crate::args::StrategyArg;
use anyhow::{anyhow, bail, Result};
use rustyjit::Config;
use std::time::Duration;

/// What the option groups of one command line ask for; `None` or `false`
/// where they say nothing.
#[derive(Default)]
pub struct GroupSettings {
    /// `-W fuel=N`.
    pub fuel: Option<u64>,
    /// `-W epoch-interruption`.
    pub epoch_interruption: Option<bool>,
    /// `-W max-wasm-stack=N`.
    pub max_wasm_stack: Option<usize>,
    /// `-W max-memory-size=N`.
    pub max_memory_size: Option<u64>,
    /// `-W max-table-elements=N`.
    pub max_table_elements: Option<usize>,
    /// `-W max-instances=N`.
    pub max_instances: Option<usize>,
    /// `-W max-tables=N`.
    pub max_tables: Option<usize>,
    /// `-W max-memories=N`.
    pub max_memories: Option<usize>,
    /// `-W timeout=DURATION`.
    pub timeout: Option<Duration>,
    /// `-W unknown-imports-trap`.
    pub unknown_imports_trap: bool,
    /// `-W unknown-imports-default`.
    pub unknown_imports_default: bool,
    /// `-W PROPOSAL=y|n` and `-W all-proposals`, in command-line order.
    pub proposals: Vec<(Proposal, bool)>,
    /// `-C compiler=...` and `-O opt-level=0`.
    pub strategy: Option<StrategyArg>,
    /// `-C cache`.
    pub cache: Option<bool>,
    /// `-C parallel-compilation`.
    pub parallel_compilation: Option<bool>,
    /// `-O memory-init-cow`.
    pub memory_init_cow: Option<bool>,
    /// `-S inherit-env`.
    pub inherit_env: bool,
}

/// A WebAssembly proposal rustyjit can switch: its name in wasmtime's
/// `-W` and the [`Config`] setter.
pub type Proposal = (&'static str, fn(&mut Config, bool) -> &mut Config);

/// The proposals `-W` switches (wasmtime's names).
pub const PROPOSALS: &[Proposal] = &[
    ("simd", Config::wasm_simd),
    ("relaxed-simd", Config::wasm_relaxed_simd),
    ("multi-value", Config::wasm_multi_value),
    ("bulk-memory", Config::wasm_bulk_memory),
    ("reference-types", Config::wasm_reference_types),
    ("extended-const", Config::wasm_extended_const),
    ("multi-memory", Config::wasm_multi_memory),
    ("tail-call", Config::wasm_tail_call),
    ("function-references", Config::wasm_function_references),
    ("wide-arithmetic", Config::wasm_wide_arithmetic),
    ("memory64", Config::wasm_memory64),
    ("custom-page-sizes", Config::wasm_custom_page_sizes),
    ("threads", Config::wasm_threads),
    ("exceptions", Config::wasm_exceptions),
    ("legacy-exceptions", Config::wasm_legacy_exceptions),
];

/// One accepted key of a group.
struct Key {
    name: &'static str,
    /// The value's form, for `help`.
    value: &'static str,
    /// One line for `help`.
    doc: &'static str,
    apply: fn(&mut GroupSettings, Option<&str>) -> Result<()>,
}

/// One option group.
struct Group {
    letter: char,
    long: &'static str,
    keys: &'static [Key],
    /// wasmtime's keys (or key prefixes ending in `-`) that rustyjit does
    /// not support: rejected as such rather than as unknown.
    unsupported: &'static [&'static str],
}

const WASM: Group = Group {
    letter: 'W',
    long: "wasm",
    keys: &[
        Key {
            name: "fuel",
            value: "=N",
            doc: "trap after N units of fuel (as --fuel)",
            apply: |s, v| set_once(&mut s.fuel, "fuel", int(v)?),
        },
        Key {
            name: "epoch-interruption",
            value: "[=y|n]",
            doc: "compile epoch checks (what --timeout uses; needed to run a .cwasm compiled with them)",
            apply: |s, v| set_once(&mut s.epoch_interruption, "epoch-interruption", boolean(v)?),
        },
        Key {
            name: "max-wasm-stack",
            value: "=N",
            doc: "bytes of native stack Wasm may use before `call stack exhausted`",
            apply: |s, v| set_once(&mut s.max_wasm_stack, "max-wasm-stack", int(v)?),
        },
        Key {
            name: "max-memory-size",
            value: "=N",
            doc: "the most bytes a linear memory may grow to (as --max-memory)",
            apply: |s, v| set_once(&mut s.max_memory_size, "max-memory-size", int(v)?),
        },
        Key {
            name: "max-table-elements",
            value: "=N",
            doc: "the most elements a table may grow to",
            apply: |s, v| set_once(&mut s.max_table_elements, "max-table-elements", int(v)?),
        },
        Key {
            name: "max-instances",
            value: "=N",
            doc: "the most instances the run may create",
            apply: |s, v| set_once(&mut s.max_instances, "max-instances", int(v)?),
        },
        Key {
            name: "max-tables",
            value: "=N",
            doc: "the most tables the run may create",
            apply: |s, v| set_once(&mut s.max_tables, "max-tables", int(v)?),
        },
        Key {
            name: "max-memories",
            value: "=N",
            doc: "the most linear memories the run may create",
            apply: |s, v| set_once(&mut s.max_memories, "max-memories", int(v)?),
        },
        Key {
            name: "timeout",
            value: "=N|Ns|Nms|..",
            doc: "stop the guest after this much wall-clock time (as --timeout)",
            apply: |s, v| {
                let d = crate::run::parse_duration(text(v)?).map_err(|e| anyhow!(e))?;
                set_once(&mut s.timeout, "timeout", d)
            },
        },
        Key {
            name: "unknown-imports-trap",
            value: "[=y|n]",
            doc: "satisfy the main module's unknown function imports with functions that trap",
            apply: |s, v| {
                s.unknown_imports_trap = boolean(v)?;
                Ok(())
            },
        },
        Key {
            name: "unknown-imports-default",
            value: "[=y|n]",
            doc: "satisfy the main module's unknown imports with default values",
            apply: |s, v| {
                s.unknown_imports_default = boolean(v)?;
                Ok(())
            },
        },
        Key {
            name: "relaxed-simd-deterministic",
            value: "[=y|n]",
            doc: "accepted either way: rustyjit's relaxed SIMD results are always deterministic",
            apply: |_, v| boolean(v).map(|_| ()),
        },
        Key {
            name: "all-proposals",
            value: "[=y|n]",
            doc: "switch every proposal below",
            apply: |s, v| {
                let on = boolean(v)?;
                s.proposals.extend(PROPOSALS.iter().map(|&p| (p, on)));
                Ok(())
            },
        },
    ],
    unsupported: &[
        "nan-canonicalization",
        "async-stack-size",
        "async-stack-zeroing",
        "unknown-exports-allow",
        "wmemcheck",
        "trap-on-grow-failure",
        "shared-memory",
        "shared-everything-threads",
        "component-model",
        "component-model-",
        "stack-switching",
        "gc",
        "gc-support",
        "concurrency-support",
    ],
};

const CODEGEN: Group = Group {
    letter: 'C',
    long: "codegen",
    keys: &[
        Key {
            name: "compiler",
            value: "=baseline|optimizing|tiered|winch|cranelift",
            doc: "the compiler tier (as --strategy); wasmtime's winch is the baseline, cranelift the optimizing tier",
            apply: |s, v| {
                let strategy = match text(v)? {
                    "baseline" | "winch" => StrategyArg::Baseline,
                    "optimizing" | "cranelift" => StrategyArg::Optimizing,
                    "tiered" => StrategyArg::Tiered,
                    other => bail!(
                        "unknown compiler `{other}`: baseline, optimizing, tiered, winch or cranelift"
                    ),
                };
                set_once(&mut s.strategy, "compiler", strategy)
            },
        },
        Key {
            name: "cache",
            value: "[=y|n]",
            doc: "use the compiled-module cache (on by default; n as --no-cache)",
            apply: |s, v| set_once(&mut s.cache, "cache", boolean(v)?),
        },
        Key {
            name: "parallel-compilation",
            value: "[=y|n]",
            doc: "compile large modules on all cores (on by default)",
            apply: |s, v| set_once(&mut s.parallel_compilation, "parallel-compilation", boolean(v)?),
        },
    ],
    unsupported: &[
        "collector",
        "cranelift-debug-verifier",
        "cache-config",
        "pcc",
        "native-unwind-info",
        "inlining",
        "cranelift-",
    ],
};

const OPTIMIZE: Group = Group {
    letter: 'O',
    long: "optimize",
    keys: &[
        Key {
            name: "opt-level",
            value: "=0|1|2|s",
            doc: "0: the baseline compiler alone; 1, 2 and s keep the strategy (tiered by default: hot code optimized)",
            apply: |s, v| match text(v)? {
                "0" => set_once(&mut s.strategy, "opt-level", StrategyArg::Baseline),
                "1" | "2" | "s" => Ok(()),
                other => bail!("unknown optimization level `{other}`: 0, 1, 2 or s"),
            },
        },
        Key {
            name: "memory-init-cow",
            value: "[=y|n]",
            doc: "map static data segments copy-on-write (on by default)",
            apply: |s, v| set_once(&mut s.memory_init_cow, "memory-init-cow", boolean(v)?),
        },
    ],
    unsupported: &[
        "regalloc-algorithm",
        "memory-may-move",
        "memory-reservation",
        "memory-reservation-for-growth",
        "memory-guard-size",
        "guard-before-linear-memory",
        "table-lazy-init",
        "pooling-",
        "memory-guaranteed-dense-image-size",
        "signals-based-traps",
        "dynamic-memory-guard-size",
        "static-memory-guard-size",
        "static-memory-forced",
        "static-memory-maximum-size",
        "dynamic-memory-reserved-for-growth",
    ],
};

const WASI: Group = Group {
    letter: 'S',
    long: "wasi",
    keys: &[
        Key {
            name: "cli",
            value: "[=y]",
            doc: "WASI preview 1 (always on)",
            apply: |_, v| wasi_always_on(v),
        },
        Key {
            name: "common",
            value: "[=y]",
            doc: "wasmtime's old name for cli",
            apply: |_, v| wasi_always_on(v),
        },
        Key {
            name: "inherit-env",
            value: "[=y|n]",
            doc:
                "pass every host environment variable to the guest (--env still sets or overrides)",
            apply: |s, v| {
                s.inherit_env = boolean(v)?;
                Ok(())
            },
        },
    ],
    unsupported: &[
        "cli-exit-with-code",
        "nn",
        "nn-graph",
        "threads",
        "http",
        "http-",
        "config",
        "config-var",
        "keyvalue",
        "keyvalue-in-memory-data",
        "listenfd",
        "tcplisten",
        "tls",
        "preview2",
        "inherit-network",
        "allow-ip-name-lookup",
        "tcp",
        "udp",
        "network-error-code",
        "preview0",
        "p3",
        "max-resources",
        "hostcall-fuel",
        "max-random-size",
        "max-http-fields-size",
    ],
};

const DEBUG: Group = Group {
    letter: 'D',
    long: "debug",
    keys: &[],
    unsupported: &[
        "debug-info",
        "guest-debug",
        "address-map",
        "logging",
        "log-to-files",
        "coredump",
    ],
};

/// clap's value parsers of the groups' flags: an item list as it is, or,
/// for `help`, the group's keys printed and the process ended, as
/// wasmtime does (so `rustyjit run -W help` needs no FILE).
pub fn wasm_item(s: &str) -> Result<String, String> {
    item_or_help(&WASM, s)
}

/// See [`wasm_item`].
pub fn codegen_item(s: &str) -> Result<String, String> {
    item_or_help(&CODEGEN, s)
}

/// See [`wasm_item`].
pub fn optimize_item(s: &str) -> Result<String, String> {
    item_or_help(&OPTIMIZE, s)
}

/// See [`wasm_item`].
pub fn wasi_item(s: &str) -> Result<String, String> {
    item_or_help(&WASI, s)
}

/// See [`wasm_item`].
pub fn debug_item(s: &str) -> Result<String, String> {
    item_or_help(&DEBUG, s)
}

fn item_or_help(group: &Group, s: &str) -> Result<String, String> {
    if s == "help" || s == "help-long" {
        print!("{}", help(group));
        std::process::exit(0);
    }
    Ok(s.to_string())
}

/// The list of `group`'s keys.
fn help(group: &Group) -> String {
    let mut out = format!("Available {} options:\n\n", group.long);
    for k in group.keys {
        out += &format!("  -{} {}{} -- {}\n", group.letter, k.name, k.value, k.doc);
    }
    if group.keys.is_empty() {
        out += "  (none: rustyjit supports none of wasmtime's)\n";
    }
    if group.letter == 'W' {
        let names: Vec<&str> = PROPOSALS.iter().map(|p| p.0).collect();
        out += &format!("  -W <proposal>[=y|n] -- one of: {}\n", names.join(", "));
    }
    out += &format!(
        "\nwasmtime's other -{} options are rejected: {}\n",
        group.letter,
        group.unsupported.join(", ")
    );
    out
}

/// The raw values of each group's flags on one command line.
pub struct RawGroups<'a> {
    pub wasm: &'a [String],
    pub codegen: &'a [String],
    pub optimize: &'a [String],
    pub wasi: &'a [String],
    pub debug: &'a [String],
}

impl RawGroups<'_> {
    fn each(&self) -> [(&'static Group, &[String]); 5] {
        [
            (&WASM, self.wasm),
            (&CODEGEN, self.codegen),
            (&OPTIMIZE, self.optimize),
            (&WASI, self.wasi),
            (&DEBUG, self.debug),
        ]
    }

    /// Parses every group's items.
    pub fn parse(&self) -> Result<GroupSettings> {
        let mut settings = GroupSettings::default();
        for (group, raw) in self.each() {
            for item in raw.iter().flat_map(|r| r.split(',')) {
                let (key, value) = match item.split_once('=') {
                    Some((k, v)) => (k, Some(v)),
                    None => (item, None),
                };
                let err = |e: anyhow::Error| anyhow!("-{} {item}: {e}", group.letter);
                if let Some(k) = group.keys.iter().find(|k| k.name == key) {
                    (k.apply)(&mut settings, value).map_err(err)?;
                } else if let Some(&p) = PROPOSALS
                    .iter()
                    .find(|p| p.0 == key)
                    .filter(|_| group.letter == 'W')
                {
                    settings.proposals.push((p, boolean(value).map_err(err)?));
                } else if group.unsupported.iter().any(|u| match u.strip_suffix('-') {
                    Some(prefix) => key.starts_with(prefix) && key.len() > prefix.len(),
                    None => *u == key,
                }) {
                    bail!(
                        "wasmtime's option `-{} {key}` is not supported by rustyjit (`-{} help` lists what is)",
                        group.letter,
                        group.letter
                    );
                } else {
                    bail!(
                        "unknown -{} / --{} option `{key}` (`-{} help` lists them)",
                        group.letter,
                        group.long,
                        group.letter
                    );
                }
            }
        }
        Ok(settings)
    }
}

/// Sets `slot`, which an earlier item must not have set to another value.
fn set_once<T: PartialEq>(slot: &mut Option<T>, name: &str, value: T) -> Result<()> {
    if slot.as_ref().is_some_and(|old| *old != value) {
        bail!("`{name}` is given twice, with different values");
    }
    *slot = Some(value);
    Ok(())
}

/// A value that must be there.
fn text(v: Option<&str>) -> Result<&str> {
    v.ok_or_else(|| anyhow!("a value is needed: KEY=VALUE"))
}

/// wasmtime's booleans: nothing, `y`, `yes` or `true`; `n`, `no` or
/// `false`.
fn boolean(v: Option<&str>) -> Result<bool> {
    match v {
        None | Some("y" | "yes" | "true") => Ok(true),
        Some("n" | "no" | "false") => Ok(false),
        Some(other) => bail!("`{other}` is not y, yes, true, n, no or false"),
    }
}

/// wasmtime's integers: decimal or `0x` hex.
fn int<T: TryFrom<u64>>(v: Option<&str>) -> Result<T> {
    let t = text(v)?;
    let n = match t.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => t.parse::<u64>(),
    }
    .map_err(|_| anyhow!("`{t}` is not an integer"))?;
    T::try_from(n).map_err(|_| anyhow!("`{t}` is too large"))
}

/// `-S cli`: WASI cannot be switched off here.
fn wasi_always_on(v: Option<&str>) -> Result<()> {
    if !boolean(v)? {
        bail!("rustyjit always provides WASI preview 1");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(w: &[&str], c: &[&str], o: &[&str]) -> Result<GroupSettings> {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (w, c, o) = (own(w), own(c), own(o));
        RawGroups {
            wasm: &w,
            codegen: &c,
            optimize: &o,
            wasi: &[],
            debug: &[],
        }
        .parse()
    }

    #[test]
    fn accepted_keys_set_their_settings() {
        let s = parse(
            &[
                "fuel=0x10,epoch-interruption",
                "max-wasm-stack=65536",
                "simd=n",
                "tail-call",
            ],
            &["compiler=winch", "cache=no,parallel-compilation=false"],
            &["memory-init-cow=n"],
        )
        .unwrap();
        assert_eq!(s.fuel, Some(16));
        assert_eq!(s.epoch_interruption, Some(true));
        assert_eq!(s.max_wasm_stack, Some(65536));
        let p: Vec<(&str, bool)> = s.proposals.iter().map(|(p, on)| (p.0, *on)).collect();
        assert_eq!(p, [("simd", false), ("tail-call", true)]);
        assert_eq!(s.strategy, Some(StrategyArg::Baseline));
        assert_eq!(s.cache, Some(false));
        assert_eq!(s.parallel_compilation, Some(false));
        assert_eq!(s.memory_init_cow, Some(false));
        let s = parse(&["timeout=500ms"], &[], &["opt-level=2"]).unwrap();
        assert_eq!(s.timeout, Some(Duration::from_millis(500)));
        assert_eq!(s.strategy, None);
    }

    #[test]
    fn other_keys_are_rejected_by_name() {
        let e = |w: &[&str], c: &[&str], o: &[&str]| format!("{:#}", parse(w, c, o).err().unwrap());
        assert!(e(&["gc=y"], &[], &[]).contains("`-W gc` is not supported"));
        assert!(e(&[], &["cranelift-opt-level=none"], &[]).contains("`-C cranelift-opt-level`"));
        assert!(e(&[], &[], &["pooling-total-memories=4"]).contains("`-O pooling-total-memories`"));
        assert!(e(&["frobnicate"], &[], &[]).contains("unknown -W / --wasm option `frobnicate`"));
        assert!(e(&["fuel"], &[], &[]).contains("-W fuel: a value is needed"));
        assert!(e(&["simd=maybe"], &[], &[]).contains("`maybe` is not y"));
        assert!(e(&[], &["compiler=llvm"], &[]).contains("unknown compiler `llvm`"));
        assert!(e(&["fuel=1,fuel=2"], &[], &[]).contains("given twice"));
        assert!(e(&[], &["compiler=cranelift"], &["opt-level=0"]).contains("given twice"));
    }

    #[test]
    fn help_lists_a_group() {
        let help = help(&WASM);
        assert!(help.contains("-W fuel=N"), "{help}");
        assert!(help.contains("relaxed-simd"), "{help}");
        assert!(help.contains("memory64"), "{help}");
    }
}
