//! Latency of `zhenggai server` as an editor sees it: `lsp_latency BIN` starts the server
//! for each document size and position encoding, and times (wall clock, client side) from
//! sending a message to receiving the diagnostics published for it:
//!
//! - open: `didOpen` of the document;
//! - edit: one `didChange` (full text, alternately with and without a placeholder), the
//!   median of 9;
//! - burst: 200 `didChange`s written at once, until the diagnostics of the last version,
//!   and how many versions were checked on the way (the server checks only the latest).
//!
//! Documents: 11 KB, 200 KB and 5 MB grown from the examples by `gen_bench_docs.rs`, and 5 MB
//! on one line (positions far along a line). Each figure is the median of `ZG_LSP_RUNS`
//! sessions (default 3). `scripts/lsp_latency.sh` compiles this with plain `rustc -O` (no
//! dependencies) and runs it against the release binary.

#[path = "gen_bench_docs.rs"]
mod gen_bench_docs;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// A JSON string literal.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn frame(body: &str) -> Vec<u8> {
    let mut v = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    v.extend_from_slice(body.as_bytes());
    v
}

/// Published versions, with when they arrived.
fn reader(out: impl Read + Send + 'static) -> Receiver<(i64, Instant)> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(out);
        loop {
            let mut len = 0;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length:") {
                    len = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; len];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            let now = Instant::now();
            let body = String::from_utf8_lossy(&body);
            if !body.contains("\"textDocument/publishDiagnostics\"") {
                continue;
            }
            // The last "version" key is the publication's (keys are sorted: after "uri").
            let Some(at) = body.rfind("\"version\":") else {
                continue;
            };
            let digits: String = body[at + 10..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if let Ok(v) = digits.parse() {
                if tx.send((v, now)).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

struct Figures {
    open: Duration,
    edit: Duration,
    burst: Duration,
    checked: usize,
}

fn wait_for(rx: &Receiver<(i64, Instant)>, version: i64, seen: &mut usize) -> Instant {
    loop {
        let (v, at) = rx
            .recv_timeout(Duration::from_secs(600))
            .expect("diagnostics in time");
        *seen += 1;
        if v == version {
            return at;
        }
    }
}

fn measure(bin: &str, text: &str, utf8: bool) -> Figures {
    let mut child = Command::new(bin)
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start zhenggai server");
    let rx = reader(child.stdout.take().unwrap());
    let mut stdin = child.stdin.take().unwrap();
    let encodings = if utf8 { "[\"utf-8\"]" } else { "[\"utf-16\"]" };
    let init = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"processId":null,"rootUri":null,"capabilities":{{"general":{{"positionEncodings":{encodings}}}}}}}}}"#
    );
    stdin.write_all(&frame(&init)).unwrap();
    stdin
        .write_all(&frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#))
        .unwrap();
    let uri = "file:///tmp/zhenggai-latency/doc.txt";
    // The edited text: a placeholder in the middle (a diagnostic comes and goes).
    let mut mid = text.len() / 2;
    while !text.is_char_boundary(mid) {
        mid += 1;
    }
    let edited = format!("{}XX{}", &text[..mid], &text[mid..]);
    let (plain, changed) = (quote(text), quote(&edited));
    let change = |version: i64| {
        let t = if version % 2 == 0 { &changed } else { &plain };
        frame(&format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{uri}","version":{version}}},"contentChanges":[{{"text":{t}}}]}}}}"#
        ))
    };
    let mut seen = 0;
    let open = frame(&format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri}","languageId":"plaintext","version":1,"text":{plain}}}}}}}"#
    ));
    let t0 = Instant::now();
    stdin.write_all(&open).unwrap();
    let open = wait_for(&rx, 1, &mut seen) - t0;
    let mut edits = Vec::new();
    let mut version = 1;
    for _ in 0..9 {
        version += 1;
        let msg = change(version);
        let t0 = Instant::now();
        stdin.write_all(&msg).unwrap();
        edits.push(wait_for(&rx, version, &mut seen) - t0);
    }
    edits.sort();
    // The burst: written from another thread while this one collects the publications.
    let burst: Vec<Vec<u8>> = (version + 1..=version + 200).map(change).collect();
    let last = version + 200;
    let t0 = Instant::now();
    let writer = std::thread::spawn(move || {
        for m in burst {
            stdin.write_all(&m).unwrap();
        }
        stdin
    });
    seen = 0;
    let done = wait_for(&rx, last, &mut seen) - t0;
    let mut stdin = writer.join().unwrap();
    stdin
        .write_all(&frame(
            r#"{"jsonrpc":"2.0","id":2,"method":"shutdown","params":null}"#,
        ))
        .unwrap();
    stdin
        .write_all(&frame(r#"{"jsonrpc":"2.0","method":"exit","params":null}"#))
        .unwrap();
    drop(stdin);
    let _ = child.wait();
    Figures {
        open,
        edit: edits[edits.len() / 2],
        burst: done,
        checked: seen,
    }
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

fn main() {
    let bin = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/release/zhenggai".into());
    let doc = |bytes| gen_bench_docs::document(gen_bench_docs::Template::Announcement, bytes, 1);
    let big = doc(5_000_000);
    // One line: the document's paragraphs joined.
    let one_line = big.replace('\n', "");
    let docs = [
        ("11 KB", doc(11_000)),
        ("200 KB", doc(200_000)),
        ("5 MB", big),
        ("5 MB, one line", one_line),
    ];
    println!("| document | positions | open | one edit | 200-edit burst | versions checked |");
    println!("|---|---|---|---|---|---|");
    // Each figure is the median of RUNS sessions (the machine may be shared).
    let runs: usize = std::env::var("ZG_LSP_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
        .max(1);
    for (name, text) in &docs {
        for utf8 in [false, true] {
            let all: Vec<Figures> = (0..runs).map(|_| measure(&bin, text, utf8)).collect();
            let median = |key: fn(&Figures) -> Duration| {
                let mut v: Vec<Duration> = all.iter().map(key).collect();
                v.sort();
                v[v.len() / 2]
            };
            let mut checked: Vec<usize> = all.iter().map(|f| f.checked).collect();
            checked.sort();
            let f = Figures {
                open: median(|f| f.open),
                edit: median(|f| f.edit),
                burst: median(|f| f.burst),
                checked: checked[checked.len() / 2],
            };
            println!(
                "| {name} ({} bytes) | {} | {} | {} | {} | {} of 200 |",
                text.len(),
                if utf8 { "UTF-8" } else { "UTF-16" },
                ms(f.open),
                ms(f.edit),
                ms(f.burst),
                f.checked
            );
        }
    }
}
