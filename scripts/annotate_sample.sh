#!/usr/bin/env bash
# A sample of `zhenggai annotate`: examples/faulty.txt written back as a Word document with a
# comment (批注) at each problem and its safe fixes as tracked changes.
#
#   scripts/annotate_sample.sh [OUT_DIR]     (default: target/annotate)
#
# Writes OUT_DIR/faulty.reviewed.docx and prints its comments. The .docx is produced here,
# never committed. Exit status: that of the build or of a failed annotate (annotate itself
# exits 1 because the sample has errors; that is the point of it).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/annotate}
mkdir -p "$out"
cargo build -q
bin=target/debug/zhenggai
status=0
"$bin" annotate examples/faulty.txt -o "$out/faulty.reviewed.docx" --fix-as-revisions --no-config ||
  status=$?
if [ "$status" -gt 1 ]; then
  exit "$status"
fi
# The comments, one per line: what a reviewer opening the file in Word sees in the margin.
if command -v unzip >/dev/null 2>&1; then
  unzip -p "$out/faulty.reviewed.docx" word/comments.xml |
    sed -e 's#</w:comment>#\n#g' |
    sed -e 's#<w:comment w:id="\([0-9]*\)"[^>]*>#[\1] #' -e 's#</w:p><w:p>#  #g' -e 's#<[^>]*>##g' |
    grep -v '^$' | grep -v '^<?xml' || true
fi
echo "written: $out/faulty.reviewed.docx"
