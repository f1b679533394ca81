//! Output formats on Chinese text with exact expected output: human, concise,
//! json-lines, github, sarif (validated against the official SARIF 2.1.0 schema vendored in
//! tests/schemas/), rdjson, gitlab, junit; `-o FILE`; `--statistics`.
//!
//! The fixture tests/fixtures/announcement/formats.txt is the fictional base announcement with two
//! faults after Chinese text: a wrong completion rate on line 4 (`85%`) and a placeholder on
//! line 8 (`XX`) that follows an ideograph outside the Basic Multilingual Plane (𠮷), so
//! columns in characters, UTF-8 bytes and UTF-16 code units all differ.

use crate::support::announcement::{base, fixture, with_duplicate};
use crate::support::{FORMATS, Out, Scratch, manifest_dir, offset, pos_bytes, pos_chars, variant};
use serde_json::{Value, json};
use std::fs;

fn scratch(test: &str) -> Scratch {
    Scratch::new("formats", test)
}

/// The formats fixture written as `NAME` in a fresh scratch directory.
fn setup(test: &str, name: &str) -> (Scratch, String) {
    let s = scratch(test);
    let text = fixture("formats.txt");
    s.write(name, &text);
    (s, text)
}

fn run_format(s: &Scratch, format: &str, files: &[&str]) -> Out {
    zg!("check", "--format", format)
        .args(files)
        .cwd(s.path())
        .run()
}

/// The fixture's two faults: (byte start, byte end) of `85%` and of `XX`.
fn spans(text: &str) -> [(usize, usize); 2] {
    let a = offset(text, "85%");
    let b = offset(text, "XX");
    [(a, a + 3), (b, b + 2)]
}

#[test]
fn the_fixture_columns_differ_by_unit() {
    let text = fixture("formats.txt");
    let [(a, _), (b, _)] = spans(&text);
    assert_eq!(pos_chars(&text, a), (4, 84));
    assert_eq!(pos_bytes(&text, a), (4, 226));
    assert_eq!(pos_chars(&text, b), (8, 43));
    assert_eq!(pos_bytes(&text, b), (8, 128));
    assert_eq!(crate::support::pos_utf16(&text, b), (7, 43));
    // 𠮷 is one character, four bytes, two UTF-16 units.
    let line8 = text.lines().nth(7).unwrap();
    assert!(line8.contains('𠮷'), "{line8}");
}

// ---------------------------------------------------------------------------------------
// Line-oriented formats: exact strings
// ---------------------------------------------------------------------------------------

#[test]
fn concise_is_exact() {
    let (s, _) = setup("concise", "通报.txt");
    let o = run_format(&s, "concise", &["通报.txt"]);
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(
        o.stdout,
        "通报.txt:4:84: error[progress-rate] 完成率写作85%，但16÷20为80.0%\n\
         通报.txt:8:43: error[placeholder] 留有草稿占位符“XX”\n\
         2 errors, 0 warnings, 0 infos in 1 file\n"
    );
    assert_eq!(o.stderr, "");
    // A clean file prints nothing at all.
    s.write("clean.txt", base());
    let o = run_format(&s, "concise", &["clean.txt"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, ""), "{o:?}");
}

#[test]
fn human_is_exact_with_wide_characters() {
    let (s, text) = setup("human", "通报.txt");
    let o = zg!(
        "check",
        "--color",
        "never",
        "--select",
        "placeholder",
        "通报.txt"
    )
    .cwd(s.path())
    .run();
    assert_eq!(o.code, 1, "{o:?}");
    let line8 = text.lines().nth(7).unwrap();
    // Every character before XX is a wide (two-column) ideograph, 𠮷 included.
    let before = &line8[..line8.find("XX").unwrap()];
    assert_eq!(before.chars().count(), 42);
    let expected = format!(
        "error[placeholder]: 留有草稿占位符“XX”\n  ┌─ 通报.txt:8:43\n  │\n8 │ {line8}\n  │ {}^^\n\n1 error, 0 warnings, 0 infos in 1 file\n说明：zhenggai explain placeholder\n",
        " ".repeat(2 * 42)
    );
    assert_eq!(o.stdout, expected);
}

#[test]
fn json_lines_is_exact() {
    let (s, _) = setup("json-lines", "通报.txt");
    let o = run_format(&s, "json-lines", &["通报.txt"]);
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(
        o.stdout,
        concat!(
            r#"{"labels":[{"message":"已完成","span":{"column":63,"end":538,"end_column":65,"end_line":4,"line":4,"start":536}},{"message":"总数","span":{"column":52,"end":509,"end_column":54,"end_line":4,"line":4,"start":507}}],"message":"完成率写作85%，但16÷20为80.0%","notes":[],"path":"通报.txt","rule":"progress-rate","severity":"error","span":{"column":84,"end":596,"end_column":87,"end_line":4,"line":4,"start":593}}"#,
            "\n",
            r#"{"labels":[],"message":"留有草稿占位符“XX”","notes":[],"path":"通报.txt","rule":"placeholder","severity":"error","span":{"column":43,"end":1102,"end_column":45,"end_line":8,"line":8,"start":1100}}"#,
            "\n"
        )
    );
    // The byte offsets and character columns agree with the text.
    let text = fixture("formats.txt");
    for (d, (start, end)) in o.json_lines().iter().zip(spans(&text)) {
        assert_eq!(d["span"]["start"], start);
        assert_eq!(d["span"]["end"], end);
        let (l, c) = pos_chars(&text, start);
        assert_eq!(
            (d["span"]["line"].clone(), d["span"]["column"].clone()),
            (json!(l), json!(c))
        );
    }
}

#[test]
fn github_is_exact_and_escapes_properties() {
    // `%`, `,` and `:` in the file name are escaped in the `file=` property; `%` in the
    // message is escaped as data.
    let name = "初稿%1,二:三.txt";
    let (s, _) = setup("github", name);
    let o = run_format(&s, "github", &[name]);
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(
        o.stdout,
        "::error file=初稿%251%2C二%3A三.txt,line=4,col=84,endLine=4,endColumn=87,title=zhenggai(progress-rate)::完成率写作85%25，但16÷20为80.0%25\n\
         ::error file=初稿%251%2C二%3A三.txt,line=8,col=43,endLine=8,endColumn=45,title=zhenggai(placeholder)::留有草稿占位符“XX”\n"
    );
}

#[test]
fn github_levels_and_every_diagnostic_printed() {
    let s = scratch("github-levels");
    // A warning and an info, and many errors: all are printed (GitHub shows only some).
    let mut t = with_duplicate();
    t = variant(&t, "建立问题清单和责任清单，", "建立问题清单和责任清单,");
    s.write("a.txt", &t);
    let o = zg!(
        "check",
        "--format",
        "github",
        "--select",
        "duplicate-punctuation,fullwidth-punctuation",
        "a.txt"
    )
    .cwd(s.path())
    .run();
    let (l1, c1) = pos_chars(&t, offset(&t, ",实行"));
    let (l2, c2) = pos_chars(&t, offset(&t, "。。"));
    assert_eq!(
        o.stdout,
        format!(
            "::notice file=a.txt,line={l1},col={c1},endLine={l1},endColumn={},title=zhenggai(fullwidth-punctuation)::汉字之间的半角“,”应为全角“，”\n\
             ::warning file=a.txt,line={l2},col={c2},endLine={l2},endColumn={},title=zhenggai(duplicate-punctuation)::标点“。。”重复，应为“。”\n",
            c1 + 1,
            c2 + 2
        )
    );
    let many: String = (0..30)
        .map(|i| format!("第{i}项数据XX待补充。"))
        .collect::<Vec<_>>()
        .join("");
    s.write("b.txt", variant(&base(), "新建水质监测点8处。", &many));
    let o = run_format(&s, "github", &["b.txt"]);
    assert_eq!(o.stdout.lines().count(), 60, "{o:?}");
    assert!(
        o.stdout
            .lines()
            .all(|l| l.starts_with("::error file=b.txt,"))
    );
}

// ---------------------------------------------------------------------------------------
// SARIF
// ---------------------------------------------------------------------------------------

fn sarif_validator() -> jsonschema::Validator {
    let path = manifest_dir().join("tests/schemas/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&fs::read_to_string(&path).expect("vendored SARIF schema"))
            .expect("schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn schema_errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn assert_valid_sarif(doc: &Value) {
    let errors = schema_errors(&sarif_validator(), doc);
    assert!(
        errors.is_empty(),
        "SARIF output does not validate:\n{}",
        errors.join("\n")
    );
}

/// Every rule id `zhenggai rules --json` lists, with its summary.
fn rules_list() -> Vec<(String, String)> {
    let o = zg!("rules", "--json").run();
    assert_eq!(o.code, 0);
    o.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["summary"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_schema_check_catches_invalid_logs() {
    // A control: the validator is wired to the real schema and rejects bad logs.
    let v = sarif_validator();
    let good =
        json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": []}]});
    assert!(schema_errors(&v, &good).is_empty());
    for bad in [
        json!({"version": "2.0.0", "runs": []}),
        json!({"version": "2.1.0"}),
        json!({"version": "2.1.0", "runs": [{"results": []}]}),
        json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}),
        json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "columnKind": "bytes"}]}),
        json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"region": {"startLine": 0}}}]}]}]}),
    ] {
        assert!(!schema_errors(&v, &bad).is_empty(), "accepted {bad}");
    }
}

#[test]
fn sarif_validates_and_has_exact_results_in_code_points() {
    let (s, text) = setup("sarif", "通报.txt");
    let o = run_format(&s, "sarif", &["通报.txt"]);
    assert_eq!(o.code, 1, "{o:?}");
    let doc = o.json();
    assert_valid_sarif(&doc);

    assert_eq!(doc["version"], "2.1.0");
    assert!(doc["$schema"].as_str().unwrap().contains("sarif"));
    let runs = doc["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["tool"]["driver"]["name"], "zhenggai");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    // tool.driver.rules: every rule, with its summary and its rationale.
    let driver_rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let listed = rules_list();
    assert_eq!(
        driver_rules
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>(),
        listed.iter().map(|r| r.0.clone()).collect::<Vec<_>>()
    );
    for (r, (id, summary)) in driver_rules.iter().zip(&listed) {
        assert_eq!(&r["shortDescription"]["text"], summary.as_str(), "{id}");
        let yaml: serde_yaml::Value = serde_yaml::from_str(
            &fs::read_to_string(manifest_dir().join(format!("rules/{id}.yaml"))).unwrap(),
        )
        .unwrap();
        let rationale = yaml["rationale"].as_str().unwrap().trim();
        assert_eq!(&r["fullDescription"]["text"], rationale, "{id}");
        // help: the rule's page, the same as `zhenggai explain` and docs/rules/<id>.md.
        let page = fs::read_to_string(manifest_dir().join(format!("docs/rules/{id}.md"))).unwrap();
        assert_eq!(r["help"]["markdown"], page.as_str(), "{id}");
        let text = r["help"]["text"].as_str().unwrap();
        assert!(text.contains(rationale.lines().next().unwrap()), "{id}");
        assert!(!text.contains("```"), "{id}");
        // No helpUri without `docs-url`.
        assert!(r.get("helpUri").is_none(), "{id}");
    }

    let results = run["results"].as_array().unwrap();
    let expected = [
        (
            "progress-rate",
            "完成率写作85%，但16÷20为80.0%",
            4,
            84,
            87,
            "85%",
        ),
        ("placeholder", "留有草稿占位符“XX”", 8, 43, 45, "XX"),
    ];
    assert_eq!(results.len(), 2);
    for (r, ((rule, msg, line, col, end_col, snippet), (start, end))) in
        results.iter().zip(expected.into_iter().zip(spans(&text)))
    {
        assert_eq!(r["ruleId"], rule);
        assert_eq!(r["level"], "error");
        assert_eq!(r["message"]["text"], msg);
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(driver_rules[idx]["id"], rule);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "%E9%80%9A%E6%8A%A5.txt");
        let region = &loc["region"];
        assert_eq!(
            (
                &region["startLine"],
                &region["startColumn"],
                &region["endLine"],
                &region["endColumn"]
            ),
            (&json!(line), &json!(col), &json!(line), &json!(end_col)),
            "{rule}"
        );
        // Independently: code points, not bytes or UTF-16 units.
        assert_eq!(pos_chars(&text, start), (line, col));
        assert_eq!(pos_chars(&text, end), (line, end_col));
        assert_eq!(region["byteOffset"], start);
        assert_eq!(region["byteLength"], end - start);
        assert_eq!(region["snippet"]["text"], snippet);
    }
}

#[test]
fn sarif_levels_clean_runs_and_unreadable_files_validate() {
    let s = scratch("sarif-more");
    let mut t = with_duplicate();
    t = variant(&t, "建立问题清单和责任清单，", "建立问题清单和责任清单,");
    s.write("a.txt", &t);
    s.write("clean.md", base());
    fs::write(s.join("utf16.txt"), b"\xc0\x00\xfe\x00junk\x00").unwrap(); // binary: refused

    let o = zg!(
        "check",
        "--format",
        "sarif",
        "--select",
        "duplicate-punctuation,fullwidth-punctuation",
        "a.txt"
    )
    .cwd(s.path())
    .run();
    let doc = o.json();
    assert_valid_sarif(&doc);
    let levels: Vec<(&str, &str)> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["ruleId"].as_str().unwrap(), r["level"].as_str().unwrap()))
        .collect();
    assert_eq!(
        levels,
        vec![
            ("fullwidth-punctuation", "note"),
            ("duplicate-punctuation", "warning")
        ]
    );

    let o = run_format(&s, "sarif", &["clean.md"]);
    assert_eq!(o.code, 0);
    let doc = o.json();
    assert_valid_sarif(&doc);
    assert_eq!(doc["runs"][0]["results"], json!([]));

    let o = run_format(&s, "sarif", &["utf16.txt", "clean.md"]);
    assert_eq!(o.code, 2, "{o:?}");
    let doc = o.json();
    assert_valid_sarif(&doc);
    let inv = &doc["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "utf16.txt"
    );
}

#[test]
fn sarif_driver_covers_rules_of_every_configuration() {
    let s = scratch("sarif-rule-dirs");
    s.write(
        "a/rules/loose-wording.yaml",
        "id: loose-wording\nkind: pattern\nseverity: warning\nsummary: 使用了笼统的表述\n\
         message: “{match}”过于笼统\npatterns:\n  - regex: '基本完成'\n\
         rationale: |\n  整改通报应写明完成到什么程度。\n\
         examples:\n  bad:\n    - 整改基本完成。\n  good:\n    - 整改全部完成。\n",
    );
    s.write("a/zhenggai.yaml", "rule-dirs: [rules]\n");
    s.write(
        "a/x.txt",
        variant(&base(), "实行销号管理", "实行销号管理，整改基本完成"),
    );
    s.write("b.txt", base());
    // Alone, the custom rule's file is fine.
    let o = run_format(&s, "concise", &["a/x.txt"]);
    assert!(o.stdout.contains("warning[loose-wording]"), "{o:?}");
    // After a file under another configuration: the driver must still describe it.
    let o = run_format(&s, "sarif", &["b.txt", "a/x.txt"]);
    let doc = o.json();
    assert_valid_sarif(&doc);
    let run = &doc["runs"][0];
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "loose-wording");
    let idx = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(run["tool"]["driver"]["rules"][idx]["id"], "loose-wording");
}

// ---------------------------------------------------------------------------------------
// rdjson, gitlab, junit
// ---------------------------------------------------------------------------------------

#[test]
fn rdjson_has_columns_in_utf8_bytes() {
    let (s, text) = setup("rdjson", "通报.txt");
    let o = run_format(&s, "rdjson", &["通报.txt"]);
    assert_eq!(o.code, 1, "{o:?}");
    let doc = o.json();
    assert_eq!(doc["source"]["name"], "zhenggai");
    let diags = doc["diagnostics"].as_array().unwrap();
    let expected = [
        (
            "progress-rate",
            "完成率写作85%，但16÷20为80.0%",
            4,
            226,
            229,
        ),
        ("placeholder", "留有草稿占位符“XX”", 8, 128, 130),
    ];
    assert_eq!(diags.len(), 2);
    for (d, ((rule, msg, line, col, end_col), (start, end))) in
        diags.iter().zip(expected.into_iter().zip(spans(&text)))
    {
        assert_eq!(pos_bytes(&text, start), (line, col));
        assert_eq!(pos_bytes(&text, end), (line, end_col));
        assert_eq!(
            d,
            &json!({
                "message": msg,
                "location": {"path": "通报.txt", "range": {
                    "start": {"line": line, "column": col},
                    "end": {"line": line, "column": end_col}}},
                "severity": "ERROR",
                "source": {"name": "zhenggai"},
                "code": {"value": rule},
            })
        );
    }
}

#[test]
fn rdjson_carries_fixes_as_suggestions() {
    let s = scratch("rdjson-fix");
    let t = with_duplicate();
    s.write("a.txt", &t);
    let o = run_format(&s, "rdjson", &["a.txt"]);
    let doc = o.json();
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"]["value"], "duplicate-punctuation");
    assert_eq!(d["severity"], "WARNING");
    let start = offset(&t, "。。");
    let (l, c) = pos_bytes(&t, start);
    let (_, ec) = pos_bytes(&t, start + "。。".len());
    let range = json!({"start": {"line": l, "column": c}, "end": {"line": l, "column": ec}});
    assert_eq!(d["location"]["range"], range);
    assert_eq!(d["suggestions"], json!([{"range": range, "text": "。"}]));
}

fn gitlab_issues(s: &Scratch, files: &[&str]) -> Vec<Value> {
    let o = run_format(s, "gitlab", files);
    o.json().as_array().expect("an array of issues").clone()
}

#[test]
fn gitlab_fields_are_exact() {
    let (s, _) = setup("gitlab", "通报.txt");
    let issues = gitlab_issues(&s, &["通报.txt"]);
    assert_eq!(issues.len(), 2);
    for (i, (rule, msg, line)) in [
        ("progress-rate", "完成率写作85%，但16÷20为80.0%", 4),
        ("placeholder", "留有草稿占位符“XX”", 8),
    ]
    .into_iter()
    .enumerate()
    {
        let fp = issues[i]["fingerprint"].as_str().unwrap().to_string();
        assert!(
            fp.len() >= 16 && fp.chars().all(|c| c.is_ascii_hexdigit()),
            "{fp}"
        );
        assert_eq!(
            issues[i],
            json!({
                "description": msg, "check_name": rule, "fingerprint": fp,
                "severity": "major", "location": {"path": "通报.txt", "lines": {"begin": line}},
            })
        );
    }
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
}

#[test]
fn gitlab_fingerprints_survive_a_line_inserted_above_and_tell_twins_apart() {
    let s = scratch("gitlab-fp");
    // Two identical findings (same rule, message and text) on lines 7 and 8.
    let t = variant(&base(), "新建水质监测点8处", "新建水质监测点XX处");
    let t = variant(&t, "追回违规使用资金21.4万元", "追回违规使用资金XX万元");
    s.write("a.txt", &t);
    let before = gitlab_issues(&s, &["a.txt"]);
    assert_eq!(before.len(), 2, "{before:?}");
    assert_eq!(before[0]["description"], before[1]["description"]);
    assert_ne!(
        before[0]["fingerprint"], before[1]["fingerprint"],
        "identical findings need distinct fingerprints"
    );

    // A clean line inserted above both findings moves them down one line.
    let inserted = variant(
        &t,
        "一、关于",
        "县委常委会先后4次专题研究整改工作，逐项听取进展汇报。\n一、关于",
    );
    s.write("a.txt", &inserted);
    let after = gitlab_issues(&s, &["a.txt"]);
    assert_eq!(after.len(), 2, "{after:?}");
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(
            a["location"]["lines"]["begin"].as_u64().unwrap(),
            b["location"]["lines"]["begin"].as_u64().unwrap() + 1
        );
        assert_eq!(a["fingerprint"], b["fingerprint"], "fingerprint changed");
    }

    // The same finding in another file is another issue.
    s.write("b.txt", &t);
    let two = gitlab_issues(&s, &["a.txt", "b.txt"]);
    let fps: std::collections::BTreeSet<&str> = two
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fps.len(), 4);
}

#[test]
fn junit_is_exact() {
    let (s, _) = setup("junit", "通报.txt");
    let o = run_format(&s, "junit", &["通报.txt"]);
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(
        o.stdout,
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<testsuites name=\"zhenggai\" tests=\"2\" failures=\"2\" errors=\"0\">\n",
            "  <testsuite name=\"zhenggai\" tests=\"2\" failures=\"2\" errors=\"0\">\n",
            "    <testcase name=\"通报.txt:4:84 progress-rate\" classname=\"zhenggai.progress-rate\" file=\"通报.txt\" line=\"4\"><failure message=\"完成率写作85%，但16÷20为80.0%\" type=\"error\">通报.txt:4:84: error[progress-rate] 完成率写作85%，但16÷20为80.0%</failure></testcase>\n",
            "    <testcase name=\"通报.txt:8:43 placeholder\" classname=\"zhenggai.placeholder\" file=\"通报.txt\" line=\"8\"><failure message=\"留有草稿占位符“XX”\" type=\"error\">通报.txt:8:43: error[placeholder] 留有草稿占位符“XX”</failure></testcase>\n",
            "  </testsuite>\n",
            "</testsuites>\n",
        )
    );
}

/// (tests, failures) of the `<testsuites>` element.
fn junit_counts(xml: &str) -> (usize, usize) {
    let head = xml.lines().nth(1).unwrap();
    let attr = |name: &str| -> usize {
        let k = format!(" {name}=\"");
        let at = head
            .find(&k)
            .unwrap_or_else(|| panic!("no {name} in {head}"))
            + k.len();
        head[at..].split('"').next().unwrap().parse().unwrap()
    };
    (attr("tests"), attr("failures"))
}

#[test]
fn junit_counts_cases_and_failures() {
    let (s, _) = setup("junit-counts", "通报.txt");
    s.write("clean.txt", base());
    s.write("甲&乙.txt", with_duplicate());
    s.write(
        "info.txt",
        variant(
            &base(),
            "建立问题清单和责任清单，",
            "建立问题清单和责任清单,",
        ),
    );
    let o = zg!(
        "check",
        "--format",
        "junit",
        "--select",
        "placeholder,progress-rate,duplicate-punctuation,fullwidth-punctuation",
        "通报.txt",
        "clean.txt",
        "甲&乙.txt",
        "info.txt"
    )
    .cwd(s.path())
    .run();
    // 2 failures + 1 passing case (clean) + 1 failure (warning) + 1 passing case (info only).
    assert_eq!(junit_counts(&o.stdout), (5, 3), "{}", o.stdout);
    assert_eq!(o.stdout.matches("<testcase ").count(), 5);
    assert_eq!(o.stdout.matches("<failure ").count(), 3);
    assert!(o.stdout.contains(
        "    <testcase name=\"clean.txt\" classname=\"zhenggai\" file=\"clean.txt\"/>\n"
    ));
    let warned = with_duplicate();
    let (l, c) = pos_chars(&warned, offset(&warned, "。。"));
    assert_eq!((l, c), (7, 34));
    assert!(
        o.stdout.contains(&format!(
            "<testcase name=\"甲&amp;乙.txt:{l}:{c} duplicate-punctuation\" classname=\"zhenggai.duplicate-punctuation\" file=\"甲&amp;乙.txt\" line=\"{l}\">"
        )),
        "{}",
        o.stdout
    );
    assert!(!o.stdout.contains("甲&乙"), "unescaped &: {}", o.stdout);
}

#[test]
fn junit_counts_unreadable_files_as_errors() {
    let s = scratch("junit-io");
    fs::write(s.join("utf16.txt"), b"\xc0\x00\xfe\x00junk\x00").unwrap(); // binary: refused
    let o = run_format(&s, "junit", &["utf16.txt"]);
    assert_eq!(o.code, 2);
    let head = o.stdout.lines().nth(1).unwrap();
    assert!(head.contains(" errors=\"1\""), "{head}");
    assert!(head.contains(" failures=\"0\""), "{head}");
}

// ---------------------------------------------------------------------------------------
// -o FILE, --statistics
// ---------------------------------------------------------------------------------------

#[test]
fn output_file_gets_the_report_and_stdout_stays_empty() {
    let (s, _) = setup("output", "通报.txt");
    for format in FORMATS {
        let direct = run_format(&s, format, &["通报.txt"]);
        let target = format!("report-{format}.out");
        let o = zg!("check", "--format", format, "-o", &target, "通报.txt")
            .cwd(s.path())
            .run();
        assert_eq!(o.code, 1, "{format}: {o:?}");
        assert_eq!(o.stdout, "", "{format}");
        assert_eq!(o.stderr, "", "{format}");
        assert_eq!(s.read(&target), direct.stdout, "{format}");
    }
    // --output is the long form; an existing file is replaced.
    s.write(
        "report.txt",
        "old contents that are much longer than the new report…\n".repeat(100),
    );
    s.write("clean.txt", base());
    let o = zg!(
        "check",
        "--format",
        "concise",
        "--output",
        "report.txt",
        "clean.txt"
    )
    .cwd(s.path())
    .run();
    assert_eq!((o.code, o.stdout.as_str()), (0, ""));
    assert_eq!(s.read("report.txt"), "");
}

#[test]
fn statistics_count_per_rule_as_text_and_json() {
    let (s, _) = setup("statistics", "通报.txt");
    let t = variant(&base(), "新建水质监测点8处。", "新建水质监测点XX处。。");
    let t = variant(&t, "追回违规使用资金21.4万元", "追回违规使用资金XX万元");
    s.write("b.txt", &t);
    let o = zg!("check", "--statistics", "通报.txt", "b.txt")
        .cwd(s.path())
        .run();
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(
        o.stdout,
        "     3  placeholder            [error]\n     1  duplicate-punctuation  [warning]\n     1  progress-rate          [error]\n"
    );
    let o = zg!(
        "check",
        "--statistics",
        "--format",
        "json",
        "通报.txt",
        "b.txt"
    )
    .cwd(s.path())
    .run();
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(
        o.json(),
        json!({"version": 1, "statistics": [
            {"rule": "placeholder", "severity": "error", "count": 3},
            {"rule": "duplicate-punctuation", "severity": "warning", "count": 1},
            {"rule": "progress-rate", "severity": "error", "count": 1},
        ]})
    );
    // Nothing found: empty text, an empty list in JSON, exit 0.
    s.write("clean.txt", base());
    let o = zg!("check", "--statistics", "clean.txt")
        .cwd(s.path())
        .run();
    assert_eq!((o.code, o.stdout.as_str()), (0, ""));
    let o = zg!("check", "--statistics", "--format", "json", "clean.txt")
        .cwd(s.path())
        .run();
    assert_eq!(o.json(), json!({"version": 1, "statistics": []}));
    // With -o.
    let o = zg!("check", "--statistics", "-o", "stats.txt", "b.txt")
        .cwd(s.path())
        .run();
    assert_eq!((o.code, o.stdout.as_str()), (1, ""));
    assert_eq!(
        s.read("stats.txt"),
        "     2  placeholder            [error]\n     1  duplicate-punctuation  [warning]\n"
    );
}

#[test]
fn sarif_help_uri_and_lsp_links_follow_docs_url() {
    let (s, _) = setup("sarif-docs-url", "通报.txt");
    s.write(
        "zhenggai.yaml",
        "docs-url: \"https://docs.example.org/zhenggai/rules/{id}.html\"\n",
    );
    let o = run_format(&s, "sarif", &["通报.txt"]);
    assert_eq!(o.code, 1, "{o:?}");
    let doc = o.json();
    assert_valid_sarif(&doc);
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(!rules.is_empty());
    for r in rules {
        let id = r["id"].as_str().unwrap();
        assert_eq!(
            r["helpUri"],
            format!("https://docs.example.org/zhenggai/rules/{id}.html"),
        );
        assert!(
            r["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains(&format!("# {id}\n"))
        );
    }
    // Without `{id}`, the page name is appended to the base.
    s.write(
        "zhenggai.yaml",
        "docs-url: https://docs.example.org/rules/\n",
    );
    let doc = run_format(&s, "sarif", &["通报.txt"]).json();
    assert_valid_sarif(&doc);
    let placeholder = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "placeholder")
        .unwrap()
        .clone();
    assert_eq!(
        placeholder["helpUri"],
        "https://docs.example.org/rules/placeholder.md"
    );
}
