#!/usr/bin/env python3
"""Times feedback-coverage: what `--feedback` adds to a one-file check, and how the time
grows with the feedback (50, 500, 5,000 and 20,000 problems against as many headings).
  scripts/feedback_bench.py [BIN]      (default target/release/zhenggai; build it first)
Each figure is the median of several runs of the whole process (startup included), as CPU
time (user + system: what the work costs, steady on a shared machine) and wall time."""
import io, os, random, resource, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bin_ = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "target/release/zhenggai")
rnd = random.Random(17)
words = ("基层 党组织 建设 资金 管理 项目 审批 采购 工程 干部 选拔 任用 考核 培训 制度 执行 监督 检查 "
         "安全 生产 隐患 台账 信访 办理 群众 服务 窗口 数据 平台 资产 清查 预算 支出 报销 票据 合同 招标 "
         "投标 验收 档案 人才 引进 作风 纪律 教育 宣传 阵地 网络 舆情 医疗 卫生 教学 科研 经费 乡村 振兴 "
         "农田 水利 供水 污水 交通 道路 环境 保护 文化 旅游 市场 价格 执法 食品 药品").split()

def title():
    return "".join(rnd.sample(words, 3)) + rnd.choice(["不到位", "不规范", "不够有力", "滞后"])

CN = "零一二三四五六七八九"
def cn(k):
    if k < 10: return CN[k]
    if k < 20: return "十" + (CN[k % 10] if k % 10 else "")
    return CN[k // 10] + "十" + (CN[k % 10] if k % 10 else "")

def pair(dir_, n_areas, per_area):
    """A feedback of n_areas × per_area problems and a report answering each in order."""
    areas = [(title(), [title() for _ in range(per_area)]) for _ in range(n_areas)]
    fb, doc = io.StringIO(), io.StringIO()
    doc.write("根据市委统一部署，市委第一巡察组对市某局党组开展了常规巡察。\n")
    for i, (a, ps) in enumerate(areas):
        fb.write(f"- area: {a}\n  problems:\n" + "".join(f"    - {p}\n" for p in ps))
        doc.write(f"{cn(i % 99 + 1)}、关于“{a}”问题的整改情况\n")
        for j, p in enumerate(ps):
            doc.write(f"{j % 99 + 1}.关于{p}的问题。完善有关制度，建立台账。\n")
    f, d = os.path.join(dir_, f"fb-{n_areas * per_area}.yaml"), os.path.join(dir_, f"doc-{n_areas * per_area}.txt")
    open(f, "w").write(fb.getvalue()); open(d, "w").write(doc.getvalue())
    return f, d

def median_ms(args, runs):
    """(CPU ms, wall ms) medians."""
    cpu, wall = [], []
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([bin_] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall.append((time.perf_counter() - t) * 1000)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000)
    return statistics.median(cpu), statistics.median(wall)

with tempfile.TemporaryDirectory() as tmp:
    ann = os.path.join(root, "examples/announcement.txt")
    f50, _ = pair(tmp, 5, 9)  # 5 areas + 45 problems = 50 items
    base = median_ms(["check", "--format", "concise", ann], 31)
    with50 = median_ms(["check", "--format", "concise", "--feedback", f50, ann], 31)
    print(f"one-file check (examples/announcement.txt): CPU {base[0]:.1f} ms, wall {base[1]:.1f} ms; "
          f"with a 50-item feedback: CPU {with50[0]:.1f} ms (+{with50[0] - base[0]:.1f}), "
          f"wall {with50[1]:.1f} ms (+{with50[1] - base[1]:.1f})")
    for n_areas, per in [(5, 10), (50, 10), (500, 10), (200, 100)]:
        f, d = pair(tmp, n_areas, per)
        sel = ["check", "--format", "concise", "--select", "feedback-coverage"]
        none = median_ms(sel + [d], 5)
        t = median_ms(sel + ["--feedback", f, d], 5)
        n = n_areas * per
        print(f"{n:>6} problems x {n + n_areas:>6} headings: CPU {t[0]:8.1f} ms, {t[0] - none[0]:8.1f} ms "
              f"for coverage ({1000 * (t[0] - none[0]) / n:6.1f} µs per problem); wall {t[1]:8.1f} ms")
