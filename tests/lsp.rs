//! The language server: `zhenggai server` started as a process and spoken to with
//! LSP's Content-Length framing over its standard input and output. Checks the exact
//! published ranges in UTF-16 code units (the default) and in UTF-8 bytes (when the client
//! offers `utf-8`), computed independently from the text, which puts an ideograph outside
//! the Basic Multilingual Plane (𠮷) before the fault on the same line; hover, quick fixes,
//! configuration discovery, and the shutdown/exit handshake.

use crate::support::announcement::base;
use crate::support::{BIN, Scratch, manifest_dir, offset, variant};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread;
use std::time::{Duration, Instant};

/// Every wait for a message fails the test after this long.
const WAIT: Duration = Duration::from_secs(30);

fn scratch(test: &str) -> Scratch {
    Scratch::new("lsp", test)
}

// ---------------------------------------------------------------------------------------
// A tiny LSP client
// ---------------------------------------------------------------------------------------

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    /// Messages received while waiting for something else.
    queue: VecDeque<Value>,
    next_id: i64,
}

/// Reads one framed message; `None` at end of stream.
fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (k, v) = line.split_once(':').expect("header line");
        if k.eq_ignore_ascii_case("content-length") {
            length = Some(v.trim().parse::<usize>().expect("content length"));
        }
    }
    let mut body = vec![0; length.expect("Content-Length header")];
    r.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("message body is JSON"))
}

impl Client {
    fn start() -> Client {
        Client::start_with(&[])
    }

    /// A server with these environment variables set.
    fn start_with(env: &[(&str, &str)]) -> Client {
        let mut child = Command::new(BIN)
            .arg("server")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn zhenggai server");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(m) = read_message(&mut r) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            rx,
            queue: VecDeque::new(),
            next_id: 1,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        let w = self.stdin.as_mut().expect("stdin open");
        write!(w, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write to server");
        w.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn recv(&mut self, deadline: Instant) -> Value {
        match self
            .rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server in time"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// Sends a request and returns the whole response message.
    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + WAIT;
        loop {
            let m = self.recv(deadline);
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            self.queue.push_back(m);
        }
    }

    /// Sends a request and returns its result (fails on an error response).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let m = self.request_raw(method, params);
        assert!(m.get("error").is_none(), "{method} failed: {m}");
        m["result"].clone()
    }

    /// The next notification `method`, queued or new.
    fn notification(&mut self, method: &str) -> Value {
        if let Some(i) = self.queue.iter().position(|m| m["method"] == method) {
            return self.queue.remove(i).unwrap()["params"].clone();
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let m = self.recv(deadline);
            if m["method"] == method {
                return m["params"].clone();
            }
            self.queue.push_back(m);
        }
    }

    /// The next published diagnostics for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let p = self.notification("textDocument/publishDiagnostics");
            if p["uri"] == uri {
                return p["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    /// A started server, initialized with no client capabilities (the defaults).
    fn ready() -> Self {
        let mut c = Client::start();
        c.initialize(json!({}));
        c
    }

    fn initialize(&mut self, capabilities: Value) -> Value {
        let r = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        );
        self.notify("initialized", json!({}));
        r
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri)
    }

    /// Waits for the process to end; its exit code.
    fn wait(&mut self) -> i32 {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code().expect("exited, not killed");
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Writes bytes as they are, framing and all.
    fn send_raw(&mut self, bytes: &[u8]) {
        let w = self.stdin.as_mut().expect("stdin open");
        w.write_all(bytes).expect("write to server");
        w.flush().unwrap();
    }

    /// The next publishDiagnostics params for `uri` (with its version).
    fn published(&mut self, uri: &str) -> Value {
        loop {
            let p = self.notification("textDocument/publishDiagnostics");
            if p["uri"] == uri {
                return p;
            }
        }
    }

    /// Every message the server sent before it answers one more request: what a test can
    /// assert was *not* sent.
    fn settle(&mut self) -> Vec<Value> {
        self.request_raw("zhenggai/ping", Value::Null);
        self.queue.drain(..).collect()
    }

    /// Code actions for a range, optionally restricted to some kinds.
    fn actions(&mut self, uri: &str, range: Value, only: Option<&[&str]>) -> Vec<Value> {
        let mut context = json!({"diagnostics": []});
        if let Some(only) = only {
            context["only"] = json!(only);
        }
        let r = self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
        );
        r.as_array().expect("an array of actions").clone()
    }

    /// shutdown, then exit; the process's exit code.
    fn shutdown_and_exit(&mut self) -> i32 {
        let r = self.request_raw("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        self.wait()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `file://` URI of an absolute path, percent-encoding all but unreserved bytes and `/`.
fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// An LSP range from byte offsets, in UTF-16 units or UTF-8 bytes, computed here.
fn range(text: &str, start: usize, end: usize, utf8: bool) -> Value {
    let pos = |o: usize| {
        let (line, prefix) = crate::support::line_prefix(text, o);
        let character = if utf8 {
            prefix.len()
        } else {
            prefix.encode_utf16().count()
        };
        json!({"line": line, "character": character})
    };
    json!({"start": pos(start), "end": pos(end)})
}

/// Byte offset of an LSP position (UTF-16 or UTF-8 columns), for applying edits.
fn byte_offset(text: &str, pos: &Value, utf8: bool) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let col = pos["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    if utf8 {
        return start + col;
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= col {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The document: base text with, on line 8, 𠮷 (outside the BMP) before a placeholder.
fn doc_text() -> String {
    variant(
        &base(),
        "对生态补偿资金逐一复核，追回违规使用资金21.4万元",
        "由县财政局𠮷某某牵头对生态补偿资金逐一复核，追回违规使用资金XX万元",
    )
}

/// [`doc_text`] with `extra` right after line 7's `新建水质监测点8处。`.
fn doc_with(extra: &str) -> String {
    let line7 = "新建水质监测点8处。";
    variant(&doc_text(), line7, &format!("{line7}{extra}"))
}

fn rationale(rule: &str) -> String {
    let src = std::fs::read_to_string(manifest_dir().join(format!("rules/{rule}.yaml"))).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&src).unwrap();
    // Chinese prose, unwrapped: a line break would become a space in a reflowing editor.
    yaml["rationale"]
        .as_str()
        .unwrap()
        .lines()
        .map(str::trim)
        .collect()
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[test]
fn utf16_session_publishes_exact_ranges_hovers_and_shuts_down() {
    let s = scratch("utf16");
    let uri = file_uri(&s.join("通报.txt"));
    let text = doc_text();
    let mut c = Client::start();
    let init = c.initialize(json!({}));
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16", "{init}");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["textDocumentSync"]["change"], 1, "full sync");
    assert_eq!(caps["textDocumentSync"]["save"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.zhenggai"])
    );
    assert_eq!(init["serverInfo"]["name"], "zhenggai");

    let diags = c.open(&uri, "plaintext", &text);
    let start = offset(&text, "XX");
    let expected_range = range(&text, start, start + 2, false);
    // 42 characters but 43 UTF-16 units precede XX on line 8.
    assert_eq!(
        expected_range,
        json!({"start": {"line": 7, "character": 43}, "end": {"line": 7, "character": 45}})
    );
    assert_eq!(
        diags,
        vec![json!({
            "range": expected_range,
            "severity": 1,
            "code": "placeholder",
            "source": "zhenggai",
            "message": "留有草稿占位符“XX”",
        })]
    );

    // Hover inside the fault: the rule's rationale.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 7, "character": 44}}),
    );
    assert_eq!(hover["contents"]["kind"], "markdown", "{hover}");
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("**placeholder** (error): "), "{value}");
    assert!(value.contains(&rationale("placeholder")), "{value}");
    // Hover on the 𠮷 itself: nothing is flagged there.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 7, "character": 18}}),
    );
    assert_eq!(hover, Value::Null);

    // Fixing the fault clears the diagnostics.
    let fixed = variant(&text, "资金XX万元", "资金21.4万元");
    assert_eq!(c.change(&uri, 2, &fixed), Vec::<Value>::new());
    // didSave with text re-checks it.
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}, "text": text}),
    );
    assert_eq!(c.diagnostics(&uri).len(), 1);
    // didClose clears them.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());

    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn utf8_session_publishes_ranges_in_bytes() {
    let s = scratch("utf8");
    let uri = file_uri(&s.join("通报.md"));
    let text = doc_with("。");
    let mut c = Client::start();
    let init = c.initialize(json!({"general": {"positionEncodings": ["utf-8"]}}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8", "{init}");
    let diags = c.open(&uri, "markdown", &text);
    let xx = offset(&text, "XX");
    let dup = offset(&text, "。。");
    assert_eq!(
        range(&text, xx, xx + 2, true),
        json!({"start": {"line": 7, "character": 127}, "end": {"line": 7, "character": 129}})
    );
    let got: Vec<(Value, Value, Value)> = diags
        .iter()
        .map(|d| (d["code"].clone(), d["severity"].clone(), d["range"].clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                json!("duplicate-punctuation"),
                json!(2),
                range(&text, dup, dup + 6, true)
            ),
            (
                json!("placeholder"),
                json!(1),
                range(&text, xx, xx + 2, true)
            ),
        ]
    );
    // Hover and code actions take and give byte columns too.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 7, "character": 128}}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**placeholder**"),
        "{hover}"
    );
    let dup_range = range(&text, dup, dup + 6, true);
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": dup_range,
               "context": {"diagnostics": [diags[0]]}}),
    );
    assert_eq!(
        actions[0]["edit"]["changes"][&uri],
        json!([{"range": dup_range, "newText": "。"}])
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn code_action_offers_the_quick_fix_with_the_right_edit() {
    let s = scratch("code-action");
    let uri = file_uri(&s.join("doc.txt"));
    // 𠮷 and the duplicated punctuation on the same line, and an unfixable placeholder.
    let text = variant(
        &doc_text(),
        "追回违规使用资金XX万元。",
        "追回违规使用资金XX万元。。",
    );
    let mut c = Client::start();
    c.initialize(json!({"general": {"positionEncodings": ["utf-16"]}}));
    let diags = c.open(&uri, "plaintext", &text);
    assert_eq!(diags.len(), 2, "{diags:?}");
    let dup = offset(&text, "。。");
    let dup_diag = diags
        .iter()
        .find(|d| d["code"] == "duplicate-punctuation")
        .unwrap()
        .clone();
    let dup_range = range(&text, dup, dup + "。。".len(), false);
    assert_eq!(dup_diag["range"], dup_range);

    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": dup_range,
               "context": {"diagnostics": [dup_diag], "only": ["quickfix"]}}),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    let a = &actions[0];
    assert_eq!(a["kind"], "quickfix");
    assert_eq!(a["isPreferred"], true);
    assert!(
        a["title"]
            .as_str()
            .unwrap()
            .contains("duplicate-punctuation"),
        "{a}"
    );
    let edits = a["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(edits, &vec![json!({"range": dup_range, "newText": "。"})]);

    // Applying the edit as an editor would fixes the text; the server agrees.
    let e = &edits[0];
    let from = byte_offset(&text, &e["range"]["start"], false);
    let to = byte_offset(&text, &e["range"]["end"], false);
    let edited = format!(
        "{}{}{}",
        &text[..from],
        e["newText"].as_str().unwrap(),
        &text[to..]
    );
    assert_eq!(edited, variant(&text, "。。", "。"));
    let after = c.change(&uri, 2, &edited);
    assert_eq!(
        after.iter().map(|d| d["code"].clone()).collect::<Vec<_>>(),
        vec![json!("placeholder")]
    );

    // The placeholder has no fix: no action.
    let xx = offset(&edited, "XX");
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(&edited, xx, xx + 2, false),
               "context": {"diagnostics": after}}),
    );
    assert_eq!(actions, json!([]));
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn configuration_is_discovered_from_the_document_path() {
    let s = scratch("config");
    s.write(
        "my docs/文档/zhenggai.yaml",
        "rules:\n  placeholder: warning\n  fullwidth-punctuation: info\n",
    );
    let uri = file_uri(&s.join("my docs/文档/通报.txt"));
    assert!(uri.contains("my%20docs/%E6%96%87%E6%A1%A3/"), "{uri}");
    let text = variant(&doc_text(), "责任清单，实行", "责任清单,实行");
    let mut c = Client::ready();
    let diags = c.open(&uri, "plaintext", &text);
    let got: Vec<(Value, Value)> = diags
        .iter()
        .map(|d| (d["code"].clone(), d["severity"].clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (json!("fullwidth-punctuation"), json!(3)),
            (json!("placeholder"), json!(2)),
        ]
    );
    // A document elsewhere gets the defaults.
    let other = file_uri(&s.join("elsewhere/通报.txt"));
    let diags = c.open(&other, "plaintext", &text);
    assert_eq!(
        diags
            .iter()
            .map(|d| (d["code"].clone(), d["severity"].clone()))
            .collect::<Vec<_>>(),
        vec![(json!("placeholder"), json!(1))]
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn per_file_ignores_apply_and_configuration_errors_are_shown() {
    let s = scratch("config-more");
    s.write(
        "proj/zhenggai.yaml",
        "per-file-ignores:\n  \"drafts/*.md\": [placeholder]\n",
    );
    let mut c = Client::ready();
    let ignored = file_uri(&s.join("proj/drafts/a.md"));
    assert_eq!(
        c.open(&ignored, "markdown", &doc_text()),
        Vec::<Value>::new()
    );
    let kept = file_uri(&s.join("proj/b.md"));
    assert_eq!(c.open(&kept, "markdown", &doc_text()).len(), 1);

    // A broken configuration: an error message naming file:line:column, no diagnostics.
    let bad = s.write("broken/zhenggai.yaml", "rules:\n  placeholder: sometimes\n");
    let uri = file_uri(&s.join("broken/c.txt"));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": doc_text()}}),
    );
    let shown = c.notification("window/showMessage");
    assert_eq!(shown["type"], 1, "{shown}");
    let message = shown["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("{}:2:16: ", bad.display())),
        "{message}"
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn an_edited_configuration_applies_to_the_next_change() {
    let s = scratch("config-edit");
    s.write("proj/zhenggai.yaml", "rules:\n  placeholder: error\n");
    let uri = file_uri(&s.join("proj/a.txt"));
    let mut c = Client::ready();
    assert_eq!(c.open(&uri, "plaintext", &doc_text())[0]["severity"], 1);
    s.write("proj/zhenggai.yaml", "rules:\n  placeholder: warning\n");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&s.join("proj/zhenggai.yaml")), "type": 2}]}),
    );
    assert_eq!(c.change(&uri, 2, &doc_text())[0]["severity"], 2);
}

#[test]
fn unknown_requests_get_an_error_and_the_server_goes_on() {
    let s = scratch("unknown");
    let uri = file_uri(&s.join("doc.txt"));
    let mut c = Client::ready();
    let r = c.request_raw(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(r["error"]["code"], -32601, "{r}");
    assert_eq!(c.open(&uri, "plaintext", &doc_text()).len(), 1);
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn a_panic_in_a_rule_loses_that_check_not_the_server() {
    let s = scratch("panic");
    let (bad, good) = (file_uri(&s.join("bad.txt")), file_uri(&s.join("good.txt")));
    // guard::rule panics in tally-sum on a text holding the trigger word.
    let mut c = Client::start_with(&[("ZHENGGAI_TEST_PANIC", "tally-sum")]);
    c.initialize(json!({}));
    let text = format!("{}\nZHENGGAI_TEST_PANIC", doc_text());
    assert!(c.open(&bad, "plaintext", &text).is_empty());
    let shown = c.notification("window/showMessage");
    let message = shown["message"].as_str().unwrap();
    assert!(
        message.contains("internal error while checking"),
        "{message}"
    );
    assert!(message.contains("tally-sum"), "{message}");
    // The server goes on: another document is checked as usual.
    assert_eq!(c.open(&good, "plaintext", &doc_text()).len(), 1);
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn a_20kb_document_is_checked_on_each_change() {
    let s = scratch("timing");
    let uri = file_uri(&s.join("long.txt"));
    let filler = "对沿河排污口逐一登记并落实专人巡查。".repeat(400);
    let text = doc_with(&filler);
    assert!(text.len() >= 20_000, "{} bytes", text.len());
    let mut c = Client::ready();
    assert_eq!(c.open(&uri, "plaintext", &text).len(), 1);
    let fixed = variant(&text, "资金XX万元", "资金21.4万元");
    let mut times = Vec::new();
    for (i, t) in [&fixed, &text, &fixed].into_iter().enumerate() {
        let started = Instant::now();
        let diags = c.change(&uri, i as i64 + 2, t);
        times.push(started.elapsed());
        assert_eq!(diags.len(), usize::from(std::ptr::eq(t, &text)));
    }
    println!(
        "didChange on a {} byte document: diagnostics published in {:?} (each of {} changes)",
        text.len(),
        times,
        times.len()
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn exit_without_shutdown_exits_1() {
    let mut c = Client::ready();
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), 1);
}

#[test]
fn closing_the_input_ends_the_server() {
    let mut c = Client::ready();
    c.stdin = None; // EOF
    let code = c.wait();
    assert!(code == 0 || code == 1 || code == 2, "exit code {code}");
}

// ---------------------------------------------------------------------------------------
// Never corrupt text, never die on bad input, behave like ruff's server
// ---------------------------------------------------------------------------------------

/// Capabilities of an editor that takes versioned edits and watches files for us.
fn editor_caps() -> Value {
    json!({
        "workspace": {"workspaceEdit": {"documentChanges": true},
                      "didChangeWatchedFiles": {"dynamicRegistration": true}},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}},
    })
}

/// Applies a workspace edit (as `documentChanges` or `changes`) to `text` as an editor
/// would; also returns the version the edit was computed for, if it says.
fn apply_edit(text: &str, edit: &Value, uri: &str, utf8: bool) -> (String, Option<i64>) {
    let (edits, version) = match edit.get("documentChanges") {
        Some(dc) => {
            let dc = &dc.as_array().unwrap()[0];
            assert_eq!(dc["textDocument"]["uri"], uri, "{edit}");
            (
                dc["edits"].as_array().unwrap().clone(),
                dc["textDocument"]["version"].as_i64(),
            )
        }
        None => (edit["changes"][uri].as_array().unwrap().clone(), None),
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                byte_offset(text, &e["range"]["start"], utf8),
                byte_offset(text, &e["range"]["end"], utf8),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort();
    let mut out = text.to_string();
    for (from, to, new) in spans.into_iter().rev() {
        out.replace_range(from..to, &new);
    }
    (out, version)
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn whole(text: &str) -> Value {
    range(text, 0, text.len(), false)
}

/// With a broken configuration the server keeps checking the current text, so a
/// quick fix applies where the fault is now, and says which version it was computed for.
#[test]
fn a_quick_fix_under_a_broken_configuration_edits_the_current_text() {
    let s = scratch("stale-fix");
    let config = s.write("proj/zhenggai.yaml", "rules:\n  placeholder: warning\n");
    let uri = file_uri(&s.join("proj/a.txt"));
    let padded = variant(&base(), "\n2025年4月22日", "\n2025年04月22日");
    let mut c = Client::start();
    c.initialize(editor_caps());
    assert_eq!(codes(&c.open(&uri, "plaintext", &padded)), ["date-format"]);
    std::fs::write(&config, "date-format: warn\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
    );
    let shown = c.notification("window/showMessage");
    assert_eq!(shown["type"], 1, "{shown}");
    // The text grows on line 1: stale offsets would land before the date.
    let edited = variant(&padded, "云岭市纪委监委网站", "云岭市纪委监委网站（转载）");
    let p = loop {
        let p = c.published(&uri);
        if p["version"] == 2 {
            break p;
        }
        if p["version"] == 1 {
            c.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": edited}]}),
            );
        }
    };
    let diags = p["diagnostics"].as_array().unwrap();
    assert_eq!(codes(diags), ["date-format"]);
    let at = offset(&edited, "2025年04月22日");
    assert_eq!(
        diags[0]["range"]["start"],
        range(&edited, at, at, false)["start"]
    );
    let actions = c.actions(&uri, diags[0]["range"].clone(), Some(&["quickfix"]));
    assert_eq!(actions.len(), 1, "{actions:?}");
    let (fixed, version) = apply_edit(&edited, &actions[0]["edit"], &uri, false);
    assert_eq!(version, Some(2));
    assert_eq!(fixed, variant(&edited, "2025年04月22日", "2025年4月22日"));
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// A broken configuration is shown once, not on every keystroke; documents go on
/// being checked with the last good configuration; a change of the file shows it again.
#[test]
fn a_broken_configuration_is_reported_once_per_change_and_checking_goes_on() {
    let s = scratch("broken-once");
    let config = s.write("proj/zhenggai.yaml", "rules:\n  placeholder: warning\n");
    let uri = file_uri(&s.join("proj/a.txt"));
    let other = file_uri(&s.join("proj/b.txt"));
    let text = doc_text();
    let mut c = Client::ready();
    assert_eq!(c.open(&uri, "plaintext", &text)[0]["severity"], 2);
    std::fs::write(&config, "rules:\n  placeholder: sometimes\n").unwrap();
    let change_config = |c: &mut Client| {
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
        )
    };
    change_config(&mut c);
    // Re-checked on the change, with the last good configuration (placeholder: warning).
    assert_eq!(c.diagnostics(&uri)[0]["severity"], 2);
    for v in 2..6 {
        let t = if v % 2 == 0 {
            variant(&text, "新建水质", "新设水质")
        } else {
            text.clone()
        };
        assert_eq!(codes(&c.change(&uri, v, &t)), ["placeholder"]);
    }
    // A second document under the same configuration: no second report either.
    assert_eq!(c.open(&other, "plaintext", &text)[0]["severity"], 2);
    let shown: Vec<Value> = c
        .settle()
        .into_iter()
        .filter(|m| m["method"] == "window/showMessage")
        .collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0]["params"]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("{}:2:16: ", config.display()))
    );
    // Another change of the file, still broken: shown again, once.
    std::fs::write(&config, "rules:\n  placeholder: often\n").unwrap();
    change_config(&mut c);
    let shown: Vec<Value> = c
        .settle()
        .into_iter()
        .filter(|m| m["method"] == "window/showMessage")
        .collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    // Repaired: the new configuration applies without an edit.
    std::fs::write(&config, "rules:\n  placeholder: info\n").unwrap();
    change_config(&mut c);
    assert_eq!(c.diagnostics(&uri)[0]["severity"], 3);
    // A document whose configuration never loaded is checked with the defaults.
    s.write("fresh/zhenggai.yaml", "rules: [\n");
    let fresh = file_uri(&s.join("fresh/c.txt"));
    assert_eq!(c.open(&fresh, "plaintext", &text)[0]["severity"], 1);
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// The server registers file watchers, and a change of a feedback file or of
/// a rule file is picked up without an edit; a missing feedback file is reported.
#[test]
fn watchers_are_registered_and_rules_and_feedback_reload() {
    let s = scratch("reload");
    s.write(
        "proj/zhenggai.yaml",
        "rule-dirs: [my-rules]\nfeedback: feedback.yaml\n",
    );
    let rule = "id: no-foo\nkind: pattern\nseverity: warning\nsummary: 不用“某某词”\n\
message: 出现“{match}”\npatterns:\n  - {regex: '某某词'}\nrationale: 示例规则。\n\
examples:\n  bad: [某某词]\n  good: [别的词]\n";
    s.write("proj/my-rules/no-foo.yaml", rule);
    s.write(
        "proj/my-rules/no-bar.yaml",
        "id: no-bar\nkind: pattern\nseverity: warning\nsummary: 不用“某某句”\n\
message: 出现“{match}”\npatterns:\n  - {regex: '某某句'}\nrationale: 示例规则。\n",
    );
    let uri = file_uri(&s.join("proj/a.txt"));
    let text = variant(&base(), "新建水质监测点8处", "新建水质监测点8处某某词");
    let mut c = Client::start();
    c.initialize(editor_caps());
    // Registered on `initialized`: configuration files anywhere.
    let reg = c.notification("client/registerCapability");
    let watchers = &reg["registrations"][0]["registerOptions"]["watchers"];
    assert_eq!(
        reg["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    assert!(
        watchers
            .as_array()
            .unwrap()
            .contains(&json!({"globPattern": "**/zhenggai.yaml"}))
    );
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    // As the command line reports them: the missing feedback file (an error) and the rule
    // without examples (a load warning).
    let shown = [
        c.notification("window/showMessage"),
        c.notification("window/showMessage"),
    ];
    let has = |typ: i64, text: &str| {
        shown
            .iter()
            .any(|m| m["type"] == typ && m["message"].as_str().unwrap().contains(text))
    };
    assert!(has(1, "feedback.yaml"), "{shown:?}");
    assert!(has(2, "rule has no `examples`"), "{shown:?}");
    assert_eq!(codes(&c.diagnostics(&uri)), ["no-foo"]);
    // Then the rule directory and the feedback file are watched too.
    let reg = c.notification("client/registerCapability");
    let globs = reg["registrations"][0]["registerOptions"]["watchers"].to_string();
    assert!(globs.contains("my-rules/**"), "{globs}");
    assert!(globs.contains("feedback.yaml"), "{globs}");
    // The rule changes on disk: re-checked on the watcher's event, no edit needed.
    s.write(
        "proj/my-rules/no-foo.yaml",
        rule.replace("severity: warning", "severity: info"),
    );
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&s.join("proj/my-rules/no-foo.yaml")), "type": 2}]}),
    );
    let diags = c.diagnostics(&uri);
    assert_eq!(codes(&diags), ["no-foo"]);
    assert_eq!(diags[0]["severity"], 3);
    // The feedback file appears, with an area the text does not answer; then it is edited.
    let changed = |c: &mut Client| {
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": file_uri(&s.join("proj/feedback.yaml")), "type": 2}]}),
        )
    };
    s.write(
        "proj/feedback.yaml",
        "- area: 落实生态保护要求不够到位\n- area: 干部队伍建设不够扎实\n",
    );
    changed(&mut c);
    assert_eq!(codes(&c.diagnostics(&uri)), ["feedback-coverage", "no-foo"]);
    s.write("proj/feedback.yaml", "- area: 落实生态保护要求不够到位\n");
    changed(&mut c);
    assert_eq!(codes(&c.diagnostics(&uri)), ["no-foo"]);
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// Malformed messages are answered or logged; the server goes on.
#[test]
fn malformed_messages_never_end_the_server() {
    let s = scratch("malformed");
    let mut c = Client::ready();
    let text = doc_text();
    // URIs an editor may send: a raw space, raw Chinese, a bad escape.
    for (i, name) in ["a b.txt", "通报.txt", "bad%zz%E6%9.txt"]
        .into_iter()
        .enumerate()
    {
        let uri = format!("file://{}/{name}", s.path().display());
        assert_eq!(
            codes(&c.open(&uri, "plaintext", &text)),
            ["placeholder"],
            "{uri}"
        );
        let r = c.request_raw(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 7, "character": 44}}),
        );
        assert!(r["result"]["contents"].is_object(), "{i}: {r}");
    }
    // Notifications with bad params: logged, ignored.
    for params in [
        json!({"textDocument": {"uri": "file:///x.txt", "languageId": "plaintext", "version": 1}}),
        json!({"textDocument": 5}),
    ] {
        c.notify("textDocument/didOpen", params);
    }
    c.notify("textDocument/didChange", Value::Null);
    c.notify("textDocument/didClose", json!([1, 2]));
    // Requests with bad params: InvalidParams.
    let r = c.request_raw("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c.request_raw("textDocument/codeAction", Value::Null);
    assert_eq!(r["error"]["code"], -32602, "{r}");
    // Bad frames: a body that is not JSON gets ParseError; absurd lengths are refused
    // without being allocated (the huge one is last: it swallows the rest of the stream).
    c.send_raw(b"Content-Length: 5\r\n\r\n{oops");
    c.send_raw(b"Content-Length: -1\r\n\r\n");
    c.send_raw(b"Content-Type: x\r\n\r\n");
    let logged = c.settle();
    let parse_error = logged.iter().find(|m| m["error"]["code"] == -32700);
    assert!(parse_error.is_some(), "{logged:?}");
    let logs = logged
        .iter()
        .filter(|m| m["method"] == "window/logMessage")
        .count();
    assert_eq!(logs, 6, "{logged:?}");
    let uri = file_uri(&s.join("after.txt"));
    assert_eq!(codes(&c.open(&uri, "plaintext", &text)), ["placeholder"]);
    c.send_raw(b"Content-Length: 100000000000\r\n\r\n{}");
    c.send_raw(b"Content-Length: 18446744073709551615\r\n\r\n");
    // Still alive: the end of input without `shutdown` is an exit with 1, not a crash.
    c.stdin = None;
    assert_eq!(c.wait(), 1);
}

/// The protocol's corner cases.
#[test]
fn protocol_corner_cases_get_the_right_answers() {
    // `exit` before `initialize`: 1.
    let mut c = Client::start();
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), 1);
    // A request before `initialize`: ServerNotInitialized; a second initialize:
    // InvalidRequest; a request after `shutdown`: InvalidRequest; then `exit` gives 0.
    let mut c = Client::start();
    let r = c.request_raw("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    c.initialize(json!({}));
    let r = c.request_raw("initialize", json!({"capabilities": {}}));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    let r = c.request_raw("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null, "{r}");
    let r = c.request_raw("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    let r = c.request_raw("shutdown", Value::Null);
    assert_eq!(r["error"]["code"], -32600, "{r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), 0);
}

/// Exact UTF-16 and UTF-8 positions far along a 1 MB line (the per-block counts;
/// the latency script times them).
#[test]
fn positions_on_a_long_line_are_exact() {
    let s = scratch("long-line");
    let uri = file_uri(&s.join("long.txt"));
    let filler = "𠮷对沿河排污口逐一登记，".repeat(30_000);
    let text = doc_with(&format!("{filler}全部完成。。"));
    assert!(text.len() > 1_000_000);
    for utf8 in [false, true] {
        let mut c = Client::start();
        let caps = if utf8 {
            json!({"general": {"positionEncodings": ["utf-8"]}})
        } else {
            json!({})
        };
        c.initialize(caps);
        let diags = c.open(&uri, "plaintext", &text);
        let dup = offset(&text, "。。");
        let xx = offset(&text, "XX");
        assert_eq!(
            diags.iter().map(|d| d["range"].clone()).collect::<Vec<_>>(),
            vec![
                range(&text, dup, dup + 6, utf8),
                range(&text, xx, xx + 2, utf8)
            ]
        );
        assert_eq!(c.shutdown_and_exit(), 0);
    }
}

/// A burst of queued edits is checked once for its latest text, and every
/// publication carries the version it was computed for.
#[test]
fn queued_edits_are_checked_once_for_the_latest_version() {
    let s = scratch("burst");
    let uri = file_uri(&s.join("big.txt"));
    let filler = "对沿河排污口逐一登记并落实专人巡查。\n".repeat(6_000);
    let text = doc_with(&format!("\n{filler}"));
    let mut c = Client::ready();
    let open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params":
        {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}});
    // All in one write: the server reads them while it checks the first.
    let mut burst = Vec::new();
    let mut frame = |v: &Value| {
        let body = v.to_string();
        burst.extend(format!("Content-Length: {}\r\n\r\n{body}", body.len()).bytes());
    };
    frame(&open);
    let last = 41;
    for v in 2..=last {
        // Odd versions fix the placeholder, even ones keep it; the last keeps it.
        let t = if v % 2 == 1 && v != last {
            variant(&text, "XX万元", "21万元")
        } else {
            text.clone()
        };
        frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params":
            {"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": t}]}}),
        );
    }
    c.send_raw(&burst);
    let mut versions = Vec::new();
    loop {
        let p = c.published(&uri);
        let v = p["version"]
            .as_i64()
            .expect("a version on every publication");
        versions.push(v);
        if v == last {
            assert_eq!(codes(p["diagnostics"].as_array().unwrap()), ["placeholder"]);
            break;
        }
    }
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    // Most are superseded while the server checks (how many depends on the machine).
    assert!(
        versions.len() <= 20,
        "each queued edit was checked: {versions:?}"
    );
    assert!(
        c.settle()
            .iter()
            .all(|m| m["method"] != "textDocument/publishDiagnostics")
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// A text that starts with U+FEFF: the mark is one UTF-16 unit and three bytes
/// of line 1, as in the editor's buffer.
#[test]
fn a_leading_byte_order_mark_is_counted_like_any_character() {
    let s = scratch("bom");
    let uri = file_uri(&s.join("bom.txt"));
    let text = format!(
        "\u{feff}{}",
        variant(&base(), "2025-04-22 09:00", "2025-04-22 09:00。。")
    );
    for utf8 in [false, true] {
        let mut c = Client::start();
        c.initialize(if utf8 {
            json!({"general": {"positionEncodings": ["utf-8"]}})
        } else {
            json!({})
        });
        let diags = c.open(&uri, "plaintext", &text);
        let dup = offset(&text, "。。");
        let expected = range(&text, dup, dup + 6, utf8);
        assert_eq!(expected["start"]["character"], if utf8 { 19 } else { 17 });
        let d = diags
            .iter()
            .find(|d| d["code"] == "duplicate-punctuation")
            .unwrap();
        assert_eq!(d["range"], expected);
        let actions = c.actions(&uri, expected.clone(), Some(&["quickfix"]));
        let (fixed, _) = apply_edit(&text, &actions[0]["edit"], &uri, utf8);
        assert_eq!(fixed, variant(&text, "。。", "。"));
        assert_eq!(c.shutdown_and_exit(), 0);
    }
}

/// Fix-all, the Markdown suppression action, the diagnostics each action fixes,
/// distinct titles, and a year fixed in one action.
#[test]
fn code_actions_fix_all_suppress_and_fix_a_year_at_once() {
    let s = scratch("actions");
    let uri = file_uri(&s.join("a.md"));
    let text = variant(
        &doc_with("。完成。。"),
        "截至2025年4月15日",
        "截至二零零五年",
    );
    let mut c = Client::start();
    c.initialize(editor_caps());
    let diags = c.open(&uri, "markdown", &text);
    assert_eq!(
        codes(&diags),
        [
            "year-zero",
            "duplicate-punctuation",
            "duplicate-punctuation",
            "placeholder"
        ]
    );
    // Two fixes alike on one line: distinct titles, each listing its diagnostic.
    let dup_line = diags[1]["range"]["start"]["line"].as_u64().unwrap() as usize;
    let line_range = json!({"start": {"line": dup_line, "character": 0},
                            "end": {"line": dup_line, "character": 200}});
    let fixes = c.actions(&uri, line_range, Some(&["quickfix"]));
    let quick: Vec<&Value> = fixes.iter().filter(|a| a["isPreferred"] == true).collect();
    assert_eq!(quick.len(), 2, "{fixes:?}");
    assert_ne!(quick[0]["title"], quick[1]["title"]);
    assert_eq!(quick[0]["diagnostics"], json!([diags[1]]));
    assert_eq!(quick[1]["diagnostics"], json!([diags[2]]));
    // 二零零五年 in one action (year-zero reports one 零 at a time).
    let year = c.actions(&uri, diags[0]["range"].clone(), Some(&["quickfix"]));
    let (fixed, version) = apply_edit(&text, &year[0]["edit"], &uri, false);
    assert_eq!(version, Some(1));
    assert_eq!(fixed, variant(&text, "二零零五年", "二〇〇五年"));
    assert_eq!(year[0]["title"], "将“零零”改为“〇〇”（year-zero）");
    // Suppression in Markdown: the comment goes above the line, and the diagnostic goes.
    let xx = diags[3].clone();
    let suppress = c.actions(&uri, xx["range"].clone(), Some(&["quickfix"]));
    let disable = suppress
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .contains("zhenggai-disable-next-line")
        })
        .expect("a suppression action");
    let (suppressed, _) = apply_edit(&text, &disable["edit"], &uri, false);
    assert!(suppressed.contains("<!-- zhenggai-disable-next-line placeholder -->\n（二）"));
    assert_eq!(codes(&c.change(&uri, 2, &suppressed)), codes(&diags[..3]));
    // Fix all: one edit, the same text as `zhenggai check --fix`, listing every fixable one.
    let all = c.actions(&uri, whole(&suppressed), Some(&["source.fixAll"]));
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["kind"], "source.fixAll.zhenggai");
    assert_eq!(all[0]["diagnostics"].as_array().unwrap().len(), 3);
    let (fixed_all, version) = apply_edit(&suppressed, &all[0]["edit"], &uri, false);
    assert_eq!(version, Some(2));
    let cli = zg!("check", "--fix", "--stdin-filename", "a.md", "-")
        .stdin(suppressed.clone())
        .run();
    assert_eq!(fixed_all, cli.stdout);
    assert_eq!(codes(&c.change(&uri, 3, &fixed_all)), Vec::<String>::new());
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// Hover shows the examples, keeps Chinese paragraphs unwrapped, and its range
/// is the flagged span, whose end is exclusive.
#[test]
fn hover_shows_examples_unwrapped_prose_and_an_exclusive_range() {
    let s = scratch("hover");
    let uri = file_uri(&s.join("a.txt"));
    let text = variant(&doc_text(), "截至2025年4月15日", "截至二零二五年");
    let mut c = Client::ready();
    let diags = c.open(&uri, "plaintext", &text);
    let d = diags.iter().find(|d| d["code"] == "year-zero").unwrap();
    let r = &d["range"];
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": r["start"]}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains(
            "GB/T 15835-2011《出版物上数字用法》：汉字数字“〇”用于年份等编号，不写作“零”，也不写作"
        ),
        "{value}"
    );
    assert!(
        value.contains("不规范示例：\n\n- ` 二零二五年六月十日 `"),
        "{value}"
    );
    assert!(
        value.contains("规范示例：\n\n- ` 二〇二五年六月十日 `"),
        "{value}"
    );
    assert_eq!(hover["range"], *r);
    // The character after the span: nothing.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": r["end"]}),
    );
    assert_eq!(hover, Value::Null);
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// The editor guide (docs/editors.md, linked from the README) gives a snippet for
/// Neovim 0.7–0.9 (`start_client` and `buf_attach_client`); tests/editors/nvim.sh runs it in
/// a real Neovim.
#[test]
fn readme_has_a_snippet_for_neovim_before_0_10() {
    let readme = std::fs::read_to_string(manifest_dir().join("docs/editors.md")).unwrap();
    let snippet = readme
        .split("Neovim 0.7–0.9")
        .nth(1)
        .and_then(|r| r.split("```lua\n").nth(1))
        .and_then(|r| r.split("```").next())
        .expect("a Lua snippet after “Neovim 0.7–0.9”");
    assert!(snippet.contains("vim.lsp.start_client"), "{snippet}");
    assert!(snippet.contains("vim.lsp.buf_attach_client"), "{snippet}");
}

/// The fix-all edit is computed when chosen, and
/// refused once the text has changed.
#[test]
fn fix_all_is_resolved_when_chosen_and_refused_on_a_changed_text() {
    let s = scratch("resolve");
    let uri = file_uri(&s.join("a.txt"));
    let text = doc_with("。");
    let mut caps = editor_caps();
    caps["textDocument"]["codeAction"] = json!({"resolveSupport": {"properties": ["edit"]}});
    let mut c = Client::start();
    let init = c.initialize(caps);
    assert_eq!(
        init["capabilities"]["codeActionProvider"]["resolveProvider"],
        true
    );
    c.open(&uri, "plaintext", &text);
    let all = c.actions(&uri, whole(&text), Some(&["source.fixAll.zhenggai"]));
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(all[0].get("edit").is_none(), "{all:?}");
    let resolved = c.request("codeAction/resolve", all[0].clone());
    let (fixed, version) = apply_edit(&text, &resolved["edit"], &uri, false);
    assert_eq!((fixed, version), (variant(&text, "。。", "。"), Some(1)));
    // The document changed: the old action is refused rather than applied at stale offsets.
    c.change(&uri, 2, &variant(&text, "县委", "县委办"));
    let r = c.request_raw("codeAction/resolve", all[0].clone());
    assert_eq!(r["error"]["code"], -32801, "{r}");
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// A client that sends ranged (incremental) changes although the server asks for full
/// text: applied at the right UTF-16 positions all the same.
#[test]
fn ranged_changes_are_applied_at_their_positions() {
    let s = scratch("ranged");
    let uri = file_uri(&s.join("a.txt"));
    let text = doc_text();
    let mut c = Client::ready();
    assert_eq!(codes(&c.open(&uri, "plaintext", &text)), ["placeholder"]);
    let xx = offset(&text, "XX");
    // 𠮷 precedes XX on its line: two UTF-16 units.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": range(&text, xx, xx + 2, false), "text": "21.4"},
            {"range": range(&text, 0, 0, false), "text": "。。"},
        ]}),
    );
    let p = c.published(&uri);
    assert_eq!(p["version"], 2);
    let diags = p["diagnostics"].as_array().unwrap();
    assert_eq!(codes(diags), ["duplicate-punctuation"]);
    assert_eq!(diags[0]["range"], range("。。", 0, 6, false));
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// `docs-url` in the configuration links each diagnostic to its rule's page
/// (`codeDescription.href`); without it there is no link.
#[test]
fn code_description_links_the_rule_page_when_docs_url_is_set() {
    let s = scratch("docs-url");
    s.write(
        "linked/zhenggai.yaml",
        "docs-url: https://docs.example.org/zhenggai/rules/{id}.html\n",
    );
    let mut c = Client::ready();
    let diags = c.open(
        &file_uri(&s.join("linked/通报.txt")),
        "plaintext",
        &doc_text(),
    );
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "placeholder");
    assert_eq!(
        diags[0]["codeDescription"]["href"],
        "https://docs.example.org/zhenggai/rules/placeholder.html"
    );
    let diags = c.open(
        &file_uri(&s.join("plain/通报.txt")),
        "plaintext",
        &doc_text(),
    );
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].get("codeDescription").is_none(), "{diags:?}");
    assert_eq!(c.shutdown_and_exit(), 0);
}
