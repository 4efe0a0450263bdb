//! [`WasiCtx`], the state of one WASI guest (arguments, environment,
//! descriptor table), its [`WasiCtxBuilder`], and [`I32Exit`], the error
//! `proc_exit` ends a run with.

use crate::stdio::{Input, Output, ReadPipe, WritePipe};
use crate::table::{Descriptor, Dir, FdTable, Kind};
use crate::types::rights;
use anyhow::{Context, Result};
use rustix::fs::{Mode, OFlags};
use std::path::Path;

/// The guest called `proc_exit(code)`. Returned as the error of the call
/// that was running (`_start`); get it with
/// `err.downcast_ref::<I32Exit>()`. Code 0 is a normal exit.
#[derive(Copy, Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Exited with i32 exit status {0}")]
pub struct I32Exit(pub i32);

/// What the guest may do in a preopened directory.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum DirPerms {
    /// Open, read, list and stat; nothing that creates, changes or removes.
    ReadOnly,
    /// Everything.
    ReadWrite,
}

/// The state of one WASI guest. Build it with [`WasiCtxBuilder`], put it in
/// the store's data, and give [`crate::add_to_linker`] a way to reach it.
pub struct WasiCtx {
    pub(crate) args: Vec<String>,
    pub(crate) env: Vec<String>,
    pub(crate) table: FdTable,
}

impl std::fmt::Debug for WasiCtx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WasiCtx")
            .field("args", &self.args)
            .field("env", &self.env)
            .finish_non_exhaustive()
    }
}

/// Builds a [`WasiCtx`]: arguments, environment, standard streams and
/// preopened directories. By default there are no arguments, no
/// environment, no directories, stdin is empty and output is discarded.
#[derive(Debug)]
pub struct WasiCtxBuilder {
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Input,
    stdout: Output,
    stderr: Output,
    preopens: Vec<(std::os::fd::OwnedFd, String, DirPerms)>,
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        WasiCtxBuilder {
            args: Vec::new(),
            env: Vec::new(),
            stdin: Input::Null,
            stdout: Output::Null,
            stderr: Output::Null,
            preopens: Vec::new(),
        }
    }
}

impl WasiCtxBuilder {
    /// A builder with nothing granted.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one argument (the first is the program's name).
    pub fn arg(&mut self, arg: impl AsRef<str>) -> &mut Self {
        self.args.push(arg.as_ref().to_string());
        self
    }

    /// Appends arguments.
    pub fn args<S: AsRef<str>>(&mut self, args: impl IntoIterator<Item = S>) -> &mut Self {
        for a in args {
            self.arg(a);
        }
        self
    }

    /// Adds the environment variable `name=value`.
    pub fn env(&mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> &mut Self {
        self.env
            .push((name.as_ref().to_string(), value.as_ref().to_string()));
        self
    }

    /// Adds environment variables.
    pub fn envs<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> &mut Self {
        for (k, v) in vars {
            self.env(k, v);
        }
        self
    }

    /// Gives the guest the host process's environment (variables whose
    /// name or value is not UTF-8 are skipped: WASI strings are UTF-8).
    pub fn inherit_env(&mut self) -> &mut Self {
        for (k, v) in std::env::vars_os() {
            if let (Some(k), Some(v)) = (k.to_str(), v.to_str()) {
                self.env(k, v);
            }
        }
        self
    }

    /// Gives the guest the host process's arguments (lossily as UTF-8).
    pub fn inherit_args(&mut self) -> &mut Self {
        for a in std::env::args_os() {
            self.arg(a.to_string_lossy());
        }
        self
    }

    /// The guest's stdin reads the host's stdin.
    pub fn inherit_stdin(&mut self) -> &mut Self {
        self.stdin = Input::Inherit;
        self
    }

    /// The guest's stdout writes to the host's stdout.
    pub fn inherit_stdout(&mut self) -> &mut Self {
        self.stdout = Output::Stdout;
        self
    }

    /// The guest's stderr writes to the host's stderr.
    pub fn inherit_stderr(&mut self) -> &mut Self {
        self.stderr = Output::Stderr;
        self
    }

    /// All three standard streams are the host's.
    pub fn inherit_stdio(&mut self) -> &mut Self {
        self.inherit_stdin().inherit_stdout().inherit_stderr()
    }

    /// The guest's stdin reads from `pipe`.
    pub fn stdin(&mut self, pipe: ReadPipe) -> &mut Self {
        self.stdin = Input::Pipe(pipe);
        self
    }

    /// The guest's stdout is collected in `pipe`.
    pub fn stdout(&mut self, pipe: WritePipe) -> &mut Self {
        self.stdout = Output::Pipe(pipe);
        self
    }

    /// The guest's stderr is collected in `pipe`.
    pub fn stderr(&mut self, pipe: WritePipe) -> &mut Self {
        self.stderr = Output::Pipe(pipe);
        self
    }

    /// Grants the guest the host directory `host_path`, which it sees as
    /// `guest_path` (e.g. `.` or `/data`). Nothing outside it is reachable
    /// through it. The directory is opened now: an error if it cannot be.
    pub fn preopened_dir(
        &mut self,
        host_path: impl AsRef<Path>,
        guest_path: impl AsRef<str>,
        perms: DirPerms,
    ) -> Result<&mut Self> {
        let host_path = host_path.as_ref();
        let fd = rustix::fs::open(
            host_path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .with_context(|| format!("cannot open directory {}", host_path.display()))?;
        self.preopens
            .push((fd, guest_path.as_ref().to_string(), perms));
        Ok(self)
    }

    /// The context. The builder is left empty (its streams and directories
    /// moved into the context).
    pub fn build(&mut self) -> WasiCtx {
        let b = std::mem::take(self);
        let mut table = FdTable::default();
        let stream_rights = rights::FD_READ
            | rights::FD_WRITE
            | rights::POLL_FD_READWRITE
            | rights::FD_FDSTAT_SET_FLAGS
            | rights::FD_FILESTAT_GET
            | rights::FD_SYNC
            | rights::FD_DATASYNC;
        table.insert_at(
            0,
            Descriptor {
                kind: Kind::Stdin(b.stdin),
                base: stream_rights & !(rights::FD_WRITE | rights::FD_SYNC | rights::FD_DATASYNC),
                inheriting: 0,
            },
        );
        for (fd, out) in [(1, b.stdout), (2, b.stderr)] {
            table.insert_at(
                fd,
                Descriptor {
                    kind: Kind::Stdout(out),
                    base: stream_rights & !rights::FD_READ,
                    inheriting: 0,
                },
            );
        }
        // Preopens follow the standard streams, in the order given.
        for (next, (fd, name, perms)) in (3..).zip(b.preopens) {
            let (base, inheriting) = match perms {
                DirPerms::ReadWrite => (rights::DIR_ALL, rights::DIR_ALL | rights::FILE_ALL),
                DirPerms::ReadOnly => (rights::DIR_READ, rights::DIR_READ | rights::FILE_READ),
            };
            table.insert_at(
                next,
                Descriptor {
                    kind: Kind::Dir(Dir {
                        fd,
                        preopen: Some(name),
                        listing: Vec::new(),
                    }),
                    base,
                    inheriting,
                },
            );
        }
        WasiCtx {
            args: b.args,
            env: b.env.into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
            table,
        }
    }
}
