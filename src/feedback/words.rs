//! Words for matching: a synonym table turns domain phrases into one concept each
//! (`八项规定`, `四风` → the same token), jieba segments the rest, and each word weighs by its
//! rarity (jieba's corpus frequency here, its spread over the report in `super::matching`).

use jieba_rs::Jieba;
use std::collections::HashMap;
use std::sync::OnceLock;

/// jieba's dictionary pruned to frequency >= 300, sorted by bytes (`scripts/jieba_dict.sh`).
const DICT: &str = include_str!("dict.txt");

/// Built once per process, on the first feedback: 3.5 ms (release).
static JIEBA: OnceLock<Jieba> = OnceLock::new();

fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(|| {
        let mut j = Jieba::with_dict(&mut DICT.as_bytes()).unwrap_or_else(|_| Jieba::empty());
        // Domain words the pruned dictionary splits wrongly and that carry meaning whole.
        for w in DOMAIN_WORDS {
            j.add_word(w, Some(2000), None);
        }
        j
    })
}

/// Builds the segmenter and the frequency table (about 4 ms together in a release build) on
/// another thread, so that it overlaps reading and parsing the document: called when a
/// feedback file is read.
pub(crate) fn warm_up() {
    if JIEBA.get().is_none() {
        std::thread::spawn(|| {
            let _ = jieba();
            let _ = rarity("");
        });
    }
}

/// Words kept whole (the pruned dictionary lacks them or splits them across meanings).
const DOMAIN_WORDS: &[&str] = &[
    "四风",
    "纠治",
    "一岗双责",
    "主体责任",
    "监督责任",
    "两个责任",
    "党风廉政",
    "形式主义",
    "官僚主义",
    "享乐主义",
    "奢靡之风",
    "意识形态",
    "巡视整改",
    "巡察整改",
    "选人用人",
    "干部选拔",
    "三重一大",
    "三会一课",
    "民主集中制",
    "基层党组织",
    "党支部",
    "党员发展",
    "长效机制",
    "政府采购",
    "招标投标",
    "工程建设",
    "国有资产",
    "营商环境",
    "乡村振兴",
    "安全生产",
    "信访",
    "审计整改",
    "专项资金",
    "违规吃喝",
    "公务用车",
    "办公用房",
    "隐形变异",
    "作风建设",
];

/// Words that say nothing about which problem a text is about: the wrapping of headings
/// (`关于…问题的整改情况`) and function words. Problem predicates (`不够`, `不到位`) stay: the
/// report-wide rarity weight already makes them light.
const STOP: &[&str] = &[
    "关于",
    "问题",
    "整改",
    "情况",
    "整改情况",
    "落实情况",
    "进展",
    "方面",
    "的",
    "了",
    "和",
    "与",
    "及",
    "等",
    "在",
    "对",
    "是",
    "有",
    "为",
    "将",
    "把",
    "被",
    "中",
    "上",
    "下",
    "其",
    "之",
    "并",
    "或",
    "也",
    "还",
    "仍",
    "已",
    "一些",
    "部分",
    "个别",
    "存在",
    "一是",
    "二是",
    "三是",
];

/// Words that say how something falls short (`管理不规范`, `落实不到位`, `机制不够健全`), not
/// which thing: two different problems share them, so they weigh a third of a topic word
/// (`景区门票收入管理不规范` must not be answered by `关于机关食堂管理不规范的问题`).
const PREDICATE: &[&str] = &[
    "不",
    "不够",
    "到位",
    "不到位",
    "不力",
    "有力",
    "不严",
    "严格",
    "不严格",
    "规范",
    "不规范",
    "管理",
    "不足",
    "不强",
    "不高",
    "充分",
    "不充分",
    "滞后",
    "薄弱",
    "环节",
    "薄弱环节",
    "健全",
    "不健全",
    "完善",
    "不完善",
    "落实",
    "执行",
    "建设",
    "工作",
    "加强",
    "强化",
    "推进",
    "差距",
    "有待",
    "提高",
    "提升",
    "较多",
    "突出",
    "漏洞",
    "缺失",
    "偏软",
    "偏宽",
    "欠缺",
    "缺乏",
    "力度",
    "作用",
    "发挥",
    "进一步",
    "深入",
    "及时",
    "不及时",
    "有效",
    "仍然",
    "依然",
    "时有发生",
    "发生",
];

/// The weight factor of a word by what it says: 1 for a topic, less for a predicate.
pub fn role(word: &str) -> f64 {
    if PREDICATE.contains(&word) { 0.35 } else { 1.0 }
}

/// A synonym table: each phrase and the concept it stands for (the group's first phrase).
#[derive(Debug, Clone, Default)]
pub(crate) struct Synonyms {
    /// (phrase, concept), longest phrase first so `中央八项规定精神` wins over `八项规定`.
    phrases: Vec<(String, String)>,
    /// Positions in `phrases` by first character: most characters start no phrase.
    by_first: HashMap<char, Vec<usize>>,
}

impl Synonyms {
    /// A table from groups of phrases that mean the same in feedback and reports.
    pub(crate) fn new<S: AsRef<str>>(groups: &[Vec<S>]) -> Synonyms {
        let mut phrases = Vec::new();
        for g in groups {
            let Some(first) = g.first() else { continue };
            let concept = format!("〔{}〕", first.as_ref());
            for p in g {
                let p = p.as_ref().trim();
                if !p.is_empty() {
                    phrases.push((p.to_string(), concept.clone()));
                }
            }
        }
        phrases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        phrases.dedup_by(|a, b| a.0 == b.0);
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (k, (p, _)) in phrases.iter().enumerate() {
            if let Some(c) = p.chars().next() {
                by_first.entry(c).or_default().push(k);
            }
        }
        Synonyms { phrases, by_first }
    }
}

/// The words of `text`, concepts first: each synonym phrase becomes its concept token and is
/// cut out of the text; jieba segments what is left; stop words and punctuation are dropped;
/// a word of three or more characters also gives its two-character parts (so `禁而未绝` and
/// `禁而` / `未绝`, or a compound the two texts segment differently, still meet).
#[cfg(test)]
fn words(text: &str, syn: &Synonyms) -> Vec<String> {
    words_marked(text, syn)
        .into_iter()
        .map(|(w, _)| w)
        .collect()
}

/// [`words`], each marked whether it is only a two-character part of a longer word.
pub(crate) fn words_marked(text: &str, syn: &Synonyms) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = String::with_capacity(text.len());
    let mut i = 0;
    'outer: while i < text.len() {
        let tail = &text[i..];
        let c = tail.chars().next().unwrap_or(' ');
        for &k in syn.by_first.get(&c).map_or(&[][..], Vec::as_slice) {
            let (p, concept) = &syn.phrases[k];
            if tail.starts_with(p.as_str()) {
                out.push((concept.clone(), false));
                rest.push('|');
                i += p.len();
                continue 'outer;
            }
        }
        rest.push(if c.is_alphanumeric() { c } else { '|' });
        i += c.len_utf8();
    }
    for tok in jieba().cut(&rest, true) {
        let w = tok.word;
        if !w.chars().any(char::is_alphanumeric) || STOP.contains(&w) {
            continue;
        }
        let chars: Vec<char> = w.chars().collect();
        if chars.len() >= 3 {
            for pair in chars.windows(2) {
                let p: String = pair.iter().collect();
                if !STOP.contains(&p.as_str()) {
                    out.push((p, true));
                }
            }
        }
        out.push((w.to_string(), false));
    }
    out
}

/// How rare a word is in general Chinese, 0.3–1: from jieba's frequencies, so `工作` weighs
/// less than `寄递` before the report's own spread is counted. Concepts and unknown words are 1.
pub(crate) fn rarity(word: &str) -> f64 {
    // The dictionary is sorted by bytes (`scripts/jieba_dict.sh`): a binary search over its
    // lines, no hash table to build.
    static LINES: OnceLock<(Vec<(&'static str, u64)>, f64)> = OnceLock::new();
    let (lines, log_total) = LINES.get_or_init(|| {
        let v: Vec<(&str, u64)> = DICT
            .lines()
            .filter_map(|l| {
                let (w, f) = l.split_once(' ')?;
                Some((w, f.parse().ok()?))
            })
            .collect();
        let total: u64 = v.iter().map(|x| x.1).sum();
        (v, (total.max(1) as f64).ln())
    });
    match lines.binary_search_by(|(w, _)| w.as_bytes().cmp(word.as_bytes())) {
        // A word at the dictionary's floor (frequency 300) is about 10 below log(total).
        Ok(i) => ((log_total - (lines[i].1 as f64).ln()) / 10.0).clamp(0.3, 1.0),
        Err(_) => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_become_one_concept() {
        let s = Synonyms::new(&[vec!["四风", "八项规定", "中央八项规定精神"]]);
        let a = words("违反中央八项规定精神问题仍有发生", &s);
        let b = words("关于“四风”问题禁而未绝的问题", &s);
        assert!(a.contains(&"〔四风〕".to_string()), "{a:?}");
        assert!(b.contains(&"〔四风〕".to_string()), "{b:?}");
        assert!(!b.contains(&"问题".to_string()));
    }

    #[test]
    fn rare_words_weigh_more() {
        assert!(rarity("整改") > rarity("工作"));
        assert!(rarity("一") < rarity("工作"));
        assert_eq!(rarity("〔四风〕"), 1.0);
    }
}
