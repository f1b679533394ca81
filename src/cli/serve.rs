//! `zhenggai serve`: the checking page and its HTTP API on this machine (see [`crate::serve`]).

use super::{EXIT_TROUBLE, report_err};
use crate::context::Resolver;
use crate::serve::{DEFAULT_MAX_BYTES, Options, Server};
use std::net::IpAddr;

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
// The shared `--config` help, with where `serve` discovers the configuration from.
#[command(mut_arg("config", |a| a.help(
    "Use this configuration file for every upload instead of discovering one from the \
     current directory"
)))]
pub(crate) struct ServeArgs {
    /// The address to listen on. The default answers this machine only; 0.0.0.0 answers
    /// the whole network (a warning is printed: drafts are confidential).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// The port (0: any free port, printed at start).
    #[arg(long, default_value_t = 8716)]
    pub port: u16,
    /// Require this token on API requests (header X-Zhenggai-Token, or open the page as
    /// http://HOST:PORT/?token=TOKEN).
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Also answer to this host name in the Host header (repeatable), e.g. the machine's
    /// name in the office network. IP addresses and localhost need no flag.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub(crate) allow_host: Vec<String>,
    /// The largest upload accepted, in MiB; larger ones get 413.
    #[arg(long, value_name = "MIB", default_value_t = DEFAULT_MAX_BYTES >> 20)]
    pub(crate) max_upload: usize,
    /// Worker threads checking requests (default: twice the CPUs, at least 4).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Print nothing per request (by default one line: route, status, size, diagnostic
    /// count and time; never a name or any text).
    #[arg(long)]
    pub quiet: bool,
    /// `--config` / `--no-config`.
    #[command(flatten)]
    pub(crate) config: super::setup::ConfigArgs,
}

/// Runs `serve` until the process is stopped; returns an exit code only on trouble.
pub(crate) fn run(args: ServeArgs) -> u8 {
    let source = match args.config.source() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let base = std::env::current_dir().unwrap_or_default();
    // Configuration changes on disk are picked up while the server runs.
    let resolver = Resolver::new(source, Vec::new(), Vec::new(), Vec::new()).watching();
    // A broken configuration stops the start, not every request.
    if let Err(errs) = resolver.for_path(&base.join("_")) {
        for e in errs {
            eprintln!("zhenggai: error: {e}");
        }
        return EXIT_TROUBLE;
    }
    if args.max_upload == 0 {
        return report_err("--max-upload must be at least 1 (MiB)");
    }
    if !args.host.is_loopback() {
        eprintln!(
            "zhenggai: 警告：监听 {} 后，网络上的其他计算机都能向本服务提交文稿。\
             文稿发布前属于保密材料：只在可信的内部网络中这样使用{}。",
            args.host,
            if args.token.is_some() {
                ""
            } else {
                "，并建议用 --token 设置访问令牌"
            }
        );
    }
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map_or(4, |n| n.get() * 2)
            .max(4)
    });
    let server = match Server::bind(Options {
        host: args.host,
        port: args.port,
        token: args.token.clone(),
        allow_hosts: args.allow_host.clone(),
        max_bytes: args.max_upload.saturating_mul(1024 * 1024),
        threads,
        log: !args.quiet,
        resolver,
        base,
    }) {
        Ok(s) => s,
        Err(e) => return report_err(&e),
    };
    let addr = server.addr();
    let shown = if addr.ip().is_unspecified() {
        format!("127.0.0.1:{}", addr.port())
    } else {
        addr.to_string()
    };
    let token = args
        .token
        .as_ref()
        .map_or(String::new(), |t| format!("?token={t}"));
    eprintln!("zhenggai serve: 检查页面在 http://{shown}/{token} （按 Ctrl+C 停止）");
    match server.run() {
        Ok(()) => super::EXIT_CLEAN,
        Err(e) => report_err(&e),
    }
}
