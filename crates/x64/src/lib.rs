//! x64 (placeholder until its issue lands).
