//! `zhenggai server`: the language server (see `crate::server`).

/// Runs the language server on standard input/output; returns the exit code.
pub(crate) fn run() -> u8 {
    crate::server::run_stdio()
}
