//! Writes a benchmark corpus: `gen_corpus DIR COUNT BYTES [FIRST]` writes COUNT documents of
//! about BYTES each as `DIR/doc-NNNNN.txt`, numbered from FIRST (default 0), alternating the
//! two example templates and seeded by their number (see `gen_bench_docs.rs`).
//!
//! `scripts/bench.sh` compiles it with plain `rustc -O` (no dependencies).

#[path = "gen_bench_docs.rs"]
mod gen_bench_docs;

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: gen_corpus DIR COUNT BYTES [FIRST]");
        std::process::exit(2);
    }
    let dir = std::path::Path::new(&args[1]);
    let count: usize = args[2].parse().expect("COUNT is a number");
    let bytes: usize = args[3].parse().expect("BYTES is a number");
    let first: usize = args
        .get(4)
        .map_or(0, |s| s.parse().expect("FIRST is a number"));
    std::fs::create_dir_all(dir).expect("create the corpus directory");
    let mut total = 0usize;
    for i in first..first + count {
        let t = if i % 2 == 0 {
            gen_bench_docs::Template::Announcement
        } else {
            gen_bench_docs::Template::Xuncha
        };
        let doc = gen_bench_docs::document(t, bytes, i as u64);
        total += doc.len();
        let path = dir.join(format!("doc-{i:05}.txt"));
        let mut f = std::fs::File::create(&path).expect("create a corpus file");
        f.write_all(doc.as_bytes()).expect("write a corpus file");
    }
    println!("{total}");
}
