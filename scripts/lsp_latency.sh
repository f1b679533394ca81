#!/usr/bin/env bash
# Language server latency as an editor sees it (issue 12): open, one edit and a 200-edit
# burst on 11 KB, 200 KB and 5 MB documents (and 5 MB on one line), in UTF-16 and UTF-8
# positions. Prints a Markdown table (docs/editors.md, "Language server latency").
#
#   scripts/lsp_latency.sh [path/to/zhenggai]   # default target/release/zhenggai
#   ZG_LSP_RUNS=3                               # sessions per figure (the median is shown)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/target/release/zhenggai}
[ -x "$BIN" ] || { echo "lsp_latency.sh: no binary at $BIN (cargo build --release)" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
rustc -O --edition 2021 "$ROOT/scripts/lsp_latency.rs" -o "$TMP/lsp_latency"
echo "zhenggai $("$BIN" --version 2>/dev/null | cut -d' ' -f2), $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%d)"
"$TMP/lsp_latency" "$BIN"
