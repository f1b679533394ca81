//! `zhenggai init` and `zhenggai config`.

use super::{EXIT_CLEAN, EXIT_TROUBLE, print_out, report_err};
use crate::config::STARTER;
use crate::context::Resolver;
use std::path::Path;

/// Writes a commented starter configuration; refuses to overwrite unless `force`.
pub(crate) fn init(force: bool) -> u8 {
    let path = Path::new("zhenggai.yaml");
    if path.exists() && !force {
        return report_err("zhenggai.yaml already exists (use --force to overwrite)");
    }
    match std::fs::write(path, STARTER) {
        Ok(()) => {
            eprintln!("wrote zhenggai.yaml");
            EXIT_CLEAN
        }
        Err(e) => report_err(&format!("cannot write zhenggai.yaml: {e}")),
    }
}

/// Prints the effective configuration for `path` with the origin of each value.
pub(crate) fn show(path: &Path, config: &super::setup::ConfigArgs) -> u8 {
    // A `--config` file that does not exist is reported by the loader, with the rest.
    let source = config.choice();
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // A directory is looked up as if it held a file.
    let lookup = if abs.is_dir() {
        abs.join("_")
    } else {
        abs.clone()
    };
    let resolver = Resolver::new(source, Vec::new(), Vec::new(), Vec::new());
    match resolver.for_path(&lookup) {
        Ok(ctx) => {
            let cwd = std::env::current_dir().unwrap_or_default();
            let mut out = format!("# effective configuration for {}\n", path.display());
            out.push_str(&ctx.config.describe(&cwd));
            let off: Vec<&str> = ctx
                .rules
                .rules
                .iter()
                .filter(|r| !r.meta.enabled)
                .map(|r| r.meta.id.as_str())
                .collect();
            out.push_str(&format!(
                "# rules that do not run: {}\n",
                if off.is_empty() {
                    "none".into()
                } else {
                    off.join(", ")
                }
            ));
            print_out(&out)
        }
        Err(errors) => {
            for e in errors {
                report_err(&e.to_string());
            }
            EXIT_TROUBLE
        }
    }
}
