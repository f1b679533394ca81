//! For the unit tests that keep a committed file equal to what the code generates (the
//! schemas under `schema/`, the kind pages under `docs/kinds/`).

use std::path::Path;

/// Whether the committed file at `path` holds `text`. With `ZHENGGAI_BLESS` set a stale
/// file is rewritten instead (and counts as current), so one test run repairs them all.
pub(crate) fn is_current(path: &Path, text: &str) -> bool {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return true;
    }
    if std::env::var_os("ZHENGGAI_BLESS").is_none() {
        return false;
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    true
}
