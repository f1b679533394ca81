#!/usr/bin/env bash
# Feeds the release binary inputs meant to exhaust it and prints, for each, the exit code,
# wall time and peak memory (GNU time's maximum resident set size). Each must end with
# diagnostics or a clean error (exit 0, 1 or 2), never a crash, a hang or unbounded memory.
#   scripts/bounds.sh [WORKDIR]      (default: target/bounds; needs python3 and /usr/bin/time)
# The figures in docs/inputs.md ("Inputs and limits") come from this script.
# ISSUE11_ONLY=1 runs only the issue-11 cases (fixes, long-line output, recursion limits).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-target/bounds}
mkdir -p "$work"
cargo build --release --quiet
bin=target/release/zhenggai
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }

python3 - "$work" <<'PY'
import io, os, sys, zipfile
w = sys.argv[1]
faulty = open("examples/faulty.txt", encoding="utf-8").read()
def write(name, text):
    with open(os.path.join(w, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)
# 100 MB: the faulty example over and over (every copy seeds its 15 diagnostics).
n = 100_000_000 // len(faulty.encode()) + 1
write("big-100mb.txt", (faulty + "\n") * n)
# A 10 MB line: the example's lines joined without line breaks.
line = faulty.replace("\n", "")
write("line-10mb.txt", line * (10_000_000 // len(line.encode()) + 1))
# 100,000 nested brackets of each kind, closed; then 100,000 left open.
write("brackets-nested.txt", "（" * 100_000 + "“" * 100_000 + "(" * 100_000 + "内容" + ")" * 100_000 + "”" * 100_000 + "）" * 100_000)
write("brackets-open.txt", "（“(" * 100_000)
# A million headings, correctly numbered: 10 × 100 × 999 plus their parents.
def cn(k):
    d = "零一二三四五六七八九"
    if k < 10: return d[k]
    if k < 20: return "十" + (d[k % 10] if k % 10 else "")
    if k < 100: return d[k // 10] + "十" + (d[k % 10] if k % 10 else "")
    return "一百"
out = io.StringIO()
for i in range(1, 11):
    out.write(f"{cn(i)}、关于第{i}方面问题的整改情况\n")
    for j in range(1, 101):
        out.write(f"（{cn(j)}）第{j}项\n")
        for k in range(1, 1000):
            out.write(f"{k}.措施\n")
write("headings-1m.txt", out.getvalue())
# A million headings all numbered 一、: a million numbering diagnostics.
write("headings-1m-dup.txt", "一、关于问题的整改情况\n" * 1_000_000)
# 10 MB of placeholders on one line: 2.5 million diagnostics.
write("placeholders-10mb.txt", "XX，" * (10_000_000 // 7))
# A rule with a nested quantifier and 10 MB of 'a' it must scan.
os.makedirs(os.path.join(w, "rules"), exist_ok=True)
# `(a+)+$` fails at once from the end; `(a+)+c` must scan all 10 MB; on 10 MB of `a` alone
# `(a+)+$` matches the whole line and its groups are resolved over it.
write("rules/nested.yaml", "id: nested\nkind: pattern\nmessage: x{match}\npatterns:\n  - regex: '(?P<hit>(a+)+$)'\n    suggest: y\n  - regex: '(?P<hit>(a+)+c)'\n    suggest: y\n")
write("aaaa-10mb.txt", "a" * 10_000_000 + "b")
write("aaaa-only-10mb.txt", "a" * 10_000_000)
# Issue 11. A 50 MB line without structure: four whole-document diagnostics, each of which
# once printed the whole line in human output.
write("line-50mb.txt", "整改" * (50_000_000 // 6))
# Markdown with 100,000 abruptly closed comments and directives (once a panic).
write("comments.md", "<!--> zhenggai- <!---> <!-- zhenggai-disable-next-line placeholder -->\nXX\n" * 100_000)
# A 100 MB GBK file to fix (a copy is fixed each time): every line has a fix, and bytes a
# GBK round trip would change (A2E3) that must be kept.
gbk = ((faulty.replace("。", "。。", 1) + "\n").encode("gb18030") + b"\xa2\xe3\n") * (100_000_000 // (len(faulty.encode("gb18030")) + 8) + 1)
open(os.path.join(w, "fix-gbk-100mb.txt"), "wb").write(gbk)
# Configuration and rules that once recursed without a limit.
os.makedirs(os.path.join(w, "deep"), exist_ok=True)
write("deep/braces.yaml", "exclude: ['" + "{a," * 125 + "b" + "}" * 125 + "']\n")
for i in range(10_000):
    write(f"deep/c{i}.yaml", f"extend: c{i + 1}.yaml\n")
write("deep/c10000.yaml", "")
os.makedirs(os.path.join(w, "deep/rules"), exist_ok=True)
write("deep/rules/r.yaml", "id: r\nkind: reconcile\npattern: '(?P<a>\\d+)人(?P<b>\\d+)'\nassert: '" + " + ".join(["a"] * 30_000) + " == b'\nmessage: x\n")
# A zip bomb: 1 GiB of spaces as word/document.xml (about 1 MB zipped).
with zipfile.ZipFile(os.path.join(w, "bomb.docx"), "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("word/document.xml", "w", force_zip64=True) as f:
        chunk = b" " * (1 << 20)
        for _ in range(1024):
            f.write(chunk)
# Feedback (issue 11 item 15): 20,000 problems against 2,000 headings; a 44 KB alias bomb.
import random
rnd = random.Random(17)
words = "基层 党组织 建设 资金 管理 项目 审批 采购 工程 干部 选拔 任用 考核 培训 制度 执行 监督 检查 安全 生产 隐患 整改 台账 信访 办理 群众 服务 窗口 数据 平台 资产 清查 预算 支出 报销 票据 合同 招标 投标 验收 档案 人才 引进 作风 纪律 教育 宣传 阵地 网络 舆情 医疗 卫生 教学 科研 经费 乡村 振兴 农田 水利 供水 污水 交通 道路 环境 保护 文化 旅游 市场 价格 执法 食品 药品".split()
def title():
    return "".join(rnd.sample(words, 3)) + rnd.choice(["不到位", "不规范", "不够有力", "滞后", "存在漏洞"])
areas = [[title() for _ in range(100)] for _ in range(200)]
fb = io.StringIO()
for a in areas:
    fb.write(f"- area: {title()}\n  problems:\n")
    for p in a:
        fb.write(f"    - {p}\n")
write("feedback-20k.yaml", fb.getvalue())
doc = io.StringIO()
doc.write("根据市委统一部署，市委第一巡察组对市某局党组开展了常规巡察。\n")
for i, a in enumerate(areas):
    doc.write(f"{cn(i % 99 + 1)}、关于“{title()}”问题的整改情况\n")
    for j in range(10):
        doc.write(f"（{cn(j + 1)}）关于{a[j * 10]}的问题。完善{a[j * 10 + 1]}的制度。\n")
write("headings-2k.txt", doc.getvalue())
# Nine aliases of nine aliases …: 387 million problems if expanded.
bomb = "a0: &a0 [问题, 问题, 问题, 问题, 问题, 问题, 问题, 问题, 问题]\n"
for i in range(1, 9):
    bomb += f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 9) + "]\n"
write("alias-bomb.yaml", bomb)
PY

run() {
  local name=$1; shift
  local out=$work/$name.time
  local size=0
  for a in "$@"; do [ -f "$a" ] && size=$(( size + $(stat -c %s "$a") )); done
  set +e
  /usr/bin/time -v "$bin" "$@" > /dev/null 2> "$out"
  local code=$?
  set -e
  local secs rss
  secs=$(grep "Elapsed (wall clock)" "$out" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$out" | awk '{print $NF}')
  awk -v n="$name" -v s="$size" -v c="$code" -v t="$secs" -v r="$rss" 'BEGIN {
    printf "%-20s input %7.1f MB  exit %s  time %8s  peak %7.1f MB  (%.1fx input)\n", n, s/1e6, c, t, r/1e3, r*1e3/(s+1) }'
}

# Issue 11 cases (once): a crash, a hang or unbounded output before.
echo "issue 11"
run line-50mb-human check --format human "$work/line-50mb.txt"
echo "  (human output of line-50mb: $("$bin" check --format human "$work/line-50mb.txt" | wc -c) bytes)"
run comments-md check "$work/comments.md"
cp "$work/fix-gbk-100mb.txt" "$work/fix-gbk-copy.txt"
run fix-gbk-100mb check --fix --format concise "$work/fix-gbk-copy.txt"
run glob-125-braces check --config "$work/deep/braces.yaml" "$work/line-50mb.txt"
run extend-10000 check --config "$work/deep/c0.yaml" "$work/line-50mb.txt"
run assert-30000 check --rules "$work/deep/rules" examples/faulty.txt
[ -n "${ISSUE11_ONLY:-}" ] && exit 0

for fmt in human concise json; do
  echo "--format $fmt"
  run big-100mb check --format $fmt "$work/big-100mb.txt"
  run line-10mb check --format $fmt "$work/line-10mb.txt"
  run brackets-nested check --format $fmt "$work/brackets-nested.txt"
  run brackets-open check --format $fmt "$work/brackets-open.txt"
  run headings-1m check --format $fmt "$work/headings-1m.txt"
  run headings-1m-dup check --format $fmt "$work/headings-1m-dup.txt"
  run placeholders-10mb check --format $fmt "$work/placeholders-10mb.txt"
  run regex-10mb check --format $fmt --rules "$work/rules" --select nested "$work/aaaa-10mb.txt"
  run regex-match-10mb check --format $fmt --rules "$work/rules" --select nested "$work/aaaa-only-10mb.txt"
  run zip-bomb check --format $fmt "$work/bomb.docx"
done
echo "--feedback (issue 11 item 15)"
run feedback-20k-x-2k check --format concise --select feedback-coverage --feedback "$work/feedback-20k.yaml" "$work/headings-2k.txt"
run feedback-alias-bomb check --feedback "$work/alias-bomb.yaml" examples/announcement.txt
run feedback-dev-zero check --feedback /dev/zero examples/announcement.txt
rm -f "$work/fifo.txt"; mkfifo "$work/fifo.txt"
run feedback-fifo check --feedback "$work/fifo.txt" examples/announcement.txt
rm -f "$work/fifo.txt"
