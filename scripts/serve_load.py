#!/usr/bin/env python3
"""Load test of `zhenggai serve`: CLIENTS concurrent clients, each posting ~20 KB drafts to
POST /api/check over a keep-alive connection for DURATION seconds, against a server it
starts on a free port of 127.0.0.1 (and stops). Prints throughput, p50/p99 latency, the
server's peak memory (VmHWM) and the error count; exits 1 on any error.

    cargo build --release
    python3 scripts/serve_load.py [--bin target/release/zhenggai] [--clients 50] [--duration 30]
"""

import argparse
import http.client
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def drafts(n):
    """n different drafts of about 20 KB: the example announcement with its findings,
    lengthened with paragraphs of our own, one number changed per draft."""
    base = (ROOT / "examples" / "faulty.txt").read_text(encoding="utf-8")
    out = []
    for i in range(n):
        head, tail = base.replace("412件", f"{400 + i}件", 1).rsplit("下一步", 1)
        tail = "下一步" + tail
        k = 0
        while len(head.encode()) + len(tail.encode()) < 20 * 1024:
            k += 1
            head += (f"（{k}）持续巩固整改成果。对照整改清单逐项复核，第{k}批次共复查整改事项"
                     f"{10 + k}项，均已按期销号，相关做法已固化为制度规范。\n")
        out.append((head + tail).encode("utf-8"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "zhenggai"))
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=30.0)
    a = ap.parse_args()

    server = subprocess.Popen(
        [str(Path(a.bin).resolve()), "serve", "--port", "0", "--no-config", "--quiet"],
        stderr=subprocess.PIPE, text=True, cwd="/tmp",
    )
    try:
        m = re.search(r"http://([0-9.]+):(\d+)/", server.stderr.readline())
        host, port = m.group(1), int(m.group(2))
        docs = drafts(a.clients)
        sizes = sorted(len(d) for d in docs)
        lat, errors, lock = [], [0], threading.Lock()
        deadline = time.monotonic() + a.duration

        def client(doc):
            conn = http.client.HTTPConnection(host, port, timeout=60)
            mine = []
            while time.monotonic() < deadline:
                t = time.monotonic()
                try:
                    conn.request("POST", "/api/check?name=draft.txt", body=doc,
                                 headers={"Content-Type": "text/plain"})
                    r = conn.getresponse()
                    body = r.read()
                    ok = r.status == 200 and body.startswith(b"{")
                except Exception:
                    ok = False
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=60)
                mine.append(time.monotonic() - t)
                if not ok:
                    with lock:
                        errors[0] += 1
            with lock:
                lat.extend(mine)

        threads = [threading.Thread(target=client, args=(d,)) for d in docs]
        start = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - start
        status = Path(f"/proc/{server.pid}/status").read_text()
        hwm = re.search(r"VmHWM:\s+(\d+) kB", status).group(1)
        lat.sort()
        pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
        print(f"clients {a.clients}, drafts {sizes[0]}-{sizes[-1]} bytes, {elapsed:.1f} s")
        print(f"requests {len(lat)}, {len(lat) / elapsed:.1f} req/s")
        print(f"latency p50 {pct(0.50):.1f} ms, p99 {pct(0.99):.1f} ms, max {lat[-1] * 1000:.1f} ms")
        print(f"server peak memory (VmHWM) {int(hwm) / 1024:.1f} MiB")
        print(f"errors {errors[0]}")
        return 1 if errors[0] or not lat else 0
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
