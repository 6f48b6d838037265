#!/usr/bin/env python3
"""Hardening figures (issue 14), each beside a baseline from the same run.

1. Peak RSS (VmHWM) of the server under 200 concurrent sign-ins, each from its own client
   address (X-Forwarded-For, so no throttle stops them before their password hash), and the
   RSS a few seconds after the burst. Baseline: RSS after start. `/healthz` is polled all the
   while: the slowest answer and whether any failed.
2. Throttle: 40 concurrent wrong passwords for one account from one client; how many were
   checked (401) and how many refused (429). The limit is 5.
3. Peak RSS while a 200 MB hostile upload (a stored .knxproj whose project name is 190 MB of
   text) is imported, and how the import ended. Baseline: RSS before the upload.

Usage: cargo build --release && python3 bench/hardening.py [path/to/knxdesk]
"""
import concurrent.futures as cf, glob, io, os, re, socket, subprocess, sys, tempfile, threading, time, zipfile

import requests

BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(os.path.dirname(__file__), "..", "target")), "release", "knxdesk")
PASSWORD = "correct horse battery staple"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def status(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def reset_peak(pid):
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


def csrf(session, base):
    page = session.get(base + "/signin").text
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


class Health(threading.Thread):
    """Polls /healthz until stopped; keeps the slowest answer and the failures."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base, self.stop, self.slowest, self.failures, self.n = base, False, 0.0, 0, 0

    def run(self):
        while not self.stop:
            t0 = time.perf_counter()
            try:
                ok = requests.get(self.base + "/healthz", timeout=10).status_code == 200
            except Exception:
                ok = False
            self.slowest = max(self.slowest, time.perf_counter() - t0)
            self.failures += 0 if ok else 1
            self.n += 1
            time.sleep(0.05)


def sign_up(base, data):
    s = requests.Session()
    token = csrf(s, base)
    s.post(base + "/signup", data={"name": "Bench", "email": "bench@example.com", "password": PASSWORD, "_csrf": token})
    for _ in range(100):
        for path in glob.glob(os.path.join(data, "outbox", "*.eml")):
            m = re.search(r"/signup/confirm/([A-Za-z0-9_-]{43})", open(path, errors="replace").read().replace("=\n", ""))
            if m:
                s.post(base + "/signup/confirm/" + m.group(1), data={"_csrf": token}, allow_redirects=False)
                return s, token
        time.sleep(0.05)
    raise SystemExit("no confirmation mail")


def burst(base, n, email, password, address):
    def one(i):
        s = requests.Session()
        token = csrf(s, base)
        headers = {"X-Forwarded-For": address(i)}
        return s.post(base + "/signin", data={"email": email(i), "password": password, "_csrf": token},
                      headers=headers, allow_redirects=False).status_code
    # Every client has its CSRF cookie first, so the requests hit the sign-in at once.
    with cf.ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, range(n)))


def hostile_project(size_mb):
    """A valid .knxproj whose project name is `size_mb` MB of letters, stored (not deflated)."""
    name = ("abcdefghijklmnopqrstuvwxyz" * (size_mb * 1024 * 1024 // 26 + 1))[: size_mb * 1024 * 1024]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("knx_master.xml", '<?xml version="1.0" encoding="utf-8"?><KNX xmlns="http://knx.org/xml/project/21"><MasterData Version="0" /></KNX>')
        z.writestr("P-0A1B.signature", "x")
        z.writestr("P-0A1B/project.xml", '<?xml version="1.0" encoding="utf-8"?><KNX xmlns="http://knx.org/xml/project/21"><Project Id="P-0A1B"><ProjectInformation Name="' + name + '" /></Project></KNX>')
        z.writestr("P-0A1B/0.xml", '<?xml version="1.0" encoding="utf-8"?><KNX xmlns="http://knx.org/xml/project/21"><Project Id="P-0A1B"><Installations><Installation Name=""><Topology /></Installation></Installations></Project></KNX>')
    return buf.getvalue()


def main():
    data = tempfile.mkdtemp()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, KNXDESK_DATA_DIR=data, KNXDESK_BIND=f"127.0.0.1:{port}", KNXDESK_BASE_URL=base,
               KNXDESK_LOG="warn", KNXDESK_TRUST_PROXY="1")
    proc = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                break
        except Exception:
            time.sleep(0.05)
    session, token = sign_up(base, data)
    health = Health(base)
    health.start()

    start_rss = status(proc.pid, "VmRSS")
    reset_peak(proc.pid)
    t0 = time.perf_counter()
    codes = burst(base, 200, lambda i: f"user{i}@example.com", "wrong password 123", lambda i: f"10.1.{i // 250}.{i % 250}")
    took = time.perf_counter() - t0
    peak = status(proc.pid, "VmHWM")
    time.sleep(3)
    after = status(proc.pid, "VmRSS")
    print(f"200 concurrent sign-ins: {took:.1f} s; statuses {sorted(set(codes))} "
          f"({codes.count(401)} checked, {codes.count(503)} busy)")
    print(f"  RSS after start {start_rss:.1f} MB, peak {peak:.1f} MB ({peak / start_rss:.2f}x), 3 s later {after:.1f} MB")

    codes = burst(base, 40, lambda i: "bench@example.com", "wrong password 123", lambda i: "10.2.0.1")
    print(f"40 concurrent wrong passwords, one account, one client: {codes.count(401)} checked, {codes.count(429)} refused (limit 5)")

    r = session.post(base + "/orgs", data={"name": "Bench", "_csrf": token}, allow_redirects=False)
    org = r.headers["location"].strip("/").split("/")[1]
    r = session.post(f"{base}/o/{org}/projects", data={"name": "Hostile", "_csrf": token}, allow_redirects=False)
    pid = r.headers["location"].rstrip("/").split("/")[-1]
    body = hostile_project(190)
    before = status(proc.pid, "VmRSS")
    reset_peak(proc.pid)
    t0 = time.perf_counter()
    r = session.post(f"{base}/o/{org}/projects/{pid}/ets?_csrf={token}",
                     files={"file": ("hostile.knxproj", body)}, data={"comment": ""}, allow_redirects=False)
    outcome = "?"
    for _ in range(600):
        page = session.get(f"{base}/o/{org}/projects/{pid}/ets").text
        if "failed" in page.lower() or "Failed" in page or "ready" in page.lower() and "Ready" in page:
            m = re.search(r"holds a text longer than[^<]*", page)
            outcome = m.group(0) if m else "finished"
            break
        time.sleep(0.1)
    took = time.perf_counter() - t0
    peak = status(proc.pid, "VmHWM")
    print(f"import of a {len(body) / 1e6:.0f} MB hostile file: upload {r.status_code}, {took:.1f} s, outcome: {outcome}")
    print(f"  RSS before {before:.1f} MB, peak {peak:.1f} MB ({peak - before:+.1f} MB)")

    health.stop = True
    health.join()
    print(f"/healthz throughout: {health.n} polls, {health.failures} failed, slowest {health.slowest * 1000:.0f} ms")
    proc.terminate()
    proc.wait(timeout=10)


if __name__ == "__main__":
    main()
