//! jitmem (placeholder until its issue lands).
