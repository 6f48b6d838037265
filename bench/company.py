#!/usr/bin/env python3
"""Customer Login figures (issue 18), against /healthz in the same run, on SQLite.

The service figures (the KPI dashboard) of one customer with 5,000 of the organisation's
100,000 cases, as the integrator opens them per customer (the computation a company's own
people get at /kpis): SQL statements per page with 10 and with 100,000 cases (the same), and
requests per second (wrk, as bench/pages.py; target >= 20 % of /healthz) kept (between
changes) and fresh (KNXDESK_VIEW_CACHE_MB=0, the first request after a change).

Usage: cargo build --release -p knxdesk && python3 bench/company.py   (needs wrk)
"""
import os, sqlite3, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pages import Server, statements, wrk  # noqa: E402
from service import insert_cases  # noqa: E402


def main():
    tmp = tempfile.mkdtemp()
    data = os.path.join(tmp, "sqlite")
    os.makedirs(data)
    s = Server(data, log="warn,sqlx::query=trace,knxdesk::db::read=trace")
    s.post("/orgs", {"name": "Bench"})
    org = 1
    s.post(f"/o/{org}/customers", {"kind": "company", "name": "Hotel Seeblick"})
    s.post(f"/o/{org}/projects", {"name": "Hotel Seeblick", "customer_id": "1"})
    for i in range(19):
        s.post(f"/o/{org}/projects", {"name": f"School {i}", "customer_id": ""})
    db = sqlite3.connect(os.path.join(data, "knxdesk.db"))
    user = db.execute("SELECT id FROM users WHERE email = 'bench@example.com'").fetchone()[0]
    now = int(time.time())
    page = f"/o/{org}/customers/1/kpis"
    projects = list(range(1, 21))  # the hotel's project is one of 20: 5,000 of 100,000 cases
    insert_cases(db, org, projects, 0, 10, now, user)
    st_10 = statements(s, page)
    insert_cases(db, org, projects, 10, 99_990, now, user)
    # Resolved cases get a resolution time, spread over the last year.
    db.execute("UPDATE service_cases SET resolved_at = created_at + 3600 * (1 + id % 96) WHERE status IN ('resolved', 'closed')")
    db.execute("UPDATE service_cases SET created_at = created_at - (id % 360) * 86400")
    # A third of the cases have the team's public answer, 1 to 48 hours after they were opened;
    # every fourth is on one of 50 devices. A schema that keeps the answer's time on the case
    # gets it as the application would write it.
    db.execute("INSERT INTO case_comments (org_id, case_id, author_user_id, body, internal, created_at) "
               "SELECT org_id, id, ?, 'We come on Tuesday.', 0, created_at + 3600 * (1 + id % 48) FROM service_cases "
               "WHERE id % 3 = 0", (user,))
    if any(c[1] == "first_answer_at" for c in db.execute("PRAGMA table_info(service_cases)")):
        db.execute("UPDATE service_cases SET first_answer_at = created_at + 3600 * (1 + id % 48) WHERE id % 3 = 0")
    db.execute("UPDATE service_cases SET device_id = 1000 + id % 50, device_label = '1.1.' || (id % 50) || ' Dimmer' "
               "WHERE id % 4 = 0")
    # The resolved cases would be closing by themselves (after 14 days) while the pages are
    # measured: the organisation keeps them as they are.
    db.execute("UPDATE organisations SET auto_close_days = 0")
    db.commit()
    hotel = db.execute("SELECT COUNT(*) FROM service_cases WHERE project_id = 1").fetchone()[0]
    st_100k = statements(s, page)
    s.stop()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    rates = {}
    for kept in (True, False):
        if not kept:
            os.environ["KNXDESK_VIEW_CACHE_MB"] = "0"
        s = Server(data)
        cookie = s.cookie_header()
        base = wrk(s.base + "/healthz", cookie)
        rates[kept] = (base, wrk(s.base + page, cookie))
        s.stop()
        os.environ.pop("KNXDESK_VIEW_CACHE_MB", None)
    print(f"customer's cases: {hotel} of 100,000")
    print(f"SQL statements of the customer's figures, 10 vs 100,000 cases: {st_10} vs {st_100k}")
    for kept, (base, rps) in rates.items():
        print(f"{'kept' if kept else 'fresh'}: /healthz {base:.0f} req/s; figures {rps:.0f} req/s = {100 * rps / base:.1f} %")


if __name__ == "__main__":
    main()
