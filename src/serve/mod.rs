//! `zhenggai serve`: a checking page for people who never open a terminal, and the HTTP API
//! it uses.
//!
//! One page (HTML, CSS and JavaScript of our own under `page/`, embedded in the binary) and
//! `POST /api/check?name=NAME` with the document's bytes as the body. The answer is the
//! document `check --format json` prints for that one file — built by the same library
//! calls ([`crate::check::check_file`], [`crate::check::fix_file`], [`json::file`]) — plus
//! a `page` object with what the page needs (the text, UTF-16 offsets, fixes, the rules'
//! explanations).
//!
//! Drafts are confidential before publication, so:
//! - nothing is written to disk; the log line of a request holds only its route, status,
//!   size, diagnostic count and time (never a name or any text);
//! - a body over the cap is refused with 413, before it is read when its length is declared;
//! - a request whose `Host` is not one of the server's names, or whose `Origin` is not the
//!   server's own, is refused with 403 (another web page, or a DNS rebinding, cannot reach
//!   the API through the user's browser);
//! - with `--token`, the API wants the token;
//! - every answer carries a Content-Security-Policy without inline script, and the page
//!   inserts document text only as text.

use crate::check::{FileReport, check_file, fix_file};
use crate::context::Resolver;
use crate::input::{self, Source};
use crate::render::{Summary, json};
use crate::rules::RuleSet;
use serde_json::{Value, json};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// The page, its script and its style sheet.
const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const APP_CSS: &str = include_str!("page/app.css");

/// The Content-Security-Policy of every answer: only this server's own script and style,
/// no inline script, no frames, no form posts elsewhere.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// The header that carries `--token`.
pub(crate) const TOKEN_HEADER: &str = "X-Zhenggai-Token";

/// The default cap on an upload, in bytes (16 MiB: a long announcement as .docx is well
/// under 1 MiB).
pub(crate) const DEFAULT_MAX_BYTES: usize = 16 * 1024 * 1024;

/// How a server is set up.
pub(crate) struct Options {
    /// The address to bind (`127.0.0.1` by default).
    pub host: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
    /// A token the API requires, if any.
    pub token: Option<String>,
    /// More names the server answers to in `Host` (besides its addresses and `localhost`).
    pub(crate) allow_hosts: Vec<String>,
    /// The largest body accepted, in bytes.
    pub(crate) max_bytes: usize,
    /// Worker threads checking requests.
    pub threads: usize,
    /// Print one line (counts and timings only) per request on standard error.
    pub log: bool,
    /// Configuration and rules, resolved for the name of each upload as if it were a file
    /// in `base`.
    pub(crate) resolver: Resolver,
    /// The directory uploads are taken to be in (for configuration lookup).
    pub base: PathBuf,
}

/// A bound server, not yet answering.
pub(crate) struct Server {
    listener: std::net::TcpListener,
    addr: SocketAddr,
    state: Arc<State>,
    threads: usize,
}

struct State {
    resolver: Resolver,
    base: PathBuf,
    token: Option<String>,
    allow_hosts: Vec<String>,
    max_bytes: usize,
    log: bool,
    addr: SocketAddr,
}

impl Server {
    /// Binds the address; the error says why it could not.
    pub(crate) fn bind(opts: Options) -> Result<Server, String> {
        let listener = std::net::TcpListener::bind(SocketAddr::new(opts.host, opts.port))
            .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.host, opts.port))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        Ok(Server {
            listener,
            addr,
            threads: opts.threads.max(1),
            state: Arc::new(State {
                resolver: opts.resolver,
                base: opts.base,
                token: opts.token.filter(|t| !t.is_empty()),
                allow_hosts: opts
                    .allow_hosts
                    .iter()
                    .map(|h| h.to_ascii_lowercase())
                    .collect(),
                max_bytes: opts.max_bytes,
                log: opts.log,
                addr,
            }),
        })
    }

    /// The address bound (with the real port when 0 was asked for).
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests until the process ends. Connections are served by a small async
    /// runtime; each check runs on a pool of at most `threads` blocking threads, so
    /// requests are checked concurrently and a slow client holds no checking thread.
    pub(crate) fn run(self) -> Result<(), String> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .max_blocking_threads(self.threads)
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let state = self.state;
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)
                .map_err(|e| format!("cannot listen: {e}"))?;
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    // Out of file descriptors and the like: wait, then go on accepting.
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                };
                let state = state.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let state = state.clone();
                        async move { Ok::<_, std::convert::Infallible>(handle(state, req).await) }
                    });
                    // Headers must arrive within 30 s (a connection that sends nothing is
                    // closed rather than kept forever).
                    let _ = hyper::server::conn::http1::Builder::new()
                        .timer(hyper_util::rt::TokioTimer::new())
                        .header_read_timeout(std::time::Duration::from_secs(30))
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        })
    }
}

/// An answer before it is sent.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    /// Diagnostics in it, for the log line.
    diagnostics: usize,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            content_type,
            body: body.into(),
            diagnostics: 0,
        }
    }

    /// A JSON error: `{"error": message}`.
    fn error(status: u16, message: &str) -> Self {
        Reply::new(
            status,
            "application/json; charset=utf-8",
            json!({ "error": message }).to_string(),
        )
    }
}

type Request = hyper::Request<hyper::body::Incoming>;
type Response = hyper::Response<http_body_util::Full<hyper::body::Bytes>>;

fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

async fn handle(state: Arc<State>, req: Request) -> Response {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let route = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let reply = route_request(&state, req, &method, &route, &query).await;
    if state.log {
        // Counts and timings only: never the name or any of the text.
        eprintln!(
            "{method} {} {} {} B {} diagnostics {:.1} ms",
            known_route(&route),
            reply.status,
            reply.body.len(),
            reply.diagnostics,
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    let mut resp = hyper::Response::builder()
        .status(reply.status)
        .header("Content-Type", reply.content_type)
        .header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Frame-Options", "DENY")
        .header("Referrer-Policy", "no-referrer")
        .header("Cross-Origin-Resource-Policy", "same-origin")
        .header("Cache-Control", "no-store");
    if reply.status == 413 {
        // The rest of the body is not read: the connection cannot be reused.
        resp = resp.header("Connection", "close");
    }
    resp.body(http_body_util::Full::new(reply.body.into()))
        .unwrap_or_else(|_| hyper::Response::new(http_body_util::Full::default()))
}

/// A route as logged: one of ours, or `other` (a path could carry a name).
fn known_route(route: &str) -> &'static str {
    match route {
        "/" => "/",
        "/app.js" => "/app.js",
        "/app.css" => "/app.css",
        "/api/check" => "/api/check",
        "/api/annotate" => "/api/annotate",
        _ => "other",
    }
}

async fn route_request(
    state: &Arc<State>,
    req: Request,
    method: &str,
    route: &str,
    query: &str,
) -> Reply {
    if !host_allowed(state, header(&req, "Host")) {
        return Reply::error(403, "Host 不是本服务的地址：请求被拒绝");
    }
    if let Some(origin) = header(&req, "Origin") {
        let host = header(&req, "Host").unwrap_or("");
        if !origin.eq_ignore_ascii_case(&format!("http://{host}")) {
            return Reply::error(403, "来自其他网页的请求被拒绝");
        }
    }
    match (method, route) {
        ("GET" | "HEAD", "/") => Reply::new(200, "text/html; charset=utf-8", INDEX_HTML),
        ("GET" | "HEAD", "/app.js") => Reply::new(200, "text/javascript; charset=utf-8", APP_JS),
        ("GET" | "HEAD", "/app.css") => Reply::new(200, "text/css; charset=utf-8", APP_CSS),
        ("POST", route @ ("/api/check" | "/api/annotate")) => {
            if let Some(token) = &state.token {
                let given = header(&req, TOKEN_HEADER)
                    .map(str::to_string)
                    .or_else(|| query_param(query, "token"));
                if !given.is_some_and(|g| same(g.as_bytes(), token.as_bytes())) {
                    return Reply::error(401, "需要正确的访问令牌（--token）");
                }
            }
            let name = query_param(query, "name")
                .map(|n| sanitize_name(&n))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "文稿.txt".to_string());
            let fix = query_param(query, "fix").is_some_and(|v| v == "1" || v == "true");
            let bytes = match read_body(req, state.max_bytes).await {
                Ok(b) => b,
                Err(reply) => return reply,
            };
            // Checking is CPU-bound: it runs on the blocking pool, not on the I/O threads.
            let state = state.clone();
            let annotate = route == "/api/annotate";
            tokio::task::spawn_blocking(move || {
                if annotate {
                    api_annotate(&state, &name, bytes)
                } else {
                    api_check(&state, &name, bytes, fix)
                }
            })
            .await
            .unwrap_or_else(|_| Reply::error(500, "检查失败"))
        }
        (_, "/" | "/app.js" | "/app.css" | "/api/check" | "/api/annotate") => {
            Reply::error(405, "不支持的请求方法")
        }
        _ => Reply::error(404, "没有这个页面"),
    }
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether a `Host` header names this server: its port, and a host that is `localhost`,
/// the bound address, a loopback address when bound to loopback, any IP literal when
/// bound to every interface, or a name given with `--allow-host`. A domain name that
/// resolves to us (DNS rebinding) is not among them.
fn host_allowed(state: &State, host: Option<&str>) -> bool {
    let Some(host) = host else { return false };
    let host = host.trim().to_ascii_lowercase();
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) if !n.ends_with(':') && (n.starts_with('[') == n.ends_with(']')) => {
            (n.to_string(), p.parse::<u16>().ok())
        }
        _ => (host.clone(), None),
    };
    if port != Some(state.addr.port()) {
        return false;
    }
    if name == "localhost" || state.allow_hosts.contains(&name) {
        return true;
    }
    let Ok(ip) = name
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    else {
        return false;
    };
    let bound = state.addr.ip();
    ip == bound || bound.is_unspecified() || (bound.is_loopback() && ip.is_loopback())
}

/// Reads the body under the cap: 413 when the declared or the actual length is over it.
async fn read_body(req: Request, max: usize) -> Result<Vec<u8>, Reply> {
    use http_body_util::BodyExt;
    let too_large = || Reply::error(413, &format!("文件超过上限（{max} 字节）：请求被拒绝"));
    let declared = header(&req, "Content-Length").and_then(|n| n.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    match http_body_util::Limited::new(req.into_body(), max)
        .collect()
        .await
    {
        Ok(b) => Ok(b.to_bytes().to_vec()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Err(_) => Err(Reply::error(400, "读取上传内容失败")),
    }
}

/// A query parameter, percent-decoded (`+` is a space).
fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then(|| percent_decode(v))
    })
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => match s
                .get(i + 1..i + 3)
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(v) => {
                    out.push(v);
                    i += 3;
                    continue;
                }
                None => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The last component of an uploaded name, without control characters, at most 200
/// characters: a name selects the format and the configuration, never a place on disk.
fn sanitize_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean == "." || clean == ".." {
        String::new()
    } else {
        clean
    }
}

/// An upload, named as its `name` query says (the extension selects .docx/.md/.txt).
fn upload_source(name: &str) -> Source {
    Source::Stdin {
        name: name.to_string(),
    }
}

/// The configuration and feedback that apply to an upload named as `path` (a broken one is
/// the request's 500, in Chinese).
fn file_context(
    state: &State,
    path: &std::path::Path,
) -> Result<
    (
        Arc<crate::context::Context>,
        Option<Arc<crate::feedback::Feedback>>,
    ),
    Reply,
> {
    let ctx = state.resolver.for_path(path).map_err(|errs| {
        let msg: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        Reply::error(500, &format!("配置有误：{}", msg.join("；")))
    })?;
    let feedback = state
        .resolver
        .feedback_for(path, &ctx)
        .map_err(|e| Reply::error(500, &format!("整改反馈意见文件有误：{e}")))?;
    Ok((ctx, feedback))
}

/// Checks (or fixes, then checks) an upload as `check --format json` (or `check --fix`)
/// would check a file of that name.
fn api_check(state: &State, name: &str, bytes: Vec<u8>, fix: bool) -> Reply {
    let started = Instant::now();
    let path = state.base.join(name);
    let (ctx, feedback) = match file_context(state, &path) {
        Ok(c) => c,
        Err(reply) => return reply,
    };
    let source = upload_source(name);
    let mut fixed = false;
    let report = match input::load_bytes(&source, bytes, None) {
        Err(e) => FileReport::unreadable(name, source.format(), e),
        Ok(decoded) if fix && decoded.format != input::InputFormat::Docx => {
            let markdown = decoded.format == input::InputFormat::Markdown;
            let f = fix_file(name, decoded.text, markdown, &path, &ctx, feedback);
            fixed = f.text.is_some();
            f.report
        }
        Ok(decoded) => check_file(name, decoded, &path, &ctx, feedback),
    };
    let status = if report.error.is_some() { 422 } else { 200 };
    let mut v = document(&report);
    v["page"] = page(&report, &ctx.rules, fixed, started);
    let mut r = Reply::new(status, "application/json; charset=utf-8", v.to_string());
    r.diagnostics = report.diagnostics.len();
    r
}

/// `POST /api/annotate?name=NAME`: the draft back as a `.docx` with a Word comment at each
/// diagnostic, as `zhenggai annotate NAME` writes it (a text or Markdown draft becomes a new
/// `.docx`). Nothing is written to disk: the document is the answer's body.
fn api_annotate(state: &State, name: &str, bytes: Vec<u8>) -> Reply {
    let path = state.base.join(name);
    let (ctx, feedback) = match file_context(state, &path) {
        Ok(c) => c,
        Err(reply) => return reply,
    };
    let source = upload_source(name);
    let draft = crate::annotate::Draft {
        source: &source,
        bytes,
        encoding: None,
    };
    let checking = crate::annotate::Checking {
        ctx: &ctx,
        path: &path,
        feedback,
        min: crate::diagnostic::Severity::Info,
    };
    let options = crate::annotate::Options {
        author: "zhenggai".to_string(),
        fix_as_revisions: false,
        date: crate::annotate::timestamp(),
    };
    match crate::annotate::annotate_draft(draft, &checking, &options) {
        Ok((done, report)) => {
            let mut r = Reply::new(
                200,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                done.bytes,
            );
            r.diagnostics = report.diagnostics.len();
            r
        }
        Err(e) => Reply::error(422, &format!("无法生成带批注的文档：{e}")),
    }
}

/// The document `check --format json` prints for this one report.
pub(crate) fn document(report: &FileReport) -> Value {
    json!({
        "version": json::VERSION,
        "files": [json::file(report)],
        "summary": Summary::of(std::slice::from_ref(report)),
    })
}

/// What the page needs beyond the CLI's JSON: the text it shows, and for each diagnostic
/// (in the same order) its span, its labels' spans and its fix in UTF-16 code units (a
/// JavaScript string's offsets), and the rules' summaries and rationales.
pub(crate) fn page(report: &FileReport, rules: &RuleSet, fixed: bool, started: Instant) -> Value {
    let text = &report.text;
    let mut offsets: Vec<usize> = Vec::new();
    for d in &report.diagnostics {
        offsets.extend([d.span.start, d.span.end]);
        for l in &d.labels {
            offsets.extend([l.span.start, l.span.end]);
        }
        if let Some(f) = &d.fix {
            offsets.extend([f.span.start, f.span.end]);
        }
    }
    let units = utf16_offsets(text, offsets);
    let u = |b: usize| units.get(&b).copied().unwrap_or(0);
    let mut ids: Vec<&str> = Vec::new();
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            if !ids.contains(&d.rule.as_str()) {
                ids.push(&d.rule);
            }
            json!({
                "start": u(d.span.start),
                "end": u(d.span.end),
                "labels": d.labels.iter().map(|l| json!([u(l.span.start), u(l.span.end)])).collect::<Vec<_>>(),
                "fix": d.fix.as_ref().map(|f| json!({
                    "start": u(f.span.start), "end": u(f.span.end), "replacement": f.replacement,
                })),
            })
        })
        .collect();
    let explain: serde_json::Map<String, Value> = ids
        .iter()
        .filter_map(|id| rules.get(id))
        .map(|r| {
            (
                r.meta.id.clone(),
                json!({ "summary": r.meta.summary, "rationale": r.meta.rationale.trim_end() }),
            )
        })
        .collect();
    // What the parser recognised, as `zhenggai inspect` prints it (a second parse of the
    // text: about 0.1 ms for 20 KB, against a whole request's milliseconds).
    let recognised = (report.error.is_none()).then(|| {
        let doc = if report.format == crate::input::InputFormat::Markdown {
            crate::parse::parse(crate::input::markdown::mask(text))
        } else {
            crate::parse::parse(text.clone())
        };
        crate::inspect::human(&doc, &report.path)
    });
    json!({
        "name": report.path,
        "text": text,
        "fixed": fixed,
        "recognised": recognised,
        "diagnostics": diagnostics,
        "rules": explain,
        "elapsed_ms": (started.elapsed().as_secs_f64() * 1000.0 * 10.0).round() / 10.0,
    })
}

/// UTF-16 offsets of byte offsets (each moved back to a character boundary), in one pass.
fn utf16_offsets(text: &str, mut offsets: Vec<usize>) -> std::collections::HashMap<usize, usize> {
    offsets.sort_unstable();
    offsets.dedup();
    let mut map = std::collections::HashMap::with_capacity(offsets.len());
    let (mut at, mut units) = (0usize, 0usize);
    for off in offsets {
        let mut b = off.min(text.len());
        while !text.is_char_boundary(b) {
            b -= 1;
        }
        if b >= at {
            units += text[at..b].encode_utf16().count();
            at = b;
        }
        map.insert(off, units);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_select_nothing_on_disk() {
        assert_eq!(sanitize_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_name("a\\b\\通报.docx"), "通报.docx");
        assert_eq!(sanitize_name(".."), "");
        assert_eq!(sanitize_name("a\u{0}b.txt"), "ab.txt");
    }

    #[test]
    fn query_is_percent_decoded() {
        let q = "fix=1&name=%E9%80%9A%E6%8A%A5+1.docx&x";
        assert_eq!(query_param(q, "name").as_deref(), Some("通报 1.docx"));
        assert_eq!(query_param(q, "fix").as_deref(), Some("1"));
        assert_eq!(query_param(q, "x").as_deref(), Some(""));
        assert_eq!(query_param(q, "y"), None);
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn utf16_offsets_count_units() {
        let t = "a通𝄞b";
        let m = utf16_offsets(t, vec![0, 1, 4, 8, 9, 2]);
        assert_eq!(m[&0], 0);
        assert_eq!(m[&1], 1);
        assert_eq!(m[&4], 2);
        assert_eq!(m[&8], 4);
        assert_eq!(m[&9], 5);
        assert_eq!(m[&2], 1); // inside 通: its start
    }
}
