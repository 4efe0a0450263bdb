//! rustyjit runtime.
