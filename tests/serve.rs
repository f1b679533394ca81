//! `zhenggai serve` as a client sees it: the binary started on a free port of 127.0.0.1,
//! spoken to over plain HTTP/1.1 from here. Its JSON is compared with `check --format json`
//! of the same bytes; status codes, the upload cap, Host/Origin refusal, the token, a .docx
//! and concurrent requests are covered. No address but 127.0.0.1 is used.

use crate::support::{BIN, Scratch, zip_parts};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const FAULTY: &str = include_str!("../examples/faulty.txt");

/// A running server, killed on drop; its standard error is collected.
struct Serve {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Serve {
    fn start(args: &[&str], cwd: &std::path::Path) -> Serve {
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(cwd)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn serve");
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            let mut sent = false;
            while err.read_line(&mut line).unwrap_or(0) > 0 {
                sink.lock().unwrap().push_str(&line);
                if !sent && line.contains("http://") {
                    let _ = tx.send(line.clone());
                    sent = true;
                }
                line.clear();
            }
        });
        let line = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(l) => l,
            Err(_) => {
                let _ = child.kill();
                panic!("serve did not print its address: {}", log.lock().unwrap());
            }
        };
        let port = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|a| a.rsplit(':').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        Serve { child, port, log }
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Sends one request (Connection: close) with `headers` (a Host is added unless given).
    fn send(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut head = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: {}\r\n", self.host()));
        }
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if !headers.iter().any(|(k, _)| {
            k.eq_ignore_ascii_case("content-length") || k.eq_ignore_ascii_case("transfer-encoding")
        }) {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes()).unwrap();
        // The server may answer (413) before reading all of a body: write it beside.
        let mut w = s.try_clone().unwrap();
        let body = body.to_vec();
        let writer = std::thread::spawn(move || {
            let _ = w.write_all(&body);
        });
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let _ = writer.join();
        Resp::parse(&raw)
    }

    fn check(&self, name: &str, body: &[u8]) -> Resp {
        self.send("POST", &format!("/api/check?name={}", enc(name)), &[], body)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[derive(Debug)]
struct Resp {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Resp {
    fn parse(raw: &[u8]) -> Resp {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(raw)));
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        let mut body = raw[split + 4..].to_vec();
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            body = unchunk(&body);
        }
        Resp {
            status,
            headers: head,
            body,
        }
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
}

fn unchunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(nl) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let n = usize::from_str_radix(std::str::from_utf8(&b[..nl]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[nl + 2..nl + 2 + n]);
        b = &b[nl + 4 + n..];
    }
}

/// The API's answer without the page's extras: what `check --format json` prints.
fn without_page(mut v: Value) -> Value {
    assert!(v["page"].is_object(), "no page object: {v}");
    v.as_object_mut().unwrap().remove("page");
    v
}

/// `check --format json` of `bytes` read as `name`.
fn cli_json(name: &str, bytes: &[u8], cwd: &std::path::Path) -> Value {
    zg!(
        "check",
        "--no-config",
        "--format",
        "json",
        "--stdin-filename",
        name
    )
    .stdin(bytes)
    .cwd(cwd)
    .run()
    .json()
}

/// `examples/faulty.txt` as a Word document, one paragraph per line (runs split in two).
fn docx(text: &str) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut body = String::new();
    for line in text.split('\n') {
        let mid = line
            .char_indices()
            .nth(line.chars().count() / 2)
            .map_or(line.len(), |(i, _)| i);
        body.push_str("<w:p>");
        for part in [&line[..mid], &line[mid..]] {
            body.push_str(&format!(
                r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
                esc(part)
            ));
        }
        body.push_str("</w:p>");
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    zip_parts(&[
        ("[Content_Types].xml", "<Types/>"),
        ("word/document.xml", document.as_str()),
    ])
}

/// Each page diagnostic's UTF-16 span selects the same text as the JSON's byte span.
fn assert_page_offsets(v: &Value) {
    let text = v["page"]["text"].as_str().unwrap();
    let units: Vec<u16> = text.encode_utf16().collect();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let page = v["page"]["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), page.len());
    for (d, p) in diags.iter().zip(page) {
        let (s, e) = (
            d["span"]["start"].as_u64().unwrap() as usize,
            d["span"]["end"].as_u64().unwrap() as usize,
        );
        let (us, ue) = (
            p["start"].as_u64().unwrap() as usize,
            p["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            String::from_utf16(&units[us..ue]).unwrap(),
            &text[s..e],
            "{}",
            d["rule"]
        );
        assert_eq!(
            d["labels"].as_array().unwrap().len(),
            p["labels"].as_array().unwrap().len()
        );
        let rule = d["rule"].as_str().unwrap();
        assert!(
            !v["page"]["rules"][rule]["summary"]
                .as_str()
                .unwrap_or("")
                .is_empty(),
            "no explanation for {rule}"
        );
    }
}

#[test]
fn json_equals_check_format_json() {
    let dir = Scratch::new("serve", "json");
    let s = Serve::start(&["--no-config"], dir.path());
    let r = s.check("faulty.txt", FAULTY.as_bytes());
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let v = r.json();
    assert_eq!(v["files"][0]["diagnostics"].as_array().unwrap().len(), 15);
    assert_page_offsets(&v);
    assert_eq!(v["page"]["text"], FAULTY);
    // The recognised facts, as `zhenggai inspect` prints them.
    let recognised = v["page"]["recognised"].as_str().unwrap();
    assert!(recognised.contains("巡视（巡察）主体："), "{recognised}");
    assert!(recognised.contains("起止日期："), "{recognised}");
    assert_eq!(
        without_page(v),
        cli_json("faulty.txt", FAULTY.as_bytes(), dir.path())
    );

    // Markdown is masked and its suppression comments honoured, as on the command line.
    let md = format!(
        "# 标题\n\n{}\n<!-- zhenggai-disable placeholder -->\n",
        FAULTY
    );
    let v = s.check("稿.md", md.as_bytes()).json();
    assert_eq!(v["files"][0]["format"], "markdown");
    assert_eq!(
        without_page(v),
        cli_json("稿.md", md.as_bytes(), dir.path())
    );

    // A GBK upload is decoded as the command line decodes it.
    let (gbk, _, _) = encoding_rs::GBK.encode(FAULTY);
    let v = s.check("旧稿.txt", &gbk).json();
    assert_eq!(v["files"][0]["encoding"], "GBK");
    assert_eq!(without_page(v), cli_json("旧稿.txt", &gbk, dir.path()));
}

/// The comments of an annotated .docx: `word/comments.xml`'s `<w:comment ` elements.
fn comments_in(docx: &[u8]) -> usize {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/comments.xml").expect("comments part"),
        &mut xml,
    )
    .unwrap();
    xml.matches("<w:comment ").count()
}

#[test]
fn annotate_answers_a_word_document_with_a_comment_per_diagnostic() {
    let dir = Scratch::new("serve", "annotate");
    let s = Serve::start(&["--no-config"], dir.path());
    let want = s.check("faulty.txt", FAULTY.as_bytes()).json()["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .len();
    for (name, body) in [
        ("faulty.txt", FAULTY.as_bytes().to_vec()),
        ("整改通报.docx", docx(FAULTY)),
    ] {
        let r = s.send(
            "POST",
            &format!("/api/annotate?name={}", enc(name)),
            &[],
            &body,
        );
        assert_eq!(
            r.status,
            200,
            "{name}: {}",
            String::from_utf8_lossy(&r.body)
        );
        assert!(
            r.header("content-type")
                .unwrap()
                .contains("wordprocessingml.document")
        );
        assert!(r.body.starts_with(b"PK\x03\x04"), "{name}: a .docx");
        assert_eq!(
            comments_in(&r.body),
            want,
            "{name}: one comment per diagnostic"
        );
    }
    // What is not a draft is refused, not annotated.
    let r = s.send(
        "POST",
        "/api/annotate?name=x.docx",
        &[],
        b"PK\x03\x04 broken",
    );
    assert_eq!(r.status, 422);
    // Only POST.
    assert_eq!(s.send("GET", "/api/annotate", &[], b"").status, 405);
}

#[test]
fn docx_upload() {
    let dir = Scratch::new("serve", "docx");
    let s = Serve::start(&["--no-config"], dir.path());
    let bytes = docx(FAULTY);
    let r = s.check("整改通报.docx", &bytes);
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["files"][0]["path"], "整改通报.docx");
    assert_eq!(v["files"][0]["format"], "docx");
    assert_eq!(v["files"][0]["diagnostics"].as_array().unwrap().len(), 15);
    assert!(
        v["page"]["text"] == FAULTY,
        "the extracted text, one paragraph per line"
    );
    assert_page_offsets(&v);
    assert_eq!(
        without_page(v),
        cli_json("整改通报.docx", &bytes, dir.path())
    );
}

#[test]
fn fix_gives_the_text_of_check_fix() {
    let dir = Scratch::new("serve", "fix");
    let s = Serve::start(&["--no-config"], dir.path());
    let v = s
        .send(
            "POST",
            "/api/check?name=a.txt&fix=1",
            &[],
            FAULTY.as_bytes(),
        )
        .json();
    let fixed = zg!("check", "--no-config", "--fix", "--stdin-filename", "a.txt")
        .stdin(FAULTY)
        .cwd(dir.path())
        .run()
        .stdout;
    assert_ne!(fixed, FAULTY);
    assert_eq!(v["page"]["text"], fixed.as_str());
    assert_eq!(v["page"]["fixed"], true);
    // What is left is what checking the fixed text reports.
    assert_eq!(
        without_page(v),
        cli_json("a.txt", fixed.as_bytes(), dir.path())
    );
    // The page's fix entries are the safe fixes: date-format's is there before fixing.
    let v = s.check("a.txt", FAULTY.as_bytes()).json();
    let fixes: Vec<&Value> = v["page"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| !d["fix"].is_null())
        .collect();
    assert_eq!(fixes.len(), 1);
    assert_eq!(fixes[0]["fix"]["replacement"], "2025年5月16日");
}

#[test]
fn status_codes_and_headers() {
    let dir = Scratch::new("serve", "status");
    let s = Serve::start(&["--no-config"], dir.path());
    let page = s.send("GET", "/", &[], b"");
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(
        page.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    let html = String::from_utf8(page.body).unwrap();
    assert!(html.contains("整改通报检查"));
    // No inline script: every <script> has a src.
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=").count()
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no outside asset"
    );
    let js = s.send("GET", "/app.js", &[], b"");
    assert_eq!(js.status, 200);
    assert!(
        js.header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(!String::from_utf8(js.body).unwrap().contains("innerHTML"));
    assert_eq!(s.send("GET", "/app.css", &[], b"").status, 200);
    assert_eq!(s.send("GET", "/nothing", &[], b"").status, 404);
    assert_eq!(s.send("GET", "/api/check", &[], b"").status, 405);
    assert_eq!(s.send("DELETE", "/", &[], b"").status, 405);
    // A PDF is refused as on the command line: 422 with the CLI's JSON and its error.
    let pdf = b"%PDF-1.7 not a text";
    let r = s.check("a.pdf", pdf);
    assert_eq!(r.status, 422);
    let v = r.json();
    assert!(v["files"][0]["error"].as_str().unwrap().contains("PDF"));
    assert_eq!(without_page(v), cli_json("a.pdf", pdf, dir.path()));
    // No name: checked as text.
    let v = s.send("POST", "/api/check", &[], FAULTY.as_bytes()).json();
    assert_eq!(v["files"][0]["format"], "text");
    // A name is a name, never a path.
    let v = s.check("../../x/稿.md", FAULTY.as_bytes()).json();
    assert_eq!(v["files"][0]["path"], "稿.md");
}

#[test]
fn uploads_over_the_cap_get_413() {
    let dir = Scratch::new("serve", "cap");
    let s = Serve::start(&["--no-config", "--max-upload", "1"], dir.path());
    let mib = 1024 * 1024;
    // Declared too large: refused before the body is read.
    let r = s.send(
        "POST",
        "/api/check?name=a.txt",
        &[("Content-Length", &(2 * mib).to_string())],
        b"",
    );
    assert_eq!(r.status, 413);
    // Chunked, no declared length: refused once the cap is passed.
    let big = "甲".repeat(mib / 3 + 100).into_bytes();
    let mut chunked = Vec::new();
    for c in big.chunks(64 * 1024) {
        chunked.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
        chunked.extend_from_slice(c);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let r = s.send(
        "POST",
        "/api/check?name=a.txt",
        &[("Transfer-Encoding", "chunked")],
        &chunked,
    );
    assert_eq!(r.status, 413);
    // At the cap: checked.
    let at = "甲".repeat(mib / 3).into_bytes();
    assert!(at.len() <= mib);
    assert_eq!(s.check("a.txt", &at).status, 200);
}

#[test]
fn foreign_host_or_origin_is_refused() {
    let dir = Scratch::new("serve", "host");
    let s = Serve::start(
        &["--no-config", "--allow-host", "zhenggai.office"],
        dir.path(),
    );
    let port = s.port;
    let post = |headers: &[(&str, &str)]| {
        s.send("POST", "/api/check?name=a.txt", headers, FAULTY.as_bytes())
            .status
    };
    // DNS rebinding: a name that resolves to 127.0.0.1 but is not ours.
    assert_eq!(post(&[("Host", &format!("evil.example:{port}"))]), 403);
    assert_eq!(
        s.send(
            "GET",
            "/",
            &[("Host", &format!("evil.example:{port}"))],
            b""
        )
        .status,
        403
    );
    assert_eq!(post(&[("Host", "127.0.0.1:1")]), 403);
    assert_eq!(post(&[("Host", "127.0.0.1")]), 403);
    assert_eq!(post(&[("Host", &format!("localhost:{port}"))]), 200);
    assert_eq!(post(&[("Host", &format!("[::1]:{port}"))]), 200);
    assert_eq!(post(&[("Host", &format!("zhenggai.office:{port}"))]), 200);
    // Another page's script: its Origin is not ours.
    let ours = format!("http://127.0.0.1:{port}");
    assert_eq!(post(&[("Origin", "http://evil.example")]), 403);
    assert_eq!(
        post(&[("Origin", &format!("http://evil.example:{port}"))]),
        403
    );
    assert_eq!(post(&[("Origin", "null")]), 403);
    assert_eq!(post(&[("Origin", &ours)]), 200);
    // HTTP/1.0 without a Host header.
    let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    c.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let _ = c.read_to_end(&mut raw);
    assert_eq!(Resp::parse(&raw).status, 403);
}

#[test]
fn token_is_required_when_given() {
    let dir = Scratch::new("serve", "token");
    let s = Serve::start(&["--no-config", "--token", "s3cret"], dir.path());
    let r = |target: &str, headers: &[(&str, &str)]| {
        s.send("POST", target, headers, FAULTY.as_bytes()).status
    };
    assert_eq!(r("/api/check?name=a.txt", &[]), 401);
    assert_eq!(
        r("/api/check?name=a.txt", &[("X-Zhenggai-Token", "wrong")]),
        401
    );
    assert_eq!(
        r("/api/check?name=a.txt", &[("X-Zhenggai-Token", "s3cret")]),
        200
    );
    assert_eq!(r("/api/check?name=a.txt&token=s3cret", &[]), 200);
    // The page itself holds no draft.
    assert_eq!(s.send("GET", "/", &[], b"").status, 200);
}

#[test]
fn concurrent_requests_get_their_own_answers() {
    let dir = Scratch::new("serve", "concurrent");
    let s = Arc::new(Serve::start(&["--no-config", "--threads", "4"], dir.path()));
    // Each client sends a draft whose tally differs: 38人 becomes 30+k人.
    let expected: Vec<(String, Value)> = (0..24)
        .map(|k| {
            let text = FAULTY.replacen("38人", &format!("{}人", 30 + k), 1);
            let v = cli_json("c.txt", text.as_bytes(), dir.path());
            (text, v)
        })
        .collect();
    let expected = Arc::new(expected);
    let handles: Vec<_> = (0..expected.len())
        .map(|k| {
            let (s, expected) = (s.clone(), expected.clone());
            std::thread::spawn(move || {
                for _ in 0..3 {
                    let r = s.check("c.txt", expected[k].0.as_bytes());
                    assert_eq!(r.status, 200);
                    assert_eq!(without_page(r.json()), expected[k].1, "client {k}");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("client");
    }
    // The drafts differ in what they report: answers were not mixed up by accident.
    let distinct: std::collections::BTreeSet<String> =
        expected.iter().map(|(_, v)| v.to_string()).collect();
    assert!(distinct.len() > 1);
}

#[test]
fn nothing_written_and_nothing_of_the_draft_logged() {
    let dir = Scratch::new("serve", "quiet");
    let work = dir.mkdir("work");
    let before: Vec<_> = std::fs::read_dir(&work).unwrap().collect();
    let s = Serve::start(&["--no-config"], &work);
    let text = FAULTY.replacen("临溪市", "机密县", 1);
    assert_eq!(s.check("绝密文件名.txt", text.as_bytes()).status, 200);
    assert_eq!(
        s.send(
            "POST",
            &format!("/api/check?name={}&fix=1", enc("绝密文件名.txt")),
            &[],
            text.as_bytes()
        )
        .status,
        200
    );
    // The log line holds counts and timings; wait for it (it is written before the reply).
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.log.lock().unwrap().matches("/api/check").count() < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let log = s.log.lock().unwrap().clone();
    assert!(log.contains("POST /api/check 200"), "{log}");
    assert!(log.contains("15 diagnostics"), "{log}");
    assert!(
        !log.contains("绝密") && !log.contains("机密") && !log.contains("%E7"),
        "{log}"
    );
    drop(s);
    assert_eq!(std::fs::read_dir(&work).unwrap().count(), before.len());
}

#[test]
fn every_interface_warns_and_bad_config_stops() {
    let dir = Scratch::new("serve", "warn");
    let s = Serve::start(&["--no-config", "--host", "0.0.0.0"], dir.path());
    let log = s.log.lock().unwrap().clone();
    assert!(log.contains("警告") && log.contains("--token"), "{log}");
    // Any IP literal with our port is a Host of a server bound to every interface.
    assert_eq!(s.send("GET", "/", &[], b"").status, 200);
    drop(s);
    let o = zg!("serve", "--port", "0", "--config", "missing.yaml")
        .cwd(dir.path())
        .run();
    assert_eq!(o.code, 2, "{}", o.stderr);
    dir.write("bad/zhenggai.yaml", "rules: [");
    let o = zg!("serve", "--port", "0").cwd(dir.join("bad")).run();
    assert_eq!(o.code, 2, "{}", o.stderr);
}
