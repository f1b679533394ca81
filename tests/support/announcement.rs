//! The announcement fixtures (tests/fixtures/announcement/) that the configuration,
//! suppression, format, fix and language-server suites put their faults into.

use super::manifest_dir;

/// A fixture of tests/fixtures/announcement/, as text.
pub(crate) fn fixture(name: &str) -> String {
    let p = manifest_dir()
        .join("tests/fixtures/announcement")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// The clean announcement every test starts from.
pub(crate) fn base() -> String {
    fixture("base.txt")
}

/// [`base`] with duplicated punctuation (`duplicate-punctuation`, a warning by default) at
/// the end of line 7: `新建水质监测点8处。。`, the `。。` at line 7, column 34.
pub(crate) fn with_duplicate() -> String {
    super::variant(&base(), "新建水质监测点8处。", "新建水质监测点8处。。")
}
