//! wast-runner: runs WebAssembly spec testsuite scripts (`.wast`) on
//! rustyjit's public embedding API. A script is parsed with the `wast` crate
//! and each directive (module, register, invoke, get and every `assert_*`)
//! is one command that passes or fails; [`run_file`] returns a
//! [`FileReport`], [`Summary`] adds reports up. [`suite`] finds the official
//! suites on disk and checks results against a list of known failures.
//! The `_with` runners take any engine [`rustyjit::Config`], e.g.
//! [`SpecVersion::config_with`] a compiler tier.

mod context;
mod legacy;
mod report;
mod spectest;
pub mod suite;
mod values;
mod version;

pub use context::{
    run_file, run_file_with, run_files, run_files_with, run_source, run_source_with,
};
pub use report::{Failure, FileReport, Summary};
pub use version::SpecVersion;
