//! `zhenggai rules` and `zhenggai explain`.

use super::{RulesArgs, load_rules, print_out, report_err};
use std::path::PathBuf;

/// The severity, marked when the rule does not run by default (its file says so, or its
/// pack is not on by default).
fn severity_text(r: &crate::rules::Rule) -> String {
    if r.meta.enabled {
        r.meta.severity.to_string()
    } else {
        format!("{} (off by default)", r.meta.severity)
    }
}

/// Lists every rule.
pub(crate) fn list(args: RulesArgs) -> u8 {
    let set = match load_rules(&args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let mut out = String::new();
    if args.json {
        let v: Vec<_> = set
            .rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.meta.id, "kind": r.meta.kind, "severity": r.meta.severity.as_str(),
                    "enabled": r.meta.enabled, "pack": r.meta.pack, "summary": r.meta.summary, "source": r.meta.source,
                })
            })
            .collect();
        out = serde_json::to_string_pretty(&v).unwrap_or_default();
        out.push('\n');
    } else {
        let width = |f: fn(&crate::rules::Rule) -> usize, min: usize| {
            set.rules.iter().map(f).max().unwrap_or(min).max(min)
        };
        let w = width(|r| r.meta.id.len(), 2);
        let k = width(|r| r.meta.kind.len(), 4);
        let p = width(|r| r.meta.pack.len(), 4);
        out.push_str(&format!(
            "{:w$}  {:k$}  {:p$}  {:25}  SUMMARY\n",
            "ID", "KIND", "PACK", "SEVERITY"
        ));
        for r in &set.rules {
            out.push_str(&format!(
                "{:w$}  {:k$}  {:p$}  {:25}  {}\n",
                r.meta.id,
                r.meta.kind,
                r.meta.pack,
                severity_text(r),
                r.meta.summary
            ));
        }
    }
    print_out(&out)
}

/// Prints one rule's page, the same as its generated `docs/rules/<id>.md`.
pub(crate) fn explain(id: &str, dirs: &[PathBuf]) -> u8 {
    let set = match load_rules(dirs) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(r) = set.get(id) else {
        return report_err(&format!("unknown rule id `{id}` (see `zhenggai rules`)"));
    };
    print_out(&super::docs::rule_page(r))
}
