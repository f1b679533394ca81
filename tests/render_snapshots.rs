//! Snapshots of every output format (insta): one small set of drafts checked by the binary
//! in each of the ten formats, plus `--statistics` (text and JSON), compared byte for byte
//! with the reviewed files in tests/snapshots/ (`cargo insta review` after an intended
//! change; `INSTA_UPDATE=always cargo test --test integration render_snapshots::` rewrites them).
//!
//! The drafts (fictional places): examples/faulty.txt (many findings), examples/announcement.txt
//! (clean), a Word document (paragraph positions), tests/fixtures/render/escaping.txt (markup
//! characters in the text, every severity, a fix), a Markdown draft, and a `.docx` that is
//! not one (a file that cannot be read). A few rules only, one of them at info level
//! (tests/fixtures/render/zhenggai.yaml), so a change to another rule's wording leaves these
//! alone.
//!
//! Snapshot names and place do not depend on the module path (insta would otherwise prefix
//! the test binary's module path).

use crate::support::FORMATS;

/// The drafts, relative to the package root (the binary runs there: paths in the output
/// are these, never absolute).
const DRAFTS: [&str; 6] = [
    "examples/faulty.txt",
    "examples/announcement.txt",
    "examples/guide/整改通报.docx",
    "tests/fixtures/render/escaping.txt",
    "tests/fixtures/cli/draft.md",
    "tests/fixtures/render/broken.docx",
];

/// The rules run: labels (declared-sections, tally-sum), a note (obsolete-term, at info),
/// a fix (date-format), errors and warnings.
const RULES: &str =
    "date-format,declared-sections,tally-sum,placeholder,obsolete-term,unbalanced-brackets";

/// `zhenggai check` of the drafts with `extra` arguments: (standard output, exit code).
fn check(extra: &[&str]) -> (String, i32) {
    let out = zg!("check", "--config", "tests/fixtures/render/zhenggai.yaml")
        .args(["--select", RULES, "--color", "never"])
        .args(extra)
        .args(DRAFTS)
        .run();
    (out.stdout, out.code)
}

/// Compares `text` with the snapshot `name` in tests/snapshots/, wherever this file is
/// compiled from. In SARIF, the tool's version and each rule's page (`help`: every loaded
/// rule's `zhenggai explain` text, tested with `explain`) are masked, so neither a release
/// nor a rule's documentation changes these.
fn assert_output(name: &str, text: &str) {
    let string = r#""(?:[^"\\]|\\.)*""#;
    let help = format!(r#""help":\{{"markdown":{string},"text":{string}\}}"#);
    insta::with_settings!({
        prepend_module_to_snapshot => false,
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"),
        filters => vec![
            (r#""version":"[0-9][^"]*"\}"#, r#""version":"[version]"}"#),
            (help.as_str(), r#""help":"[page]""#),
        ],
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn every_format_renders_the_drafts_as_reviewed() {
    for format in FORMATS {
        let (text, code) = check(&["--format", format]);
        // A file that cannot be read: exit 2 in every format.
        assert_eq!(code, 2, "--format {format}");
        assert_output(&format!("render_{format}"), &text);
    }
}

#[test]
fn statistics_are_a_table_or_json() {
    let (text, code) = check(&["--statistics"]);
    assert_eq!(code, 2);
    assert_output("render_statistics", &text);
    let (json, _) = check(&["--statistics", "--format", "json"]);
    assert_output("render_statistics_json", &json);
    // Every other format prints the table.
    assert_eq!(check(&["--statistics", "--format", "sarif"]).0, text);
}

#[test]
fn output_file_holds_what_standard_output_would() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["json", "junit", "html"] {
        let path = dir.path().join(format!("report.{format}"));
        let (stdout, code) = check(&["--format", format, "-o", path.to_str().unwrap()]);
        assert_eq!((stdout.as_str(), code), ("", 2), "--format {format} -o");
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(written, check(&["--format", format]).0, "--format {format}");
    }
}
