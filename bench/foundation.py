#!/usr/bin/env python3
"""Foundation figures (issue 2), each against a baseline measured in the same run.

1. Cold start: spawn `knxdesk serve` on an empty data folder (SQLite created and migrated) until
   the first `/healthz` 200; median of 5. Baseline: the same on an already-migrated database
   (warm start), so the ratio shows what first-run setup costs.
2. Memory: peak RSS (VmHWM) after 1,000 sign-in page loads. Baseline: RSS right after start.

Usage: cargo build --release && python3 bench/foundation.py [path/to/knxdesk]
"""
import os, socket, statistics, subprocess, sys, tempfile, time, urllib.request

BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "target", "release", "knxdesk")
if os.environ.get("CARGO_TARGET_DIR") and len(sys.argv) == 1:
    BIN = os.path.join(os.environ["CARGO_TARGET_DIR"], "release", "knxdesk")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def start(data_dir):
    port = free_port()
    env = dict(os.environ, KNXDESK_DATA_DIR=data_dir, KNXDESK_BIND=f"127.0.0.1:{port}", KNXDESK_LOG="warn")
    t0 = time.perf_counter()
    proc = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/healthz"
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    break
        except Exception:
            if proc.poll() is not None:
                raise SystemExit("server exited")
            time.sleep(0.002)
    return proc, port, (time.perf_counter() - t0) * 1000


def stop(proc):
    proc.terminate()
    proc.wait(timeout=10)


def rss_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def main():
    cold, warm = [], []
    for _ in range(5):
        with tempfile.TemporaryDirectory() as d:
            proc, _, ms = start(d)
            cold.append(ms)
            stop(proc)
            proc, _, ms = start(d)
            warm.append(ms)
            stop(proc)
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"cold start to first /healthz 200 (empty SQLite, median of 5): {c:.1f} ms")
    print(f"warm start baseline (migrated database, median of 5):          {w:.1f} ms")
    print(f"ratio cold/warm: {c / w:.2f}x   (target: cold < 300 ms)")

    with tempfile.TemporaryDirectory() as d:
        proc, port, _ = start(d)
        base = rss_kb(proc.pid, "VmRSS")
        opener = urllib.request.build_opener()
        t0 = time.perf_counter()
        for _ in range(1000):
            with opener.open(f"http://127.0.0.1:{port}/signin") as r:
                r.read()
        secs = time.perf_counter() - t0
        peak = rss_kb(proc.pid, "VmHWM")
        stop(proc)
    print(f"RSS after start (baseline): {base / 1024:.1f} MB")
    print(f"peak RSS after 1,000 sign-in page loads: {peak / 1024:.1f} MB   (ratio {peak / base:.2f}x; target < 40 MB)")
    print(f"sign-in page: {1000 / secs:.0f} loads/s sequential from one Python client")


if __name__ == "__main__":
    main()
