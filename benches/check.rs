//! In-process benchmarks (criterion): what the language server pays per change, stage by
//! stage. `cargo bench` runs them all in a few minutes; `cargo bench -- "whole document"`
//! runs one group. Throughput is printed in MiB/s.
//!
//! Documents of about 2 KB, 20 KB and 200 KB are grown from `examples/announcement.txt` and
//! `examples/announcement-xuncha.txt` by `scripts/gen_bench_docs.rs` (more feedback sections
//! and units, renumbered; clean: no rule fires), the same generator `scripts/bench.sh` uses
//! for its corpus.
//!
//! Groups:
//! - `rule loading`: `load_builtin()` (YAML → compiled rules, regexes included) into a
//!   `RuleSet`: what every process start pays.
//! - `parse only`: `zhenggai::parse` (pest grammar → `Document`).
//! - `check only`: `RuleSet::run` on a parsed document.
//! - `whole document`: `zhenggai::check_text` (parse + rules), both templates.
//! - `per rule kind`: each built-in rule's `Rule::run` alone, named `kind/id`.

#[path = "../scripts/gen_bench_docs.rs"]
mod gen_bench_docs;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use gen_bench_docs::Template;
use std::hint::black_box;
use std::time::Duration;
use zhenggai::RuleSet;

const SIZES: [(&str, usize); 3] = [("2KB", 2_000), ("20KB", 20_000), ("200KB", 200_000)];

fn rules() -> RuleSet {
    let mut set = RuleSet::default();
    set.extend(zhenggai::rules::load_builtin().expect("built-in rules load"))
        .expect("no duplicate ids");
    set
}

fn docs(t: Template) -> Vec<(&'static str, String)> {
    SIZES
        .iter()
        .map(|&(name, n)| (name, gen_bench_docs::document(t, n, 1)))
        .collect()
}

fn rule_loading(c: &mut Criterion) {
    let mut g = c.benchmark_group("rule loading");
    g.bench_function("load_builtin", |b| b.iter(|| black_box(rules())));
    g.finish();
}

fn parse_only(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse only");
    for (name, text) in docs(Template::Announcement) {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, text| {
            b.iter_batched(
                || text.clone(),
                |t| black_box(zhenggai::parse(t)),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

fn check_only(c: &mut Criterion) {
    let rules = rules();
    let mut g = c.benchmark_group("check only");
    for (name, text) in docs(Template::Announcement) {
        let doc = zhenggai::parse(text);
        g.throughput(Throughput::Bytes(doc.text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), &doc, |b, doc| {
            b.iter(|| black_box(rules.run(doc)))
        });
    }
    g.finish();
}

fn whole_document(c: &mut Criterion) {
    let rules = rules();
    let mut g = c.benchmark_group("whole document");
    for (t, tname) in [
        (Template::Announcement, "announcement"),
        (Template::Xuncha, "xuncha"),
    ] {
        for (name, text) in docs(t) {
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(tname, name), &text, |b, text| {
                b.iter_batched(
                    || text.clone(),
                    |t| black_box(zhenggai::check_text("bench.txt", t, false, &rules)),
                    BatchSize::SmallInput,
                )
            });
        }
    }
    g.finish();
}

fn per_rule(c: &mut Criterion) {
    let rules = rules();
    let mut g = c.benchmark_group("per rule kind");
    g.warm_up_time(Duration::from_millis(300));
    g.measurement_time(Duration::from_secs(1));
    for (name, text) in docs(Template::Announcement) {
        let doc = zhenggai::parse(text);
        g.throughput(Throughput::Bytes(doc.text.len() as u64));
        for r in &rules.rules {
            let id = format!("{}/{}", r.meta.kind, r.meta.id);
            g.bench_with_input(BenchmarkId::new(id, name), &doc, |b, doc| {
                b.iter(|| black_box(r.run(doc)))
            });
        }
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
}

criterion_group! {
    name = benches;
    config = config();
    targets = rule_loading, parse_only, check_only, whole_document, per_rule
}
criterion_main!(benches);
