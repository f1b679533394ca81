#!/usr/bin/env bash
# End-to-end benchmarks for zhenggai (issue 5): throughput over a generated corpus against
# `cat` and `rg`, scaling with corpus size and threads, peak memory, process start, and the
# in-process time of one document (criterion). Prints the figures, the ratios and which
# targets of issue 5 are met.
#
#   scripts/bench.sh                        # everything: about 2-3 minutes once built (the
#                                           # first run also builds release and the bench)
#   ZG_BENCH_SCALES="1 4" scripts/bench.sh  # fewer scaling steps when time is short
#
# Environment (all optional):
#   ZG_BENCH_FILES=1000      documents in the 1x corpus
#   ZG_BENCH_SIZE=20000      bytes per document (about)
#   ZG_BENCH_SCALES="1 4 16" corpus multiples timed for the scaling check
#   ZG_BENCH_RUNS=5          timed runs per corpus command (after one warm-up run)
#   ZG_BENCH_BIG_MB=100      size of the single big file (0 skips the big-file series)
#   ZG_BENCH_BIG_STEP=20     seconds: the big-file series (1, 4, 16 MB, then the big file)
#   ZG_BENCH_BIG_LIMIT=60    stops when a step took longer than BIG_STEP or the next one
#                            would take longer than BIG_LIMIT at the growth measured so far
#   ZG_BENCH_CRITERION=1     0 skips the in-process criterion figures
#
# Tools: hyperfine, rg, autocorrect and GNU time (/usr/bin/time) are used when installed
# (`apt-get install -y hyperfine ripgrep time`). Without hyperfine the script times with
# bash; without rg or autocorrect it skips them; without GNU time it skips peak RSS.
#
# What is compared (same corpus, same warm page cache, run side by side):
#   cat       `cat DIR/*.txt`: the cost of reading the files.
#   rg        `rg PATTERN DIR`, printing the matching lines, where PATTERN is the union of
#             the literals the built-in rules look for (RG_PATTERN below).
#   zhenggai  `zhenggai check --format json DIR`.
# Output goes to a pipe that is drained and discarded (hyperfine --output=pipe), not to
# /dev/null: ripgrep stops at the first match of each file when stdout is /dev/null.
#
# Wall-clock figures depend on what else runs on the machine: the script prints the load
# average, and CPU time (user + system) next to every corpus figure. CPU time does not
# shrink with threads, so `MB/s per CPU-second` is the figure to compare across machines.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FILES=${ZG_BENCH_FILES:-1000}
SIZE=${ZG_BENCH_SIZE:-20000}
SCALES=${ZG_BENCH_SCALES:-1 4 16}
RUNS=${ZG_BENCH_RUNS:-5}
BIG_MB=${ZG_BENCH_BIG_MB:-100}
BIG_STEP=${ZG_BENCH_BIG_STEP:-20}
BIG_LIMIT=${ZG_BENCH_BIG_LIMIT:-60}
CRITERION=${ZG_BENCH_CRITERION:-1}

# The union of the built-in rules' literal patterns, for rg. From rules/*.yaml:
#   obsolete-term          政纪处分 两规 双规
#   placeholder            XX ＸＸ ×× 待补充 待定 待核实 TODO TBD 【 ［
#   duplicate-punctuation  ，， 。。 ；； 、、
#   declared-items         还有
# and the anchors the structural kinds start from (the parser's prefilters and facts):
#   tally-sum, tally-category 处分 其中;  four forms 形态;  progress 完成率;
#   declared-sections 个方面;  contacts 联系电话 邮箱 邮编;  as-of dates 截至.
# Characters that occur on nearly every line (月 for dates, （ for tallies, the bracket
# pairs) are left out: rg would then print the whole corpus.
RG_PATTERN='处分|其中|形态|完成率|个方面|还有|联系电话|邮箱|邮编|截至|政纪处分|两规|双规|XX|ＸＸ|××|待补充|待定|待核实|TODO|TBD|【|［|，，|。。|；；|、、'

TMP=$(mktemp -d "${TMPDIR:-/tmp}/zhenggai-bench.XXXXXX")
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s\n' "$*" >&2; }
section() { printf '\n== %s ==\n' "$*" >&2; }
# calc EXPR NAME=VALUE...: awk arithmetic, e.g. calc 'a/b' a=1 b=2
calc() {
    local expr=$1 kv args=()
    shift
    for kv in "$@"; do args+=(-v "$kv"); done
    awk "${args[@]}" "BEGIN { printf \"%.6g\", $expr }"
}
# verdict COND NAME=VALUE...: PASS or FAIL
verdict() {
    local cond=$1 kv args=()
    shift
    for kv in "$@"; do args+=(-v "$kv"); done
    awk "${args[@]}" "BEGIN { print (($cond) ? \"PASS\" : \"FAIL\") }"
}
q() { printf '%q' "$1"; }
count_diags() { grep -o '"rule":' "$1" | wc -l || true; }
bytes_of() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
# Sets CHILD_CPU to the children's user+system seconds so far (bash `times`, second line;
# run in this shell, not in a subshell, so it counts this shell's children).
child_cpu() {
    times >"$TMP/times.txt"
    CHILD_CPU=$(awk 'NR == 2 {
        n = split($0, f, " "); s = 0
        for (i = 1; i <= n; i++) { split(f[i], p, "m"); sub(/s$/, "", p[2]); s += p[1] * 60 + p[2] }
        printf "%.6f", s }' "$TMP/times.txt")
}

# ZG_BENCH_HYPERFINE, ZG_BENCH_RG, ZG_BENCH_AUTOCORRECT, ZG_BENCH_GNU_TIME override the
# tools found (set one to the empty string to test the fallback without it).
HYPERFINE=${ZG_BENCH_HYPERFINE-$(command -v hyperfine || true)}
RG=${ZG_BENCH_RG-$(command -v rg || true)}
AUTOCORRECT=${ZG_BENCH_AUTOCORRECT-$(command -v autocorrect || true)}
GNU_TIME=""
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then GNU_TIME=/usr/bin/time; fi
GNU_TIME=${ZG_BENCH_GNU_TIME-$GNU_TIME}

# Per command name: mean, median and min wall seconds, mean CPU seconds (user + system).
declare -A MEAN MEDIAN MIN CPU

# time_set SHELL|none WARMUP RUNS NAME CMD [NAME CMD]...: times commands (run by bash, or
# directly with `none`), output drained through a pipe; fills MEAN, MEDIAN, MIN, CPU.
time_set() {
    local shell=$1 warmup=$2 runs=$3
    shift 3
    if [[ -n $HYPERFINE ]]; then
        local args=() names=() i field
        while (($#)); do
            names+=("$1")
            args+=(-n "$1" "$2")
            shift 2
        done
        if [[ $shell == none ]]; then args=(-N "${args[@]}"); else args=(-S bash "${args[@]}"); fi
        "$HYPERFINE" --style basic --output=pipe -i -w "$warmup" -r "$runs" \
            --export-json "$TMP/hyperfine.json" "${args[@]}" >&2
        for field in mean median min user system; do
            mapfile -t "vals_$field" < <(grep -o "\"$field\": *[0-9.eE+-]*" "$TMP/hyperfine.json" | sed 's/.*: *//')
        done
        for i in "${!names[@]}"; do
            MEAN[${names[$i]}]=${vals_mean[$i]}
            MEDIAN[${names[$i]}]=${vals_median[$i]}
            MIN[${names[$i]}]=${vals_min[$i]}
            CPU[${names[$i]}]=$(calc 'u+s' u="${vals_user[$i]}" s="${vals_system[$i]}")
        done
    else
        while (($#)); do
            local name=$1 cmd=$2 i t0 t1 c0 c1 ts=()
            shift 2
            for ((i = 0; i < warmup; i++)); do bash -c "$cmd" 2>/dev/null | cat >/dev/null || true; done
            child_cpu
            c0=$CHILD_CPU
            for ((i = 0; i < runs; i++)); do
                t0=$EPOCHREALTIME
                if [[ $shell == none ]]; then
                    # shellcheck disable=SC2086 # a plain command line without quoting
                    $cmd 2>/dev/null | cat >/dev/null || true
                else
                    bash -c "$cmd" 2>/dev/null | cat >/dev/null || true
                fi
                t1=$EPOCHREALTIME
                ts+=("$(calc 'b-a' a="$t0" b="$t1")")
            done
            child_cpu
            c1=$CHILD_CPU
            MEAN[$name]=$(printf '%s\n' "${ts[@]}" | awk '{ s += $1 } END { printf "%.6f", s / NR }')
            MEDIAN[$name]=$(printf '%s\n' "${ts[@]}" | sort -g | awk '{ a[NR] = $1 } END { printf "%.6f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
            MIN[$name]=$(printf '%s\n' "${ts[@]}" | sort -g | head -n1)
            # includes the `cat` draining the pipe and bash -c: an upper bound
            CPU[$name]=$(calc '(b-a)/n' a="$c0" b="$c1" n="$runs")
            printf '  %-34s mean %9.4f s  median %9.4f s  min %9.4f s  (%d runs, bash timing)\n' \
                "$name" "${MEAN[$name]}" "${MEDIAN[$name]}" "${MIN[$name]}" "$runs" >&2
        done
    fi
}

# ------------------------------------------------------------------ build
section "build"
(cd "$ROOT" && cargo build --release --quiet)
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/zhenggai
[[ -x $BIN ]] || { say "no binary at $BIN"; exit 2; }
rustc -O --edition 2021 "$ROOT/scripts/gen_corpus.rs" -o "$TMP/gen_corpus"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
say "binary: $BIN"
say "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(uname -sr)"
say "load average at start: $LOAD_START (above 0 means other work competes with the timings)"
say "tools: hyperfine=${HYPERFINE:-none} rg=${RG:-none} autocorrect=${AUTOCORRECT:-none} gnu-time=${GNU_TIME:-none}"

# ------------------------------------------------------------------ corpus
section "corpus"
max_scale=1
for k in $SCALES; do
    if ((k > max_scale)); then max_scale=$k; fi
done
"$TMP/gen_corpus" "$TMP/all" $((FILES * max_scale)) "$SIZE" >/dev/null
# The k-times corpus: hard links to the first k * FILES documents.
link_corpus() {
    mkdir -p "$TMP/c$1"
    seq -f "$TMP/all/doc-%05g.txt" 0 $((FILES * $1 - 1)) | xargs ln -t "$TMP/c$1"
}
for k in $SCALES; do link_corpus "$k"; done
[[ -d $TMP/c1 ]] || link_corpus 1
C1=$TMP/c1
BYTES1=$(bytes_of "$C1")
MB1=$(calc 'b/1e6' b="$BYTES1")
say "1x corpus: $FILES files, $BYTES1 bytes ($MB1 MB), grown from examples/*.txt by scripts/gen_bench_docs.rs"

# One checked run: exit code, diagnostics, determinism across runs and thread counts.
rc=0
"$BIN" check --format json "$C1" >"$TMP/out1.json" || rc=$?
if ((rc == 2)); then
    say "zhenggai exited 2 on the corpus:"
    head -c 2000 "$TMP/out1.json" >&2
    exit 2
fi
DIAGS=$(count_diags "$TMP/out1.json")
"$BIN" check --format json "$C1" >"$TMP/out2.json" || true
RAYON_NUM_THREADS=1 "$BIN" check --format json "$C1" >"$TMP/out3.json" || true
if cmp -s "$TMP/out1.json" "$TMP/out2.json" && cmp -s "$TMP/out1.json" "$TMP/out3.json"; then
    DETERMINISTIC=yes
else
    DETERMINISTIC=NO
fi
say "zhenggai on it: exit $rc, $DIAGS diagnostics, $(wc -c <"$TMP/out1.json") bytes of JSON; same output twice and with 1 thread: $DETERMINISTIC"

# ------------------------------------------------------------------ throughput, 1x
section "throughput: 1x corpus ($FILES files, $MB1 MB)"
set_args=(cat "cat $(q "$C1")/*.txt")
if [[ -n $RG ]]; then set_args+=(rg "$(q "$RG") $(q "$RG_PATTERN") $(q "$C1")"); fi
set_args+=(zhenggai "$(q "$BIN") check --format json $(q "$C1")")
set_args+=("zhenggai 1 thread" "RAYON_NUM_THREADS=1 $(q "$BIN") check --format json $(q "$C1")")
if [[ -n $AUTOCORRECT ]]; then set_args+=(autocorrect "$(q "$AUTOCORRECT") --lint $(q "$C1")"); fi
time_set bash 1 "$RUNS" "${set_args[@]}"
if [[ -n $RG ]]; then
    say "rg printed $("$RG" "$RG_PATTERN" "$C1" | wc -l) matching lines"
fi

# ------------------------------------------------------------------ scaling
section "scaling: corpus x(${SCALES})"
scale_args=()
for k in $SCALES; do
    scale_args+=("zhenggai ${k}x" "$(q "$BIN") check --format json $(q "$TMP/c$k")")
done
time_set bash 0 3 "${scale_args[@]}"

# ------------------------------------------------------------------ process start, one file
section "whole process: one 20 KB file, one 2 KB file, --version"
ONE=$C1/doc-00000.txt
"$TMP/gen_corpus" "$TMP/tiny" 1 2000 >/dev/null
TINY=$TMP/tiny/doc-00000.txt
ONE_B=$(wc -c <"$ONE")
TINY_B=$(wc -c <"$TINY")
if [[ -n $HYPERFINE ]]; then
    "$HYPERFINE" --style basic -N -i -w 20 -m 200 --export-json "$TMP/one.json" \
        -n one "$(q "$BIN") check $(q "$ONE")" \
        -n tiny "$(q "$BIN") check $(q "$TINY")" \
        -n version "$(q "$BIN") --version" >&2
    for field in mean median min; do
        mapfile -t "p_$field" < <(grep -o "\"$field\": *[0-9.eE+-]*" "$TMP/one.json" | sed 's/.*: *//')
    done
    for i in 0 1 2; do
        n=$(sed -n "$((i + 1))p" <<<$'one\ntiny\nversion')
        MEAN[$n]=${p_mean[$i]}
        MEDIAN[$n]=${p_median[$i]}
        MIN[$n]=${p_min[$i]}
    done
else
    time_set none 20 200 one "$BIN check $ONE" tiny "$BIN check $TINY" version "$BIN --version"
fi

# ------------------------------------------------------------------ memory
section "peak memory"
RSS1=""
if [[ -n $GNU_TIME ]]; then
    "$GNU_TIME" -v -o "$TMP/rss1.txt" "$BIN" check --format json "$C1" >/dev/null || true
    RSS1=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$TMP/rss1.txt")
    say "1x corpus ($MB1 MB in $FILES files): peak RSS $(calc 'k/1024' k="$RSS1") MiB"
else
    say "GNU time not installed (apt-get install -y time): peak RSS skipped"
fi

# One big file: the two examples concatenated over and over (a single document with
# thousands of titles and signatures, so it reports many diagnostics). A series of sizes
# shows how time and memory grow; it stops when a step exceeds ZG_BENCH_BIG_STEP seconds.
BIG_RESULTS=() BIGBYTES=0 RSSBIG="" BIGTIME="" BIGNOTE=""
if ((BIG_MB > 0)); then
    for ((i = 0; i < 10; i++)); do
        cat "$ROOT/examples/announcement.txt" "$ROOT/examples/announcement-xuncha.txt"
    done >"$TMP/chunk.txt"
    prev_mb="" prev_t=""
    for mb in 1 4 16 "$BIG_MB"; do
        ((mb <= BIG_MB)) || continue
        [[ $mb == "$prev_mb" ]] && continue
        : >"$TMP/big.txt"
        while (($(stat -c %s "$TMP/big.txt") < mb * 1000000)); do cat "$TMP/chunk.txt" >>"$TMP/big.txt"; done
        bytes=$(stat -c %s "$TMP/big.txt")
        predicted=""
        if [[ -n $prev_t ]]; then
            predicted=$(calc 't*(b/p)^e' t="$prev_t" b="$((mb * 1000000))" p="$prev_bytes" e="${EXPONENT:-1}")
        fi
        if [[ -n $prev_t && $(verdict "t > $BIG_STEP || p > $BIG_LIMIT" t="$prev_t" p="$predicted") == PASS ]]; then
            # too slow: extrapolate with the growth seen so far instead
            BIGNOTE="not run: $(calc 'b/1e6' b="$prev_bytes") MB took ${prev_t} s and time grows as size^${EXPONENT:-1}, so ${mb} MB would take about ${predicted} s"
            say "$mb MB: $BIGNOTE"
            BIGBYTES=$bytes
            break
        fi
        rc=0
        t0=$EPOCHREALTIME
        if [[ -n $GNU_TIME ]]; then
            "$GNU_TIME" -v -o "$TMP/rssbig.txt" "$BIN" check --format json "$TMP/big.txt" >"$TMP/big.json" || rc=$?
            rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$TMP/rssbig.txt")
        else
            "$BIN" check --format json "$TMP/big.txt" >"$TMP/big.json" || rc=$?
            rss=""
        fi
        t1=$EPOCHREALTIME
        t=$(calc 'b-a' a="$t0" b="$t1")
        if [[ -n $prev_t ]]; then
            EXPONENT=$(calc 'log(t/p)/log(m/q)' t="$t" p="$prev_t" m="$bytes" q="$prev_bytes")
        fi
        line="$(calc 'b/1e6' b="$bytes") MB: exit $rc, $t s ($(calc 'b/1e6/t' b="$bytes" t="$t") MB/s), $(count_diags "$TMP/big.json") diagnostics, $(wc -c <"$TMP/big.json") bytes of JSON${rss:+, peak RSS $(calc 'k/1024' k="$rss") MiB ($(calc 'k*1024/b' k="$rss" b="$bytes")x the input)}${EXPONENT:+, time grows as size^$EXPONENT}"
        say "$line"
        BIG_RESULTS+=("$line")
        prev_mb=$mb prev_t=$t prev_bytes=$bytes
        if ((mb == BIG_MB)); then BIGBYTES=$bytes RSSBIG=$rss BIGTIME=$t; fi
    done
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
{
    printf 'machine: %s cores; load average at start %s, at the end %s\n' "$(nproc)" "$LOAD_START" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf '1x corpus: %s files, %s MB; zhenggai reports %s diagnostics on it\n\n' "$FILES" "$MB1" "$DIAGS"
    printf '%-20s %9s %9s %9s %9s %10s %12s\n' command mean median min "MB/s" "CPU s" "MB/CPU-s"
    for name in cat rg zhenggai "zhenggai 1 thread" autocorrect; do
        [[ -n ${MEAN[$name]:-} ]] || continue
        printf '%-20s %9.4f %9.4f %9.4f %9.1f %10.4f %12s\n' "$name" "${MEAN[$name]}" "${MEDIAN[$name]}" \
            "${MIN[$name]}" "$(calc 'b/1e6/t' b="$BYTES1" t="${MEAN[$name]}")" "${CPU[$name]}" \
            "$(calc '(t > 0) ? b/1e6/t : 0' b="$BYTES1" t="${CPU[$name]}" | awk '{ print ($1 > 0) ? sprintf("%.1f", $1) : "n/a" }')"
    done
    printf '\nratio zhenggai/cat: %s (mean), %s (min)\n' "$(calc 'z/c' z="${MEAN[zhenggai]}" c="${MEAN[cat]}")" \
        "$(calc 'z/c' z="${MIN[zhenggai]}" c="${MIN[cat]}")"
    if [[ -n ${MEAN[rg]:-} ]]; then
        printf 'ratio zhenggai/rg:  %s (mean), %s (min)\n' "$(calc 'z/r' z="${MEAN[zhenggai]}" r="${MEAN[rg]}")" \
            "$(calc 'z/r' z="${MIN[zhenggai]}" r="${MIN[rg]}")"
    fi
    printf 'threads: wall time with 1 thread / with %s = %s\n' "$(nproc)" "$(calc 'a/b' a="${MEAN[zhenggai 1 thread]}" b="${MEAN[zhenggai]}")"
    printf '\nscaling:      wall s   MB/s   wall per 1x   CPU s   CPU per 1x\n'
    for k in $SCALES; do
        b=$(bytes_of "$TMP/c$k")
        printf '  %3sx  %10.3f %7.1f %12.3f %8.3f %11.3f\n' "$k" "${MEAN[zhenggai ${k}x]}" \
            "$(calc 'b/1e6/t' b="$b" t="${MEAN[zhenggai ${k}x]}")" "$(calc 't/k' t="${MEAN[zhenggai ${k}x]}" k="$k")" \
            "${CPU[zhenggai ${k}x]}" "$(calc 't/k' t="${CPU[zhenggai ${k}x]}" k="$k")"
    done
    printf '\nwhole process (mean / median / min ms): check %s B file %.2f / %.2f / %.2f; check %s B file %.2f / %.2f / %.2f; --version %.2f / %.2f / %.2f\n' \
        "$ONE_B" "$(calc 'x*1000' x="${MEAN[one]}")" "$(calc 'x*1000' x="${MEDIAN[one]}")" "$(calc 'x*1000' x="${MIN[one]}")" \
        "$TINY_B" "$(calc 'x*1000' x="${MEAN[tiny]}")" "$(calc 'x*1000' x="${MEDIAN[tiny]}")" "$(calc 'x*1000' x="${MIN[tiny]}")" \
        "$(calc 'x*1000' x="${MEAN[version]}")" "$(calc 'x*1000' x="${MEDIAN[version]}")" "$(calc 'x*1000' x="${MIN[version]}")"
    if [[ -n $INPROC ]]; then printf 'in process, one 20 KB document (check_text, criterion): %.3f ms\n' "$(calc 'x*1000' x="$INPROC")"; fi
    if [[ -n $RSS1 ]]; then printf 'peak RSS, 1x corpus: %.1f MiB\n' "$(calc 'k/1024' k="$RSS1")"; fi
    if ((${#BIG_RESULTS[@]})); then
        printf 'one big file (examples concatenated):\n'
        printf '  %s\n' "${BIG_RESULTS[@]}"
    fi
    if [[ -n $BIGNOTE ]]; then printf '  %s\n' "$BIGNOTE"; fi
    printf 'deterministic output: %s\n' "$DETERMINISTIC"

    printf '\ntargets (issue 5):\n'
    row() { printf '  %-58s %s\n' "$1" "$2"; }
    row ">= 50 MB/s end to end (mean wall)" "$(verdict 'b/1e6/t >= 50' b="$BYTES1" t="${MEAN[zhenggai]}")"
    if [[ -n ${MEAN[rg]:-} ]]; then row "< 4x rg (mean wall)" "$(verdict 'z/r < 4' z="${MEAN[zhenggai]}" r="${MEAN[rg]}")"; fi
    if [[ -n $INPROC ]]; then row "one 20 KB document in process < 1 ms" "$(verdict 'x < 0.001' x="$INPROC")"; fi
    row "whole process, one 20 KB file < 10 ms (mean)" "$(verdict 'x < 0.010' x="${MEAN[one]}")"
    if [[ -n $RSS1 ]]; then row "peak RSS 1x corpus < 64 MB" "$(verdict 'k*1024 < 64*1048576' k="$RSS1")"; fi
    if [[ -n $RSSBIG ]]; then
        row "peak RSS one $BIG_MB MB file < 10x input" "$(verdict 'k*1024 < 10*b' k="$RSSBIG" b="$BIGBYTES")"
    elif ((BIG_MB > 0)); then
        row "peak RSS one $BIG_MB MB file < 10x input" "FAIL (${BIGNOTE:-not measured})"
    fi
    if [[ " $SCALES " == *" 16 "* && " $SCALES " == *" 1 "* ]]; then
        row "linear scaling: 16x CPU time within 0.8-1.25 of 16 x 1x" \
            "$(verdict 'r >= 0.8 && r <= 1.25' r="$(calc 'a/(16*b)' a="${CPU[zhenggai 16x]}" b="${CPU[zhenggai 1x]}")")"
    fi
    row "deterministic output order" "$([[ $DETERMINISTIC == yes ]] && echo PASS || echo FAIL)"
}
