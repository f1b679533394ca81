//! The language server: `zhenggai server` speaks LSP over stdio.
//!
//! Diagnostics are published on open, change and save, with the document version they were
//! computed for, in UTF-16 code units (or UTF-8 bytes when the client offers `utf-8` in
//! `general.positionEncodings`). A document is checked through [`crate::check::check_file`],
//! the command line's entry point, with the configuration discovered from its path. Hover
//! shows the rule's summary, rationale and examples; code actions offer each safe fix, all
//! of them at once (`source.fixAll.zhenggai`) and, in Markdown, a suppression comment.
//!
//! Robustness, as in ruff's server: queued messages are read in a batch and each document is
//! checked once for its latest text; a malformed message is answered with an error or
//! logged, never fatal; a broken configuration is reported once per change and the last
//! good one (or the defaults) keeps checking; configuration, rule and feedback files are
//! watched through the client (`client/registerCapability`).

mod actions;
mod position;
mod transport;

use crate::check::{check_file, utf8};
use crate::context::{ConfigSource, Context, Resolver};
use crate::diagnostic::{Diagnostic, Severity};
use crate::feedback::Feedback;
use position::{Index, Units};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, sync_channel};
use std::time::SystemTime;
use transport::Incoming;

/// JSON-RPC and LSP error codes.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;
const SERVER_NOT_INITIALIZED: i64 = -32002;
const CONTENT_MODIFIED: i64 = -32801;

/// Messages read ahead of the one being handled, at most (one check of a 5 MB document
/// takes as long as reading about ten of its full-text changes).
const QUEUE: usize = 32;

/// `window/showMessage` and `window/logMessage` types.
const ERROR: i64 = 1;
const WARNING: i64 = 2;

/// Serves on standard input and output until the client says `exit` (or closes the input);
/// returns the exit code the protocol asks for: 0 after `shutdown`, 1 without it.
pub(crate) fn run_stdio() -> u8 {
    // The reader runs ahead of the checks, so edits that arrive while a document is being
    // checked are waiting in the channel for the next batch. Bounded: a client that writes
    // faster than we check waits, instead of 200 parsed copies of a 5 MB text piling up.
    let (tx, rx) = sync_channel(QUEUE);
    std::thread::spawn(move || {
        let mut input = std::io::stdin().lock();
        while let Some(m) = transport::read(&mut input) {
            if tx.send(m).is_err() {
                break;
            }
        }
    });
    serve(rx, Box::new(std::io::stdout()))
}

/// An open document.
struct Doc {
    text: String,
    /// The version the client gave with the text.
    version: Option<i64>,
    markdown: bool,
    /// The path its configuration is discovered from.
    path: PathBuf,
    /// What the current text was checked with; `None` when it changed since.
    checked: Option<Checked>,
}

/// A check of a document's current text, kept for hover and code actions.
struct Checked {
    diagnostics: Vec<Diagnostic>,
    ctx: Arc<Context>,
    feedback: Option<Arc<Feedback>>,
}

/// Where the protocol is.
#[derive(PartialEq, Eq, Clone, Copy)]
enum State {
    Uninitialized,
    Running,
    ShutDown,
}

/// What the client said it supports.
#[derive(Default)]
struct ClientCaps {
    /// `workspace.workspaceEdit.documentChanges`: edits carry the document version.
    document_changes: bool,
    /// `workspace.didChangeWatchedFiles.dynamicRegistration`.
    watch: bool,
    /// `textDocument.codeAction.resolveSupport` covers `edit`.
    resolve: bool,
}

struct Server {
    out: Box<dyn Write>,
    state: State,
    units: Units,
    caps: ClientCaps,
    resolver: Resolver,
    /// The last configuration that loaded, per configuration file: used while it is broken.
    last_good: HashMap<Option<PathBuf>, Arc<Context>>,
    /// Configurations that failed to load, with the file's modification time then: not
    /// loaded again on every keystroke until the file changes.
    failed: HashMap<Option<PathBuf>, Option<SystemTime>>,
    /// Problems shown since the last change of a watched file (each is shown once).
    reported: HashSet<String>,
    /// Modification times of the feedback files read (a change reloads them).
    feedback_stamps: HashMap<PathBuf, Option<SystemTime>>,
    docs: HashMap<String, Doc>,
    /// Globs registered with the client, and the id of that registration.
    watched: BTreeSet<String>,
    registration: Option<String>,
    next_id: i64,
}

/// Runs the protocol on a stream of incoming messages, writing to `out`; returns the exit
/// code.
fn serve(rx: Receiver<Incoming>, out: Box<dyn Write>) -> u8 {
    let mut server = Server {
        out,
        state: State::Uninitialized,
        units: Units::Utf16,
        caps: ClientCaps::default(),
        resolver: new_resolver(),
        last_good: HashMap::new(),
        failed: HashMap::new(),
        reported: HashSet::new(),
        feedback_stamps: HashMap::new(),
        docs: HashMap::new(),
        watched: BTreeSet::new(),
        registration: None,
        next_id: 1,
    };
    // One batch is what has queued up: a burst of edits is applied in order and each
    // document is then checked once, for its latest text.
    while let Ok(first) = rx.recv() {
        let batch = std::iter::once(first)
            .chain(rx.try_iter())
            .collect::<Vec<_>>();
        for m in batch {
            if let Some(code) = server.incoming(m) {
                return code;
            }
        }
        server.check_pending();
    }
    // The client closed our input without `exit`.
    u8::from(server.state != State::ShutDown)
}

fn new_resolver() -> Resolver {
    Resolver::new(ConfigSource::Discover, Vec::new(), Vec::new(), Vec::new()).watching()
}

/// The files a document's check depends on, as watcher globs: its rule directories, its
/// configuration files and its feedback file.
fn watch_globs(ctx: &Context, path: &Path) -> Vec<String> {
    let mut watch: Vec<String> = ctx
        .config
        .rule_dirs
        .iter()
        .map(|d| format!("{}/**", d.value.display()))
        .chain(ctx.config.chain.iter().map(|p| p.display().to_string()))
        .collect();
    watch.extend(
        ctx.config
            .feedback_for(path)
            .map(|p| p.display().to_string()),
    );
    watch
}

/// `file:///a/b%20c.md` → `/a/b c.md`. Lenient: editors send raw spaces and Chinese, and a
/// bad escape is kept as written.
fn uri_path(uri: &str) -> PathBuf {
    let raw = uri.strip_prefix("file://").unwrap_or(uri);
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(b) = raw
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    PathBuf::from(String::from_utf8_lossy(&out).into_owned())
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `params[ptr]` as a string.
fn str_at<'a>(v: &'a Value, ptr: &str) -> Option<&'a str> {
    v.pointer(ptr).and_then(Value::as_str)
}

/// A request's answer: a result, or an error code and message.
type Answer = Result<Value, (i64, String)>;

fn invalid(what: &str) -> (i64, String) {
    (INVALID_PARAMS, format!("invalid params: {what}"))
}

impl Server {
    fn send(&mut self, msg: Value) {
        // A closed output is noticed as the end of the input soon after.
        let _ = transport::write(&mut self.out, &msg);
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn respond(&mut self, id: Value, answer: Answer) {
        self.send(match answer {
            Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
            Err((code, message)) => {
                json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
            }
        });
    }

    /// A line in the client's log (its "output" panel): for messages that are ignored.
    fn log(&mut self, message: String) {
        self.notify(
            "window/logMessage",
            json!({"type": WARNING, "message": format!("zhenggai: {message}")}),
        );
    }

    /// Shows a problem once until a watched file changes (not on every keystroke).
    fn problem(&mut self, message: String) {
        self.show_once(ERROR, message);
    }

    fn show_once(&mut self, typ: i64, message: String) {
        if self.reported.insert(message.clone()) {
            self.notify(
                "window/showMessage",
                json!({"type": typ, "message": format!("zhenggai: {message}")}),
            );
        }
    }

    /// Handles one incoming frame; `Some(code)` ends the server.
    fn incoming(&mut self, m: Incoming) -> Option<u8> {
        let msg = match m {
            Incoming::Message(v) => v,
            Incoming::Malformed(why) => {
                self.log(format!("ignored a frame: {why}"));
                return None;
            }
            Incoming::NotJson(why) => {
                self.respond(Value::Null, Err((PARSE_ERROR, format!("not JSON: {why}"))));
                return None;
            }
        };
        let id = msg.get("id").cloned();
        let method = msg.get("method").and_then(Value::as_str).map(str::to_owned);
        let params = msg.get("params").cloned().unwrap_or(Value::Null);
        match (id, method) {
            (Some(id), Some(method)) => self.request(id, &method, params),
            (None, Some(method)) => return self.notification(&method, params),
            // A response to one of our requests (registerCapability): nothing to do.
            (Some(_), None) if msg.get("result").is_some() || msg.get("error").is_some() => {}
            (Some(id), None) => self.respond(id, Err((INVALID_REQUEST, "no method".into()))),
            (None, None) => self.log(format!("ignored a message that is not JSON-RPC: {msg}")),
        }
        None
    }

    fn request(&mut self, id: Value, method: &str, params: Value) {
        // What the notifications before it changed is published before it is answered.
        if self.state == State::Running {
            self.check_pending();
        }
        let answer = match (self.state, method) {
            (State::Uninitialized, "initialize") => self.initialize(&params),
            (State::Uninitialized, _) => Err((SERVER_NOT_INITIALIZED, "not initialized".into())),
            (State::ShutDown, _) => Err((INVALID_REQUEST, format!("{method} after shutdown"))),
            (State::Running, "initialize") => Err((INVALID_REQUEST, "already initialized".into())),
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                Ok(Value::Null)
            }
            (State::Running, "textDocument/hover") => self.hover(&params),
            (State::Running, "textDocument/codeAction") => self.code_actions(&params),
            (State::Running, "codeAction/resolve") => self.resolve(params),
            _ => Err((METHOD_NOT_FOUND, format!("unsupported: {method}"))),
        };
        self.respond(id, answer);
    }

    fn initialize(&mut self, params: &Value) -> Answer {
        let caps = params.get("capabilities").unwrap_or(&Value::Null);
        let utf8 = caps
            .pointer("/general/positionEncodings")
            .and_then(Value::as_array)
            .is_some_and(|v| v.iter().any(|e| e == "utf-8"));
        self.units = if utf8 { Units::Utf8 } else { Units::Utf16 };
        self.caps = ClientCaps {
            document_changes: caps.pointer("/workspace/workspaceEdit/documentChanges")
                == Some(&Value::Bool(true)),
            watch: caps.pointer("/workspace/didChangeWatchedFiles/dynamicRegistration")
                == Some(&Value::Bool(true)),
            resolve: caps
                .pointer("/textDocument/codeAction/resolveSupport/properties")
                .and_then(Value::as_array)
                .is_some_and(|v| v.iter().any(|p| p == "edit")),
        };
        self.state = State::Running;
        Ok(json!({
            "capabilities": {
                "positionEncoding": if utf8 { "utf-8" } else { "utf-16" },
                "textDocumentSync": {"openClose": true, "change": 1, "save": true},
                "hoverProvider": true,
                "codeActionProvider": {
                    "codeActionKinds": ["quickfix", actions::FIX_ALL],
                    "resolveProvider": true,
                },
            },
            "serverInfo": {"name": "zhenggai", "version": env!("CARGO_PKG_VERSION")},
        }))
    }

    fn notification(&mut self, method: &str, params: Value) -> Option<u8> {
        if method == "exit" {
            return Some(u8::from(self.state != State::ShutDown));
        }
        if self.state != State::Running {
            return None; // before initialize or after shutdown: dropped
        }
        let handled = match method {
            "initialized" => {
                self.register_watchers(BTreeSet::new());
                Ok(())
            }
            "textDocument/didOpen" => self.did_open(&params),
            "textDocument/didChange" => self.did_change(params),
            "textDocument/didSave" => self.did_save(&params),
            "textDocument/didClose" => self.did_close(&params),
            "workspace/didChangeWatchedFiles" | "workspace/didChangeConfiguration" => {
                self.reload();
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(why) = handled {
            self.log(format!("ignored {method}: {why}"));
        }
        None
    }

    fn did_open(&mut self, p: &Value) -> Result<(), String> {
        let uri = str_at(p, "/textDocument/uri").ok_or("no textDocument.uri")?;
        let text = str_at(p, "/textDocument/text").ok_or("no textDocument.text")?;
        let path = uri_path(uri);
        let markdown = str_at(p, "/textDocument/languageId") == Some("markdown")
            || matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("md" | "markdown")
            );
        let doc = Doc {
            text: text.to_string(),
            version: p.pointer("/textDocument/version").and_then(Value::as_i64),
            markdown,
            path,
            checked: None,
        };
        self.docs.insert(uri.to_string(), doc);
        Ok(())
    }

    fn did_change(&mut self, mut p: Value) -> Result<(), String> {
        let uri = str_at(&p, "/textDocument/uri")
            .ok_or("no textDocument.uri")?
            .to_string();
        let version = p.pointer("/textDocument/version").and_then(Value::as_i64);
        // Taken, not copied: a burst of full-text changes of a 5 MB document is 1 GB.
        let Some(Value::Array(changes)) = p.get_mut("contentChanges").map(Value::take) else {
            return Err("no contentChanges".into());
        };
        let units = self.units;
        let doc = self.docs.get_mut(&uri).ok_or("document not open")?;
        for mut c in changes {
            let Some(Value::String(text)) = c.get_mut("text").map(Value::take) else {
                return Err("change without text".into());
            };
            match c.get("range") {
                // Full sync (what we ask for): the whole text.
                None => doc.text = text,
                // Incremental, should a client send it anyway.
                Some(r) => {
                    let (from, to) = {
                        let index = Index::new(&doc.text);
                        let at = |k: &str| -> Option<usize> {
                            let line = r.pointer(&format!("/{k}/line"))?.as_u64()? as usize;
                            let ch = r.pointer(&format!("/{k}/character"))?.as_u64()? as usize;
                            Some(index.offset(line, ch, units))
                        };
                        (
                            at("start").ok_or("bad range")?,
                            at("end").ok_or("bad range")?,
                        )
                    };
                    doc.text.replace_range(from..to.max(from), &text);
                }
            }
            // Whatever was applied must be checked, even if a later change is bad.
            doc.checked = None;
        }
        doc.version = version;
        doc.checked = None;
        Ok(())
    }

    fn did_save(&mut self, p: &Value) -> Result<(), String> {
        let uri = str_at(p, "/textDocument/uri").ok_or("no textDocument.uri")?;
        let doc = self.docs.get_mut(uri).ok_or("document not open")?;
        if let Some(text) = p.get("text").and_then(Value::as_str) {
            doc.text = text.to_string();
        }
        doc.checked = None;
        Ok(())
    }

    fn did_close(&mut self, p: &Value) -> Result<(), String> {
        let uri = str_at(p, "/textDocument/uri").ok_or("no textDocument.uri")?;
        if self.docs.remove(uri).is_some() {
            self.notify(
                "textDocument/publishDiagnostics",
                json!({"uri": uri, "diagnostics": []}),
            );
        }
        Ok(())
    }

    /// A watched file changed: configurations, rules and feedback are read afresh, problems
    /// may be shown again, and every open document is checked again.
    fn reload(&mut self) {
        self.resolver = new_resolver();
        self.reported.clear();
        self.failed.clear();
        self.feedback_stamps.clear();
        for doc in self.docs.values_mut() {
            doc.checked = None;
        }
    }

    /// Checks every document whose text changed since its last check, and publishes.
    fn check_pending(&mut self) {
        let mut pending: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| d.checked.is_none())
            .map(|(k, _)| k.clone())
            .collect();
        pending.sort();
        let mut watch = BTreeSet::new();
        for uri in pending {
            watch.extend(self.check(&uri));
        }
        if self.caps.watch {
            // Rule directories and feedback files of the documents checked so far.
            let mut all = self.watched.clone();
            all.extend(watch);
            self.register_watchers(all);
        }
    }

    /// The context for a document at `path`: its configuration, or while that is broken
    /// (reported once) the last good one, or the defaults.
    fn context(&mut self, path: &Path) -> Option<Arc<Context>> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let key = self.resolver.config_path(dir);
        let stamp = key.as_deref().and_then(modified);
        let loaded = match self.failed.get(&key) {
            Some(s) if *s == stamp => Err(Vec::new()), // still the broken one: reported
            _ => self.resolver.for_path(path),
        };
        match loaded {
            Ok(ctx) => {
                self.failed.remove(&key);
                self.last_good.insert(key, ctx.clone());
                Some(ctx)
            }
            Err(errors) => {
                self.failed.insert(key.clone(), stamp);
                let message = errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n");
                let fallback = self.last_good.get(&key).cloned();
                let using = if fallback.is_some() {
                    "仍按上一次有效的配置检查"
                } else {
                    "暂按默认配置检查"
                };
                if !errors.is_empty() {
                    self.problem(format!("{message}\n（配置有误，{using}）"));
                }
                fallback.or_else(|| {
                    Resolver::new(ConfigSource::None, Vec::new(), Vec::new(), Vec::new())
                        .for_path(path)
                        .ok()
                })
            }
        }
    }

    /// The feedback a document answers; a file that cannot be read is reported as the
    /// command line reports it, and the document is checked without it.
    fn feedback(&mut self, path: &Path, ctx: &Context) -> Option<Arc<Feedback>> {
        if let Some(file) = ctx.config.feedback_for(path) {
            let stamp = modified(&file);
            let seen = self.feedback_stamps.insert(file, stamp);
            if seen.is_some_and(|s| s != stamp) {
                // Changed since it was read (with or without a watcher).
                self.resolver = new_resolver();
                self.reported.clear();
            }
        }
        match self.resolver.feedback_for(path, ctx) {
            Ok(f) => f,
            Err(e) => {
                self.problem(format!("{}: feedback: {e}", path.display()));
                None
            }
        }
    }

    /// Checks one document and publishes its diagnostics; returns the files to watch for it.
    fn check(&mut self, uri: &str) -> Vec<String> {
        let Some(path) = self.docs.get(uri).map(|d| d.path.clone()) else {
            return Vec::new();
        };
        let Some(ctx) = self.context(&path) else {
            return Vec::new();
        };
        // Load warnings, as the command line prints them (a capture the message never
        // shows…): once each.
        let warnings: Vec<String> = ctx
            .rules
            .rules
            .iter()
            .flat_map(|r| &r.warnings)
            .map(|w| w.to_string())
            .collect();
        for w in warnings {
            self.show_once(WARNING, w);
        }
        let feedback = self.feedback(&path, &ctx);
        let Some(doc) = self.docs.get_mut(uri) else {
            return Vec::new();
        };
        let name = path.display().to_string();
        // A panic in a rule loses this check, never the server (the CLI does the same per
        // file): the document keeps no diagnostics and the error is shown once.
        let text = doc.text.clone();
        let markdown = doc.markdown;
        let report = match crate::guard::catch(|| {
            check_file(&name, utf8(text, markdown), &path, &ctx, feedback.clone())
        }) {
            Ok(r) => r,
            Err(e) => {
                let message = e.describe(&name);
                self.show_once(ERROR, message);
                crate::check::FileReport::unreadable(
                    &name,
                    crate::input::InputFormat::Text,
                    crate::input::InputError {
                        name: name.clone(),
                        message: "internal error".into(),
                    },
                )
            }
        };
        let Some(doc) = self.docs.get_mut(uri) else {
            return Vec::new();
        };
        let watch = watch_globs(&ctx, &path);
        doc.checked = Some(Checked {
            diagnostics: report.diagnostics,
            ctx,
            feedback,
        });
        self.publish(uri);
        watch
    }

    /// Publishes the diagnostics of the last check of document `uri`.
    fn publish(&mut self, uri: &str) {
        let doc = &self.docs[uri];
        let index = Index::new(&doc.text);
        let diagnostics: Vec<Value> = doc.checked.as_ref().map_or(Vec::new(), |c| {
            c.diagnostics
                .iter()
                .map(|d| lsp_diagnostic(d, &index, self.units, uri, &c.ctx.config))
                .collect()
        });
        let mut params = json!({"uri": uri, "diagnostics": diagnostics});
        if let Some(v) = doc.version {
            params["version"] = json!(v);
        }
        self.notify("textDocument/publishDiagnostics", params);
    }

    /// Registers file watchers with the client (replacing the previous registration) when
    /// the set of globs grew: configuration files anywhere, plus each rule directory and
    /// feedback file in use.
    fn register_watchers(&mut self, extra: BTreeSet<String>) {
        if !self.caps.watch {
            return;
        }
        let mut globs: BTreeSet<String> = ["**/zhenggai.yaml", "**/.zhenggai.yaml"]
            .into_iter()
            .map(String::from)
            .collect();
        globs.extend(extra);
        if self.registration.is_some() && globs == self.watched {
            return;
        }
        if let Some(old) = self.registration.take() {
            let id = self.next_request_id();
            self.send(json!({"jsonrpc": "2.0", "id": id, "method": "client/unregisterCapability",
                "params": {"unregisterations": [{"id": old, "method": "workspace/didChangeWatchedFiles"}]}}));
        }
        let id = self.next_request_id();
        let registration = format!("zhenggai-watch-{id}");
        let watchers: Vec<Value> = globs.iter().map(|g| json!({"globPattern": g})).collect();
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": "client/registerCapability",
            "params": {"registrations": [{"id": registration, "method": "workspace/didChangeWatchedFiles",
                "registerOptions": {"watchers": watchers}}]}}));
        self.registration = Some(registration);
        self.watched = globs;
    }

    fn next_request_id(&mut self) -> String {
        self.next_id += 1;
        format!("zhenggai-{}", self.next_id)
    }

    fn hover(&mut self, p: &Value) -> Answer {
        let uri = str_at(p, "/textDocument/uri").ok_or_else(|| invalid("textDocument.uri"))?;
        let (line, ch) = position_at(p, "/position").ok_or_else(|| invalid("position"))?;
        // Nothing to say about a document that is not open.
        let Some(doc) = self.docs.get(uri) else {
            return Ok(Value::Null);
        };
        Ok(actions::hover(doc, line, ch, self.units))
    }

    fn code_actions(&mut self, p: &Value) -> Answer {
        let uri = str_at(p, "/textDocument/uri").ok_or_else(|| invalid("textDocument.uri"))?;
        let start = position_at(p, "/range/start").ok_or_else(|| invalid("range"))?;
        let end = position_at(p, "/range/end").ok_or_else(|| invalid("range"))?;
        let only: Option<Vec<String>> =
            p.pointer("/context/only")
                .and_then(Value::as_array)
                .map(|v| {
                    v.iter()
                        .filter_map(|k| k.as_str().map(String::from))
                        .collect()
                });
        let Some(doc) = self.docs.get(uri) else {
            return Ok(json!([]));
        };
        let ask = actions::Ask {
            uri,
            start,
            end,
            only: only.as_deref(),
            units: self.units,
            document_changes: self.caps.document_changes,
            resolve: self.caps.resolve,
        };
        Ok(actions::code_actions(doc, &ask))
    }
}

impl Server {
    /// The edit of a fix-all action offered without one: computed now, from the text it was
    /// offered for; refused (ContentModified) when the text has changed since.
    fn resolve(&mut self, mut action: Value) -> Answer {
        let uri = str_at(&action, "/data/uri")
            .ok_or_else(|| invalid("data.uri"))?
            .to_string();
        let version = action.pointer("/data/version").and_then(Value::as_i64);
        let doc = self
            .docs
            .get(&uri)
            .ok_or_else(|| (CONTENT_MODIFIED, "the document was closed".to_string()))?;
        if doc.version != version {
            return Err((CONTENT_MODIFIED, "the document changed".into()));
        }
        let ask = actions::Ask {
            uri: &uri,
            start: (0, 0),
            end: (0, 0),
            only: None,
            units: self.units,
            document_changes: self.caps.document_changes,
            resolve: false,
        };
        if let Some(edit) = actions::fix_all_edit(doc, &ask) {
            action["edit"] = edit;
        }
        Ok(action)
    }
}

/// A (line, character) position at `ptr`.
fn position_at(p: &Value, ptr: &str) -> Option<(usize, usize)> {
    let v = p.pointer(ptr)?;
    Some((
        v.get("line")?.as_u64()? as usize,
        v.get("character")?.as_u64()? as usize,
    ))
}

fn lsp_range(index: &Index, span: &std::ops::Range<usize>, units: Units) -> Value {
    let (l1, c1) = index.position(span.start, units);
    let (l2, c2) = index.position(span.end, units);
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

/// A diagnostic as LSP publishes it; `codeDescription` links the rule's page when the
/// configuration sets `docs-url`.
fn lsp_diagnostic(
    d: &Diagnostic,
    index: &Index,
    units: Units,
    uri: &str,
    config: &crate::config::Config,
) -> Value {
    let mut v = json!({
        "range": lsp_range(index, &d.span, units),
        "severity": match d.severity {
            Severity::Error => 1,
            Severity::Warning => 2,
            _ => 3,
        },
        "code": d.rule,
        "source": "zhenggai",
        "message": d.message,
    });
    if let Some(href) = config.docs_link(&d.rule) {
        v["codeDescription"] = json!({"href": href});
    }
    if !d.labels.is_empty() {
        v["relatedInformation"] = d
            .labels
            .iter()
            .map(|l| {
                json!({"location": {"uri": uri, "range": lsp_range(index, &l.span, units)},
                       "message": l.message})
            })
            .collect();
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// The server's output, kept for the test to read once it has ended.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Runs a session of `messages` to its end; returns what the server sent.
    fn session(messages: Vec<Value>) -> Vec<Value> {
        let (tx, rx) = sync_channel(messages.len());
        for m in messages {
            tx.send(Incoming::Message(m)).unwrap();
        }
        drop(tx);
        let out = Shared::default();
        serve(rx, Box::new(out.clone()));
        let bytes = out.0.lock().unwrap().clone();
        let mut reader = std::io::Cursor::new(bytes);
        std::iter::from_fn(|| transport::read(&mut reader))
            .filter_map(|m| match m {
                Incoming::Message(v) => Some(v),
                _ => None,
            })
            .collect()
    }

    /// Item 1 of issue 13: a feedback file that cannot be read as feedback (bad YAML) is
    /// reported as the command line reports it (`NAME: feedback: why`), and the document is
    /// still checked, without it.
    #[test]
    fn a_bad_feedback_file_is_reported_like_the_command_line_does() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("zhenggai.yaml"),
            "feedback: feedback.yaml\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("feedback.yaml"), "- area: [不完整\n").unwrap();
        let path = dir.path().join("draft.txt");
        let text = include_str!("../../examples/faulty.txt");
        // What `check` reports after `NAME: feedback: `, from the same resolver call.
        let resolver = new_resolver();
        let ctx = resolver.for_path(&path).unwrap();
        let why = resolver.feedback_for(&path, &ctx).unwrap_err();
        let uri = format!("file://{}", path.display());
        let sent = session(vec![
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
                {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}}),
            json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
            json!({"jsonrpc": "2.0", "method": "exit"}),
        ]);
        let shown: Vec<&Value> = sent
            .iter()
            .filter(|m| m["method"] == "window/showMessage")
            .collect();
        let expected = format!("zhenggai: {}: feedback: {why}", path.display());
        assert!(
            shown
                .iter()
                .any(|m| m["params"]["type"] == ERROR && m["params"]["message"] == expected),
            "{expected:?} not in {shown:?}"
        );
        let published = sent
            .iter()
            .find(|m| m["method"] == "textDocument/publishDiagnostics")
            .expect("the document is checked");
        assert!(
            !published["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    }
}
