#!/usr/bin/env bash
# Differential test for changes meant to keep behaviour (speed work, refactors): the
# working tree's release build against another revision's, on generated drafts
# (scripts/gen_mutants.rs: lines of the examples, the test fixtures and, when present, the
# shared corpus, sampled and edited at random) with every pack on. Any difference in the
# JSON output is printed and fails the script.
#
#   scripts/difftest.sh            # against HEAD (the uncommitted change)
#   scripts/difftest.sh main~3     # against any revision
#   ZG_DIFF_COUNT=1500 ZG_DIFF_SEED=7 scripts/difftest.sh
#   ZG_DIFF_OLD_BIN=/path/old ZG_DIFF_NEW_BIN=target/debug/zhenggai scripts/difftest.sh
#                                  # prebuilt binaries: no release builds (REV is then unused)
#   ZG_DIFF_FORMATS="json human"   # the output formats compared (default: every format)
#
# The revision is built in a temporary worktree into target/difftest (kept, so a second
# run against the same revision is quick). Exit 0 identical, 1 different, 2 trouble.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REV=${1:-HEAD}
COUNT=${ZG_DIFF_COUNT:-1500}
SEED=${ZG_DIFF_SEED:-7}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/zhenggai-difftest.XXXXXX")
cleanup() {
    git -C "$ROOT" worktree remove --force "$TMP/rev" >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s\n' "$*" >&2; }

if ! git -C "$ROOT" rev-parse --verify --quiet "$REV^{commit}" >/dev/null; then
    say "difftest: no such revision: $REV"
    exit 2
fi
OLD=${ZG_DIFF_OLD_BIN:-}
NEW=${ZG_DIFF_NEW_BIN:-}
if [[ -z $OLD ]]; then
    say "building $REV ($(git -C "$ROOT" rev-parse --short "$REV")) (release)"
    git -C "$ROOT" worktree add --detach --quiet "$TMP/rev" "$REV"
    (cd "$TMP/rev" && cargo build --release --quiet --target-dir "$ROOT/target/difftest")
    OLD="$ROOT/target/difftest/release/zhenggai"
fi
if [[ -z $NEW ]]; then
    say "building the working tree (release)"
    (cd "$ROOT" && cargo build --release --quiet)
    NEW="$ROOT/target/release/zhenggai"
fi
FORMATS=${ZG_DIFF_FORMATS:-json human concise json-lines github sarif rdjson gitlab junit html}

rustc -O --edition 2021 "$ROOT/scripts/gen_mutants.rs" -o "$TMP/gen_mutants"
inputs=("$ROOT"/examples/*.txt)
while IFS= read -r f; do inputs+=("$f"); done < <(find "$ROOT/tests/fixtures" -name '*.txt' | sort)
if [[ -d $ROOT/../shared/corpus ]]; then inputs+=("$ROOT"/../shared/corpus/*.txt); fi
"$TMP/gen_mutants" "$TMP/drafts" "$COUNT" "$SEED" "${inputs[@]}"

# run BIN FORMAT OUT: every pack, no configuration; exit 1 (findings) is expected, 2 is trouble.
run() {
    local rc=0
    "$1" check --no-config --color never --format "$2" --extends core,style,gbt9704 "$TMP/drafts" "${inputs[@]}" >"$3" 2>&1 || rc=$?
    if ((rc > 1)); then
        say "difftest: $1 --format $2 exited with $rc"
        exit 2
    fi
}
status=0
for f in $FORMATS; do
    run "$OLD" "$f" "$TMP/old.$f"
    run "$NEW" "$f" "$TMP/new.$f"
    if ! cmp -s "$TMP/old.$f" "$TMP/new.$f"; then
        say "DIFFERENT --format $f output; first differences:"
        diff <(tr '{' '\n' <"$TMP/old.$f") <(tr '{' '\n' <"$TMP/new.$f") | head -40 >&2 || true
        status=1
    fi
done

files=$((COUNT + ${#inputs[@]}))
if ((status == 0)); then
    say "identical: $files files, formats: $FORMATS (seed $SEED)"
    exit 0
fi
say "DIFFERENT output on the same $files files (seed $SEED)"
exit 1
