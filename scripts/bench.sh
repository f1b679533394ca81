#!/usr/bin/env bash
# End-to-end benchmarks for zhenggai (issue 5): throughput over a generated corpus against
# `cat` and `rg`, scaling with corpus size and threads, peak memory, process start, and the
# in-process time of one document (criterion). Prints the figures, the ratios and which
# targets of issue 5 are met.
#
#   scripts/bench.sh                       # everything, ~3-5 minutes on 2 cores
#   ZG_BENCH_SCALES="1 4" scripts/bench.sh # fewer scaling steps when time is short
#
# Environment (all optional):
#   ZG_BENCH_FILES=1000     documents in the 1x corpus
#   ZG_BENCH_SIZE=20000     bytes per document (about)
#   ZG_BENCH_SCALES="1 4 16" corpus multiples timed for the scaling check
#   ZG_BENCH_RUNS=5         timed runs per corpus command (after one warm-up run)
#   ZG_BENCH_BIG_MB=100     size of the single big file (0 skips it)
#   ZG_BENCH_BIG_TIMEOUT=180 seconds allowed for the big file before giving up
#   ZG_BENCH_CRITERION=1    0 skips the in-process criterion figures
#
# Tools: hyperfine, rg, autocorrect and GNU time (/usr/bin/time) are used when installed
# (`apt-get install -y hyperfine ripgrep time`); without hyperfine the script times with
# bash, without rg or autocorrect it skips them, without GNU time it skips peak RSS.
#
# What is compared (same corpus, same page cache, all runs warm):
#   cat       `cat DIR/*.txt`: the cost of reading the files.
#   rg        `rg PATTERN DIR` printing the matching lines, where PATTERN is the union of the
#             literals the built-in rules look for (see RG_PATTERN below).
#   zhenggai  `zhenggai check --format json DIR`.
# Output goes to a pipe that is drained and discarded (hyperfine --output=pipe), not to
# /dev/null: ripgrep stops at the first match of each file when stdout is /dev/null.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FILES=${ZG_BENCH_FILES:-1000}
SIZE=${ZG_BENCH_SIZE:-20000}
SCALES=${ZG_BENCH_SCALES:-1 4 16}
RUNS=${ZG_BENCH_RUNS:-5}
BIG_MB=${ZG_BENCH_BIG_MB:-100}
BIG_TIMEOUT=${ZG_BENCH_BIG_TIMEOUT:-180}
CRITERION=${ZG_BENCH_CRITERION:-1}

# The union of the built-in rules' literal patterns for rg. From rules/*.yaml:
#   obsolete-term        政纪处分 两规 双规
#   placeholder          XX ＸＸ ×× 待补充 待定 待核实 TODO TBD 【 ［
#   duplicate-punctuation ，， 。。 ；； 、、
#   declared-items       还有
# and the anchors the structural kinds start from (the parser's prefilters and facts):
#   tally-sum / tally-category 处分 其中      four forms 形态      progress 完成率
#   declared-sections 个方面   contacts 联系电话 邮箱 邮编   as-of dates 截至
# Single characters that occur on nearly every line (月 for dates, （ for tallies, the
# bracket pairs) are left out: rg would then print the whole corpus.
RG_PATTERN='处分|其中|形态|完成率|个方面|还有|联系电话|邮箱|邮编|截至|政纪处分|两规|双规|XX|ＸＸ|××|待补充|待定|待核实|TODO|TBD|【|［|，，|。。|；；|、、'

TMP=$(mktemp -d "${TMPDIR:-/tmp}/zhenggai-bench.XXXXXX")
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s\n' "$*" >&2; }
section() { printf '\n== %s ==\n' "$*" >&2; }
# awk arithmetic on the figures: calc 'a/b' a=1 b=2
calc() {
    local expr=$1
    shift
    local args=()
    for kv in "$@"; do args+=(-v "$kv"); done
    awk "${args[@]}" "BEGIN { printf \"%.6g\", $expr }"
}
# verdict COND: PASS or FAIL from an awk condition over name=value pairs
verdict() {
    local cond=$1
    shift
    local args=()
    for kv in "$@"; do args+=(-v "$kv"); done
    awk "${args[@]}" "BEGIN { print (($cond) ? \"PASS\" : \"FAIL\") }"
}

HYPERFINE=$(command -v hyperfine || true)
RG=$(command -v rg || true)
AUTOCORRECT=$(command -v autocorrect || true)
GNU_TIME=""
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true 2>/dev/null; then GNU_TIME=/usr/bin/time; fi

declare -A MEAN

# time_set WARMUP RUNS NAME CMD [NAME CMD]...: times shell commands, fills MEAN[NAME] (s).
time_set() {
    local warmup=$1 runs=$2
    shift 2
    if [[ -n $HYPERFINE ]]; then
        local args=() names=()
        while (($#)); do
            names+=("$1")
            args+=(-n "$1" "$2")
            shift 2
        done
        "$HYPERFINE" --style basic --output=pipe -i -w "$warmup" -r "$runs" \
            --export-json "$TMP/hyperfine.json" "${args[@]}" >&2
        local means
        mapfile -t means < <(grep -o '"mean": *[0-9.eE+-]*' "$TMP/hyperfine.json" | sed 's/.*: *//')
        local i
        for i in "${!names[@]}"; do MEAN[${names[$i]}]=${means[$i]}; done
    else
        while (($#)); do
            local name=$1 cmd=$2 i t0 t1
            shift 2
            for ((i = 0; i < warmup; i++)); do bash -c "$cmd" 2>/dev/null | cat >/dev/null || true; done
            t0=$EPOCHREALTIME
            for ((i = 0; i < runs; i++)); do bash -c "$cmd" 2>/dev/null | cat >/dev/null || true; done
            t1=$EPOCHREALTIME
            MEAN[$name]=$(calc '(b-a)/n' a="$t0" b="$t1" n="$runs")
            printf '  %-34s %9.4f s  (mean of %d, bash timing)\n' "$name" "${MEAN[$name]}" "$runs" >&2
        done
    fi
}

bytes_of() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }

# ------------------------------------------------------------------ build
section "build"
(cd "$ROOT" && cargo build --release --quiet)
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/zhenggai
[[ -x $BIN ]] || { say "no binary at $BIN"; exit 2; }
rustc -O --edition 2021 "$ROOT/scripts/gen_corpus.rs" -o "$TMP/gen_corpus"
say "binary: $BIN"
say "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(uname -sr)"
say "tools: hyperfine=${HYPERFINE:-none} rg=${RG:-none} autocorrect=${AUTOCORRECT:-none} gnu-time=${GNU_TIME:-none}"

# ------------------------------------------------------------------ corpus
section "corpus"
max_scale=1
for k in $SCALES; do
    if ((k > max_scale)); then max_scale=$k; fi
done
"$TMP/gen_corpus" "$TMP/all" $((FILES * max_scale)) "$SIZE" >/dev/null
for k in $SCALES; do
    mkdir "$TMP/c$k"
    find "$TMP/all" -name 'doc-*.txt' | sort | head -n $((FILES * k)) | xargs ln -t "$TMP/c$k"
done
[[ -d $TMP/c1 ]] || { mkdir "$TMP/c1"; find "$TMP/all" -name 'doc-*.txt' | sort | head -n "$FILES" | xargs ln -t "$TMP/c1"; }
C1=$TMP/c1
BYTES1=$(bytes_of "$C1")
MB1=$(calc 'b/1e6' b="$BYTES1")
say "1x corpus: $FILES files, $BYTES1 bytes ($MB1 MB), documents grown from examples/*.txt"

# One checked run: exit code, diagnostics, determinism across runs and thread counts.
rc=0
"$BIN" check --format json "$C1" >"$TMP/out1.json" || rc=$?
if ((rc == 2)); then
    say "zhenggai exited 2 on the corpus:"
    head -c 2000 "$TMP/out1.json" >&2
    exit 2
fi
DIAGS=$(grep -o '"rule":' "$TMP/out1.json" | wc -l)
"$BIN" check --format json "$C1" >"$TMP/out2.json" || true
RAYON_NUM_THREADS=1 "$BIN" check --format json "$C1" >"$TMP/out3.json" || true
if cmp -s "$TMP/out1.json" "$TMP/out2.json" && cmp -s "$TMP/out1.json" "$TMP/out3.json"; then
    DETERMINISTIC=yes
else
    DETERMINISTIC=NO
fi
say "zhenggai on the corpus: exit $rc, $DIAGS diagnostics, $(wc -c <"$TMP/out1.json") bytes of JSON; identical output across runs and 1 vs $(nproc) threads: $DETERMINISTIC"

# ------------------------------------------------------------------ throughput, 1x
section "throughput: 1x corpus ($FILES files, $MB1 MB)"
q() { printf '%q' "$1"; }
set_args=(cat "cat $(q "$C1")/*.txt")
if [[ -n $RG ]]; then set_args+=(rg "$(q "$RG") $(q "$RG_PATTERN") $(q "$C1")"); fi
set_args+=(zhenggai "$(q "$BIN") check --format json $(q "$C1")")
set_args+=("zhenggai 1 thread" "RAYON_NUM_THREADS=1 $(q "$BIN") check --format json $(q "$C1")")
if [[ -n $AUTOCORRECT ]]; then set_args+=(autocorrect "$(q "$AUTOCORRECT") --lint $(q "$C1")"); fi
time_set 1 "$RUNS" "${set_args[@]}"
if [[ -n $RG ]]; then
    say "rg printed $("$RG" "$RG_PATTERN" "$C1" | wc -l) matching lines"
fi

# ------------------------------------------------------------------ scaling
section "scaling: corpus x(${SCALES})"
scale_args=()
for k in $SCALES; do
    scale_args+=("zhenggai ${k}x" "$(q "$BIN") check --format json $(q "$TMP/c$k")")
done
time_set 1 3 "${scale_args[@]}"

# ------------------------------------------------------------------ process start, one file
section "whole process: one 20 KB file, and one 2 KB file"
ONE=$C1/doc-00000.txt
"$TMP/gen_corpus" "$TMP/tiny" 1 2000 >/dev/null
TINY=$TMP/tiny/doc-00000.txt
if [[ -n $HYPERFINE ]]; then
    "$HYPERFINE" --style basic -N -i -w 20 -m 200 --export-json "$TMP/one.json" \
        -n "zhenggai check one.txt ($(wc -c <"$ONE") B)" "$(q "$BIN") check $(q "$ONE")" \
        -n "zhenggai check tiny.txt ($(wc -c <"$TINY") B)" "$(q "$BIN") check $(q "$TINY")" >&2
    mapfile -t m < <(grep -o '"mean": *[0-9.eE+-]*' "$TMP/one.json" | sed 's/.*: *//')
    MEAN[one]=${m[0]}
    MEAN[tiny]=${m[1]}
else
    for name in one tiny; do
        f=$ONE
        [[ $name == tiny ]] && f=$TINY
        for ((i = 0; i < 20; i++)); do "$BIN" check "$f" >/dev/null || true; done
        t0=$EPOCHREALTIME
        for ((i = 0; i < 200; i++)); do "$BIN" check "$f" >/dev/null || true; done
        t1=$EPOCHREALTIME
        MEAN[$name]=$(calc '(b-a)/200' a="$t0" b="$t1")
        say "  zhenggai check $name: $(calc 'x*1000' x="${MEAN[$name]}") ms (mean of 200, bash timing)"
    done
fi

# ------------------------------------------------------------------ memory
section "peak memory"
RSS1="" RSSBIG="" BIGBYTES=0 BIGTIME="" BIGNOTE=""
if [[ -n $GNU_TIME ]]; then
    "$GNU_TIME" -v -o "$TMP/rss1.txt" "$BIN" check --format json "$C1" >/dev/null || true
    RSS1=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$TMP/rss1.txt")
    say "1x corpus ($MB1 MB in $FILES files): peak RSS $(calc 'k/1024' k="$RSS1") MiB"
else
    say "GNU time not installed (apt-get install -y time): peak RSS skipped"
fi
if ((BIG_MB > 0)); then
    # One big file: the two examples concatenated over and over (a single document with
    # thousands of titles and signatures, so it reports many diagnostics).
    for ((i = 0; i < 50; i++)); do cat "$ROOT/examples/announcement.txt" "$ROOT/examples/announcement-xuncha.txt"; done >"$TMP/chunk.txt"
    : >"$TMP/big.txt"
    while (($(stat -c %s "$TMP/big.txt") < BIG_MB * 1000000)); do cat "$TMP/chunk.txt" >>"$TMP/big.txt"; done
    BIGBYTES=$(stat -c %s "$TMP/big.txt")
    rc=0
    t0=$EPOCHREALTIME
    if [[ -n $GNU_TIME ]]; then
        timeout "$BIG_TIMEOUT" "$GNU_TIME" -v -o "$TMP/rssbig.txt" "$BIN" check --format json "$TMP/big.txt" >"$TMP/big.json" || rc=$?
    else
        timeout "$BIG_TIMEOUT" "$BIN" check --format json "$TMP/big.txt" >"$TMP/big.json" || rc=$?
    fi
    t1=$EPOCHREALTIME
    BIGTIME=$(calc 'b-a' a="$t0" b="$t1")
    if ((rc == 124)); then
        BIGNOTE="did not finish within ${BIG_TIMEOUT} s"
        say "big file ($(calc 'b/1e6' b="$BIGBYTES") MB): $BIGNOTE"
    else
        [[ -n $GNU_TIME ]] && RSSBIG=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$TMP/rssbig.txt")
        say "big file ($(calc 'b/1e6' b="$BIGBYTES") MB, one document): exit $rc, $(calc 't' t="$BIGTIME") s ($(calc 'b/1e6/t' b="$BIGBYTES" t="$BIGTIME") MB/s), $(grep -o '"rule":' "$TMP/big.json" | wc -l) diagnostics, ${RSSBIG:+peak RSS $(calc 'k/1024' k="$RSSBIG") MiB}"
    fi
    rm -f "$TMP/big.txt" "$TMP/big.json" "$TMP/chunk.txt"
fi

# ------------------------------------------------------------------ in-process (criterion)
INPROC=""
if [[ $CRITERION == 1 ]]; then
    section "in-process: criterion, whole document (check_text) and rule loading"
    (cd "$ROOT" && cargo bench --quiet --bench check -- 'whole document/announcement/20KB$|rule loading' 2>&1) |
        tee "$TMP/criterion.txt" | grep -E 'time:|thrpt:|^[a-z].*/' >&2 || true
    # `time:   [low mid high]` after the benchmark's name; mid in seconds.
    INPROC=$(awk '/whole document\/announcement\/20KB/ { f = 1 } f && /time:/ {
            sub(/.*\[/, ""); split($0, a, " "); v = a[3]; u = a[4]
            m = (u == "ns") ? 1e-9 : (u == "µs" || u == "us") ? 1e-6 : (u == "ms") ? 1e-3 : 1
            printf "%.9g", v * m; exit }' "$TMP/criterion.txt")
fi

# ------------------------------------------------------------------ summary
section "summary"
Z=${MEAN[zhenggai]}
CAT=${MEAN[cat]}
printf '%-28s %10s %10s\n' "1x corpus: $FILES files" "seconds" "MB/s"
for name in cat rg zhenggai "zhenggai 1 thread" autocorrect; do
    [[ -n ${MEAN[$name]:-} ]] || continue
    printf '%-28s %10.4f %10.1f\n' "$name" "${MEAN[$name]}" "$(calc 'b/1e6/t' b="$BYTES1" t="${MEAN[$name]}")"
done
printf 'ratio zhenggai/cat: %s\n' "$(calc 'z/c' z="$Z" c="$CAT")"
[[ -n ${MEAN[rg]:-} ]] && printf 'ratio zhenggai/rg:  %s\n' "$(calc 'z/r' z="$Z" r="${MEAN[rg]}")"
printf 'threads: 1 thread / %s threads = %s\n' "$(nproc)" "$(calc 'a/b' a="${MEAN[zhenggai 1 thread]}" b="$Z")"
printf 'scaling (time, MB/s, time per 1x):\n'
for k in $SCALES; do
    t=${MEAN[zhenggai ${k}x]}
    b=$(bytes_of "$TMP/c$k")
    printf '  %3sx  %8.3f s  %7.1f MB/s  %.3f\n' "$k" "$t" "$(calc 'b/1e6/t' b="$b" t="$t")" "$(calc 't/k' t="$t" k="$k")"
done
printf 'whole process, one %s B file: %.2f ms; one %s B file: %.2f ms\n' \
    "$(wc -c <"$ONE")" "$(calc 'x*1000' x="${MEAN[one]}")" "$(wc -c <"$TINY")" "$(calc 'x*1000' x="${MEAN[tiny]}")"
[[ -n $INPROC ]] && printf 'in process, one 20 KB document (check_text): %.3f ms\n' "$(calc 'x*1000' x="$INPROC")"
[[ -n $RSS1 ]] && printf 'peak RSS, 1x corpus: %.1f MiB\n' "$(calc 'k/1024' k="$RSS1")"
if [[ -n $RSSBIG ]]; then
    printf 'peak RSS, one %.0f MB file: %.1f MiB (%.2fx the input), %.2f s\n' \
        "$(calc 'b/1e6' b="$BIGBYTES")" "$(calc 'k/1024' k="$RSSBIG")" "$(calc 'k*1024/b' k="$RSSBIG" b="$BIGBYTES")" "$BIGTIME"
elif [[ -n $BIGNOTE ]]; then
    printf 'one %.0f MB file: %s\n' "$(calc 'b/1e6' b="$BIGBYTES")" "$BIGNOTE"
fi
printf 'deterministic output: %s\n' "$DETERMINISTIC"

printf '\ntargets (issue 5):\n'
printf '  %-52s %s\n' ">= 50 MB/s end to end" "$(verdict 'b/1e6/t >= 50' b="$BYTES1" t="$Z")"
[[ -n ${MEAN[rg]:-} ]] && printf '  %-52s %s\n' "< 4x rg" "$(verdict 'z/r < 4' z="$Z" r="${MEAN[rg]}")"
[[ -n $INPROC ]] && printf '  %-52s %s\n' "one 20 KB document in process < 1 ms" "$(verdict 'x < 0.001' x="$INPROC")"
printf '  %-52s %s\n' "whole process, one 20 KB file < 10 ms" "$(verdict 'x < 0.010' x="${MEAN[one]}")"
[[ -n $RSS1 ]] && printf '  %-52s %s\n' "peak RSS 1x corpus < 64 MB" "$(verdict 'k*1024 < 64*1048576' k="$RSS1")"
if [[ -n $RSSBIG ]]; then
    printf '  %-52s %s\n' "peak RSS one big file < 10x input" "$(verdict 'k*1024 < 10*b' k="$RSSBIG" b="$BIGBYTES")"
elif ((BIG_MB > 0)); then
    printf '  %-52s %s\n' "peak RSS one big file < 10x input" "FAIL ($BIGNOTE)"
fi
if [[ $SCALES == *16* ]]; then
    printf '  %-52s %s\n' "linear scaling (16x time within 0.8-1.25 of 16 x 1x)" \
        "$(verdict 'r >= 0.8 && r <= 1.25' r="$(calc 'a/(16*b)' a="${MEAN[zhenggai 16x]}" b="${MEAN[zhenggai 1x]}")")"
fi
printf '  %-52s %s\n' "deterministic output order" "$([[ $DETERMINISTIC == yes ]] && echo PASS || echo FAIL)"
