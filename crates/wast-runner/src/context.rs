//! Running a script: one [`Context`] per script owns an engine, a store and
//! a linker (with `spectest` and every registered instance), and executes
//! the directives in order, each as one command that passes or fails.

use crate::report::{Failure, FileReport};
use crate::spectest;
use crate::values::{arg_to_val, check_ret, describe_vals};
use crate::version::SpecVersion;
use rustyjit::{Config, Engine, Instance, Linker, Module, SharedMemory, Store, Val};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread::{Scope, ScopedJoinHandle};
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::token::Id;
use wast::{QuoteWat, Wast, WastDirective, WastExecute, WastInvoke, Wat};

/// Native stack of each worker thread. JIT code may use up to the engine's
/// `max_wasm_stack` (512 KiB by default) before it traps, and the `wast`
/// parser recurses on deeply nested folded expressions; the default 2 MiB
/// is too tight for both together, and unused stack costs nothing.
const WORKER_STACK: usize = 16 << 20;

/// Runs the script at `path` with the features of `version`.
pub fn run_file(path: &Path, version: SpecVersion) -> FileReport {
    run_file_with(path, &version.config())
}

/// Runs the script at `path` on engines made with `config`.
pub fn run_file_with(path: &Path, config: &Config) -> FileReport {
    let config = &config_for(path, config);
    match std::fs::read_to_string(path) {
        Ok(text) => run_source_with(path, &text, config),
        Err(e) => {
            let mut report = FileReport {
                path: path.to_path_buf(),
                ..FileReport::default()
            };
            report.fail(Failure {
                line: 0,
                column: 0,
                directive: "read",
                message: format!("cannot read {}: {e}", path.display()),
            });
            report
        }
    }
}

/// The configuration a script at `path` runs with: `config`, except that
/// the threads proposal's own scripts predate multi-memory and reference
/// types and check that a second memory or table is invalid, so they run
/// without those (as wasmtime's runner does).
fn config_for(path: &Path, config: &Config) -> Config {
    let mut config = config.clone();
    let in_threads_proposal = path
        .parent()
        .is_some_and(|dir| dir.ends_with("proposals/threads"));
    if in_threads_proposal {
        config
            .wasm_multi_memory(false)
            .wasm_function_references(false)
            .wasm_reference_types(false);
    }
    config
}

/// Runs the script `text`, reporting it under the name `path`.
pub fn run_source(path: impl Into<PathBuf>, text: &str, version: SpecVersion) -> FileReport {
    run_source_with(path, text, &version.config())
}

/// Runs the script `text` on engines made with `config` (for instance one
/// of [`SpecVersion::config`] with a code-generation switch changed).
pub fn run_source_with(path: impl Into<PathBuf>, text: &str, config: &Config) -> FileReport {
    let mut report = FileReport {
        path: path.into(),
        ..FileReport::default()
    };
    let whole_file = |message: String| Failure {
        line: 0,
        column: 0,
        directive: "script",
        message,
    };
    // The legacy exception-handling scripts fold `try`, which the `wast`
    // crate no longer reads.
    let unfolded = crate::legacy::unfold_legacy_try(text);
    let text = unfolded.as_str();
    // names.wast exports names with bidirectional-override characters on
    // purpose; the lexer refuses those unless told they are expected.
    let mut lexer = Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let buf = match ParseBuffer::new_with_lexer(lexer) {
        Ok(buf) => buf,
        Err(e) => {
            report.fail(whole_file(parse_error(e, &report.path, text)));
            return report;
        }
    };
    let script = match parser::parse::<Wast>(&buf) {
        Ok(script) => script,
        Err(e) => {
            report.fail(whole_file(parse_error(e, &report.path, text)));
            return report;
        }
    };
    // `thread` blocks run on threads of this scope, which ends (joining
    // any a script forgot to `wait` for) before the report is returned.
    std::thread::scope(|scope| {
        let mut cx = match Context::new(config, scope) {
            Ok(cx) => cx,
            Err(message) => {
                report.fail(whole_file(message));
                return;
            }
        };
        for directive in script.directives {
            let (line, column) = directive.span().linecol_in(text);
            let kind = directive_name(&directive);
            match cx.run_caught(directive) {
                Ok(()) => report.pass(),
                Err(message) => report.fail(Failure {
                    line: line + 1,
                    column: column + 1,
                    directive: kind,
                    message,
                }),
            }
        }
    });
    report
}

/// The body of a script's `thread` block, on its own OS thread: a new
/// context (engine, store, linker) in which `shared`'s name refers to the
/// shared memories the named module of the spawning script exports. Every
/// command runs; the failures come back joined, for `wait` to report.
fn run_thread<'s, 'e>(
    scope: &'s Scope<'s, 'e>,
    config: &Config,
    shared: Option<(String, SharedExports)>,
    directives: Vec<WastDirective<'e>>,
) -> Result<(), String> {
    let mut cx = Context::new(config, scope)?;
    if let Some((name, exports)) = shared {
        cx.shared.insert(name, exports);
    }
    let failures: Vec<String> = directives
        .into_iter()
        .filter_map(|d| {
            let kind = directive_name(&d);
            cx.run_caught(d).err().map(|m| format!("{kind}: {m}"))
        })
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("thread failed: {}", failures.join("; ")))
    }
}

/// Runs `paths` on up to `jobs` threads (at least one); the reports come
/// back in the order of `paths`.
pub fn run_files(paths: &[PathBuf], version: SpecVersion, jobs: usize) -> Vec<FileReport> {
    run_files_with(paths, &version.config(), jobs)
}

/// [`run_files`] on engines made with `config`.
pub fn run_files_with(paths: &[PathBuf], config: &Config, jobs: usize) -> Vec<FileReport> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<FileReport>>> = Mutex::new(vec![None; paths.len()]);
    let jobs = jobs.clamp(1, paths.len().max(1));
    std::thread::scope(|s| {
        let mut workers = Vec::new();
        for i in 0..jobs {
            let worker = std::thread::Builder::new()
                .name(format!("wast-{i}"))
                .stack_size(WORKER_STACK)
                .spawn_scoped(s, || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    let report = run_file_with(path, config);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(report);
                });
            match worker {
                Ok(w) => workers.push(w),
                // Fewer threads is only slower; with none at all the files
                // still run below on this thread.
                Err(_) => break,
            }
        }
        for w in workers {
            // `run_file` catches panics per directive, so a worker only
            // dies on a panic in the runner itself; its file then reports
            // as unrun below.
            let _ = w.join();
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    for (i, slot) in results.iter_mut().enumerate() {
        if slot.is_none() && next.load(Ordering::Relaxed) <= i {
            *slot = Some(run_file_with(&paths[i], config));
        }
    }
    results
        .into_iter()
        .zip(paths)
        .map(|(r, path)| {
            r.unwrap_or_else(|| {
                let mut report = FileReport {
                    path: path.clone(),
                    ..FileReport::default()
                };
                report.fail(Failure {
                    line: 0,
                    column: 0,
                    directive: "script",
                    message: "the worker thread running this script died".into(),
                });
                report
            })
        })
        .collect()
}

fn parse_error(mut e: wast::Error, path: &Path, text: &str) -> String {
    e.set_path(path);
    e.set_text(text);
    format!("cannot parse the script: {e}")
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-string panic payload)".into()
    }
}

/// The directive's keyword, for failure reports.
fn directive_name(d: &WastDirective<'_>) -> &'static str {
    match d {
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
    }
}

/// Whether `err`, or an error it wraps, has a message beginning with
/// `expected`: the reference interpreter's rule, which lets an engine add
/// detail after the spec's words.
fn error_matches(err: &anyhow::Error, expected: &str) -> bool {
    let expected = without_element_index(expected);
    err.chain().any(|e| e.to_string().starts_with(expected))
}

/// The reference interpreter names the null element a `call_indirect` hit
/// ("uninitialized element 2"); that index is its own detail, not part of
/// the spec's message, and rustyjit's trap does not carry it.
fn without_element_index(expected: &str) -> &str {
    const UNINIT: &str = "uninitialized element";
    match expected.strip_prefix(UNINIT) {
        Some(rest)
            if rest
                .strip_prefix(' ')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) =>
        {
            UNINIT
        }
        _ => expected,
    }
}

/// An instance, or why the module a command refers to has none.
type Loaded = Result<Instance, String>;

/// The shared memories a module exports, by export name.
type SharedExports = Vec<(String, SharedMemory)>;

/// The state of one running script (or `thread` block of one).
struct Context<'s, 'e> {
    /// What engines of `thread` blocks are made with.
    config: Config,
    /// Where `thread` blocks run.
    scope: &'s Scope<'s, 'e>,
    /// Running `thread` blocks by name, until their `wait`.
    threads: HashMap<String, ScopedJoinHandle<'s, Result<(), String>>>,
    /// In a `thread` block: the shared module of the spawning script, by
    /// its name, which `register` may name.
    shared: HashMap<String, SharedExports>,
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    /// The most recent module; `None` before the first.
    current: Option<Loaded>,
    /// Modules named with `$id`, instantiated or failed.
    named: HashMap<String, Loaded>,
    /// `module definition`s by name, and the most recent one.
    definitions: HashMap<String, Module>,
    last_definition: Option<Module>,
}

/// What executing an `invoke`, `get` or module in an assertion produced: the
/// values, or the error (a trap) the runtime returned. A failure to even
/// get that far (unknown export, a module that does not compile) is the
/// outer `Err` of the functions returning it.
type Outcome = Result<Vec<Val>, anyhow::Error>;

impl<'s, 'e> Context<'s, 'e> {
    fn new(config: &Config, scope: &'s Scope<'s, 'e>) -> Result<Context<'s, 'e>, String> {
        let engine = Engine::new(config).map_err(|e| format!("cannot create engine: {e:#}"))?;
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        // Scripts may register several modules under one name; the latest
        // wins, as in the reference interpreter.
        linker.allow_shadowing(true);
        spectest::define(&mut store, &mut linker)
            .map_err(|e| format!("cannot define the spectest module: {e:#}"))?;
        Ok(Context {
            config: config.clone(),
            scope,
            threads: HashMap::new(),
            shared: HashMap::new(),
            engine,
            store,
            linker,
            current: None,
            named: HashMap::new(),
            definitions: HashMap::new(),
            last_definition: None,
        })
    }

    /// Runs one directive; a panic in the runtime is a failed command,
    /// not a dead runner: the rest of the script still runs and is counted.
    fn run_caught(&mut self, directive: WastDirective<'e>) -> Result<(), String> {
        catch_unwind(AssertUnwindSafe(|| self.run(directive)))
            .unwrap_or_else(|payload| Err(format!("panicked: {}", panic_message(&payload))))
    }

    fn run(&mut self, directive: WastDirective<'e>) -> Result<(), String> {
        match directive {
            WastDirective::Module(mut m) => {
                let name = m.name().map(|id| id.name().to_string());
                let loaded = self
                    .compile_quote(&mut m)
                    .and_then(|module| self.instantiate(&module));
                self.set_current(name, loaded.clone());
                loaded.map(drop)
            }
            WastDirective::ModuleDefinition(mut m) => {
                let name = m.name().map(|id| id.name().to_string());
                let module = self.compile_quote(&mut m)?;
                if let Some(name) = name {
                    self.definitions.insert(name, module.clone());
                }
                self.last_definition = Some(module);
                Ok(())
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                let def = match module {
                    Some(id) => self.definitions.get(id.name()).cloned(),
                    None => self.last_definition.clone(),
                };
                let loaded = match def {
                    Some(def) => self.instantiate(&def),
                    None => Err("no such module definition".to_string()),
                };
                self.set_current(instance.map(|id| id.name().to_string()), loaded.clone());
                loaded.map(drop)
            }
            WastDirective::Register {
                name,
                module: Some(id),
                ..
            } if self.shared.contains_key(id.name()) => {
                for (field, memory) in &self.shared[id.name()] {
                    self.linker
                        .define(&self.store, name, field, memory.clone())
                        .map_err(|e| format!("cannot register `{name}`: {e:#}"))?;
                }
                Ok(())
            }
            WastDirective::Register { name, module, .. } => {
                let instance = self.instance(module)?;
                self.linker
                    .instance(&mut self.store, name, instance)
                    .map(drop)
                    .map_err(|e| format!("cannot register `{name}`: {e:#}"))
            }
            WastDirective::Invoke(invoke) => match self.invoke(&invoke)? {
                Ok(_) => Ok(()),
                Err(e) => Err(format!("unexpected error: {e:#}")),
            },
            WastDirective::AssertReturn { exec, results, .. } => match self.execute(exec)? {
                Ok(values) => {
                    if values.len() != results.len() {
                        return Err(format!(
                            "expected {} results, got {}",
                            results.len(),
                            describe_vals(&self.store, &values)
                        ));
                    }
                    for (i, (v, e)) in values.iter().zip(&results).enumerate() {
                        check_ret(&self.store, v, e).map_err(|m| format!("result {i}: {m}"))?;
                    }
                    Ok(())
                }
                Err(e) => Err(format!("unexpected error: {e:#}")),
            },
            WastDirective::AssertTrap { exec, message, .. } => {
                expect_error(self.execute(exec)?, message, &self.store)
            }
            WastDirective::AssertExhaustion { call, message, .. } => {
                expect_error(self.invoke(&call)?, message, &self.store)
            }
            WastDirective::AssertInvalid {
                mut module,
                message,
                ..
            }
            | WastDirective::AssertMalformed {
                mut module,
                message,
                ..
            } => match self.compile_quote(&mut module) {
                // Only rejection is checked, not the wording: wasmparser's
                // and the `wast` parser's messages differ from the
                // reference interpreter's.
                Err(_) => Ok(()),
                Ok(_) => Err(format!("module was accepted, expected \"{message}\"")),
            },
            WastDirective::AssertInvalidCustom { mut module, .. }
            | WastDirective::AssertMalformedCustom { mut module, .. } => {
                // A bad custom section or annotation never makes a module
                // unusable: an engine must still accept it.
                self.compile_quote(&mut module).map(drop)
            }
            WastDirective::AssertUnlinkable {
                mut module,
                message,
                ..
            } => {
                let module = self.compile_wat(&mut module)?;
                match self.linker.instantiate(&mut self.store, &module) {
                    Ok(_) => Err(format!("module linked, expected \"{message}\"")),
                    Err(e) if error_matches(&e, message) => Ok(()),
                    Err(e) => Err(format!("expected \"{message}\", got \"{e:#}\"")),
                }
            }
            WastDirective::AssertException { exec, .. } => match self.execute(exec)? {
                Ok(_) => Err("returned, expected an uncaught exception".into()),
                Err(e) if e.downcast_ref::<rustyjit::Exception>().is_some() => Ok(()),
                Err(e) => Err(format!("expected an uncaught exception, got \"{e:#}\"")),
            },
            WastDirective::AssertSuspension { .. } => {
                Err("unsupported feature `stack-switching`: assert_suspension".into())
            }
            WastDirective::Thread(thread) => {
                let shared = match thread.shared_module {
                    Some(id) => Some((id.name().to_string(), self.shared_exports(id)?)),
                    None => None,
                };
                let (config, scope) = (self.config.clone(), self.scope);
                let directives = thread.directives;
                let handle = std::thread::Builder::new()
                    .name(format!("wast-thread-{}", thread.name.name()))
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, move || {
                        run_thread(scope, &config, shared, directives)
                    })
                    .map_err(|e| format!("cannot start a thread: {e}"))?;
                self.threads.insert(thread.name.name().to_string(), handle);
                Ok(())
            }
            WastDirective::Wait { thread, .. } => {
                let handle = self
                    .threads
                    .remove(thread.name())
                    .ok_or_else(|| format!("no running thread named ${}", thread.name()))?;
                handle
                    .join()
                    .unwrap_or_else(|payload| Err(format!("panicked: {}", panic_message(&payload))))
            }
        }
    }

    /// The shared memories the module `id` exports (of this context, or
    /// shared with it by the thread's spawner).
    fn shared_exports(&mut self, id: Id<'_>) -> Result<SharedExports, String> {
        if let Some(exports) = self.shared.get(id.name()) {
            return Ok(exports.clone());
        }
        let instance = self.instance(Some(id))?;
        Ok(instance
            .exports(&mut self.store)
            .into_iter()
            .filter_map(|(name, e)| Some((name, e.into_shared_memory()?)))
            .collect())
    }

    /// Makes `loaded` the current module (and `$name`'s, if named).
    fn set_current(&mut self, name: Option<String>, loaded: Loaded) {
        if let Some(name) = name {
            self.named.insert(name, loaded.clone());
        }
        self.current = Some(loaded);
    }

    /// The instance a command refers to: `$id`'s or the current one.
    fn instance(&self, id: Option<Id<'_>>) -> Result<Instance, String> {
        let loaded = match id {
            Some(id) => self
                .named
                .get(id.name())
                .ok_or_else(|| format!("no module named ${}", id.name()))?,
            None => self
                .current
                .as_ref()
                .ok_or("no module has been defined yet")?,
        };
        loaded
            .clone()
            .map_err(|e| format!("the module it refers to did not load: {e}"))
    }

    /// Encodes and compiles a module given as text, binary or a quote.
    fn compile_quote(&self, m: &mut QuoteWat<'_>) -> Result<Module, String> {
        if matches!(
            m,
            QuoteWat::QuoteComponent(..) | QuoteWat::Wat(Wat::Component(_))
        ) {
            return Err("unsupported feature `component-model`".into());
        }
        let bytes = m
            .encode()
            .map_err(|e| format!("cannot encode module: {}", e.message()))?;
        self.compile(&bytes)
    }

    /// Encodes and compiles a module given as text or binary.
    fn compile_wat(&self, m: &mut Wat<'_>) -> Result<Module, String> {
        if matches!(m, Wat::Component(_)) {
            return Err("unsupported feature `component-model`".into());
        }
        let bytes = m
            .encode()
            .map_err(|e| format!("cannot encode module: {}", e.message()))?;
        self.compile(&bytes)
    }

    fn compile(&self, bytes: &[u8]) -> Result<Module, String> {
        Module::from_binary(&self.engine, bytes).map_err(|e| format!("compile error: {e:#}"))
    }

    fn instantiate(&mut self, module: &Module) -> Loaded {
        self.linker
            .instantiate(&mut self.store, module)
            .map_err(|e| format!("instantiation failed: {e:#}"))
    }

    /// Runs what an assertion checks: an invocation, a global read, or the
    /// instantiation of a module (which must at least compile).
    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Outcome, String> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Get { module, global, .. } => {
                let instance = self.instance(module)?;
                let g = instance
                    .get_global(&mut self.store, global)
                    .ok_or_else(|| format!("no global export named `{global}`"))?;
                Ok(Ok(vec![g.get(&self.store)]))
            }
            WastExecute::Wat(mut wat) => {
                let module = self.compile_wat(&mut wat)?;
                Ok(self
                    .linker
                    .instantiate(&mut self.store, &module)
                    .map(|_| Vec::new()))
            }
        }
    }

    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Outcome, String> {
        let instance = self.instance(invoke.module)?;
        let func = instance
            .get_func(&mut self.store, invoke.name)
            .ok_or_else(|| format!("no function export named `{}`", invoke.name))?;
        let args = invoke
            .args
            .iter()
            .map(|a| arg_to_val(&mut self.store, a))
            .collect::<Result<Vec<_>, _>>()?;
        let ty = func.ty(&self.store);
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        Ok(func
            .call(&mut self.store, &args, &mut results)
            .map(|()| results))
    }
}

/// Checks that `outcome` is an error whose message begins with `expected`.
fn expect_error(outcome: Outcome, expected: &str, store: &Store<()>) -> Result<(), String> {
    match outcome {
        Ok(values) => Err(format!(
            "expected \"{expected}\", got {}",
            describe_vals(store, &values)
        )),
        Err(e) if error_matches(&e, expected) => Ok(()),
        Err(e) => Err(format!("expected \"{expected}\", got \"{e:#}\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_index_is_optional() {
        assert_eq!(
            without_element_index("uninitialized element 2"),
            "uninitialized element"
        );
        assert_eq!(
            without_element_index("uninitialized element"),
            "uninitialized element"
        );
        assert_eq!(
            without_element_index("uninitialized element x"),
            "uninitialized element x"
        );
        assert_eq!(
            without_element_index("undefined element 2"),
            "undefined element 2"
        );
        let trap = anyhow::anyhow!("uninitialized element");
        assert!(error_matches(&trap, "uninitialized element 2"));
        assert!(!error_matches(&trap, "undefined element"));
    }
}
