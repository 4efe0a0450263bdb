//! wast-runner (placeholder until the spec runner lands).
