#!/usr/bin/env bash
# Regenerates src/feedback/dict.txt: jieba's dictionary (MIT, shipped in the jieba-rs crate)
# pruned to words of frequency >= MIN (300), "word freq" per line, sorted by bytes (rarity
# lookups binary-search it). Loading the whole dictionary takes 175 ms (release); >= 200,
# 5 ms; >= 300, 3.5 ms; >= 500, 2.5 ms but words such as 厂房 are lost. Matching feedback
# needs common words and their frequencies (rarity weights), not the long tail (an unknown
# word is rare by definition); the synonym table and the domain words in
# src/feedback/words.rs keep the phrases that matter whole.
#   scripts/jieba_dict.sh [MIN]      (needs the jieba-rs source in ~/.cargo/registry: cargo fetch)
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/jieba-rs-0.11.*/src/data/dict.txt | head -1)
awk -v min="${1:-300}" '$2 >= min { print $1, $2 }' "$src" | LC_ALL=C sort > src/feedback/dict.txt
wc -l src/feedback/dict.txt
