//! A guest cannot exhaust the host's descriptors: opening past the table's
//! limit is `EMFILE`, and closing makes room again. (Its own test binary,
//! so no other test shares the process while descriptors run out.)

mod common;

use common::{Probe, TempDir};
use rustyjit_wasi::types::oflags;
use rustyjit_wasi::{DirPerms, Errno, WasiCtxBuilder};

#[test]
fn descriptor_table_is_bounded() {
    let t = TempDir::new("limits");
    let mut p = Probe::new(
        WasiCtxBuilder::new()
            .preopened_dir(t.path(), ".", DirPerms::ReadOnly)
            .unwrap(),
    );
    let mut opened = Vec::new();
    let err = loop {
        match p.open(3, ".", i64::from(oflags::DIRECTORY), -1, false) {
            Ok(fd) => opened.push(fd),
            Err(e) => break e,
        }
        assert!(opened.len() <= 1024, "no limit reached");
    };
    assert_eq!(err, i32::from(Errno::Mfile.raw()));
    let last = opened.pop().unwrap();
    assert_eq!(p.call("fd_close", &[last.into()]), 0);
    assert_eq!(
        p.open(3, ".", i64::from(oflags::DIRECTORY), -1, false),
        Ok(last)
    );
}
