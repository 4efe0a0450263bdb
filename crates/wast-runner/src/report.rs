//! The results of running scripts: a [`Failure`] per failed command, a
//! [`FileReport`] per script and a [`Summary`] over many scripts.

use std::fmt;
use std::path::PathBuf;

/// One failed command of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// 1-based line of the directive in the script.
    pub line: usize,
    /// 1-based column of the directive in the script.
    pub column: usize,
    /// The directive's kind, as written in the script (`assert_return`, ...).
    pub directive: &'static str,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.line, self.column, self.directive, self.message
        )
    }
}

/// The result of running one script.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileReport {
    /// The script's path (or the name it was run under).
    pub path: PathBuf,
    /// Number of commands that passed.
    pub passed: usize,
    /// Number of commands that failed; a script that does not parse counts
    /// as one failed command.
    pub failed: usize,
    /// Details of each failed command, in script order.
    pub failures: Vec<Failure>,
}

impl FileReport {
    /// Whether every command passed.
    pub fn ok(&self) -> bool {
        self.failed == 0
    }

    /// The script's file name, without its folders.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string())
    }

    /// One line: `PATH: P passed, F failed`.
    pub fn summary_line(&self) -> String {
        format!(
            "{}: {} passed, {} failed",
            self.path.display(),
            self.passed,
            self.failed
        )
    }

    pub(crate) fn pass(&mut self) {
        self.passed += 1;
    }

    pub(crate) fn fail(&mut self, failure: Failure) {
        self.failed += 1;
        self.failures.push(failure);
    }
}

/// Totals over many scripts.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Number of scripts.
    pub files: usize,
    /// Number of scripts with no failed command.
    pub files_passed: usize,
    /// Commands passed, over all scripts.
    pub passed: usize,
    /// Commands failed, over all scripts.
    pub failed: usize,
}

impl Summary {
    /// The totals of `reports`.
    pub fn of<'a>(reports: impl IntoIterator<Item = &'a FileReport>) -> Summary {
        let mut s = Summary::default();
        for r in reports {
            s.add(r);
        }
        s
    }

    /// Adds one script's result.
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        if report.ok() {
            self.files_passed += 1;
        }
        self.passed += report.passed;
        self.failed += report.failed;
    }

    /// Whether every command of every script passed.
    pub fn ok(&self) -> bool {
        self.failed == 0
    }
}

impl fmt::Display for Summary {
    /// `N files, P passed, F failed commands`: the shape of the per-suite
    /// summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} files, {} passed, {} failed commands",
            self.files, self.passed, self.failed
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_adds_up() {
        let a = FileReport {
            path: "a.wast".into(),
            passed: 3,
            failed: 0,
            failures: vec![],
        };
        let mut b = FileReport {
            path: "dir/b.wast".into(),
            ..FileReport::default()
        };
        b.pass();
        b.fail(Failure {
            line: 2,
            column: 1,
            directive: "invoke",
            message: "boom".into(),
        });
        let s = Summary::of([&a, &b]);
        assert_eq!(s.files, 2);
        assert_eq!(s.files_passed, 1);
        assert_eq!((s.passed, s.failed), (4, 1));
        assert_eq!(s.to_string(), "2 files, 4 passed, 1 failed commands");
        assert_eq!(b.file_name(), "b.wast");
        assert_eq!(b.summary_line(), "dir/b.wast: 1 passed, 1 failed");
        assert_eq!(b.failures[0].to_string(), "2:1: invoke: boom");
    }
}
