#!/usr/bin/env python3
"""Service code figures (issue 17), against /healthz in the same run, on SQLite.

1. The public page of a code, `/c/{code}` (target >= 40 % of /healthz), as an anonymous
   visitor opens it from a label, with 100,000 devices and as many codes in the organisation,
   and the SQL statements it takes.
2. The organisation's Devices page with 100,000 devices (target >= 30 % of /healthz, both
   signed in), unfiltered and searched: kept (between changes) and fresh (nothing kept).
3. The label PDF of a project with 1,000 coded devices (A4, 3 x 8): time and the server's
   peak RSS before and after (VmHWM), on a fresh server.

Usage: cargo build --release -p knxdesk && python3 bench/codes.py   (needs wrk)
"""
import os, random, sqlite3, string, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pages import Server, insert_devices, statements, wrk  # noqa: E402

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def main():
    tmp = tempfile.mkdtemp()
    data = os.path.join(tmp, "sqlite")
    os.makedirs(data)
    s = Server(data, log="warn,sqlx::query=trace,knxdesk::db::read=trace")
    s.post("/orgs", {"name": "Bench"})
    org = 1
    s.post(f"/o/{org}/projects", {"name": "Hotel", "customer_id": ""})
    db = sqlite3.connect(os.path.join(data, "knxdesk.db"))
    insert_devices(db, org, 1, 100_000)
    rnd = random.Random(17)
    now = int(time.time())
    rows = [(org, "".join(rnd.choice(ALPHABET) for _ in range(16)), 1, device, now, now)
            for (device,) in db.execute("SELECT id FROM project_devices ORDER BY id")]
    db.executemany("INSERT INTO service_codes (org_id, code, project_id, device_id, created_at, paired_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    code = rows[54_321][1]
    # Anonymous: a fresh server's client that never signed in.
    anonymous = Server.__new__(Server)
    anonymous.base, anonymous.log_path = s.base, s.log_path
    import urllib.request
    anonymous.opener = urllib.request.build_opener()
    st = statements(anonymous, f"/c/{code}")
    page = anonymous.opener.open(s.base + f"/c/{code}").read().decode()
    assert "Actuator 054321" in page, "the device's page"
    st_devices = statements(s, f"/o/{org}/devices")
    s.stop()
    # The bulk rows are still in the write-ahead log, which every read would consult page by
    # page; a running server's own writes are checkpointed as they go.
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # Requests per second on a server that does not log every statement.
    s = Server(data)
    base = wrk(s.base + "/healthz", "")
    public = wrk(s.base + f"/c/{code}", "")
    unknown = wrk(s.base + "/c/0000000000000000", "")
    cookie = s.cookie_header()
    base_signed = wrk(s.base + "/healthz", cookie)
    devices = wrk(s.base + f"/o/{org}/devices", cookie)
    devices_page = wrk(s.base + f"/o/{org}/devices?page=1000", cookie)
    devices_search = wrk(s.base + f"/o/{org}/devices?q=actuator%20054321", cookie)
    s.stop()
    # Fresh: as the first request after a change renders it (nothing kept).
    os.environ["KNXDESK_VIEW_CACHE_MB"] = "0"
    s = Server(data)
    cookie = s.cookie_header()
    base_fresh = wrk(s.base + "/healthz", cookie)
    devices_fresh = wrk(s.base + f"/o/{org}/devices", cookie)
    s.stop()
    del os.environ["KNXDESK_VIEW_CACHE_MB"]

    # 1,000 labels: a second project, a fresh server (its peak RSS is the PDF's and little else).
    s = Server(data)
    s.post(f"/o/{org}/projects", {"name": "School", "customer_id": ""})
    db.execute("DELETE FROM service_codes WHERE device_id IN (SELECT id FROM project_devices WHERE project_id = 2)")
    insert_devices(db, org, 2, 1_000)
    rows = [(org, "".join(rnd.choice(ALPHABET) for _ in range(16)), 2, device, now, now)
            for (device,) in db.execute("SELECT id FROM project_devices WHERE project_id = 2 ORDER BY id")]
    db.executemany("INSERT INTO service_codes (org_id, code, project_id, device_id, created_at, paired_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)", rows)
    db.commit()

    def hwm():
        return next(int(l.split()[1]) for l in open(f"/proc/{s.proc.pid}/status") if l.startswith("VmHWM")) / 1024

    before = hwm()
    t = time.perf_counter()
    pdf = s.opener.open(s.base + f"/o/{org}/projects/2/codes/labels.pdf?stock=a4-3x8").read()
    pdf_s = time.perf_counter() - t
    after = hwm()
    with open(os.path.join(tmp, "labels.pdf"), "wb") as f:
        f.write(pdf)
    s.stop()
    print(f"label PDF, 1,000 labels (42 A4 sheets): {pdf_s * 1000:.0f} ms, {len(pdf) / 1e6:.1f} MB, "
          f"server peak RSS {before:.0f} MB before, {after:.0f} MB after ({os.path.join(tmp, 'labels.pdf')})")
    print(f"baseline /healthz: {base:.0f} req/s")
    print(f"/c/{{code}}, 100,000 devices with codes: {public:.0f} req/s = {100 * public / base:.1f} % of baseline, "
          f"{st} SQL statements")
    print(f"/c/{{unknown code}}: {unknown:.0f} req/s = {100 * unknown / base:.1f} % of baseline")
    print(f"signed in: baseline /healthz {base_signed:.0f} req/s; Devices page, 100,000 devices: "
          f"{devices:.0f} req/s = {100 * devices / base_signed:.1f} %, page 1,000 "
          f"{100 * devices_page / base_signed:.1f} %, search 'actuator 054321' "
          f"{100 * devices_search / base_signed:.1f} %; {st_devices} SQL statements (kept)")
    print(f"  fresh (nothing kept): baseline {base_fresh:.0f} req/s; Devices page {100 * devices_fresh / base_fresh:.1f} %")


if __name__ == "__main__":
    main()
