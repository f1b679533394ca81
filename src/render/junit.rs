//! `--format junit`: each error or warning is a failing test case; a file without any is
//! one passing case.

use super::LineIndex;
use crate::check::FileReport;
use crate::diagnostic::Severity;
use std::fmt::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Escapes text for XML attributes and content.
pub fn escape(s: &str) -> String {
    super::escape_markup(s)
}

/// One file's test cases: one per error or warning (a failure), or one passing case for a
/// file without any; a file that cannot be read is one case in error. Returns (XML, test
/// cases, failures, errors).
pub fn file(r: &FileReport) -> (String, usize, usize, usize) {
    let mut out = String::new();
    let path = escape(&r.path);
    if let Some(e) = &r.error {
        let _ = writeln!(
            out,
            "    <testcase name=\"{path}\" classname=\"zhenggai.io\"><error message=\"{}\" type=\"io\"/></testcase>",
            escape(&e.message)
        );
        return (out, 1, 0, 1);
    }
    let index = LineIndex::new(&r.text);
    let mut cases = 0;
    for d in r
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
    {
        cases += 1;
        let (line, col) = index.position(d.span.start);
        let _ = writeln!(
            out,
            "    <testcase name=\"{path}:{line}:{col} {rule}\" classname=\"zhenggai.{rule}\" file=\"{path}\" line=\"{line}\"><failure message=\"{msg}\" type=\"{sev}\">{path}:{line}:{col}: {sev}[{rule}] {msg}</failure></testcase>",
            rule = escape(&d.rule),
            msg = escape(&d.message),
            sev = d.severity,
        );
    }
    if cases == 0 {
        let _ = writeln!(
            out,
            "    <testcase name=\"{path}\" classname=\"zhenggai\" file=\"{path}\"/>"
        );
        return (out, 1, 0, 0);
    }
    (out, cases, cases, 0)
}

/// The document around the test cases.
pub(crate) fn wrap(cases: &str, tests: usize, failures: usize, errors: usize) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"zhenggai\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n  <testsuite name=\"zhenggai\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{cases}  </testsuite>\n</testsuites>\n"
    )
}

/// `--format junit`: one test suite of every file's cases. The counts in its head are added
/// up here as the files are rendered (in parallel, hence atomics).
#[derive(Debug, Default)]
pub(crate) struct JunitEmitter {
    tests: AtomicUsize,
    failures: AtomicUsize,
    errors: AtomicUsize,
}

impl super::Emitter for JunitEmitter {
    fn file(&self, report: &FileReport) -> String {
        let (xml, tests, failures, errors) = file(report);
        self.tests.fetch_add(tests, Ordering::Relaxed);
        self.failures.fetch_add(failures, Ordering::Relaxed);
        self.errors.fetch_add(errors, Ordering::Relaxed);
        xml
    }

    fn finish(&self, parts: &[&super::Part], _: &super::Summary) -> String {
        wrap(
            &super::chunks(parts).collect::<String>(),
            self.tests.load(Ordering::Relaxed),
            self.failures.load(Ordering::Relaxed),
            self.errors.load(Ordering::Relaxed),
        )
    }
}
