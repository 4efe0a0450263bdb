//! Reading a module for the optimizer's tests, which compare outcomes
//! function by function and so must go on past an invalid function body
//! (unlike [`ModuleInfo::from_module`]). The index spaces are read by
//! [`ModuleInfo::read_payload`], the one reader of them.

use environ::ModuleInfo;
use wasmparser::{
    FuncToValidate, FunctionBody, Parser, ValidPayload, Validator, ValidatorResources, WasmFeatures,
};

/// Validates the module in `bytes` with `features` payload by payload
/// (module-level errors come back as `Err`) and reads its [`ModuleInfo`],
/// with fuel and epoch checks on request. Each defined function is handed
/// to `func` as it comes, with the info read so far (every index space
/// precedes the code section), its body not yet validated; an `Err` from
/// `func` ends the reading.
pub fn read_module<'a>(
    bytes: &'a [u8],
    features: WasmFeatures,
    fuel: bool,
    epoch: bool,
    mut func: impl FnMut(
        &ModuleInfo,
        FuncToValidate<ValidatorResources>,
        FunctionBody<'a>,
    ) -> Result<(), String>,
) -> Result<ModuleInfo, String> {
    let mut validator = Validator::new_with_features(features);
    let mut info = ModuleInfo {
        consume_fuel: fuel,
        epoch_interruption: epoch,
        ..ModuleInfo::default()
    };
    let mut parser = Parser::new(0);
    parser.set_features(features);
    for payload in parser.parse_all(bytes) {
        let payload = payload.map_err(|e| e.to_string())?;
        let valid = validator.payload(&payload).map_err(|e| e.to_string())?;
        info.read_payload(&payload).map_err(|e| e.to_string())?;
        if let ValidPayload::Func(f, body) = valid {
            func(&info, f, body)?;
        }
    }
    Ok(info)
}

/// The 2.0 spec suite's folder, if it is there (`RUSTYJIT_SPEC_DIR`, else
/// `../shared`); missing, it is skipped, except under CI, where that fails.
pub fn spec_suite_dir() -> Option<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = match std::env::var_os("RUSTYJIT_SPEC_DIR") {
        Some(d) if !d.is_empty() => std::path::PathBuf::from(d),
        _ => root.join("..").join("shared"),
    }
    .join("wasm-testsuite-2.0");
    if dir.is_dir() {
        return Some(dir);
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(!ci, "the spec suite is missing at {} (CI)", dir.display());
    eprintln!("skipping: the spec suite is missing at {}", dir.display());
    None
}

/// The `.wast` files in `dir`, sorted.
pub fn wast_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wast"))
        .collect();
    files.sort();
    files
}

/// The `.wast` files of the 2.0 spec suite (see [`spec_suite_dir`]).
pub fn spec_suite_files() -> Option<Vec<std::path::PathBuf>> {
    spec_suite_dir().map(|dir| wast_files(&dir))
}

/// The modules of the spec script at `path` that `accept` takes (a
/// directive to the module text it holds), encoded, with the directive's
/// position; a script or module that does not parse or encode is left
/// out. Also the script's file name, for messages.
pub fn script_modules(
    path: &std::path::Path,
    accept: impl for<'a> Fn(wast::WastDirective<'a>) -> Option<wast::QuoteWat<'a>>,
) -> (String, Vec<(usize, Vec<u8>)>) {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let text = std::fs::read_to_string(path).unwrap();
    let Ok(buf) = wast::parser::ParseBuffer::new(&text) else {
        return (name, Vec::new());
    };
    let Ok(script) = wast::parser::parse::<wast::Wast>(&buf) else {
        return (name, Vec::new());
    };
    let modules = script
        .directives
        .into_iter()
        .enumerate()
        .filter_map(|(n, directive)| Some((n, accept(directive)?.encode().ok()?)))
        .collect();
    (name, modules)
}
