#!/usr/bin/env python3
"""Service figures (issue 16), against /healthz in the same run, on SQLite.

1. SQL statements of the Service list, the board and a case page with 10 and with 100,000 cases
   in the organisation (they must be the same).
2. Requests per second (wrk, as bench/pages.py) of the list (target >= 30 % of /healthz), the
   board with its first 50 cards per column (target >= 20 %), filtered and sorted lists, a text
   search and a case page, with 100,000 cases: "kept" as a team sees them between changes,
   "fresh" with nothing kept (KNXDESK_VIEW_CACHE_MB=0), as the first request after a change.
3. A public comment on a case whose customer has 50 portal users: the notifications and mails
   it stores, all in the comment's transaction, and how long the request takes.

Usage: cargo build --release -p knxdesk && python3 bench/service.py   (needs wrk)
"""
import os, random, re, sqlite3, sys, tempfile, time, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pages import Server, statements, words, wrk  # noqa: E402

STATUSES = ["open", "in_progress", "resolved", "closed"]


def insert_cases(db, org, projects, start, n, now, user):
    rnd = random.Random(start)
    rows = []
    for i in range(start, start + n):
        number = i + 1
        title = f"Case {number:06} dimmer flickers in room {i % 300}"
        status = STATUSES[rnd.randrange(4)]
        due = f"2026-{1 + i % 12:02}-{1 + i % 28:02}" if i % 3 == 0 else ""
        rows.append((org, number, projects[i % len(projects)], title, "", 1 + i % 4, status, None if i % 5 else user,
                     due, user, now - (start + n - i) * 60, now - (start + n - i) * 60, words(str(number), title)))
    db.executemany(
        "INSERT INTO service_cases (org_id, number, project_id, device_label, title, description, priority, status, "
        "assignee_user_id, due_on, created_by, created_at, updated_at, search_text) VALUES (?,?,?,'',?,?,?,?,?,?,?,?,?,?)",
        rows)
    db.commit()


def main():
    tmp = tempfile.mkdtemp()
    data = os.path.join(tmp, "sqlite")
    os.makedirs(data)
    s = Server(data, log="warn,sqlx::query=trace,knxdesk::db::read=trace")
    s.post("/orgs", {"name": "Bench"})
    org = 1
    s.post(f"/o/{org}/customers", {"kind": "person", "name": "Hotel Seeblick", "email": "info@seeblick.example"})
    for name, customer in [("Hotel Seeblick", "1"), ("School", ""), ("Office", "")]:
        s.post(f"/o/{org}/projects", {"name": name, "customer_id": customer})
    db = sqlite3.connect(os.path.join(data, "knxdesk.db"))
    user = db.execute("SELECT id FROM users WHERE email = 'bench@example.com'").fetchone()[0]
    now = int(time.time())
    insert_cases(db, org, [1, 2, 3], 0, 10, now, user)
    pages = {
        "list": f"/o/{org}/service",
        "board": f"/o/{org}/service/board",
        "search": f"/o/{org}/service?q=dimmer%200000",
        "case": f"/o/{org}/service/5",
    }
    st_10 = {k: statements(s, p) for k, p in pages.items()}
    insert_cases(db, org, [1, 2, 3], 10, 99_990, now, user)
    st_100k = {k: statements(s, p) for k, p in pages.items()}

    # 50 portal users of the hotel, then a public comment on one of its cases.
    hotel_case = db.execute("SELECT number FROM service_cases WHERE project_id = 1 ORDER BY number DESC LIMIT 1").fetchone()[0]
    for i in range(50):
        cur = db.execute("INSERT INTO users (email, name, password_hash, language, created_at) VALUES (?, ?, '', 'de', ?)",
                         (f"guest{i}@seeblick.example", f"Guest {i}", now))
        db.execute("INSERT INTO memberships (org_id, user_id, role, customer_id, created_at) VALUES (?, ?, 'owner', 1, ?)",
                   (org, cur.lastrowid, now))
    db.commit()
    jobs_before = db.execute("SELECT COUNT(*) FROM jobs WHERE kind = 'send_mail'").fetchone()[0]
    t = time.perf_counter()
    res = s.post(f"/o/{org}/service/{hotel_case}/comments", {"body": "We come on Tuesday.", "internal": "0"})
    comment_ms = (time.perf_counter() - t) * 1000
    notified = db.execute("SELECT COUNT(*) FROM notifications").fetchone()[0]
    mails = db.execute("SELECT COUNT(*) FROM jobs WHERE kind = 'send_mail'").fetchone()[0] - jobs_before
    s.stop()

    pages_measured = [
        ("list (open and in progress, newest change first)", f"/o/{org}/service"),
        ("board, first 50 cards of each column", f"/o/{org}/service/board"),
        ("list, all statuses by priority, page 200", f"/o/{org}/service?status=all&sort=priority&page=200"),
        ("list, unassigned and overdue", f"/o/{org}/service?assignee=nobody&due=overdue"),
        ("list, one project", f"/o/{org}/service?project=2"),
        ("list, text search 'case 004242'", f"/o/{org}/service?q=case%20004242"),
        ("case page", f"/o/{org}/service/{hotel_case}"),
    ]
    # Kept: the pages as a team sees them between changes (service/view_cache.rs). Fresh: the
    # same server with nothing kept (KNXDESK_VIEW_CACHE_MB=0), as the first request after a
    # change renders them.
    results = {}
    for mode, env in [("kept", None), ("fresh", "0")]:
        if env is None:
            os.environ.pop("KNXDESK_VIEW_CACHE_MB", None)
        else:
            os.environ["KNXDESK_VIEW_CACHE_MB"] = env
        s = Server(data)
        cookie = s.cookie_header()
        base = wrk(s.base + "/healthz", cookie)
        results[mode] = (base, [(name, wrk(s.base + path, cookie)) for name, path in pages_measured])
        s.stop()
    os.environ.pop("KNXDESK_VIEW_CACHE_MB", None)
    for mode, (base, figures) in results.items():
        print(f"{mode}: baseline /healthz: {base:.0f} req/s")
        for name, rps in figures:
            print(f"  {name}, 100,000 cases: {rps:.0f} req/s = {100 * rps / base:.1f} % of baseline")
    print("SQL statements per page, 10 vs 100,000 cases: " +
          ", ".join(f"{k} {st_10[k]} vs {st_100k[k]}" for k in pages))
    print(f"public comment on a case with 50 portal users: status {getattr(res, 'status', res)}, "
          f"{notified} notifications and {mails} mails stored in its transaction, {comment_ms:.0f} ms")


if __name__ == "__main__":
    main()
