//! The language server (issue 3): `zhenggai server` started as a process and spoken to with
//! LSP's Content-Length framing over its standard input and output. Checks the exact
//! published ranges in UTF-16 code units (the default) and in UTF-8 bytes (when the client
//! offers `utf-8`), computed independently from the text, which puts an ideograph outside
//! the Basic Multilingual Plane (𠮷) before the fault on the same line; hover, quick fixes,
//! configuration discovery, and the shutdown/exit handshake.

#[path = "fixtures/issue3/support.rs"]
mod support;

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread;
use std::time::{Duration, Instant};
use support::{BIN, Scratch, base, manifest_dir, offset, variant};

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
        let mut child = Command::new(BIN)
            .arg("server")
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
        let (line, prefix) = support::line_prefix(text, o);
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

fn rationale(rule: &str) -> String {
    let src = std::fs::read_to_string(manifest_dir().join(format!("rules/{rule}.yaml"))).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&src).unwrap();
    yaml["rationale"].as_str().unwrap().trim().to_string()
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
    assert_eq!(caps["codeActionProvider"], true);
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
    let text = variant(&doc_text(), "新建水质监测点8处。", "新建水质监测点8处。。");
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
               "context": {"diagnostics": [dup_diag]}}),
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
    let mut c = Client::start();
    c.initialize(json!({}));
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
    let mut c = Client::start();
    c.initialize(json!({}));
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
    let mut c = Client::start();
    c.initialize(json!({}));
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
    let mut c = Client::start();
    c.initialize(json!({}));
    let r = c.request_raw(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(r["error"]["code"], -32601, "{r}");
    assert_eq!(c.open(&uri, "plaintext", &doc_text()).len(), 1);
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn a_20kb_document_is_checked_on_each_change() {
    let s = scratch("timing");
    let uri = file_uri(&s.join("long.txt"));
    let filler = "对沿河排污口逐一登记并落实专人巡查。".repeat(400);
    let text = variant(
        &doc_text(),
        "新建水质监测点8处。",
        &format!("新建水质监测点8处。{filler}"),
    );
    assert!(text.len() >= 20_000, "{} bytes", text.len());
    let mut c = Client::start();
    c.initialize(json!({}));
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
    let mut c = Client::start();
    c.initialize(json!({}));
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), 1);
}

#[test]
fn closing_the_input_ends_the_server() {
    let mut c = Client::start();
    c.initialize(json!({}));
    c.stdin = None; // EOF
    let code = c.wait();
    assert!(code == 0 || code == 1 || code == 2, "exit code {code}");
}
