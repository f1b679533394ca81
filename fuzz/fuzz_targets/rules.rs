//! The rule loader on arbitrary YAML: a rule file either loads or is refused with a located
//! error, never a panic or a hang; a rule that loads runs on a sample without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SAMPLE: &str = "中共临溪市委关于巡视整改情况的通报\n根据省委统一部署，2024年3月18日至5月20日，省委第七巡视组对临溪市开展了巡视。\n一、关于“甲”问题的整改情况\n给予党纪处分5人（党内警告3人，严重警告2人）。\n联系电话：0833-6217045。\n中共临溪市委\n2025年6月10日";

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(rule) = zhenggai::rules::load::load_str("fuzz.yaml", src) {
        let doc = zhenggai::parse(SAMPLE.to_string());
        for d in rule.run(&doc) {
            assert!(d.span.end <= SAMPLE.len() && SAMPLE.is_char_boundary(d.span.start));
        }
    }
});
