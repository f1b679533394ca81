//! Writes drafts for differential testing: `gen_mutants DIR COUNT SEED FILE...` writes
//! COUNT documents `DIR/m-NNNNN.txt`, each a random sample of the lines of the FILEs with
//! random edits: tokens the rules and the grammar care about inserted (brackets, units,
//! dates, 其中, Chinese digits, placeholders, a 25-character label…), bytes of a line cut,
//! line endings varied. Deterministic for a SEED.
//!
//! `scripts/difftest.sh` compiles it with plain `rustc -O` (no dependencies) and compares
//! two builds' output on what it writes: a change meant to keep behaviour (a speed-up, a
//! refactor) must give byte-identical JSON.

use std::io::Write;

/// The tokens inserted: what the grammar's shapes and the rules' patterns start with.
const TOKENS: &[&str] = &[
    "（",
    "）",
    "(",
    ")",
    "、",
    "，",
    "。",
    "；",
    "：",
    "“",
    "”",
    "《",
    "》",
    "【",
    "】",
    "其中",
    "人",
    "名",
    "万元",
    "件",
    "人次",
    "5",
    "12",
    "３",
    "0.5",
    "一",
    "二",
    "十",
    "〇",
    "零",
    "○",
    "O",
    "年",
    "月",
    "日",
    "号",
    "X",
    "Ｘ",
    "××",
    "第一种形态",
    "第二种形态",
    "个方面",
    "问题",
    "已完成",
    "完成率",
    "%",
    "截至",
    "联系电话：",
    "邮编",
    "党纪处分",
    "政务处分",
    "诫勉",
    "问责",
    "\t",
    "\u{3000}",
    " ",
    "两规",
    "政纪处分",
    "TODO",
    "待定",
    "下一步",
    "一是",
    "二是",
    "巡视组",
    "反馈",
    "2025-06-10 09:00 ",
    "一、",
    "（一）",
    "1.",
    "（1）",
    "甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲",
    // Matches next to each other: where splitting a pattern or a rule would show.
    "两规双规",
    "双规两规",
    "，，,,",
    "X月X日",
    "Ｘ月Ｘ日",
    "【［］】",
    "××＊＊",
    "二零零五年",
];

/// xorshift64*: enough randomness for test inputs, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The char boundary at or before byte `i`.
fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 5 {
        eprintln!("usage: gen_mutants DIR COUNT SEED FILE...");
        std::process::exit(2);
    }
    let dir = std::path::Path::new(&args[1]);
    let count: usize = args[2].parse().expect("COUNT is a number");
    let seed: u64 = args[3].parse().expect("SEED is a number");
    let mut lines: Vec<String> = Vec::new();
    for f in &args[4..] {
        if let Ok(text) = std::fs::read_to_string(f) {
            lines.extend(
                text.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(String::from),
            );
        }
    }
    if lines.is_empty() {
        eprintln!("gen_mutants: no lines in the given files");
        std::process::exit(2);
    }
    std::fs::create_dir_all(dir).expect("create the output directory");
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for i in 0..count {
        let n = 3 + rng.below(58);
        let mut doc: Vec<String> = (0..n)
            .map(|_| lines[rng.below(lines.len())].clone())
            .collect();
        for _ in 0..rng.below(31) {
            let k = rng.below(doc.len());
            let s = &doc[k];
            let p = boundary(s, rng.below(s.len() + 1));
            let edited = match rng.below(10) {
                0..=5 => format!("{}{}{}", &s[..p], TOKENS[rng.below(TOKENS.len())], &s[p..]),
                6 | 7 => {
                    let q = boundary(s, p + 1 + rng.below(12));
                    format!("{}{}", &s[..p], &s[q.max(p)..])
                }
                _ => format!("{}{s}", TOKENS[rng.below(TOKENS.len())]),
            };
            doc[k] = edited;
        }
        let eol = ["\n", "\n", "\r\n", "\r"][rng.below(4)];
        let mut f = std::fs::File::create(dir.join(format!("m-{i:05}.txt"))).expect("create");
        f.write_all(doc.join(eol).as_bytes()).expect("write");
    }
}
