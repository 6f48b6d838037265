//! The authorization matrix: every route of the application × ten actors (the team's three
//! roles, customer A's owner and A's three company roles of the Customer Login module, B's
//! owner, another organisation, nobody), with ids of own and foreign projects, customers,
//! versions, devices, members, company users and invitations. Each cell asserts
//! the exact status, and that no body shows data the actor must not see. SQLite and PostgreSQL.
//!
//! Requests that would change something use input that is refused (or a target that refuses),
//! so the fixture stays the same from the first cell to the last; the test checks that too.

use std::time::Duration;

use crate::common::{Client, TestApp};
use knxproj::writer::{Spec, to_bytes};
use reqwest::multipart::{Form, Part};

db_tests!(every_route_for_every_actor);

/// Columns of an expectation: the actors, in this order.
const ACTORS: [&str; 10] = [
    "administrator",
    "moderator",
    "member",
    "owner of customer A",
    "customer administrator of A",
    "customer moderator of A",
    "customer member of A",
    "owner of customer B",
    "user of another organisation",
    "anonymous",
];

/// Names that appear in bodies only for those who may see them.
const PA: &str = "Alpha-Proj-Marker";
const PB: &str = "Bravo-Proj-Marker";
const PN: &str = "November-Proj-Marker";
const PX: &str = "Xray-Proj-Marker";
const CA: &str = "Alpha-Cust-Marker";
const CB: &str = "Bravo-Cust-Marker";
const CX: &str = "Xray-Cust-Marker";
/// The team's own: an internal note and a template's checklist item on case #1 (A's project).
const TEAM: &str = "Team-Only-Marker";

/// What each actor may see anywhere (markers outside this list must never appear).
fn visible(actor: usize) -> &'static [&'static str] {
    match actor {
        0..=2 => &[PA, PB, PN, CA, CB, TEAM],
        3..=6 => &[PA, CA],
        7 => &[PB, CB],
        8 => &[PX, CX],
        _ => &[],
    }
}

fn status_of(c: char) -> u16 {
    match c {
        'o' => 200,
        'r' => 303,
        'b' => 400,
        'f' => 403,
        'n' => 404,
        'c' => 409,
        'g' => 410,
        'u' => 422,
        other => panic!("unknown status letter {other}"),
    }
}

enum Body {
    None,
    Form(Vec<(&'static str, String)>),
    /// An upload without a file.
    EmptyUpload,
}

struct Cell {
    method: &'static str,
    path: String,
    body: Body,
    /// One letter per actor: o 200, r 303, b 400, f 403, n 404, c 409, g 410, u 422.
    expect: String,
}

/// A row's letters for the ten actors. Seven letters leave out the company's three people
/// (customer A's administrator, moderator and member), who then get what A's owner gets: the
/// same customer's portal. Ten letters say each actor's answer where they differ.
fn letters(expect: &str) -> String {
    match expect.len() {
        7 => {
            let owner_a = &expect[3..4];
            format!("{}{}{}", &expect[..4], owner_a.repeat(3), &expect[4..])
        }
        10 => expect.to_string(),
        n => panic!("{expect}: {n} letters, expected 7 or 10"),
    }
}

fn get(path: String, expect: &str) -> Cell {
    Cell {
        method: "GET",
        path,
        body: Body::None,
        expect: letters(expect),
    }
}

fn post(path: String, form: &[(&'static str, &str)], expect: &str) -> Cell {
    Cell {
        method: "POST",
        path,
        body: Body::Form(form.iter().map(|(k, v)| (*k, v.to_string())).collect()),
        expect: letters(expect),
    }
}

/// Does a request path (query aside) fall under a route such as `/o/{org_id}/projects/{id}`?
fn matches_route(route: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    let (route, path): (Vec<&str>, Vec<&str>) =
        (route.split('/').collect(), path.split('/').collect());
    route.len() == path.len()
        && route.iter().zip(&path).all(|(r, p)| {
            if r.starts_with('{') {
                !p.is_empty()
            } else {
                r == p
            }
        })
}

#[test]
fn request_paths_fall_under_their_route() {
    assert!(matches_route("/o/{org_id}/", "/o/12/"));
    assert!(matches_route(
        "/o/{org_id}/customers/{id}/edit",
        "/o/1/customers/7/edit?x=1"
    ));
    assert!(!matches_route(
        "/o/{org_id}/customers/{id}",
        "/o/1/customers/7/edit"
    ));
    assert!(!matches_route("/o/{org_id}/customers", "/o/1/projects"));
}

async fn upload_version(app: &TestApp, c: &mut Client, org: i64, pid: i64) -> i64 {
    let bytes = to_bytes(&Spec {
        devices: 3,
        group_addresses: 4,
        ..Default::default()
    });
    let form = Form::new()
        .text("comment", "")
        .text("password", "")
        .part("file", Part::bytes(bytes).file_name("house.knxproj"));
    let res = c
        .upload(&format!("/o/{org}/projects/{pid}/ets"), form)
        .await;
    assert_eq!(res.status(), 303);
    for _ in 0..400 {
        let ready = app
            .count(&format!(
                "SELECT COUNT(*) FROM ets_versions WHERE project_id = {pid} AND status = 'ready'"
            ))
            .await;
        if ready == 1 {
            return app
                .count(&format!(
                    "SELECT id FROM ets_versions WHERE project_id = {pid}"
                ))
                .await;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("version of project {pid} never became ready");
}

async fn send(app: &TestApp, client: &mut Client, cell: &Cell) -> (u16, String) {
    match &cell.body {
        Body::None => client.get_text(&cell.path).await,
        Body::Form(form) => {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            client.post_text(&cell.path, &form).await
        }
        Body::EmptyUpload => {
            let res = client
                .upload(&cell.path, Form::new().text("comment", "none"))
                .await;
            let status = res.status().as_u16();
            let _ = app;
            (status, res.text().await.unwrap())
        }
    }
}

/// Rows that must not change while the matrix runs.
async fn fingerprint(app: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM projects",
        "SELECT COUNT(*) FROM customers",
        "SELECT COUNT(*) FROM memberships",
        "SELECT COUNT(*) FROM ets_versions",
        "SELECT COUNT(*) FROM organisations",
        "SELECT COUNT(*) FROM projects WHERE customer_id IS NULL",
        "SELECT COUNT(*) FROM projects WHERE status <> 'active'",
        "SELECT COUNT(*) FROM memberships WHERE role = 'administrator'",
        "SELECT COUNT(*) FROM customer_invitations WHERE accepted_at IS NOT NULL",
        "SELECT COUNT(*) FROM project_devices",
        "SELECT COUNT(*) FROM service_cases",
        "SELECT COUNT(*) FROM service_cases WHERE status = 'open'",
        "SELECT COUNT(*) FROM case_comments",
        "SELECT COUNT(*) FROM case_comments WHERE edited_at IS NOT NULL",
        "SELECT COUNT(*) FROM case_events",
        "SELECT COUNT(*) FROM case_templates",
        "SELECT COUNT(*) FROM case_checklist_items",
        "SELECT COUNT(*) FROM notification_optouts",
        "SELECT COUNT(*) FROM case_attachments",
        "SELECT COUNT(*) FROM company_invitations",
        "SELECT COUNT(*) FROM company_invitations WHERE accepted_at IS NOT NULL",
        "SELECT COUNT(*) FROM memberships WHERE role = 'customer_administrator'",
        "SELECT COUNT(*) FROM memberships WHERE role = 'customer_moderator'",
        "SELECT COUNT(*) FROM memberships WHERE role = 'customer_member'",
        "SELECT COUNT(*) FROM customers WHERE promoted_org_id IS NOT NULL",
    ] {
        out.push(app.count(sql).await);
    }
    out
}

async fn every_route_for_every_actor(app: TestApp) {
    // ----- the fixture -----
    let (mut admin, org) = app
        .owner_with_org("Ada Admin", "ada@example.com", "Org One")
        .await;
    let moderator = app
        .add_member(
            &mut admin,
            org,
            "Mo Moderator",
            "mo@example.com",
            "moderator",
        )
        .await;
    let member = app
        .add_member(&mut admin, org, "Mel Member", "mel@example.com", "member")
        .await;
    // A and B are companies, and the organisation has the Customer Login module on: A has an
    // owner's portal login and three people of its own, one of each company role.
    app.customer_login_on(org).await;
    let mut companies = Vec::new();
    for (name, email) in [
        (CA, "alpha@example.com"),
        (CB, "bravo@example.com"),
        // Never invited, nobody of its own: "remove access" has nothing to remove there, and
        // it cannot become an organisation without an administrator.
        ("Plain Customer", ""),
    ] {
        companies.push(
            app.customer_of_kind(&mut admin, org, "company", name, email)
                .await,
        );
    }
    let [ca, cb, plain] = companies[..] else {
        unreachable!()
    };
    let pa = app.project(&mut admin, org, PA, Some(ca)).await;
    let pb = app.project(&mut admin, org, PB, Some(cb)).await;
    let pn = app.project(&mut admin, org, PN, None).await;
    let va = upload_version(&app, &mut admin, org, pa).await;
    let vb = upload_version(&app, &mut admin, org, pb).await;
    let owner_a = app
        .add_owner(&mut admin, org, ca, "Al Alpha", "alpha@example.com")
        .await;
    let owner_b = app
        .add_owner(&mut admin, org, cb, "Bo Bravo", "bravo@example.com")
        .await;
    let mut company_a = Vec::new();
    for (first, email, role) in [
        ("Cara", "cara@alpha.example", "customer_administrator"),
        ("Cody", "cody@alpha.example", "customer_moderator"),
        ("Cleo", "cleo@alpha.example", "customer_member"),
    ] {
        company_a.push(
            app.add_company_user(&mut admin, org, ca, (first, email, role, "en"))
                .await,
        );
    }
    // B's own: one member who joined, one invitation still pending.
    let _ = app
        .add_company_user(
            &mut admin,
            org,
            cb,
            ("Bert", "bert@bravo.example", "customer_member", "en"),
        )
        .await;
    let res = admin
        .post(
            &format!("/o/{org}/customers/{cb}/company"),
            &[
                ("first_name", "Bea"),
                ("last_name", "Pending"),
                ("email", "bea@bravo.example"),
                ("language", "de"),
                ("role", "customer_member"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = admin
        .post(
            &format!("/o/{org}/customers/{ca}/company"),
            &[
                ("first_name", "Alma"),
                ("last_name", "Pending"),
                ("email", "alma@alpha.example"),
                ("language", "en"),
                ("role", "customer_member"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let membership = |email: &str| {
        format!(
            "SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.org_id = {org} AND u.email = '{email}'"
        )
    };
    let cara = app.count(&membership("cara@alpha.example")).await;
    let cleo = app.count(&membership("cleo@alpha.example")).await;
    let bert = app.count(&membership("bert@bravo.example")).await;
    let pending =
        |email: &str| format!("SELECT id FROM company_invitations WHERE email = '{email}'");
    let alma = app.count(&pending("alma@alpha.example")).await;
    let bea = app.count(&pending("bea@bravo.example")).await;
    // A's administrator has asked to become an organisation of their own; asking again
    // changes nothing.
    let res = company_a[0]
        .post(&format!("/o/{org}/company-users/promotion"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let (mut outsider, org_x) = app
        .owner_with_org("Xe Outsider", "xe@example.com", "Org Two")
        .await;
    let cx = app
        .customer(&mut outsider, org_x, CX, "x@example.com")
        .await;
    let px = app.project(&mut outsider, org_x, PX, Some(cx)).await;
    let vx = upload_version(&app, &mut outsider, org_x, px).await;
    // A pending staff invitation of each organisation.
    for (c, o, email) in [
        (&mut admin, org, "pending@example.com"),
        (&mut outsider, org_x, "pending-x@example.com"),
    ] {
        let res = c
            .post(
                &format!("/o/{o}/invitations"),
                &[("email", email), ("role", "member")],
            )
            .await;
        assert_eq!(res.status(), 303);
    }
    let inv = app
        .count(&format!(
            "SELECT id FROM staff_invitations WHERE org_id = {org} AND accepted_at IS NULL"
        ))
        .await;
    let inv_x = app
        .count(&format!(
            "SELECT id FROM staff_invitations WHERE org_id = {org_x} AND accepted_at IS NULL"
        ))
        .await;
    let owner_member = app
        .count("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'ada@example.com'")
        .await;
    let member_x = app
        .count(&format!(
            "SELECT id FROM memberships WHERE org_id = {org_x}"
        ))
        .await;
    let device = {
        use sqlx::Row;
        let row = sqlx::query("SELECT address FROM project_devices WHERE project_id = $1 LIMIT 1")
            .bind(pa)
            .fetch_one(app.pool())
            .await
            .unwrap();
        row.try_get::<String, _>(0).unwrap()
    };
    // Service cases: #1 on A's project, #2 on B's, each with a public comment by the
    // administrator; #1 of the other organisation with one by its owner.
    for (theirs, o, pid) in [(false, org, pa), (false, org, pb), (true, org_x, px)] {
        let c = if theirs { &mut outsider } else { &mut admin };
        let pid = pid.to_string();
        let res = c
            .post(
                &format!("/o/{o}/service"),
                &[("project", &pid), ("title", "A case"), ("priority", "low")],
            )
            .await;
        assert_eq!(res.status(), 303, "case opened");
        let number = crate::common::location(&res)
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();
        let res = c
            .post(
                &format!("/o/{o}/service/{number}/comments"),
                &[("body", "Public note"), ("internal", "0")],
            )
            .await;
        assert_eq!(res.status(), 303, "comment added");
    }
    let res = admin
        .post(
            &format!("/o/{org}/service/templates"),
            &[
                ("name", "Inspection"),
                ("title", "Annual inspection"),
                ("priority", "low"),
                ("checklist", "Check fuses Team-Only-Marker"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "template saved");
    let template = app.count("SELECT MIN(id) FROM case_templates").await;
    // Case #3 from the template on A's project, with an internal note: what A's owner may see
    // of it never shows the marker.
    let res = admin
        .post(
            &format!("/o/{org}/service"),
            &[
                ("project", &pa.to_string()),
                ("template", &template.to_string()),
                ("title", "Inspection"),
                ("priority", "low"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = admin
        .post(
            &format!("/o/{org}/service/3/comments"),
            &[("body", "Team-Only-Marker note"), ("internal", "1")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = admin
        .upload(
            &format!("/o/{org}/service/3/attachments"),
            Form::new().text("internal", "1").part(
                "files",
                Part::bytes(b"%PDF-1.7\n".to_vec()).file_name("Team-Only-Marker.pdf"),
            ),
        )
        .await;
    assert_eq!(res.status(), 303, "internal file attached");
    let attachment = app.count("SELECT MIN(id) FROM case_attachments").await;
    let comment_a = app
        .count(&format!(
            "SELECT MIN(id) FROM case_comments WHERE org_id = {org}"
        ))
        .await;
    let comment_x = app
        .count(&format!(
            "SELECT MIN(id) FROM case_comments WHERE org_id = {org_x}"
        ))
        .await;
    let [company_admin, company_moderator, company_member] =
        <[Client; 3]>::try_from(company_a).ok().unwrap();
    let mut clients = [
        admin,
        moderator,
        member,
        owner_a,
        company_admin,
        company_moderator,
        company_member,
        owner_b,
        outsider,
        app.client(),
    ];
    let before = fingerprint(&app).await;

    // ----- the routes -----
    let o = |rest: &str| format!("/o/{org}{rest}");
    let junk_token = "A".repeat(43);
    // The notification settings with every box ticked: saving them changes nothing.
    let everything_on: Vec<(&'static str, &str)> = [
        "case_created.in_app",
        "case_created.email",
        "assigned.in_app",
        "assigned.email",
        "status_changed.in_app",
        "status_changed.email",
        "public_comment.in_app",
        "public_comment.email",
        "internal_comment.in_app",
        "internal_comment.email",
        "devices_changed.in_app",
        "devices_changed.email",
        "codes_changed.in_app",
        "codes_changed.email",
    ]
    .into_iter()
    .map(|k| (k, "on"))
    .collect();
    let mut cells = vec![
        get("/healthz".into(), "ooooooo"),
        get("/readyz".into(), "ooooooo"),
        get("/static/any-version/app.css".into(), "ooooooo"),
        get("/static/any-version/not-there.js".into(), "nnnnnnn"),
        get("/".into(), "rrrrrrr"),
        get("/signin".into(), "ooooooo"),
        get("/signup".into(), "ooooooo"),
        get("/password/forgot".into(), "ooooooo"),
        get(format!("/signup/confirm/{junk_token}"), "ggggggg"),
        get(format!("/password/reset/{junk_token}"), "ggggggg"),
        get(format!("/invite/{junk_token}"), "ggggggg"),
        post(format!("/invite/{junk_token}/accept"), &[], "ggggggr"),
        post(
            format!("/invite/{junk_token}/signup"),
            &[("name", "X"), ("password", "")],
            "ggggggg",
        ),
        post(
            "/signup".into(),
            &[("name", ""), ("email", "bad"), ("password", "")],
            "uuuuuuu",
        ),
        post("/password/forgot".into(), &[("email", "bad")], "uuuuuuu"),
        get("/orgs".into(), "oooooor"),
        post("/orgs".into(), &[("name", "")], "uuuuuur"),
        get("/admin/orgs".into(), "ffffffr"),
        post(
            format!("/admin/orgs/{org}/modules"),
            &[("customer_login", "0")],
            "ffffffr",
        ),
        post("/admin/orgs".into(), &[("name", "")], "ffffffr"),
        get("/settings/profile".into(), "oooooor"),
        post(
            "/settings/profile".into(),
            &[("name", ""), ("phone", ""), ("language", "en")],
            "uuuuuur",
        ),
        get("/settings/security".into(), "oooooor"),
        post(
            "/settings/security/password".into(),
            &[("current", "wrong"), ("password", "")],
            "uuuuuur",
        ),
        // Notifications are each user's own; the unsubscribe link needs its signature.
        get("/notifications".into(), "oooooor"),
        post("/notifications/999999/open".into(), &[], "nnnnnnr"),
        get("/settings/notifications".into(), "oooooor"),
        post("/settings/notifications".into(), &everything_on, "rrrrrrr"),
        get("/unsubscribe/1/status_changed/forged".into(), "ggggggg"),
        post(
            "/unsubscribe/1/status_changed/forged".into(),
            &[],
            "ggggggg",
        ),
        post("/unsubscribe/1/no_such_event/forged".into(), &[], "ggggggg"),
        // Inside the organisation.
        get(o("/"), "ooooonr"),
        get(o("/members"), "offffnr"),
        // Search finds projects, customers, devices: each actor only their own markers.
        get(o("/search?q=marker"), "ooooonr"),
        get(o("/search/results?q=proj%20marker"), "ooooonr"),
        get(o("/activity"), "offffnr"),
        get(o("/activity/export?kind=projects"), "offffnr"),
        get(o("/settings"), "offffnr"),
        post(
            o("/settings"),
            &[("name", ""), ("language", "en")],
            "uffffnr",
        ),
        Cell {
            method: "UPLOAD",
            path: o("/settings/logo"),
            body: Body::EmptyUpload,
            expect: letters("rffffnr"),
        },
        post(o("/settings/logo/remove"), &[], "rffffnr"),
        get(o("/settings/service"), "offffnr"),
        post(
            o("/settings/service"),
            &[
                ("new_case_recipients", "everyone"),
                ("auto_close_days", "14"),
            ],
            "uffffnr",
        ),
        // No logo yet: not found for every member, whatever their role.
        get(o("/logo"), "nnnnnnr"),
        post(
            o("/invitations"),
            &[("email", "bad"), ("role", "member")],
            "uffffnr",
        ),
        post(o(&format!("/invitations/{inv}/resend")), &[], "rffffnr"),
        post(o(&format!("/invitations/{inv_x}/resend")), &[], "nffffnr"),
        post(o(&format!("/invitations/{inv_x}/revoke")), &[], "nffffnr"),
        post(
            o(&format!("/members/{owner_member}/role")),
            &[("role", "member")],
            "rffffnr",
        ),
        post(
            o(&format!("/members/{member_x}/role")),
            &[("role", "member")],
            "nffffnr",
        ),
        post(
            o(&format!("/members/{owner_member}/remove")),
            &[],
            "rffffnr",
        ),
        post(o(&format!("/members/{member_x}/remove")), &[], "nffffnr"),
        post(o(&format!("/members/{owner_member}/owner")), &[], "rffffnr"),
        post(o(&format!("/members/{member_x}/owner")), &[], "nffffnr"),
        // Customers.
        get(o("/customers"), "oooffnr"),
        get(o("/customers/new"), "oooffnr"),
        post(
            o("/customers"),
            &[("kind", "person"), ("name", "")],
            "uuuffnr",
        ),
    ];
    for (cid, own) in [(ca, true), (cb, true), (cx, false)] {
        let (edit, update, manage, delete) = if own {
            ("oooffnr", "uuuffnr", "rrfffnr", "rrfffnr")
        } else {
            ("nnnffnr", "nnnffnr", "nnfffnr", "nnfffnr")
        };
        let form_page = if own { "oofffnr" } else { "nnfffnr" };
        let invalid_invite = if own { "rrfffnr" } else { "nnfffnr" };
        cells.extend([
            get(o(&format!("/customers/{cid}/edit")), edit),
            post(
                o(&format!("/customers/{cid}")),
                &[("kind", "person"), ("name", "")],
                update,
            ),
            // Linked projects: a delete is refused with a message, nothing goes.
            post(o(&format!("/customers/{cid}/delete")), &[], delete),
            get(o(&format!("/customers/{cid}/invite")), form_page),
            // Already accepted: refused with a message.
            post(
                o(&format!("/customers/{cid}/invite")),
                &[("email", "new@example.com")],
                invalid_invite,
            ),
            post(o(&format!("/customers/{cid}/invite/resend")), &[], manage),
            post(o(&format!("/customers/{cid}/invite/revoke")), &[], manage),
            post(o(&format!("/customers/{cid}/invite/link")), &[], manage),
        ]);
    }
    cells.extend([
        post(
            o(&format!("/customers/{plain}/invite/remove-access")),
            &[],
            "rrfffnr",
        ),
        post(
            o(&format!("/customers/{cx}/invite/remove-access")),
            &[],
            "nnfffnr",
        ),
    ]);
    // Projects.
    cells.extend([
        get(o("/projects"), "ooooonr"),
        get(o("/projects/new"), "oooffnr"),
        post(o("/projects"), &[("name", "")], "uuuffnr"),
    ]);
    // (project, version, expectation for read pages)
    for (pid, vid, read) in [
        (pa, va, "oooonnr"),
        (pb, vb, "ooononr"),
        (pn, 0, "ooonnnr"),
        (px, vx, "nnnnnnr"),
    ] {
        // Staff-only pages: 403 for customer users before anything is looked up.
        let staff_only = match read {
            "nnnnnnr" => "nnnffnr",
            _ => "oooffnr",
        };
        // The diff page without two versions picked sends those who may see it back.
        let diff = match read {
            "oooonnr" => "rrrrnnr",
            "ooononr" => "rrrnrnr",
            "ooonnnr" => "rrrnnnr",
            _ => "nnnnnnr",
        };
        let staff_post = |ok: &'static str| if read == "nnnnnnr" { "nnnffnr" } else { ok };
        let p = |rest: &str| o(&format!("/projects/{pid}{rest}"));
        cells.extend([
            get(p(""), read),
            get(p("/ets"), read),
            get(p("/devices"), read),
            get(p("/group-addresses"), read),
            // Without two versions picked: back to the version list.
            get(p("/diff"), diff),
            get(
                p(&format!("/devices/{device}")),
                if pid == pn { "nnnnnnr" } else { read },
            ),
            get(p("/edit"), staff_only),
            get(p("/activity"), staff_only),
            // Equipment added by hand, device photos and codes by device id: the team's to
            // change; a device that does not exist is not found for anyone who may see the
            // project.
            get(p("/equipment/new"), staff_only),
            post(p("/equipment"), &[("name", "")], staff_post("uuuffnr")),
            get(p("/equipment/999999"), "nnnnnnr"),
            get(p("/equipment/999999/edit"), "nnnffnr"),
            post(p("/equipment/999999"), &[("name", "X")], "nnnffnr"),
            post(p("/equipment/999999/delete"), &[], "nnnffnr"),
            post(p("/device-code/999999"), &[], "nnnffnr"),
            Cell {
                method: "UPLOAD",
                path: p("/device-photos/999999"),
                body: Body::EmptyUpload,
                expect: letters("nnnffnr"),
            },
            get(p("/device-photos/999999/1"), "nnnnnnr"),
            post(p("/device-photos/999999/1/delete"), &[], "nnnffnr"),
            get(p("/service"), read),
            post(
                p("/service/watch"),
                &[("watch", "0")],
                match read {
                    "oooonnr" => "rrrfnnr",
                    "ooononr" => "rrrnfnr",
                    "ooonnnr" => "rrrnnnr",
                    _ => "nnnnnnr",
                },
            ),
            post(p(""), &[("name", "")], staff_post("uuuffnr")),
            post(p("/status"), &[("status", "bogus")], staff_post("bbbffnr")),
            post(
                p("/customer"),
                &[("customer_id", "not-a-number")],
                "nnnffnr",
            ),
            Cell {
                method: "UPLOAD",
                path: p("/ets"),
                body: Body::EmptyUpload,
                expect: letters(staff_post("rrrffnr")),
            },
        ]);
        if vid != 0 {
            let downloads = read;
            cells.extend([
                get(p(&format!("/ets/{vid}/export/csv-1-1")), downloads),
                get(p(&format!("/ets/{vid}/export/json")), downloads),
                // Unsigned: refused for every member before anything is looked up (with a
                // way to a fresh link, which checks access itself).
                get(p(&format!("/ets/{vid}/download")), "gggggnr"),
                get(p(&format!("/ets/{vid}/download/new")), diff),
                post(
                    p(&format!("/ets/{vid}/password")),
                    &[("password", "")],
                    staff_post("rrrffnr"),
                ),
            ]);
        }
    }
    // Service: the list and the form for everyone inside, the board for staff; a case by its
    // number only for those who see its project; the team's changes refused to customers.
    // Service codes: the team's to create and deactivate (a device that does not exist, a
    // foreign project, a code that is nobody's); the public page of an unknown code is the
    // same 404 for everyone.
    let nobody = "0000000000000000";
    let no_token = "A".repeat(43);
    cells.extend([
        post(format!("/o/{org}/projects/{px}/codes"), &[], "nnnffnr"),
        get(
            format!("/o/{org}/projects/{px}/codes/labels.pdf"),
            "nnnffnr",
        ),
        post(o(&format!("/codes/{nobody}/deactivate")), &[], "nnnffnr"),
        get(o(&format!("/codes/{nobody}/qr.svg")), "nnnffnr"),
        // The codes page and its batches, pairing: the team's. Refused input (no count, no
        // code) and a batch that does not exist change nothing.
        get(o("/codes"), "oooffnr"),
        post(o("/codes/batches"), &[("count", "0")], "uuuffnr"),
        get(o("/codes/batches/999/labels.pdf"), "rrrffnr"),
        post(o("/codes/pair"), &[("code", "")], "rrrffnr"),
        get(o("/codes/go?code=nothing"), "rrrffnr"),
        get(o(&format!("/codes/{nobody}/pair")), "nnnffnr"),
        post(
            o(&format!("/codes/{nobody}/pin")),
            &[("pin", "1234")],
            "nnnffnr",
        ),
        post(format!("/c/{nobody}/pin"), &[("pin", "1234")], "nnnnnnn"),
        get(format!("/c/{nobody}/logo"), "nnnnnnn"),
        get(o(&format!("/codes/{nobody}/qr.png")), "nnnffnr"),
        get(format!("/c/{nobody}"), "nnnnnnn"),
        get(o("/devices"), "ooooonr"),
        get(
            o(&format!(
                "/devices?q=actuator&code=no&cases=open&project={pa}"
            )),
            "ooooonr",
        ),
        post(
            format!("/c/{nobody}"),
            &[("description", "Broken")],
            "nnnnnnn",
        ),
        // A reporter's private link opens for whoever holds it, nothing else: a made-up token
        // is not found for anyone. Revoking one is the team's (case #3 has none).
        // The language switch of the pages without an account: for anyone, changes only a
        // cookie of the one who asks.
        post("/language".to_string(), &[("lang", "en")], "rrrrrrr"),
        // A company's people (Customer Login module): the integrator's administrators and
        // moderators see and invite them; another customer's invitation or user under A's
        // path is not found; resending A's pending invitation only sends a mail.
        get(o(&format!("/customers/{ca}/company")), "ooffffffnr"),
        get(o(&format!("/customers/{cx}/company")), "nnffffffnr"),
        post(
            o(&format!("/customers/{ca}/company")),
            &[("first_name", "")],
            "uuffffffnr",
        ),
        post(
            o(&format!(
                "/customers/{ca}/company/invitations/{alma}/resend"
            )),
            &[],
            "rrffffffnr",
        ),
        post(
            o(&format!("/customers/{ca}/company/invitations/{bea}/resend")),
            &[],
            "nnffffffnr",
        ),
        post(
            o(&format!("/customers/{ca}/company/invitations/{bea}/delete")),
            &[],
            "nnffffffnr",
        ),
        post(
            o(&format!("/customers/{ca}/company/users/{bert}/remove")),
            &[],
            "nnffffffnr",
        ),
        post(
            o(&format!("/customers/{cx}/company/users/{member_x}/remove")),
            &[],
            "nnffffffnr",
        ),
        // Becoming an organisation: the integrator's administrator decides (a company without
        // an administrator cannot), A's administrator asks.
        post(
            o(&format!("/customers/{plain}/company/promote")),
            &[],
            "rfffffffnr",
        ),
        post(
            o(&format!("/customers/{cx}/company/promote")),
            &[],
            "nfffffffnr",
        ),
        post(o("/company-users/promotion"), &[], "ffffrfffnr"),
        // Service figures: a customer user's own, the team's per customer and in all.
        get(o("/kpis"), "nnnoonr"),
        get(o("/kpis.csv"), "nnnoonr"),
        get(o(&format!("/customers/{ca}/kpis")), "oooffnr"),
        get(o(&format!("/customers/{ca}/kpis.csv")), "oooffnr"),
        get(o(&format!("/customers/{cx}/kpis")), "nnnffnr"),
        get(o("/service/kpis"), "oooffnr"),
        get(o("/service/kpis.csv"), "oooffnr"),
        // A customer administrator's own users: theirs only. Nobody is given a role above
        // the company's administrator; B's people, the team and another organisation's are
        // not found; the administrator does not change or remove themself here.
        get(o("/company-users"), "ffffofffnr"),
        post(o("/company-users"), &[("name", "")], "ffffufffnr"),
        post(
            o(&format!("/company-users/{cleo}/role")),
            &[("role", "administrator")],
            "ffffrfffnr",
        ),
        post(
            o(&format!("/company-users/{cleo}/role")),
            &[("role", "owner")],
            "ffffrfffnr",
        ),
        post(
            o(&format!("/company-users/{cara}/role")),
            &[("role", "customer_member")],
            "ffffnfffnr",
        ),
        post(
            o(&format!("/company-users/{bert}/role")),
            &[("role", "customer_member")],
            "ffffnfffnr",
        ),
        post(
            o(&format!("/company-users/{owner_member}/role")),
            &[("role", "customer_member")],
            "ffffnfffnr",
        ),
        post(
            o(&format!("/company-users/{member_x}/role")),
            &[("role", "customer_member")],
            "ffffnfffnr",
        ),
        post(
            o(&format!("/company-users/{bert}/remove")),
            &[],
            "ffffnfffnr",
        ),
        post(
            o(&format!("/company-users/{cara}/remove")),
            &[],
            "ffffnfffnr",
        ),
        post(
            o(&format!("/company-users/{owner_member}/remove")),
            &[],
            "ffffnfffnr",
        ),
        get(format!("/follow/{no_token}"), "nnnnnnn"),
        post(format!("/follow/{no_token}"), &[("body", "Hi")], "nnnnnnn"),
        post(
            format!("/follow/{no_token}/mails"),
            &[("on", "0")],
            "nnnnnnn",
        ),
        get(format!("/follow/{no_token}/files/1"), "nnnnnnn"),
        post(o("/service/3/reporter-link/revoke"), &[], "nnnffnr"),
        post(o("/service/999/reporter-link/revoke"), &[], "nnnffnr"),
    ]);
    cells.extend([
        get(o("/service"), "ooooonr"),
        get(o("/service?status=all&assignee=nobody&q=case"), "ooooonr"),
        get(o("/service/new"), "ooooonr"),
        get(o(&format!("/service/new?project={pa}")), "ooooonr"),
        post(
            o("/service"),
            &[("project", &pa.to_string()), ("title", "")],
            "uuuuunr",
        ),
        get(o("/service/board"), "oooffnr"),
        post(
            o("/service/board/move"),
            &[("number", "999"), ("status", "closed")],
            "nnnffnr",
        ),
        // Another organisation's number, and one that does not exist.
        get(o("/service/999"), "nnnnnnr"),
        get(o("/service/3"), "oooonnr"),
        // An internal file: the team's only; a made-up or foreign signature sends for a fresh link.
        get(
            o(&format!("/service/3/attachments/{attachment}")),
            "rrrnnnr",
        ),
        get(
            o(&format!(
                "/service/3/attachments/{attachment}/file?expires=0&sig=x"
            )),
            "rrrrnnr",
        ),
        get(o("/service/1/attachments/999"), "nnnnnnr"),
        get(o("/service?q=inspection"), "ooooonr"),
        get(format!("/o/{org_x}/service/1"), "nnnnnor"),
        post(o("/service/999/comments"), &[("body", "x")], "nnnnnnr"),
        post(
            o(&format!("/service/1/comments/{comment_x}")),
            &[("body", "")],
            "nnnnnnr",
        ),
        post(
            o(&format!("/service/1/comments/{comment_x}/delete")),
            &[],
            "nnnnnnr",
        ),
        // Templates and checklists are the team's: for anyone else they do not exist.
        get(o("/service/templates"), "ooonnnr"),
        post(o("/service/templates"), &[("name", "")], "uuunnnr"),
        get(o(&format!("/service/templates/{template}")), "ooonnnr"),
        post(
            o(&format!("/service/templates/{template}")),
            &[("name", "")],
            "uuunnnr",
        ),
        get(o("/service/templates/999"), "nnnnnnr"),
        post(o("/service/templates/999/delete"), &[], "nnnnnnr"),
        get(
            format!("/o/{org_x}/service/templates/{template}"),
            "nnnnnnr",
        ),
        post(o("/service/1/checklist/999"), &[("done", "1")], "nnnnnnr"),
        // Someone else's comment is not theirs to change; the author's empty edit is refused.
        post(
            o(&format!("/service/1/comments/{comment_a}")),
            &[("body", "")],
            "rnnnnnr",
        ),
    ]);
    for (number, read, own) in [(1, "oooonnr", "uuuunnr"), (2, "ooononr", "uuununr")] {
        let team = if number == 1 { "uuufnnr" } else { "uuunfnr" };
        let status = if number == 1 { "rrrfnnr" } else { "rrrnfnr" };
        let c = |rest: &str| o(&format!("/service/{number}{rest}"));
        cells.extend([
            get(c(""), read),
            post(c(""), &[("title", "")], team),
            // A company's moderator changes the status of its own cases (a bogus one is
            // refused with a message).
            post(
                c("/status"),
                &[("status", "bogus")],
                if number == 1 { "rrrffrfnnr" } else { status },
            ),
            post(c("/comments"), &[("body", "")], own),
            // An upload without files is refused with a message.
            Cell {
                method: "UPLOAD",
                path: c("/attachments"),
                body: Body::EmptyUpload,
                expect: letters(if number == 1 { "rrrrnnr" } else { "rrrnrnr" }),
            },
            // Stop watching (nobody watches but the opener): nothing to lose.
            post(c("/watch"), &[("watch", "0")], status),
        ]);
    }
    // A version of one project under another project's path.
    cells.push(get(
        o(&format!("/projects/{pa}/ets/{vb}/export/csv-1-1")),
        "nnnnnnr",
    ));
    // Marking everything read changes no row the matrix counts.
    cells.push(post("/notifications/read-all".into(), &[], "rrrrrrr"));
    // Last: signing out (what follows would see anonymous actors).
    cells.push(post(
        "/settings/security/signout-all".into(),
        &[],
        "rrrrrrr",
    ));
    cells.push(post("/signout".into(), &[], "rrrrrrr"));

    // ----- run every cell -----
    let mut failures = Vec::new();
    let mut count = 0;
    for cell in &cells {
        let expect: Vec<char> = cell.expect.chars().collect();
        assert_eq!(
            expect.len(),
            ACTORS.len(),
            "{} {}: one letter per actor",
            cell.method,
            cell.path
        );
        for (actor, client) in clients.iter_mut().enumerate() {
            let (status, body) = send(&app, client, cell).await;
            count += 1;
            let want = status_of(expect[actor]);
            if status != want {
                failures.push(format!(
                    "{} {} as {}: {status}, expected {want}",
                    cell.method, cell.path, ACTORS[actor]
                ));
            }
            for marker in [PA, PB, PN, PX, CA, CB, CX, TEAM] {
                if body.contains(marker) && !visible(actor).contains(&marker) {
                    failures.push(format!(
                        "{} {} as {}: shows {marker}",
                        cell.method, cell.path, ACTORS[actor]
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cells failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(fingerprint(&app).await, before, "nothing changed");

    // Every route the application registers has a row: a new route without one fails here.
    let infrastructure = ["/healthz", "/readyz", "/static/{version}/{name}"];
    let routes = knxdesk::app::routes();
    let missing: Vec<&String> = routes
        .paths()
        .iter()
        .filter(|route| !infrastructure.contains(&route.as_str()))
        .filter(|route| !cells.iter().any(|c| matches_route(route, &c.path)))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the authorization matrix: {missing:#?}"
    );
    eprintln!(
        "authorization matrix: {count} cells ({} requests × {} actors)",
        cells.len(),
        ACTORS.len()
    );
}
