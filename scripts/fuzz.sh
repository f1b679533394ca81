#!/usr/bin/env bash
# Runs one cargo-fuzz target on stable Rust (RUSTC_BOOTSTRAP=1 unlocks the sanitizer flags),
# seeding its corpus from the examples and the built-in rules first.
#   [MAX_LEN=BYTES] scripts/fuzz.sh TARGET [SECONDS]     TARGET: parse | check | rules | docx | markdown
# Needs `cargo install cargo-fuzz`. Not part of .ci/run. Findings land in
# fuzz/artifacts/TARGET/; turn each into a regression test before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh parse|check|rules|docx|markdown [seconds]}
seconds=${2:-600}
corpus=fuzz/corpus/$target
mkdir -p "$corpus"
case $target in
  parse)
    cp examples/*.txt "$corpus"/ ;;
  check)
    for f in examples/*.txt; do
      b=$(basename "$f" .txt)
      { printf '\0'; cat "$f"; } > "$corpus/$b.txt"
      { printf '\1'; cat "$f"; } > "$corpus/$b.md"
    done ;;
  rules)
    cp rules/*.yaml "$corpus"/ ;;
  markdown)
    # The examples as Markdown, with suppression comments of each form spliced in
    # (bytes 0xF0-0xFF pick a piece: see fuzz_targets/markdown.rs).
    for f in examples/*.txt; do
      b=$(basename "$f" .txt)
      cp "$f" "$corpus/$b.md"
      { printf '\xf0\xf4'; head -c 2000 "$f"; printf '\xf1\xf5\xfa\xfb\xfc\xf2\xf6\xf8'; } > "$corpus/$b-directives.md"
    done ;;
  docx)
    # Odd first byte: the rest is word/document.xml (the target zips it).
    { printf '\1'; cat <<'XML'; } > "$corpus/document.xml"
<w:document xmlns:w="w"><w:body><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>关于“甲”问题的整改情况</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">给予党纪处分5人（党内警告3人，</w:t></w:r><w:del><w:r><w:delText>XX</w:delText></w:r></w:del><w:ins><w:r><w:t>严重警告2人）。</w:t></w:r></w:ins><w:r><w:tab/><w:br/><w:t>&amp;&#x4E00;</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>中共临溪市委</w:t></w:r></w:p></w:tc></w:tr></w:tbl><mc:AlternateContent><mc:Choice><w:p/></mc:Choice><mc:Fallback><w:p><w:r><w:t>x</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent></w:body></w:document>
XML
    ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "$corpus" -- \
  -max_total_time="$seconds" -max_len="${MAX_LEN:-32768}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
