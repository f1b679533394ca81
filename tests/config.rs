//! Configuration files: discovery of `zhenggai.yaml` / `.zhenggai.yaml`, `extend`,
//! precedence against the command line, per-file ignores, include/exclude, fail-on, errors
//! with exact `file:line:column` (and none for errors that are in no file), `packs:` and its
//! deprecated old name `extends:`, `zhenggai init` and `zhenggai config`.
//!
//! Each test builds a small project under a scratch directory (tests/support/) from the
//! clean fictional announcement tests/fixtures/announcement/base.txt with faults put in.

use crate::support::announcement::{base, with_duplicate};
use crate::support::{Out, Scratch, offset, pos_chars, variant};
use std::path::{Path, PathBuf};

fn scratch(test: &str) -> Scratch {
    Scratch::new("config", test)
}

/// A placeholder (`placeholder`, error by default) on line 8.
fn with_placeholder() -> String {
    variant(
        &base(),
        "追回违规使用资金21.4万元",
        "追回违规使用资金XX万元",
    )
}

/// A placeholder, duplicated punctuation and a wrong zero in a year (`year-zero`, warning).
fn with_three() -> String {
    let t = variant(
        &with_placeholder(),
        "新建水质监测点8处。",
        "新建水质监测点8处。。",
    );
    variant(
        &t,
        "制定松溪县河道巡查办法",
        "制定松溪县二零二五年河道巡查办法",
    )
}

/// Half-width comma between Han characters (`fullwidth-punctuation`, info, off by default).
fn with_halfwidth() -> String {
    variant(
        &base(),
        "建立问题清单和责任清单，实行销号管理",
        "建立问题清单和责任清单,实行销号管理",
    )
}

/// `zhenggai check --format json-lines ARGS…` in `dir`.
fn check_in(dir: &Path, args: &[&str]) -> Out {
    zg!("check", "--format", "json-lines")
        .args(args)
        .cwd(dir)
        .run()
}

/// Parses `zhenggai: error: PATH:LINE:COL: MESSAGE` and checks each part; the path is
/// compared after canonicalisation (the binary may print `sub/../x.yaml`).
fn assert_config_error(stderr: &str, file: &Path, line: usize, col: usize, message: &str) {
    let first = stderr.lines().next().unwrap_or_default();
    let rest = first
        .strip_prefix("zhenggai: error: ")
        .unwrap_or_else(|| panic!("not an error line: {stderr}"));
    let at = rest
        .find(".yaml:")
        .unwrap_or_else(|| panic!("no .yaml path in {first}"))
        + ".yaml".len();
    let (path, tail) = rest.split_at(at);
    let mut parts = tail[1..].splitn(3, ':');
    let l: usize = parts.next().unwrap().parse().expect("line number");
    let c: usize = parts.next().unwrap().parse().expect("column number");
    let msg = parts.next().unwrap_or_default().trim_start();
    assert_eq!(
        Path::new(path).canonicalize().ok().as_deref(),
        Some(file.canonicalize().expect("expected file exists").as_path()),
        "path in {first}"
    );
    assert_eq!((l, c), (line, col), "position in {first}");
    assert!(
        msg.starts_with(message),
        "message in {first}\nexpected to start with: {message}"
    );
}

/// 1-based (line, column in characters) of the first `needle` in `src`.
fn at(src: &str, needle: &str) -> (usize, usize) {
    pos_chars(src, offset(src, needle))
}

// ---------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------

#[test]
fn nearest_config_applies_to_each_file() {
    let s = scratch("nearest");
    s.write("proj/zhenggai.yaml", "rules:\n  placeholder: warning\n");
    s.write("proj/sub/zhenggai.yaml", "rules:\n  placeholder: info\n");
    s.write("proj/a.txt", with_placeholder());
    s.write("proj/sub/b.txt", with_placeholder());
    s.write("proj/sub/deeper/c.txt", with_placeholder());
    let proj = s.join("proj");

    // Named one by one in one run: each file gets the nearest file above it.
    let o = check_in(&proj, &["a.txt", "sub/b.txt", "sub/deeper/c.txt"]);
    assert_eq!(
        o.rules(),
        [
            "placeholder warning",
            "placeholder info",
            "placeholder info",
        ],
        "{o:?}"
    );
    assert_eq!(o.code, 0, "warnings and infos do not fail: {o:?}");

    // Walking the directory gives the same answer, in path order.
    let o = check_in(&proj, &["."]);
    let got: Vec<(String, String)> = o
        .json_lines()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("./a.txt".to_string(), "warning".to_string()),
            ("./sub/b.txt".to_string(), "info".to_string()),
            ("./sub/deeper/c.txt".to_string(), "info".to_string()),
        ],
        "{o:?}"
    );

    // Run from elsewhere: discovery follows the file, not the working directory.
    let o = check_in(s.path(), &["proj/sub/b.txt"]);
    assert_eq!(o.rules(), ["placeholder info"], "{o:?}");
}

#[test]
fn dot_zhenggai_yaml_is_discovered() {
    let s = scratch("dotfile");
    s.write("proj/.zhenggai.yaml", "rules:\n  placeholder: off\n");
    s.write("proj/a.txt", with_placeholder());
    let o = check_in(&s.join("proj"), &["a.txt"]);
    assert!(o.rules().is_empty(), "{o:?}");
    assert_eq!(o.code, 0);

    // A hidden config in a subdirectory is nearer than a visible one above it.
    s.write("proj/zhenggai.yaml", "rules:\n  placeholder: warning\n");
    s.write("proj/sub/.zhenggai.yaml", "rules:\n  placeholder: info\n");
    s.write("proj/sub/b.txt", with_placeholder());
    let o = check_in(&s.join("proj"), &["sub/b.txt"]);
    assert_eq!(o.rules(), ["placeholder info"], "{o:?}");
}

#[test]
fn zhenggai_yaml_is_preferred_to_the_dot_file_in_one_directory() {
    let s = scratch("prefer");
    s.write("proj/zhenggai.yaml", "rules:\n  placeholder: warning\n");
    s.write("proj/.zhenggai.yaml", "rules:\n  placeholder: off\n");
    s.write("proj/a.txt", with_placeholder());
    let o = check_in(&s.join("proj"), &["a.txt"]);
    assert_eq!(o.rules(), ["placeholder warning"], "{o:?}");
}

#[test]
fn extend_inherits_and_overrides_with_maps_merged() {
    let s = scratch("extend");
    s.write(
        "proj/zhenggai.yaml",
        "rules:\n  placeholder: warning\n  duplicate-punctuation: error\nper-file-ignores:\n  \"*.txt\": [year-zero]\n  \"*.md\": [placeholder]\nfail-on: warning\n",
    );
    s.write(
        "proj/sub/zhenggai.yaml",
        "extend: ../zhenggai.yaml\nrules:\n  placeholder: info\nper-file-ignores:\n  \"*.md\": [duplicate-punctuation]\n",
    );
    s.write("proj/sub/a.txt", with_three());
    s.write("proj/sub/b.md", with_three());
    let o = check_in(&s.join("proj"), &["sub/a.txt", "sub/b.md"]);
    let got: Vec<(String, String, String)> = o
        .json_lines()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let t = |p: &str, r: &str, sv: &str| (p.to_string(), r.to_string(), sv.to_string());
    assert_eq!(
        got,
        vec![
            // a.txt: year-zero ignored by the parent's "*.txt" entry; the child's rules map
            // overrides placeholder and keeps the parent's duplicate-punctuation.
            t("sub/a.txt", "duplicate-punctuation", "error"),
            t("sub/a.txt", "placeholder", "info"),
            // b.md: the child's "*.md" entry replaces the parent's for the same glob.
            t("sub/b.md", "year-zero", "warning"),
            t("sub/b.md", "placeholder", "info"),
        ],
        "{o:?}"
    );
    // fail-on: warning is inherited, so the inherited error/warnings fail the run.
    assert_eq!(o.code, 1, "{o:?}");

    // The parent alone: its own values.
    s.write("proj/c.txt", with_three());
    let o = check_in(&s.join("proj"), &["c.txt"]);
    assert_eq!(
        o.rules(),
        ["duplicate-punctuation error", "placeholder warning",],
        "{o:?}"
    );
}

#[test]
fn extend_is_relative_to_the_extending_file() {
    let s = scratch("extend-rel");
    s.write("shared/base.yaml", "rules:\n  placeholder: off\n");
    s.write("proj/zhenggai.yaml", "extend: ../shared/base.yaml\n");
    s.write("proj/a.txt", with_placeholder());
    // Run from the scratch root: the path is resolved from proj/, not the working directory.
    let o = check_in(s.path(), &["proj/a.txt"]);
    assert!(o.rules().is_empty(), "{o:?}");
    assert_eq!(o.code, 0);
}

// ---------------------------------------------------------------------------------------
// Precedence
// ---------------------------------------------------------------------------------------

#[test]
fn config_flag_overrides_discovery() {
    let s = scratch("config-flag");
    s.write("proj/zhenggai.yaml", "rules:\n  placeholder: off\n");
    s.write("proj/sub/zhenggai.yaml", "rules:\n  placeholder: info\n");
    s.write("other/strict.yaml", "rules:\n  placeholder: warning\n");
    s.write("proj/a.txt", with_placeholder());
    s.write("proj/sub/b.txt", with_placeholder());
    let strict = s.join("other/strict.yaml");
    let o = check_in(
        &s.join("proj"),
        &["--config", strict.to_str().unwrap(), "a.txt", "sub/b.txt"],
    );
    assert_eq!(
        o.rules(),
        ["placeholder warning", "placeholder warning"],
        "{o:?}"
    );
    // A missing --config file is trouble.
    let o = check_in(&s.join("proj"), &["--config", "nope.yaml", "a.txt"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("nope.yaml"), "{o:?}");
}

#[test]
fn no_config_ignores_discovered_files() {
    let s = scratch("no-config");
    s.write("proj/zhenggai.yaml", "rules:\n  placeholder: off\n");
    s.write("proj/a.txt", with_placeholder());
    let o = check_in(&s.join("proj"), &["a.txt"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(o.rules().is_empty(), "{o:?}");
    let o = check_in(&s.join("proj"), &["--no-config", "a.txt"]);
    assert_eq!(o.rules(), ["placeholder error"], "{o:?}");
    assert_eq!(o.code, 1);
    // Even a broken configuration is not read with --no-config.
    s.write("proj/zhenggai.yaml", "rulez: 1\n");
    let o = check_in(&s.join("proj"), &["--no-config", "a.txt"]);
    assert_eq!(o.code, 1, "{o:?}");
}

#[test]
fn cli_select_overrides_config_select() {
    let s = scratch("select");
    s.write("proj/zhenggai.yaml", "select: [duplicate-punctuation]\n");
    s.write("proj/a.txt", with_three());
    let proj = s.join("proj");
    let o = check_in(&proj, &["a.txt"]);
    assert_eq!(o.rules(), ["duplicate-punctuation warning"], "{o:?}");
    let o = check_in(&proj, &["--select", "placeholder,year-zero", "a.txt"]);
    assert_eq!(
        o.rules(),
        ["year-zero warning", "placeholder error"],
        "{o:?}"
    );
}

#[test]
fn cli_ignore_adds_to_config_ignore() {
    let s = scratch("ignore");
    s.write("proj/zhenggai.yaml", "ignore: [placeholder]\n");
    s.write("proj/a.txt", with_three());
    let proj = s.join("proj");
    let o = check_in(&proj, &["a.txt"]);
    assert_eq!(
        o.rules(),
        ["year-zero warning", "duplicate-punctuation warning"],
        "{o:?}"
    );
    let o = check_in(&proj, &["--ignore", "year-zero", "a.txt"]);
    assert_eq!(o.rules(), ["duplicate-punctuation warning"], "{o:?}");
    // Config select and CLI ignore combine too.
    s.write(
        "proj/zhenggai.yaml",
        "select: [placeholder, year-zero]\nignore: [placeholder]\n",
    );
    let o = check_in(&proj, &["--ignore", "year-zero", "a.txt"]);
    assert!(o.rules().is_empty(), "{o:?}");
}

#[test]
fn rule_severity_in_config_changes_the_exit_code() {
    let s = scratch("severity");
    s.write("proj/err.txt", with_placeholder());
    s.write("proj/warn.txt", with_duplicate());
    let proj = s.join("proj");
    assert_eq!(check_in(&proj, &["err.txt"]).code, 1);
    assert_eq!(check_in(&proj, &["warn.txt"]).code, 0);

    s.write(
        "proj/zhenggai.yaml",
        "rules:\n  placeholder: warning\n  duplicate-punctuation: error\n",
    );
    let o = check_in(&proj, &["err.txt"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.rules(), ["placeholder warning"], "{o:?}");
    let o = check_in(&proj, &["warn.txt"]);
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(o.rules(), ["duplicate-punctuation error"], "{o:?}");
}

#[test]
fn off_disables_a_rule_and_a_severity_enables_one_that_is_off_by_default() {
    let s = scratch("off");
    s.write("proj/a.txt", with_placeholder());
    s.write("proj/b.txt", with_halfwidth());
    let proj = s.join("proj");
    assert!(check_in(&proj, &["b.txt"]).rules().is_empty());

    s.write(
        "proj/zhenggai.yaml",
        "rules:\n  placeholder: off\n  fullwidth-punctuation: warning\n",
    );
    let o = check_in(&proj, &["a.txt", "b.txt"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.rules(), ["fullwidth-punctuation warning"], "{o:?}");
    // `zhenggai config` lists the rule that no longer runs.
    let o = zg!("config", "a.txt").cwd(&proj).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert!(
        o.stdout
            .ends_with("# rules that do not run: heading-hierarchy, heading-marker, placeholder\n"),
        "{o:?}"
    );
}

// ---------------------------------------------------------------------------------------
// per-file-ignores, include, exclude
// ---------------------------------------------------------------------------------------

#[test]
fn per_file_ignores_match_globs_relative_to_the_config() {
    let s = scratch("pfi");
    s.write(
        "proj/zhenggai.yaml",
        "per-file-ignores:\n  \"drafts/old/*.txt\": [placeholder]\n  \"**/notes-*.txt\": [duplicate-punctuation, placeholder]\n  \"*.md\": [year-zero]\n",
    );
    for f in [
        "drafts/old/a.txt",
        "drafts/old/deeper/b.txt",
        "drafts/new/c.txt",
        "x/y/notes-1.txt",
        "notes-2.txt",
        "elsewhere/d.md",
    ] {
        s.write(&format!("proj/{f}"), with_three());
    }
    let o = check_in(&s.join("proj"), &["."]);
    let mut got: Vec<String> = o
        .json_lines()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["path"].as_str().unwrap(),
                d["rule"].as_str().unwrap()
            )
        })
        .collect();
    got.sort();
    let want = [
        // `*` does not cross `/`: only files directly in drafts/old/ are affected.
        "./drafts/new/c.txt duplicate-punctuation",
        "./drafts/new/c.txt placeholder",
        "./drafts/new/c.txt year-zero",
        "./drafts/old/a.txt duplicate-punctuation",
        "./drafts/old/a.txt year-zero",
        "./drafts/old/deeper/b.txt duplicate-punctuation",
        "./drafts/old/deeper/b.txt placeholder",
        "./drafts/old/deeper/b.txt year-zero",
        // A pattern without `/` matches the file name at any depth.
        "./elsewhere/d.md duplicate-punctuation",
        "./elsewhere/d.md placeholder",
        "./notes-2.txt year-zero",
        "./x/y/notes-1.txt year-zero",
    ];
    assert_eq!(got, want, "{o:?}");

    // The same for a file named explicitly, from another working directory.
    let o = check_in(s.path(), &["proj/drafts/old/a.txt"]);
    assert_eq!(
        o.rules(),
        ["year-zero warning", "duplicate-punctuation warning"],
        "{o:?}"
    );
}

#[test]
fn include_and_exclude_apply_when_walking_but_not_to_named_files() {
    let s = scratch("include");
    s.write(
        "proj/zhenggai.yaml",
        "include: [\"**/*.txt\"]\nexclude: [\"drafts/**\", \"*-old.txt\"]\n",
    );
    for f in [
        "a.txt",
        "b.md",
        "drafts/c.txt",
        "docs/d.txt",
        "docs/e-old.txt",
    ] {
        s.write(&format!("proj/{f}"), with_placeholder());
    }
    let proj = s.join("proj");
    let paths = |o: &Out| -> Vec<String> {
        o.json_lines()
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect()
    };
    let o = check_in(&proj, &["."]);
    assert_eq!(paths(&o), vec!["./a.txt", "./docs/d.txt"], "{o:?}");
    let o = check_in(&proj, &["docs"]);
    assert_eq!(paths(&o), vec!["docs/d.txt"], "{o:?}");

    // Files named on the command line are always checked.
    let o = check_in(&proj, &["b.md", "drafts/c.txt", "docs/e-old.txt"]);
    assert_eq!(
        paths(&o),
        vec!["b.md", "drafts/c.txt", "docs/e-old.txt"],
        "{o:?}"
    );
}

// ---------------------------------------------------------------------------------------
// fail-on
// ---------------------------------------------------------------------------------------

#[test]
fn fail_on_warning_fails_on_warnings_but_not_on_infos() {
    let s = scratch("fail-on");
    s.write("proj/warn.txt", with_duplicate());
    s.write("proj/info.txt", with_halfwidth());
    s.write("proj/clean.txt", base());
    let proj = s.join("proj");
    let sel = "--select=duplicate-punctuation,fullwidth-punctuation";

    // Default threshold: error.
    assert_eq!(check_in(&proj, &[sel, "warn.txt"]).code, 0);
    // On the command line.
    assert_eq!(
        check_in(&proj, &[sel, "--fail-on", "warning", "warn.txt"]).code,
        1
    );
    assert_eq!(
        check_in(&proj, &[sel, "--fail-on", "warning", "info.txt"]).code,
        0
    );
    assert_eq!(
        check_in(&proj, &[sel, "--fail-on", "warning", "clean.txt"]).code,
        0
    );
    assert_eq!(
        check_in(&proj, &[sel, "--fail-on", "info", "info.txt"]).code,
        1
    );
    // In the configuration.
    s.write("proj/zhenggai.yaml", "fail-on: warning\n");
    assert_eq!(check_in(&proj, &[sel, "warn.txt"]).code, 1);
    assert_eq!(check_in(&proj, &[sel, "info.txt"]).code, 0);
    assert_eq!(check_in(&proj, &[sel, "clean.txt"]).code, 0);
    // The command line wins over the configuration.
    assert_eq!(
        check_in(&proj, &[sel, "--fail-on", "error", "warn.txt"]).code,
        0
    );
    s.write("proj/zhenggai.yaml", "fail-on: info\n");
    assert_eq!(check_in(&proj, &[sel, "info.txt"]).code, 1);
}

// ---------------------------------------------------------------------------------------
// Errors: file:line:column, exit 2
// ---------------------------------------------------------------------------------------

/// Writes `proj/zhenggai.yaml` = `yaml` and a file to check, and asserts that the run checks
/// nothing and reports `message` at `line`:`col` of that configuration.
fn config_error_at(s: &Scratch, yaml: &str, line: usize, col: usize, message: &str) {
    let cfg = s.write("proj/zhenggai.yaml", yaml);
    s.write("proj/a.txt", with_placeholder());
    let o = check_in(&s.join("proj"), &["a.txt"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert_eq!(o.stdout, "", "nothing is checked: {o:?}");
    assert_config_error(&o.stderr, &cfg, line, col, message);
}

#[test]
fn unknown_key_is_an_error_at_its_position() {
    let s = scratch("err-key");
    let yaml = "fail-on: error\nrules:\n  placeholder: warning\nrulez:\n  year-zero: off\n";
    let (l, c) = at(yaml, "rulez");
    assert_eq!((l, c), (4, 1));
    config_error_at(&s, yaml, l, c, "unknown field `rulez`");
}

#[test]
fn fail_on_off_is_an_error_at_its_position() {
    // As `--fail-on off` is refused and the schema refuses it (it was read as `info`).
    let s = scratch("err-fail-on");
    let yaml = "rules:\n  placeholder: warning\nfail-on: off\n";
    config_error_at(
        &s,
        yaml,
        3,
        1,
        "`fail-on` is error, warning or info: `off` is not a level to fail at",
    );
}

#[test]
fn unknown_rule_id_in_rules_is_an_error_at_its_position() {
    let s = scratch("err-rules");
    let yaml = "fail-on: error\nrules:\n  placeholder: warning\n  placeholdr: off\n";
    config_error_at(
        &s,
        yaml,
        4,
        3,
        "unknown rule id `placeholdr` (see `zhenggai rules`)",
    );
}

#[test]
fn unknown_rule_id_in_select_and_ignore_is_an_error_at_its_position() {
    let s = scratch("err-select");
    let yaml = "select: [placeholder, tally-summ]\n";
    config_error_at(&s, yaml, 1, 23, "unknown rule id `tally-summ`");

    let yaml = "fail-on: error\nignore:\n  - placeholder\n  - year-zeroo\n";
    config_error_at(&s, yaml, 4, 5, "unknown rule id `year-zeroo`");
}

#[test]
fn unknown_rule_id_in_per_file_ignores_is_an_error_at_its_position() {
    let s = scratch("err-pfi");
    let yaml = "per-file-ignores:\n  \"drafts/*.txt\": [placeholder]\n  \"old/*.md\": [year-zero, datefmt]\n";
    config_error_at(&s, yaml, 3, 27, "unknown rule id `datefmt`");
}

#[test]
fn a_key_given_twice_is_an_error_at_the_second() {
    let s = scratch("err-twice");
    // (configuration, line, column, message): serde_yaml would keep the last key silently,
    // so the rule meant to be off would run. A flow mapping is reported at the mapping.
    let cases = [
        (
            "rules:\n  placeholder: off\n  tally-sum: warning\n  placeholder: error\n",
            4,
            3,
            "`placeholder` is given twice in `rules`",
        ),
        (
            "per-file-ignores:\n  \"a.txt\": [placeholder]\n  \"a.txt\": [signature]\n",
            3,
            3,
            "`a.txt` is given twice in `per-file-ignores`",
        ),
        (
            "fail-on: error\nrules: {placeholder: off, placeholder: error}\n",
            2,
            8,
            "`placeholder` is given twice in `rules`",
        ),
    ];
    for (yaml, line, col, message) in cases {
        config_error_at(&s, yaml, line, col, message);
    }
}

#[test]
fn bad_glob_is_an_error_at_its_position() {
    let s = scratch("err-glob");
    let yaml = "include: [\"**/*.txt\"]\nexclude:\n  - \"drafts/[old\"\n";
    config_error_at(&s, yaml, 3, 6, "bad glob `drafts/[old`");

    let yaml = "per-file-ignores:\n  \"a/{b\": [placeholder]\n";
    config_error_at(&s, yaml, 2, 4, "bad glob `a/{b`");
}

#[test]
fn bad_severity_is_an_error_at_its_position() {
    let s = scratch("err-sev");
    let yaml = "rules:\n  placeholder: warning\n  year-zero: warn\n";
    config_error_at(&s, yaml, 3, 14, "rules.year-zero: unknown variant `warn`");
    let yaml = "# strict\nfail-on: errors\n";
    config_error_at(&s, yaml, 2, 10, "fail-on: unknown variant `errors`");
}

#[test]
fn extend_to_a_missing_file_is_an_error_at_its_position() {
    let s = scratch("err-extend");
    let yaml = "# team settings\nextend: ../team/zhenggai.yaml\n";
    config_error_at(&s, yaml, 2, 9, "`extend` names a file that does not exist");
}

#[test]
fn an_error_in_an_extended_file_names_that_file() {
    let s = scratch("err-parent");
    let parent = s.write(
        "proj/zhenggai.yaml",
        "rules:\n  year-zero: warning\n  placeholdr: off\n",
    );
    s.write("proj/sub/zhenggai.yaml", "extend: ../zhenggai.yaml\n");
    s.write("proj/sub/a.txt", with_placeholder());
    let o = check_in(&s.join("proj"), &["sub/a.txt"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert_config_error(&o.stderr, &parent, 3, 3, "unknown rule id `placeholdr`");
}

#[test]
fn an_extend_loop_is_an_error() {
    let s = scratch("err-loop");
    s.write("proj/zhenggai.yaml", "extend: team.yaml\n");
    s.write(
        "proj/team.yaml",
        "rules:\n  year-zero: off\nextend: zhenggai.yaml\n",
    );
    s.write("proj/a.txt", with_placeholder());
    let o = check_in(&s.join("proj"), &["a.txt"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert_eq!(o.stdout, "");
    assert_eq!(o.stderr.lines().count(), 1, "{o:?}");
    assert!(o.stderr.contains("loops"), "{o:?}");
    // The error names one of the files in the loop with a line and column.
    let first = o.stderr.lines().next().unwrap();
    assert!(
        first.contains("/proj/zhenggai.yaml:") || first.contains("/proj/team.yaml:"),
        "{first}"
    );
}

#[test]
fn an_extend_loop_is_reported_at_the_extend_that_closes_it() {
    let s = scratch("err-loop-pos");
    s.write("proj/zhenggai.yaml", "extend: team.yaml\n");
    let team = s.write(
        "proj/team.yaml",
        "rules:\n  year-zero: off\nextend: zhenggai.yaml\n",
    );
    s.write("proj/a.txt", with_placeholder());
    let o = check_in(&s.join("proj"), &["a.txt"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert_config_error(&o.stderr, &team, 3, 9, "`extend` chain loops");
}

#[test]
fn an_unknown_rule_id_is_located_at_its_own_occurrence() {
    let s = scratch("err-locate");
    // `date` also occurs in the comment and inside `date-format` before the bad value.
    let yaml = "# date rules: date-format is noisy in drafts\nrules:\n  date-format: off\nselect: [placeholder, date]\n";
    config_error_at(&s, yaml, 4, 23, "unknown rule id `date`");
}

#[test]
fn a_broken_config_below_a_walked_directory_stops_the_run() {
    let s = scratch("err-walk");
    s.write("proj/a.txt", with_placeholder());
    let bad = s.write("proj/sub/zhenggai.yaml", "rules:\n  nosuchrule: off\n");
    s.write("proj/sub/b.txt", with_placeholder());
    let o = check_in(&s.join("proj"), &["."]);
    assert_eq!(o.code, 2, "{o:?}");
    assert_eq!(o.stdout, "", "{o:?}");
    assert_config_error(&o.stderr, &bad, 2, 3, "unknown rule id `nosuchrule`");
}

/// Was `zhenggai: error: :0:0: unknown rule pack …` and `… :0:0: unknown rule id …`.
#[test]
fn errors_from_the_command_line_have_no_location() {
    let s = scratch("err-cli");
    s.write("a.txt", "XX\n");
    let o = zg!("check", "--no-config", "--extends", "core,nope", "a.txt")
        .cwd(s.path())
        .run();
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .starts_with("zhenggai: error: unknown rule pack `nope` (packs: core, "),
        "{}",
        o.stderr
    );
    let o = zg!("check", "--no-config", "--select", "nope", "a.txt")
        .cwd(s.path())
        .run();
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        "zhenggai: error: unknown rule id `nope` (see `zhenggai rules`)\n"
    );
}

// ---------------------------------------------------------------------------------------
// packs:, and extends: (its old name, one letter from extend:)
// ---------------------------------------------------------------------------------------

#[test]
fn packs_names_the_rule_packs() {
    let s = scratch("packs");
    s.write("a.txt", "XX\n");
    s.write("zhenggai.yaml", "packs: [core, style]\n");
    let o = zg!("config", "a.txt").cwd(s.path()).run();
    let out = &o.stdout;
    assert!(
        out.contains("packs: [core, style]  # zhenggai.yaml"),
        "{out}"
    );
    assert!(!out.contains("heading-marker,"), "style runs: {out}");
    assert_eq!(o.stderr, "");
    // An unknown pack is located where the file names it.
    config_error_at(
        &s,
        "packs: [core, nope]\n",
        1,
        15,
        "unknown rule pack `nope`",
    );
}

#[test]
fn extends_still_works_with_a_warning_once_per_file() {
    let s = scratch("extends");
    s.write("a.txt", "XX\n");
    s.write("b.txt", "XX\n");
    s.write("zhenggai.yaml", "extends: [core, style]\n");
    let old = zg!("check", "--format", "json", "a.txt", "b.txt")
        .cwd(s.path())
        .run();
    s.write("zhenggai.yaml", "packs: [core, style]\n");
    let new = zg!("check", "--format", "json", "a.txt", "b.txt")
        .cwd(s.path())
        .run();
    assert_eq!(old.stdout, new.stdout);
    assert_eq!(old.code, new.code);
    let warnings: Vec<String> = old.stderr.lines().map(String::from).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("zhenggai: warning: ")
            && warnings[0]
                .contains("zhenggai.yaml:1:1: `extends` is deprecated: `packs` replaces it"),
        "{warnings:?}"
    );
    let both = "packs: [core]\nextends: [core]\n";
    config_error_at(&s, both, 2, 1, "both `packs` and `extends` are given");
}

// ---------------------------------------------------------------------------------------
// zhenggai init, zhenggai config
// ---------------------------------------------------------------------------------------

#[test]
fn init_writes_a_starter_that_loads_and_refuses_to_overwrite() {
    let s = scratch("init");
    let proj = s.mkdir("proj");
    s.write("proj/a.txt", with_placeholder());
    let o = zg!("init").cwd(&proj).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.stdout, "");
    let starter = s.read("proj/zhenggai.yaml");
    assert!(
        starter.starts_with("# zhenggai configuration."),
        "{starter}"
    );

    // It loads: checking and `zhenggai config` run with it, and it changes nothing.
    let o = check_in(&proj, &["a.txt"]);
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(o.rules(), ["placeholder error"], "{o:?}");
    let o = zg!("config", "a.txt").cwd(&proj).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert!(
        o.stdout.contains("# configuration: zhenggai.yaml\n"),
        "{o:?}"
    );

    // A second init refuses and leaves the file alone (also a user-edited one).
    s.write("proj/zhenggai.yaml", "rules:\n  placeholder: off\n");
    let o = zg!("init").cwd(&proj).run();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("already exists"), "{o:?}");
    assert_eq!(s.read("proj/zhenggai.yaml"), "rules:\n  placeholder: off\n");
    // --force overwrites.
    let o = zg!("init", "--force").cwd(&proj).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(s.read("proj/zhenggai.yaml"), starter);
}

#[test]
fn init_examples_load_when_uncommented() {
    let s = scratch("init-examples");
    let proj = s.mkdir("proj");
    assert_eq!(zg!("init").cwd(&proj).run().code, 0);
    let starter = s.read("proj/zhenggai.yaml");
    // Uncomment every commented YAML line (`# key: …`, `  # id: level`, `#   "glob": […]`).
    let mut uncommented = String::new();
    let mut keys = 0;
    for line in starter.lines() {
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start();
        let yaml_like = body.strip_prefix("# ").is_some_and(|r| {
            let r = r.trim_start();
            let key = r.split(':').next().unwrap_or("");
            r.contains(": ")
                && !key.is_empty()
                && key
                    .trim_matches('"')
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_/*.\"".contains(c))
        }) || body == "# per-file-ignores:";
        if yaml_like {
            keys += 1;
            let r = &body[2..];
            // `#   "glob": …` keeps its nesting under per-file-ignores.
            let inner = r.len() - r.trim_start().len();
            uncommented.push_str(&" ".repeat(indent + inner));
            uncommented.push_str(r.trim_start());
        } else {
            uncommented.push_str(line);
        }
        uncommented.push('\n');
    }
    assert!(
        keys >= 10,
        "found only {keys} commented examples:\n{uncommented}"
    );
    s.write("proj/zhenggai.yaml", &uncommented);
    s.mkdir("proj/rules");
    s.write("proj/a.txt", with_placeholder());
    let o = zg!("config", "a.txt").cwd(&proj).run();
    assert_eq!(o.code, 0, "uncommented starter:\n{uncommented}\n{o:?}");
    let o = check_in(&proj, &["a.txt"]);
    assert_ne!(o.code, 2, "uncommented starter:\n{uncommented}\n{o:?}");
}

#[test]
fn config_command_names_the_files_and_the_origin_of_each_value() {
    let s = scratch("config-cmd");
    s.write(
        "proj/zhenggai.yaml",
        "rules:\n  placeholder: warning\n  year-zero: off\nignore: [date-mismatch]\nper-file-ignores:\n  \"*.md\": [placeholder]\nfail-on: warning\n",
    );
    s.write(
        "proj/sub/zhenggai.yaml",
        "extend: ../zhenggai.yaml\nrules:\n  placeholder: info\nselect: [placeholder, year-zero, tally-sum]\nexclude: [\"old/**\"]\n",
    );
    s.write("proj/sub/a.txt", base());
    let proj = s.join("proj");
    let o = zg!("config", "sub/a.txt").cwd(&proj).run();
    assert_eq!(o.code, 0, "{o:?}");

    let parent = proj.join("zhenggai.yaml");
    let child = proj.join("sub/zhenggai.yaml");
    // Every `# origin` comment, resolved from the working directory, names the right file.
    let origin = |line: &str| -> PathBuf {
        let o = line.rsplit("  # ").next().unwrap();
        proj.join(o).canonicalize().unwrap()
    };
    let lines: Vec<&str> = o.stdout.lines().collect();
    let find = |prefix: &str| -> &str {
        lines
            .iter()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line {prefix:?} in:\n{}", o.stdout))
    };
    assert_eq!(lines[0], "# effective configuration for sub/a.txt");
    assert_eq!(lines[1], "# configuration: sub/zhenggai.yaml");
    assert!(lines[2].starts_with("#   extends: "), "{}", o.stdout);
    assert_eq!(
        proj.join(lines[2].trim_start_matches("#   extends: "))
            .canonicalize()
            .unwrap(),
        parent
    );
    for (prefix, from) in [
        ("  placeholder: info  # ", &child),
        ("  year-zero: off  # ", &parent),
        ("select: [placeholder, year-zero, tally-sum]  # ", &child),
        ("ignore: [date-mismatch]  # ", &parent),
        ("  - \"old/**\"  # ", &child),
        ("  \"*.md\": [placeholder]  # ", &parent),
        ("fail-on: warning  # ", &parent),
    ] {
        assert_eq!(&origin(find(prefix)), from, "origin of {prefix:?}");
    }
    let last = lines.last().unwrap();
    assert!(last.starts_with("# rules that do not run: "), "{last}");
    let off: Vec<&str> = last["# rules that do not run: ".len()..]
        .split(", ")
        .collect();
    assert!(
        off.contains(&"date-mismatch") && off.contains(&"contact-info"),
        "{last}"
    );
    assert!(
        !off.contains(&"placeholder") && !off.contains(&"tally-sum"),
        "{last}"
    );

    // A directory is looked up like a file in it; --no-config shows the defaults.
    let o = zg!("config", "sub").cwd(&proj).run();
    assert!(
        o.stdout.contains("# configuration: sub/zhenggai.yaml\n"),
        "{o:?}"
    );
    let o = zg!("config", "--no-config", "sub/a.txt").cwd(&proj).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(
        o.stdout,
        "# effective configuration for sub/a.txt\n# no configuration file: defaults\nfail-on: error  # default\n# rules that do not run: fullwidth-punctuation, heading-hierarchy, heading-marker\n"
    );
}

#[test]
fn config_command_reports_errors_with_their_position() {
    let s = scratch("config-cmd-err");
    let cfg = s.write("proj/zhenggai.yaml", "rules:\n  placeholder: sometimes\n");
    let o = zg!("config", ".").cwd(s.join("proj")).run();
    assert_eq!(o.code, 2, "{o:?}");
    assert_eq!(o.stdout, "");
    assert_config_error(
        &o.stderr,
        &cfg,
        2,
        16,
        "rules.placeholder: unknown variant `sometimes`",
    );
}
