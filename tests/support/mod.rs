//! Helpers shared by the suites of the integration binary (tests/integration.rs declares
//! this module first, so `zg!` is in scope in every suite): the rule ids users'
//! configurations rely on, the binary run as a user runs it (with a deadline), scratch
//! directories, position arithmetic and the announcement fixtures.
//!
//! Scratch directories hold an empty `zhenggai.yaml` at their root, so configuration
//! discovery never climbs out of them into whatever the machine has above.
//!
//! Suites share one process: none may change its environment or current directory. Give a
//! run its own with [`Cmd::env`] and [`Cmd::cwd`] instead.

pub(crate) mod announcement;

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The binary under test.
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_zhenggai");

/// Every run is killed and the test fails after this long.
pub(crate) const DEADLINE: Duration = Duration::from_secs(60);

/// The 21 built-in rule ids this project promised users' configurations (more may come).
pub(crate) const CONTRACT_IDS: [&str; 21] = [
    "contact-format",
    "contact-info",
    "date-format",
    "date-invalid",
    "date-mismatch",
    "date-order",
    "declared-items",
    "declared-sections",
    "feedback-date",
    "fullwidth-punctuation",
    "inspection-period",
    "obsolete-term",
    "placeholder",
    "progress-rate",
    "progress-sum",
    "section-numbering",
    "signature",
    "tally-category",
    "tally-sum",
    "term-consistency",
    "unbalanced-brackets",
];

/// The formats of `check --format`, in the order `--help` lists them.
pub(crate) const FORMATS: [&str; 10] = [
    "human",
    "concise",
    "json",
    "json-lines",
    "github",
    "sarif",
    "rdjson",
    "gitlab",
    "junit",
    "html",
];

pub(crate) fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `text` with the first `from` replaced by `to`; `from` must occur.
pub(crate) fn variant(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "text lacks {from:?}");
    text.replacen(from, to, 1)
}

/// Byte offset of the first `needle` in `text`.
pub(crate) fn offset(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
}

/// 0-based line of byte `offset` and the text of that line before it.
pub(crate) fn line_prefix(text: &str, offset: usize) -> (usize, &str) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, &text[start..offset])
}

/// 1-based line and 1-based column in characters (Unicode scalar values).
pub(crate) fn pos_chars(text: &str, offset: usize) -> (usize, usize) {
    let (l, p) = line_prefix(text, offset);
    (l + 1, p.chars().count() + 1)
}

/// 1-based line and 1-based column in UTF-8 bytes.
pub(crate) fn pos_bytes(text: &str, offset: usize) -> (usize, usize) {
    let (l, p) = line_prefix(text, offset);
    (l + 1, p.len() + 1)
}

/// 0-based line and 0-based column in UTF-16 code units (LSP's default).
pub(crate) fn pos_utf16(text: &str, offset: usize) -> (usize, usize) {
    let (l, p) = line_prefix(text, offset);
    (l, p.encode_utf16().count())
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub(crate) struct Out {
    pub(crate) code: i32,
    /// Standard output as text (invalid UTF-8 replaced); the bytes are in `stdout_bytes`.
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) stdout_bytes: Vec<u8>,
}

impl Out {
    /// Standard output and standard error together.
    pub(crate) fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// Each line of json-lines output, parsed.
    pub(crate) fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line ({e}): {l}")))
            .collect()
    }

    /// `rule severity` of each json-lines diagnostic.
    pub(crate) fn rules(&self) -> Vec<String> {
        self.json_lines()
            .iter()
            .map(|d| {
                let rule = d["rule"].as_str().expect("rule");
                format!("{rule} {}", d["severity"].as_str().expect("severity"))
            })
            .collect()
    }

    /// The diagnostics of the first file of `--format json` output, failing the test on
    /// anything written to standard error.
    pub(crate) fn first_file_diagnostics(&self) -> Vec<serde_json::Value> {
        assert!(self.stderr.is_empty(), "{}", self.stderr);
        self.json()["files"][0]["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .clone()
    }
}

/// `zg!("check", "--format", "json", path)`: a command line for the binary under test, each
/// argument anything that is `AsRef<OsStr>` (`&str`, `String`, `&Path`, `&PathBuf`). Finish it
/// with [`Cmd::stdin`], [`Cmd::cwd`], [`Cmd::env`] as needed, then [`Cmd::run`].
macro_rules! zg {
    ($($arg:expr),* $(,)?) => {
        $crate::support::Cmd::new()$(.arg($arg))*
    };
}

/// A zip archive of `parts` (name, content), deflated: the .docx files tests build.
pub(crate) fn zip_parts<C: AsRef<[u8]>>(parts: &[(&str, C)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        w.start_file(*name, o).expect("zip entry");
        w.write_all(content.as_ref()).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// A command line for the binary (see `zg!`). It runs in the repository root unless given
/// another directory, with `NO_COLOR` unset and no standard input unless given.
pub(crate) struct Cmd {
    args: Vec<OsString>,
    stdin: Option<Vec<u8>>,
    cwd: PathBuf,
    env: Vec<(OsString, OsString)>,
}

impl Cmd {
    pub(crate) fn new() -> Self {
        Cmd {
            args: Vec::new(),
            stdin: None,
            cwd: manifest_dir(),
            env: Vec::new(),
        }
    }

    pub(crate) fn arg(mut self, a: impl AsRef<OsStr>) -> Self {
        self.args.push(a.as_ref().to_os_string());
        self
    }

    /// Appends a list of arguments (for lists built at run time).
    pub(crate) fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    pub(crate) fn stdin(mut self, bytes: impl AsRef<[u8]>) -> Self {
        self.stdin = Some(bytes.as_ref().to_vec());
        self
    }

    pub(crate) fn cwd(mut self, dir: impl AsRef<Path>) -> Self {
        self.cwd = dir.as_ref().to_path_buf();
        self
    }

    /// Sets an environment variable of the child (this process's stays as it is).
    pub(crate) fn env(mut self, k: impl AsRef<OsStr>, v: impl AsRef<OsStr>) -> Self {
        self.env
            .push((k.as_ref().to_os_string(), v.as_ref().to_os_string()));
        self
    }

    /// Spawns the binary, feeds stdin, collects output and waits at most [`DEADLINE`].
    /// Fails the test on a timeout, a death by signal, or a panic message on stderr.
    pub(crate) fn run(self) -> Out {
        let mut cmd = Command::new(BIN);
        cmd.args(&self.args)
            .current_dir(&self.cwd)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .env_remove("NO_COLOR")
            .env("RUST_BACKTRACE", "0")
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        let mut child = cmd.spawn().expect("spawn zhenggai");
        let feeder = self.stdin.map(|bytes| {
            let mut w = child.stdin.take().expect("stdin");
            thread::spawn(move || {
                let _ = w.write_all(&bytes);
            })
        });
        let t_out = drain(child.stdout.take().expect("stdout"));
        let t_err = drain(child.stderr.take().expect("stderr"));
        let start = Instant::now();
        let status = loop {
            match child.try_wait().expect("wait") {
                Some(s) => break s,
                None if start.elapsed() > DEADLINE => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!(
                        "zhenggai {:?} did not finish within {DEADLINE:?}",
                        self.args
                    );
                }
                None => thread::sleep(Duration::from_millis(10)),
            }
        };
        if let Some(f) = feeder {
            let _ = f.join();
        }
        let stdout_bytes = t_out.join().unwrap();
        let stderr = String::from_utf8_lossy(&t_err.join().unwrap()).into_owned();
        assert!(
            !stderr.contains("panicked"),
            "zhenggai {:?} panicked:\n{stderr}",
            self.args
        );
        let code = status
            .code()
            .unwrap_or_else(|| panic!("zhenggai {:?} killed by a signal: {status}", self.args));
        Out {
            code,
            stdout: String::from_utf8_lossy(&stdout_bytes).into_owned(),
            stderr,
            stdout_bytes,
        }
    }
}

/// Reads `pipe` to its end on a thread of its own (so a full stderr never blocks stdout).
fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut v = Vec::new();
        let _ = pipe.read_to_end(&mut v);
        v
    })
}

/// A scratch directory unique to this process and test, removed on drop. Its root holds an
/// empty `zhenggai.yaml` (a fence for discovery); tests work in subdirectories.
pub(crate) struct Scratch(PathBuf);

impl Scratch {
    pub(crate) fn new(suite: &str, test: &str) -> Self {
        let p =
            std::env::temp_dir().join(format!("zhenggai-{suite}-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&p);
        fs::create_dir_all(&p).expect("create scratch dir");
        // Canonical, so paths printed by the binary compare equal to ours.
        let p = p.canonicalize().expect("canonical scratch dir");
        fs::write(p.join("zhenggai.yaml"), "").expect("write fence config");
        Scratch(p)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }

    /// `rel` under the scratch root.
    pub(crate) fn join(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    /// Writes `rel` (creating parent directories) and returns its path.
    pub(crate) fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).expect("create parent");
        }
        fs::write(&p, bytes).expect("write scratch file");
        p
    }

    pub(crate) fn mkdir(&self, rel: &str) -> PathBuf {
        let p = self.0.join(rel);
        fs::create_dir_all(&p).expect("mkdir");
        p
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.0.join(rel)).expect("read scratch file")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
