//! The official spec testsuites on disk: where they are, which of their
//! files rustyjit runs, and the list of files known to fail, which the
//! results are checked against so that the list stays honest both ways.

use crate::report::FileReport;
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// The environment variable naming the folder that holds the suites.
pub const SPEC_DIR_VAR: &str = "RUSTYJIT_SPEC_DIR";

/// The WebAssembly 2.0 snapshot's folder name.
pub const WASM2_SUITE: &str = "wasm-testsuite-2.0";

/// The current suite's folder name.
pub const CURRENT_SUITE: &str = "wasm-testsuite";

/// The folder holding the suites: `$RUSTYJIT_SPEC_DIR` if set, else
/// `../shared` beside the workspace root.
pub fn spec_dir(workspace_root: &Path) -> PathBuf {
    match std::env::var_os(SPEC_DIR_VAR) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_root.join("..").join("shared"),
    }
}

/// Whether we run under CI (`CI=true`), where a missing suite is an error
/// rather than a reason to skip.
pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The top-level `.wast` files of the 2.0 suite, sorted.
pub fn wasm2_files(suite: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(suite)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if path.is_file() && name.ends_with(".wast") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The files of the current suite whose level in its `LEVELS.tsv` is `mvp`,
/// `wasm2`, or `wasm3` needing no
/// proposal beyond [`SUPPORTED_PROPOSALS`]: those that need nothing beyond
/// what rustyjit supports. Sorted.
pub fn current_files(suite: &Path) -> io::Result<Vec<PathBuf>> {
    let levels = std::fs::read_to_string(suite.join("LEVELS.tsv"))?;
    let mut files = select_by_level(&levels)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("LEVELS.tsv: {e}")))?
        .into_iter()
        .map(|name| suite.join(name))
        .collect::<Vec<_>>();
    files.sort();
    Ok(files)
}

/// The current suite's folder of proposals not yet in the spec (each a
/// folder of `.wast` files), relative to the folder holding the suites.
pub const PROPOSALS_SUITE: &str = "wasm-testsuite/proposals";

/// The folders of [`PROPOSALS_SUITE`] whose proposals rustyjit's default
/// `Config` supports.
pub const SUPPORTED_PROPOSAL_DIRS: &[&str] = &["wide-arithmetic", "custom-page-sizes", "threads"];

/// The `.wast` files of the [`SUPPORTED_PROPOSAL_DIRS`] under `proposals`
/// (the [`PROPOSALS_SUITE`] folder), sorted. A missing proposal folder is
/// an error: the suite is expected to have each.
pub fn proposal_files(proposals: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for dir in SUPPORTED_PROPOSAL_DIRS {
        files.extend(wasm2_files(&proposals.join(dir))?);
    }
    files.sort();
    Ok(files)
}

/// The current suite's folder of scripts for the legacy exception-handling
/// encoding (`try`, `catch`, `delegate`, `rethrow`), relative to the
/// folder holding the suites: every file of it runs.
pub const LEGACY_SUITE: &str = "wasm-testsuite/legacy";

/// The post-2.0 proposals, by their names in `LEVELS.tsv`, that rustyjit's
/// default `Config` supports.
pub const SUPPORTED_PROPOSALS: &[&str] = &[
    "extended-const",
    "function-references",
    "multi-memory",
    "relaxed-simd",
    "tail-call",
    "memory64",
    "annotations",
    "threads",
    "exceptions",
];

/// The features of `LEVELS.tsv` that WebAssembly 2.0 includes.
const WASM2_FEATURES: &[&str] = &[
    "multi-value",
    "bulk-memory",
    "reference-types",
    "sign-extension",
    "nontrapping-f2i",
    "simd",
];

/// The file names `LEVELS.tsv` (columns: file, level, features, ...) marks
/// as `mvp`, `wasm2`, or `wasm3` with every
/// feature it needs in 2.0 or [`SUPPORTED_PROPOSALS`]. A feature marked
/// `(invalid-only)` is not needed: the file only has modules using it
/// that must be rejected anyway.
pub fn select_by_level(levels: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    for (i, line) in levels.lines().enumerate() {
        if i == 0 || line.trim().is_empty() {
            continue; // the header
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, level, features, ..] = cols[..] else {
            return Err(format!("line {}: expected at least 3 columns", i + 1));
        };
        let supported = features
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty() && *f != "-" && !f.ends_with("(invalid-only)"))
            .all(|f| WASM2_FEATURES.contains(&f) || SUPPORTED_PROPOSALS.contains(&f));
        if level == "mvp" || level == "wasm2" || (level == "wasm3" && supported) {
            names.push(file.to_string());
        }
    }
    Ok(names)
}

/// Files known to fail, each with why: `SUITE/FILE reason...` per line,
/// `#` comments and blank lines ignored.
#[derive(Clone, Debug, Default)]
pub struct KnownFailures {
    entries: BTreeMap<String, String>,
}

impl KnownFailures {
    /// Parses the list; a line without a reason or a repeated file is an
    /// error, so every entry says why it is there.
    pub fn parse(text: &str) -> Result<KnownFailures, String> {
        let mut entries = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (file, reason) = line
                .split_once(char::is_whitespace)
                .map(|(f, r)| (f, r.trim()))
                .unwrap_or((line, ""));
            if reason.is_empty() {
                return Err(format!("line {}: `{file}` has no reason", i + 1));
            }
            if entries
                .insert(file.to_string(), reason.to_string())
                .is_some()
            {
                return Err(format!("line {}: `{file}` is listed twice", i + 1));
            }
        }
        Ok(KnownFailures { entries })
    }

    /// The reason `suite/file` is listed, if it is.
    pub fn reason(&self, suite: &str, file: &str) -> Option<&str> {
        self.entries.get(&key(suite, file)).map(|s| s.as_str())
    }

    /// The listed file names of `suite`.
    pub fn files_of<'a>(&'a self, suite: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let prefix = format!("{suite}/");
        // A nested suite's files (`wasm-testsuite/legacy/...`) are not
        // the enclosing suite's.
        self.entries
            .keys()
            .filter_map(move |k| k.strip_prefix(prefix.as_str()))
            .filter(|rest| !rest.contains('/'))
    }

    /// Compares one suite's results with the list: every failing file must
    /// be listed, every listed file must have run and still fail.
    pub fn check(&self, suite: &str, reports: &[FileReport]) -> Vec<Discrepancy> {
        let mut problems = Vec::new();
        for r in reports {
            let file = r.file_name();
            match (r.ok(), self.reason(suite, &file)) {
                (false, None) => problems.push(Discrepancy::NewFailure {
                    file: key(suite, &file),
                    failed: r.failed,
                    first: r.failures.iter().take(5).map(|f| f.to_string()).collect(),
                }),
                (true, Some(_)) => problems.push(Discrepancy::NowPasses(key(suite, &file))),
                _ => {}
            }
        }
        for listed in self.files_of(suite) {
            if !reports.iter().any(|r| r.file_name() == listed) {
                problems.push(Discrepancy::NotRun(key(suite, listed)));
            }
        }
        problems
    }
}

fn key(suite: &str, file: &str) -> String {
    format!("{suite}/{file}")
}

/// A difference between the results and the known-failures list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Discrepancy {
    /// A file failed that is not listed.
    NewFailure {
        /// `suite/file`.
        file: String,
        /// How many commands failed.
        failed: usize,
        /// The first few failures.
        first: Vec<String>,
    },
    /// A listed file passed: take it off the list.
    NowPasses(String),
    /// A listed file was not run: the entry is stale.
    NotRun(String),
}

impl fmt::Display for Discrepancy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Discrepancy::NewFailure {
                file,
                failed,
                first,
            } => {
                write!(f, "new failure: {file}: {failed} failed commands")?;
                for line in first {
                    write!(f, "\n    {line}")?;
                }
                Ok(())
            }
            Discrepancy::NowPasses(file) => {
                write!(f, "{file} now passes: remove it from known-failures.txt")
            }
            Discrepancy::NotRun(file) => write!(
                f,
                "{file} is in known-failures.txt but was not run: remove the stale entry"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Failure;

    #[test]
    fn level_selection() {
        let tsv = "file\tlevel\tfeatures\tn\n\
                   a.wast\tmvp\t-\t1\n\
                   b.wast\twasm2\tsimd\t1\n\
                   c.wast\twasm2\tbulk-memory,reference-types\t1\n\
                   d.wast\twasm3\tgc\t1\n\
                   e.wast\twasm2\tsimd,memory64(invalid-only)\t1\n\
                   f.wast\twasm3\treference-types,function-references\t1\n\
                   g.wast\twasm3\tfunction-references,memory64(invalid-only)\t1\n\
                   h.wast\twasm3\tfunction-references,gc\t1\n\
                   i.wast\twasm3\tbulk-memory,multi-memory\t1\n\
                   j.wast\twasm3\tmulti-memory,memory64\t1\n";
        assert_eq!(
            select_by_level(tsv).unwrap(),
            ["a.wast", "b.wast", "c.wast", "e.wast", "f.wast", "g.wast", "i.wast", "j.wast"]
        );
        assert!(select_by_level("h\nbad line\n").is_err());
    }

    #[test]
    fn known_failures_both_ways() {
        let known = KnownFailures::parse(
            "# comment\n\nS/a.wast  the JIT lacks x\nS/b.wast reason\nS/gone.wast stale\n",
        )
        .unwrap();
        assert_eq!(known.reason("S", "a.wast"), Some("the JIT lacks x"));
        let failing = |name: &str| FileReport {
            path: PathBuf::from("/x").join(name),
            passed: 1,
            failed: 1,
            failures: vec![Failure {
                line: 1,
                column: 1,
                directive: "invoke",
                message: "m".into(),
            }],
        };
        let passing = FileReport {
            path: "/x/b.wast".into(),
            passed: 2,
            ..FileReport::default()
        };
        let problems = known.check("S", &[failing("a.wast"), passing, failing("c.wast")]);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(matches!(&problems[0], Discrepancy::NowPasses(f) if f == "S/b.wast"));
        assert!(matches!(&problems[1], Discrepancy::NewFailure { file, .. } if file == "S/c.wast"));
        assert!(matches!(&problems[2], Discrepancy::NotRun(f) if f == "S/gone.wast"));
    }

    #[test]
    fn known_failures_need_reasons() {
        assert!(KnownFailures::parse("S/a.wast\n").is_err());
        assert!(KnownFailures::parse("S/a.wast r\nS/a.wast r\n").is_err());
    }
}
