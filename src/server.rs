//! The language server: `zhenggai server` speaks LSP over stdio (lsp-server + lsp-types).
//!
//! Diagnostics are published on open, change (full sync) and save, with positions in UTF-16
//! code units, or UTF-8 bytes when the client offers `utf-8` in `general.positionEncodings`.
//! The rule id is the diagnostic `code`; hovering a flagged span shows the rule's summary
//! and rationale; fixable diagnostics offer a quick-fix code action. Configuration is
//! discovered from the document's path exactly as on the command line.

use crate::check::check_text_with;
use crate::context::{ConfigSource, Resolver};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::LineIndex;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types as lsp;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::error::Error;
use std::path::PathBuf;

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

/// An open document and its latest diagnostics.
struct Doc {
    text: String,
    markdown: bool,
    path: PathBuf,
    diagnostics: Vec<Diagnostic>,
}

/// Position units agreed with the client.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Units {
    Utf8,
    Utf16,
}

/// Serves on standard input and output until the client says `exit`; returns the exit
/// code the protocol asks for (0 after `shutdown`, 1 without it).
pub fn run_stdio() -> Result<u8> {
    let (conn, io) = Connection::stdio();
    let code = serve(&conn)?;
    drop(conn);
    io.join()?;
    Ok(code)
}

/// `file:///a/b%20c.md` → `/a/b c.md`; other schemes keep their path text.
fn uri_path(uri: &lsp::Uri) -> PathBuf {
    let s = uri.as_str();
    let raw = s.strip_prefix("file://").unwrap_or(s);
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&raw[i + 1..i + 3], 16) {
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

struct Server<'c> {
    conn: &'c Connection,
    units: Units,
    resolver: Resolver,
    docs: HashMap<String, Doc>,
}

/// Runs the protocol on a connection (also used by tests with an in-memory connection).
/// Returns 0 when the client shut down properly, 1 on `exit` without `shutdown`.
pub fn serve(conn: &Connection) -> Result<u8> {
    let (id, params) = conn.initialize_start()?;
    let init: lsp::InitializeParams = serde_json::from_value(params)?;
    let utf8 = init
        .capabilities
        .general
        .and_then(|g| g.position_encodings)
        .is_some_and(|v| v.contains(&lsp::PositionEncodingKind::UTF8));
    let caps = lsp::ServerCapabilities {
        position_encoding: Some(if utf8 {
            lsp::PositionEncodingKind::UTF8
        } else {
            lsp::PositionEncodingKind::UTF16
        }),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Simple(true)),
        ..Default::default()
    };
    conn.initialize_finish(
        id,
        json!({"capabilities": caps, "serverInfo": {"name": "zhenggai", "version": env!("CARGO_PKG_VERSION")}}),
    )?;
    let mut server = Server {
        conn,
        units: if utf8 { Units::Utf8 } else { Units::Utf16 },
        resolver: Resolver::new(ConfigSource::Discover, Vec::new(), Vec::new(), Vec::new())
            .watching(),
        docs: HashMap::new(),
    };
    for msg in &conn.receiver {
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req)? {
                    return Ok(0);
                }
                server.request(req)?;
            }
            Message::Notification(n) if n.method == "exit" => return Ok(1),
            Message::Notification(n) => server.notification(n)?,
            Message::Response(_) => {}
        }
    }
    Ok(1)
}

impl Server<'_> {
    fn position(&self, index: &LineIndex, offset: usize) -> lsp::Position {
        let (line, character) = match self.units {
            Units::Utf16 => index.position_utf16(offset),
            Units::Utf8 => {
                let (l, c) = index.position_utf8(offset);
                (l - 1, c - 1)
            }
        };
        lsp::Position {
            line: line as u32,
            character: character as u32,
        }
    }

    fn range(&self, index: &LineIndex, span: &std::ops::Range<usize>) -> lsp::Range {
        lsp::Range {
            start: self.position(index, span.start),
            end: self.position(index, span.end),
        }
    }

    fn offset(&self, index: &LineIndex, text: &str, p: lsp::Position) -> usize {
        match self.units {
            Units::Utf16 => index.offset_utf16(p.line as usize, p.character as usize),
            Units::Utf8 => {
                let (start, end) = index.line_bounds(p.line as usize);
                let mut o = (start + p.character as usize).min(end);
                while !text.is_char_boundary(o) {
                    o -= 1;
                }
                o
            }
        }
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) -> Result<()> {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(
                method.to_string(),
                params,
            )))?;
        Ok(())
    }

    /// Checks a document and publishes its diagnostics.
    fn check(&mut self, uri: &lsp::Uri) -> Result<()> {
        let Some(doc) = self.docs.get_mut(uri.as_str()) else {
            return Ok(());
        };
        let ctx = match self.resolver.for_path(&doc.path) {
            Ok(c) => c,
            Err(errors) => {
                let message = errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n");
                return self.notify(
                    "window/showMessage",
                    lsp::ShowMessageParams {
                        typ: lsp::MessageType::ERROR,
                        message: format!("zhenggai: {message}"),
                    },
                );
            }
        };
        let name = doc.path.display().to_string();
        let feedback = self
            .resolver
            .feedback_for(&doc.path, &ctx)
            .unwrap_or_default();
        let mut report =
            check_text_with(&name, doc.text.clone(), doc.markdown, &ctx.rules, feedback);
        let ignored = ctx.config.ignored_for(&doc.path);
        report
            .diagnostics
            .retain(|d| !ignored.contains(&d.rule.as_str()));
        doc.diagnostics = report.diagnostics;
        let doc = &self.docs[uri.as_str()];
        let index = LineIndex::new(&doc.text);
        let diagnostics: Vec<lsp::Diagnostic> = doc
            .diagnostics
            .iter()
            .map(|d| lsp::Diagnostic {
                range: self.range(&index, &d.span),
                severity: Some(match d.severity {
                    Severity::Error => lsp::DiagnosticSeverity::ERROR,
                    Severity::Warning => lsp::DiagnosticSeverity::WARNING,
                    _ => lsp::DiagnosticSeverity::INFORMATION,
                }),
                code: Some(lsp::NumberOrString::String(d.rule.clone())),
                source: Some("zhenggai".into()),
                message: d.message.clone(),
                related_information: (!d.labels.is_empty()).then(|| {
                    d.labels
                        .iter()
                        .map(|l| lsp::DiagnosticRelatedInformation {
                            location: lsp::Location {
                                uri: uri.clone(),
                                range: self.range(&index, &l.span),
                            },
                            message: l.message.clone(),
                        })
                        .collect()
                }),
                ..Default::default()
            })
            .collect();
        self.notify(
            "textDocument/publishDiagnostics",
            lsp::PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics,
                version: None,
            },
        )
    }

    fn notification(&mut self, n: Notification) -> Result<()> {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let p: lsp::DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                let path = uri_path(&p.text_document.uri);
                let markdown = p.text_document.language_id == "markdown"
                    || matches!(
                        path.extension().and_then(|e| e.to_str()),
                        Some("md" | "markdown")
                    );
                self.docs.insert(
                    p.text_document.uri.as_str().to_string(),
                    Doc {
                        text: p.text_document.text,
                        markdown,
                        path,
                        diagnostics: Vec::new(),
                    },
                );
                self.check(&p.text_document.uri)
            }
            "textDocument/didChange" => {
                let p: lsp::DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                if let (Some(doc), Some(change)) = (
                    self.docs.get_mut(p.text_document.uri.as_str()),
                    p.content_changes.into_iter().last(),
                ) {
                    doc.text = change.text;
                }
                self.check(&p.text_document.uri)
            }
            "textDocument/didSave" => {
                let p: lsp::DidSaveTextDocumentParams = serde_json::from_value(n.params)?;
                if let (Some(doc), Some(text)) =
                    (self.docs.get_mut(p.text_document.uri.as_str()), p.text)
                {
                    doc.text = text;
                }
                self.check(&p.text_document.uri)
            }
            "workspace/didChangeWatchedFiles" | "workspace/didChangeConfiguration" => {
                // A configuration file may have changed: re-check every open document (the
                // resolver rebuilds what changed on disk).
                let uris: Vec<lsp::Uri> = self.docs.keys().filter_map(|k| k.parse().ok()).collect();
                for uri in uris {
                    self.check(&uri)?;
                }
                Ok(())
            }
            "textDocument/didClose" => {
                let p: lsp::DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                self.docs.remove(p.text_document.uri.as_str());
                self.notify(
                    "textDocument/publishDiagnostics",
                    lsp::PublishDiagnosticsParams {
                        uri: p.text_document.uri,
                        diagnostics: Vec::new(),
                        version: None,
                    },
                )
            }
            _ => Ok(()),
        }
    }

    fn request(&mut self, req: Request) -> Result<()> {
        let result: std::result::Result<Value, String> = match req.method.as_str() {
            "textDocument/hover" => serde_json::from_value::<lsp::HoverParams>(req.params)
                .map_err(|e| e.to_string())
                .map(|p| self.hover(p)),
            "textDocument/codeAction" => {
                serde_json::from_value::<lsp::CodeActionParams>(req.params)
                    .map_err(|e| e.to_string())
                    .map(|p| self.code_actions(p))
            }
            _ => {
                let resp = Response::new_err(
                    req.id,
                    ErrorCode::MethodNotFound as i32,
                    format!("unsupported: {}", req.method),
                );
                self.conn.sender.send(Message::Response(resp))?;
                return Ok(());
            }
        };
        let resp = match result {
            Ok(v) => Response::new_ok(req.id, v),
            Err(e) => Response::new_err(req.id, ErrorCode::InvalidParams as i32, e),
        };
        self.conn.sender.send(Message::Response(resp))?;
        Ok(())
    }

    /// The rationale of the rules flagging the hovered position.
    fn hover(&self, p: lsp::HoverParams) -> Value {
        let uri = &p.text_document_position_params.text_document.uri;
        let Some(doc) = self.docs.get(uri.as_str()) else {
            return Value::Null;
        };
        let index = LineIndex::new(&doc.text);
        let at = self.offset(&index, &doc.text, p.text_document_position_params.position);
        let Ok(ctx) = self.resolver.for_path(&doc.path) else {
            return Value::Null;
        };
        let mut parts = Vec::new();
        for d in doc
            .diagnostics
            .iter()
            .filter(|d| d.span.start <= at && at <= d.span.end)
        {
            if let Some(rule) = ctx.rules.get(&d.rule) {
                parts.push(format!(
                    "**{}** ({}): {}\n\n{}",
                    rule.meta.id,
                    d.severity,
                    rule.meta.summary,
                    rule.meta.rationale.trim()
                ));
            }
        }
        if parts.is_empty() {
            return Value::Null;
        }
        json!(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n")
            }),
            range: None,
        })
    }

    /// Quick fixes for the fixable diagnostics in the requested range.
    fn code_actions(&self, p: lsp::CodeActionParams) -> Value {
        let uri = &p.text_document.uri;
        let Some(doc) = self.docs.get(uri.as_str()) else {
            return json!([]);
        };
        let index = LineIndex::new(&doc.text);
        let (from, to) = (
            self.offset(&index, &doc.text, p.range.start),
            self.offset(&index, &doc.text, p.range.end),
        );
        let actions: Vec<lsp::CodeActionOrCommand> = doc
            .diagnostics
            .iter()
            .filter(|d| d.span.start <= to && from <= d.span.end)
            .filter_map(|d| {
                let f = d.fix.as_ref()?;
                let edit = lsp::TextEdit {
                    range: self.range(&index, &f.span),
                    new_text: f.replacement.clone(),
                };
                Some(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: format!("改为“{}”（{}）", f.replacement, d.rule),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    edit: Some(lsp::WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                        ..Default::default()
                    }),
                    is_preferred: Some(true),
                    ..Default::default()
                }))
            })
            .collect();
        json!(actions)
    }
}
