//! `zhenggai server`: the language server (see `crate::server`).

/// Runs the language server on standard input/output; returns the exit code.
pub(crate) fn run() -> u8 {
    match crate::server::run_stdio() {
        Ok(code) => code,
        Err(e) => super::report_err(&format!("language server: {e}")),
    }
}
