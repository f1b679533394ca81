//! `zhenggai inspect FILE`: prints what the parser recognised in a draft (the intro's facts,
//! every date with its role, declared counts, the feedback-area sections, tallies, progress,
//! contacts, the signature), as Chinese text or as JSON.

use super::{InspectArgs, InspectFormat, print_out, report_err};
use crate::input::{self, InputFormat, Source, markdown};

/// Reads, decodes and parses one file and prints its facts.
pub(crate) fn run(args: InspectArgs) -> u8 {
    let source = if args.file.as_os_str() == "-" {
        Source::Stdin {
            name: args.stdin_filename.unwrap_or_else(|| "-".to_string()),
        }
    } else {
        Source::File(args.file)
    };
    let decoded = match input::load(&source, None) {
        Ok(d) => d,
        Err(e) => return report_err(&e.to_string()),
    };
    let doc = if decoded.format == InputFormat::Markdown {
        crate::parse::parse(markdown::mask(&decoded.text))
    } else {
        crate::parse::parse(decoded.text)
    };
    let name = source.name();
    match args.format {
        InspectFormat::Human => print_out(&crate::inspect::human(&doc, &name)),
        InspectFormat::Json => {
            let mut v = serde_json::json!({
                "path": name,
                "format": decoded.format.as_str(),
                "encoding": decoded.encoding.name(),
            });
            if let (Some(o), serde_json::Value::Object(facts)) =
                (v.as_object_mut(), crate::inspect::facts(&doc))
            {
                o.extend(facts);
            }
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            print_out(&s)
        }
    }
}
