//! YAML helpers shared by the rule loader, the configuration loader and the feedback
//! reader: mappings whose keys must be unique (YAML requires it; serde_yaml keeps the last
//! of two silently), and serde_yaml's errors as zhenggai reports them ([`error`], and
//! [`located`] in a file).

use serde::Deserialize;
use std::collections::BTreeMap;

/// The end of the message for a key given twice ([`key_twice`] recognises it).
const TWICE: &str = "is given twice in this mapping; keep one";

/// Deserializes a mapping, refusing a key given twice (`deserialize_with`).
pub(crate) fn unique_keys<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a mapping")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(k) = m.next_key::<String>()? {
                if out.contains_key(&k) {
                    return Err(serde::de::Error::custom(format!("`{k}` {TWICE}")));
                }
                let v = m.next_value()?;
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique(std::marker::PhantomData))
}

/// [`unique_keys`] for an optional field (`#[serde(default, deserialize_with = …)]`).
pub(crate) fn unique_keys_opt<'de, D, V>(d: D) -> Result<Option<BTreeMap<String, V>>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    unique_keys(d).map(Some)
}

/// A serde_yaml error as zhenggai reports it: the message, and where it is apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// What is wrong, without serde_yaml's trailing ` at line L column C`.
    pub(crate) message: String,
    /// 1-based line and column, when serde_yaml gives them.
    pub(crate) at: Option<(usize, usize)>,
}

/// The message and location of serde_yaml's error `e` on `src`; a key given twice is
/// reported at the second key, naming the mapping.
pub(crate) fn error(src: &str, e: &serde_yaml::Error) -> YamlError {
    let full = e.to_string();
    // serde_yaml appends " at line L column C"; the location is given separately.
    let message = full.split(" at line ").next().unwrap_or(&full).to_string();
    match e.location() {
        Some(l) => {
            let (message, line, column) = key_twice(src, &message, l.line(), l.column())
                .unwrap_or((message, l.line(), l.column()));
            YamlError {
                message,
                at: Some((line, column)),
            }
        }
        None => YamlError { message, at: None },
    }
}

/// serde_yaml's error `e` on the text `src` of `file`, located (at the file's start when
/// serde_yaml gives no place): how a rule or configuration file that does not parse is
/// reported.
pub(crate) fn located(file: &str, src: &str, e: &serde_yaml::Error) -> crate::error::Error {
    let e = error(src, e);
    let (line, column) = e.at.unwrap_or((1, 1));
    crate::error::Error::at(file, line, column, e.message)
}

/// For a key given twice: the message (naming the mapping) and the position of the second
/// key of the block mapping whose first key is at (`line`, `col`). serde_yaml locates a
/// visitor's error at the mapping, and prefixes its path (`rules: `). In a flow mapping
/// (`{a: 1, a: 2}`), or where the second key is written differently (quoted one way and
/// not the other), the error stays at the mapping.
fn key_twice(src: &str, msg: &str, line: usize, col: usize) -> Option<(String, usize, usize)> {
    let head = msg.strip_suffix(TWICE)?.trim_end().strip_suffix('`')?;
    let open = head.rfind('`')?;
    let key = &head[open + 1..];
    let mapping = head[..open].trim().trim_end_matches(':');
    let message = if mapping.is_empty() {
        format!("`{key}` {TWICE}")
    } else {
        format!("`{key}` is given twice in `{mapping}`; keep one")
    };
    let indent = col.checked_sub(1)?;
    let at = src
        .lines()
        .enumerate()
        .skip(line.checked_sub(1)?)
        .filter(|(_, l)| {
            l.get(indent..).is_some_and(|rest| {
                l[..indent].trim().is_empty()
                    && [
                        format!("{key}:"),
                        format!("\"{key}\":"),
                        format!("'{key}':"),
                    ]
                    .iter()
                    .any(|k| rest.starts_with(k.as_str()))
            })
        })
        .nth(1)
        .map_or(line, |(i, _)| i + 1);
    Some((message, at, col))
}
