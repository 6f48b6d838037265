//! Organisations, members and staff invitations from the outside.

use crate::common::{PASSWORD, TestApp, location};

db_tests!(
    new_users_are_welcomed_and_guided,
    creating_an_organisation_makes_the_creator_owner,
    invite_accept_with_new_account,
    invite_accept_with_existing_account_and_switch_orgs,
    invite_tokens_reused_expired_revoked_resent_malformed,
    invite_token_is_stored_hashed,
    another_orgs_ids_are_not_found,
    members_page_needs_administrator,
    role_changes_and_last_admin_rules,
    removed_member_loses_access_at_once,
    ownership_hand_over,
    overlong_and_invalid_fields,
    instance_admin_creates_organisations,
    dashboard_tiles_and_activity,
    health_endpoints_and_error_pages,
);

async fn creating_an_organisation_makes_the_creator_owner(app: TestApp) {
    let (c, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let (status, body) = c.get_text(&format!("/o/{org}/")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Berg Elektro"));
    assert!(body.contains("Organisation Berg Elektro created."));
    let (status, body) = c.get_text(&format!("/o/{org}/members")).await;
    assert_eq!(status, 200);
    assert!(body.contains("anna@example.com") && body.contains("Owner"));
    // `/` now leads to the organisation.
    assert_eq!(location(&c.get("/").await), format!("/o/{org}/"));
}

async fn invite_accept_with_new_account(app: TestApp) {
    let (mut admin, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let res = admin
        .post(
            &format!("/o/{org}/invitations"),
            &[("email", "Ben@Example.com"), ("role", "moderator")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = admin.get_text(&format!("/o/{org}/members")).await;
    assert!(page.contains("Invitation sent to ben@example.com."));
    assert!(page.contains("pending"));
    let mail = app.mail_to("ben@example.com").await;
    assert!(mail.subject.contains("Berg Elektro"));
    assert!(mail.text.contains("7 days"));
    let link = mail.link_with("/invite/");
    let path = link.trim_start_matches(&app.base).to_string();

    let mut ben = app.client();
    let (status, body) = ben.get_text(&path).await;
    assert_eq!(status, 200);
    assert!(body.contains("Join Berg Elektro") && body.contains("Moderator"));
    // Bad fields: inline, invitation stays usable.
    let (status, body) = ben
        .post_text(
            &format!("{path}/signup"),
            &[("name", ""), ("password", "short")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("This field is required.") && body.contains("Use at least 12 characters.")
    );
    let res = ben
        .post(
            &format!("{path}/signup"),
            &[("name", "Ben Krause"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/o/{org}/"));
    let (status, body) = ben.get_text(&format!("/o/{org}/")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Welcome to Berg Elektro!"));
    let (_, members) = admin.get_text(&format!("/o/{org}/members")).await;
    assert!(members.contains("Ben Krause") && members.contains("No open invitations."));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM memberships WHERE role = 'moderator'")
            .await,
        1
    );
}

async fn invite_accept_with_existing_account_and_switch_orgs(app: TestApp) {
    let (mut anna, org_a) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let (mut carl, org_c) = app
        .owner_with_org("Carl Dorn", "carl@example.com", "Dorn Gebäudetechnik")
        .await;
    anna.post(
        &format!("/o/{org_a}/invitations"),
        &[("email", "carl@example.com"), ("role", "member")],
    )
    .await;
    let path = app.path_in_mail("carl@example.com", "/invite/", 1).await;
    // Signed out, the page asks to sign in (the address has an account).
    let (_, body) = app.client().get_text(&path).await;
    assert!(body.contains("already has an account"));
    let (status, body) = carl.get_text(&path).await;
    assert_eq!(status, 200);
    assert!(body.contains("signed in as carl@example.com"));
    let res = carl.post(&format!("{path}/accept"), &[]).await;
    assert_eq!(location(&res), format!("/o/{org_a}/"));
    // Carl now switches between both from the avatar menu.
    let (_, body) = carl.get_text(&format!("/o/{org_c}/")).await;
    assert!(
        body.contains(&format!("href=\"/o/{org_a}/\""))
            && body.contains(&format!("href=\"/o/{org_c}/\""))
    );
    assert_eq!(carl.get(&format!("/o/{org_a}/")).await.status(), 200);
    // A member is not an administrator there.
    assert_eq!(carl.get(&format!("/o/{org_a}/members")).await.status(), 403);
    assert_eq!(carl.get(&format!("/o/{org_c}/members")).await.status(), 200);
    // `/` leads to the organisation whose home page was opened last; other pages do not move it.
    assert_eq!(location(&carl.get("/").await), format!("/o/{org_a}/"));
    carl.get(&format!("/o/{org_c}/projects")).await;
    assert_eq!(location(&carl.get("/").await), format!("/o/{org_a}/"));
    carl.get(&format!("/o/{org_c}/")).await;
    assert_eq!(location(&carl.get("/").await), format!("/o/{org_c}/"));
}

async fn invite_tokens_reused_expired_revoked_resent_malformed(app: TestApp) {
    let (mut admin, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let invite = |email: &'static str| {
        let path = format!("/o/{org}/invitations");
        async move { (path, email) }
    };
    // Reused.
    let (p, e) = invite("ben@example.com").await;
    admin.post(&p, &[("email", e), ("role", "member")]).await;
    let link = app
        .mail_to(e)
        .await
        .link_with("/invite/")
        .trim_start_matches(&app.base)
        .to_string();
    let mut ben = app.client();
    ben.post(
        &format!("{link}/signup"),
        &[("name", "Ben"), ("password", PASSWORD)],
    )
    .await;
    let (status, body) = app.client().get_text(&link).await;
    assert_eq!(status, 410);
    assert!(body.contains("already been used"));
    let res = app
        .client()
        .post(
            &format!("{link}/signup"),
            &[("name", "Eve"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 410);

    // Revoked.
    admin
        .post(&p, &[("email", "carl@example.com"), ("role", "member")])
        .await;
    let link = app
        .mail_to("carl@example.com")
        .await
        .link_with("/invite/")
        .trim_start_matches(&app.base)
        .to_string();
    let id = app
        .count("SELECT id FROM staff_invitations WHERE email = 'carl@example.com'")
        .await;
    assert_eq!(
        admin
            .post(&format!("/o/{org}/invitations/{id}/revoke"), &[])
            .await
            .status(),
        303
    );
    let (status, body) = app.client().get_text(&link).await;
    assert_eq!(status, 410);
    assert!(body.contains("withdrawn"));
    // A revoked invitation can no longer be resent or revoked.
    assert_eq!(
        admin
            .post(&format!("/o/{org}/invitations/{id}/revoke"), &[])
            .await
            .status(),
        404
    );

    // Resent: the old link stops working, the new one works.
    admin
        .post(&p, &[("email", "dora@example.com"), ("role", "member")])
        .await;
    let old = app
        .mail_to("dora@example.com")
        .await
        .link_with("/invite/")
        .trim_start_matches(&app.base)
        .to_string();
    let id = app
        .count("SELECT id FROM staff_invitations WHERE email = 'dora@example.com'")
        .await;
    assert_eq!(
        admin
            .post(&format!("/o/{org}/invitations/{id}/resend"), &[])
            .await
            .status(),
        303
    );
    let new = app
        .mails_to_at_least("dora@example.com", 2)
        .await
        .pop()
        .unwrap()
        .link_with("/invite/");
    let new = new.trim_start_matches(&app.base).to_string();
    assert_ne!(old, new);
    assert_eq!(app.client().get(&old).await.status(), 410);
    assert_eq!(app.client().get(&new).await.status(), 200);

    // Expired after 7 days.
    app.state.clock.advance(4 * 24 * 3600);
    assert_eq!(
        admin.get(&format!("/o/{org}/")).await.status(),
        200,
        "admin stays active"
    );
    app.state.clock.advance(3 * 24 * 3600 + 1);
    let (status, body) = app.client().get_text(&new).await;
    assert_eq!(status, 410);
    assert!(body.contains("expired"));
    let (_, page) = admin.get_text(&format!("/o/{org}/members")).await;
    assert!(page.contains("badge-expired"));

    // Malformed.
    for bad in [
        "/invite/x",
        "/invite/%00%00",
        &format!("/invite/{}", "A".repeat(43)),
    ] {
        assert_eq!(app.client().get(bad).await.status(), 410, "{bad}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM memberships").await,
        2,
        "only Anna and Ben"
    );
}

async fn invite_token_is_stored_hashed(app: TestApp) {
    let (mut admin, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    admin
        .post(
            &format!("/o/{org}/invitations"),
            &[("email", "ben@example.com"), ("role", "member")],
        )
        .await;
    let link = app.mail_to("ben@example.com").await.link_with("/invite/");
    let token = link.rsplit('/').next().unwrap();
    assert!(token.len() >= 43, "256 bits in base64");
    let hash = knxdesk::tokens::hash_token(token);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM staff_invitations WHERE token_hash = '{hash}'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM staff_invitations WHERE token_hash = '{token}'"
        ))
        .await,
        0
    );
    // Once sent, the mail job is gone, and with it the only copy of the link.
    for _ in 0..100 {
        if app.count("SELECT COUNT(*) FROM jobs").await == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM jobs").await, 0);
}

async fn another_orgs_ids_are_not_found(app: TestApp) {
    let (mut anna, org_a) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let (mut carl, org_c) = app
        .owner_with_org("Carl Dorn", "carl@example.com", "Dorn GmbH")
        .await;
    app.add_member(&mut carl, org_c, "Dora", "dora@example.com", "member")
        .await;
    carl.post(
        &format!("/o/{org_c}/invitations"),
        &[("email", "eve@example.com"), ("role", "member")],
    )
    .await;
    let dora_member = app.count("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'dora@example.com'").await;
    let eve_inv = app
        .count("SELECT id FROM staff_invitations WHERE email = 'eve@example.com'")
        .await;

    // Anna cannot open Carl's organisation at all.
    for path in [
        format!("/o/{org_c}/"),
        format!("/o/{org_c}/members"),
        format!("/o/{org_c}/settings"),
    ] {
        let (status, body) = anna.get_text(&path).await;
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("Dorn GmbH") && !body.contains("dora@example.com"));
    }
    // Nor act on its members or invitations through her own organisation's URLs.
    let attempts = [
        (
            format!("/o/{org_a}/members/{dora_member}/role"),
            vec![("role", "administrator")],
        ),
        (format!("/o/{org_a}/members/{dora_member}/remove"), vec![]),
        (format!("/o/{org_a}/members/{dora_member}/owner"), vec![]),
        (format!("/o/{org_a}/invitations/{eve_inv}/revoke"), vec![]),
        (format!("/o/{org_a}/invitations/{eve_inv}/resend"), vec![]),
        (format!("/o/{org_c}/members/{dora_member}/remove"), vec![]),
        (
            format!("/o/{org_c}/settings"),
            vec![("name", "Hacked"), ("language", "en")],
        ),
    ];
    for (path, form) in attempts {
        let res = anna.post(&path, &form).await;
        assert_eq!(res.status(), 404, "{path}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM memberships WHERE role = 'member'")
            .await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM staff_invitations WHERE accepted_at IS NULL AND revoked_at IS NULL").await, 1);
    assert_eq!(app.mails_to_at_least("eve@example.com", 1).await.len(), 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM organisations WHERE name = 'Hacked'")
            .await,
        0
    );
    // Anonymous: sent to sign in.
    let res = app.client().get(&format!("/o/{org_c}/")).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/signin?next=%2Fo%2F{org_c}%2F"));
}

async fn members_page_needs_administrator(app: TestApp) {
    let (mut anna, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let mut moderator = app
        .add_member(&mut anna, org, "Mo", "mo@example.com", "moderator")
        .await;
    let mut member = app
        .add_member(&mut anna, org, "Mia", "mia@example.com", "member")
        .await;
    let anna_member = app.count("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'anna@example.com'").await;
    for c in [&mut moderator, &mut member] {
        assert_eq!(c.get(&format!("/o/{org}/")).await.status(), 200);
        assert_eq!(c.get(&format!("/o/{org}/members")).await.status(), 403);
        assert_eq!(c.get(&format!("/o/{org}/settings")).await.status(), 403);
        let (status, body) = c
            .post_text(
                &format!("/o/{org}/invitations"),
                &[("email", "x@example.com"), ("role", "administrator")],
            )
            .await;
        assert_eq!(status, 403);
        assert!(body.contains("Your role does not allow this"));
        assert_eq!(
            c.post(&format!("/o/{org}/members/{anna_member}/remove"), &[])
                .await
                .status(),
            403
        );
        assert_eq!(
            c.post(
                &format!("/o/{org}/settings"),
                &[("name", "X"), ("language", "en")]
            )
            .await
            .status(),
            403
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM staff_invitations WHERE email = 'x@example.com'")
            .await,
        0
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM memberships").await, 3);
}

async fn role_changes_and_last_admin_rules(app: TestApp) {
    let (mut anna, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    app.add_member(&mut anna, org, "Ben", "ben@example.com", "member")
        .await;
    let ben = app.count("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'ben@example.com'").await;
    let me = app.count("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'anna@example.com'").await;
    assert_eq!(
        anna.post(
            &format!("/o/{org}/members/{ben}/role"),
            &[("role", "moderator")]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE id = {ben} AND role = 'moderator'"
        ))
        .await,
        1
    );
    // Unknown or customer roles are refused.
    for bad in ["owner", "root", ""] {
        let res = anna
            .post(&format!("/o/{org}/members/{ben}/role"), &[("role", bad)])
            .await;
        assert_eq!(res.status(), 400, "{bad}");
    }
    // The owner stays an administrator.
    let res = anna
        .post(
            &format!("/o/{org}/members/{me}/role"),
            &[("role", "member")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, body) = anna.get_text(&format!("/o/{org}/members")).await;
    assert!(body.contains("The owner is always an administrator."));
    assert!(body.contains("Anna Berg") && !body.contains("changed a role"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE id = {me} AND role = 'administrator'"
        ))
        .await,
        1
    );
    // The owner cannot be removed.
    anna.post(&format!("/o/{org}/members/{me}/remove"), &[])
        .await;
    assert_eq!(app.count("SELECT COUNT(*) FROM memberships").await, 2);
}

async fn removed_member_loses_access_at_once(app: TestApp) {
    let (mut anna, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let mut ben = app
        .add_member(&mut anna, org, "Ben", "ben@example.com", "administrator")
        .await;
    assert_eq!(ben.get(&format!("/o/{org}/members")).await.status(), 200);
    let member = app.count("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'ben@example.com'").await;
    assert_eq!(
        anna.post(&format!("/o/{org}/members/{member}/remove"), &[])
            .await
            .status(),
        303
    );
    // Ben's open session: the very next request no longer sees the organisation.
    assert_eq!(ben.get(&format!("/o/{org}/")).await.status(), 404);
    assert_eq!(
        ben.post(
            &format!("/o/{org}/invitations"),
            &[("email", "x@example.com"), ("role", "member")]
        )
        .await
        .status(),
        404
    );
    // The account itself stays.
    assert_eq!(ben.get("/settings/profile").await.status(), 200);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'ben@example.com'")
            .await,
        1
    );
    let (_, acts) = anna.get_text(&format!("/o/{org}/")).await;
    assert!(acts.contains("removed ben@example.com"));
}

async fn ownership_hand_over(app: TestApp) {
    let (mut anna, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let mut ben = app
        .add_member(&mut anna, org, "Ben", "ben@example.com", "member")
        .await;
    let ben_id = app.count("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'ben@example.com'").await;
    // Only to an administrator.
    anna.post(&format!("/o/{org}/members/{ben_id}/owner"), &[])
        .await;
    assert_eq!(app.count("SELECT COUNT(*) FROM organisations o JOIN users u ON u.id = o.owner_user_id WHERE u.email = 'anna@example.com'").await, 1);
    anna.post(
        &format!("/o/{org}/members/{ben_id}/role"),
        &[("role", "administrator")],
    )
    .await;
    assert_eq!(
        anna.post(&format!("/o/{org}/members/{ben_id}/owner"), &[])
            .await
            .status(),
        303
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM organisations o JOIN users u ON u.id = o.owner_user_id WHERE u.email = 'ben@example.com'").await, 1);
    // Anna is no longer the owner: she cannot hand it on again, and can now be demoted.
    let anna_id = app.count("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'anna@example.com'").await;
    assert_eq!(
        anna.post(&format!("/o/{org}/members/{anna_id}/owner"), &[])
            .await
            .status(),
        403
    );
    assert_eq!(
        ben.post(
            &format!("/o/{org}/members/{anna_id}/role"),
            &[("role", "member")]
        )
        .await
        .status(),
        303
    );
    assert_eq!(anna.get(&format!("/o/{org}/members")).await.status(), 403);
}

async fn overlong_and_invalid_fields(app: TestApp) {
    let (mut anna, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let long = "x".repeat(5000);
    let (status, body) = anna.post_text("/orgs", &[("name", &long)]).await;
    assert_eq!(status, 422);
    assert!(body.contains("At most 100 characters."));
    let (status, body) = anna
        .post_text(
            &format!("/o/{org}/invitations"),
            &[("email", &long), ("role", "member")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("At most 254 characters."));
    let (status, body) = anna
        .post_text(
            &format!("/o/{org}/invitations"),
            &[("email", "anna@example.com"), ("role", "member")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("already a member"));
    let (status, _) = anna
        .post_text(
            &format!("/o/{org}/invitations"),
            &[("email", "x@example.com"), ("role", "owner")],
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = anna
        .post_text(
            &format!("/o/{org}/settings"),
            &[("name", &long), ("language", "en")],
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = anna
        .post_text("/signin", &[("email", &long), ("password", &long)])
        .await;
    assert_eq!(status, 422);
    // Ids that are not numbers.
    assert_eq!(anna.get("/o/abc/").await.status(), 404);
    assert_eq!(
        anna.post("/o/1/members/xyz/remove", &[]).await.status(),
        404
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM organisations").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM staff_invitations").await, 0);
}

async fn instance_admin_creates_organisations(app: TestApp) {
    let msg = knxdesk::accounts::admin::create_instance_admin(
        &app.state,
        "root@example.com",
        "Root",
        Some(PASSWORD),
    )
    .await
    .unwrap();
    assert!(msg.contains("instance administrator"));
    let mut root = app.client();
    assert_eq!(
        root.sign_in("root@example.com", PASSWORD).await.status(),
        303
    );
    let res = root
        .post("/admin/orgs", &[("name", "Huber Haustechnik")])
        .await;
    assert_eq!(res.status(), 303);
    let (status, body) = root.get_text("/admin/orgs").await;
    assert_eq!(status, 200);
    assert!(body.contains("Huber Haustechnik") && body.contains("root@example.com"));
    // Without a password: a link to set one.
    let msg =
        knxdesk::accounts::admin::create_instance_admin(&app.state, "ops@example.com", "Ops", None)
            .await
            .unwrap();
    assert!(msg.contains("/password/reset/"));
    // Others may not.
    let (mut anna, _) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    assert_eq!(anna.get("/admin/orgs").await.status(), 403);
    assert_eq!(
        anna.post("/admin/orgs", &[("name", "X")]).await.status(),
        403
    );
    assert!(
        knxdesk::accounts::admin::create_instance_admin(&app.state, "bad", "X", None)
            .await
            .is_err()
    );
}

async fn dashboard_tiles_and_activity(app: TestApp) {
    let (mut anna, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    app.add_member(&mut anna, org, "Ben", "ben@example.com", "member")
        .await;
    let (_, body) = anna.get_text(&format!("/o/{org}/")).await;
    for label in [
        "Projects",
        "Customers",
        "Team members",
        "Open cases",
        "Recent activity",
    ] {
        assert!(body.contains(label), "{label}");
    }
    assert!(
        body.contains("<span class=\"tile-value\">2</span>"),
        "two team members"
    );
    assert!(body.contains("Anna Berg invited ben@example.com"));
    assert!(body.contains("Ben joined"));
}

async fn health_endpoints_and_error_pages(app: TestApp) {
    let c = app.client();
    let (status, body) = c.get_text("/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
    assert_eq!(c.get("/readyz").await.status(), 200);
    let res = c.get("/no/such/page").await;
    assert_eq!(res.status(), 404);
    assert!(res.headers().get("x-request-id").is_some());
    let body = res.text().await.unwrap();
    assert!(body.contains("This page does not exist") && body.contains("<title>"));
    let res = c
        .http
        .get(c.url("/no/such/page"))
        .header("accept-language", "de-DE,de;q=0.9")
        .send()
        .await
        .unwrap();
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Diese Seite gibt es nicht")
    );
    let (status, _) = c.get_text("/static/x/app.css").await;
    assert_eq!(status, 200);
    assert_eq!(c.get("/static/x/secret.key").await.status(), 404);
}

async fn new_users_are_welcomed_and_guided(app: TestApp) {
    // Without an organisation: a welcome that says what to do next.
    let mut anna = app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    let (_, page) = anna.get_text("/orgs").await;
    assert!(page.contains("Welcome to knxdesk, Anna Berg"));
    assert!(page.contains("Were you invited?") && page.contains("Are you an integrator?"));
    assert!(page.contains("action=\"/orgs\""));
    // A new organisation's dashboard lists the first steps, ticked as they are done.
    let res = anna.post("/orgs", &[("name", "Berg Elektro")]).await;
    let org: i64 = location(&res)
        .trim_start_matches("/o/")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    let steps = |page: &str| {
        [
            "Add your first customer",
            "Create a project",
            "Upload an ETS project file",
        ]
        .map(|s| page.contains(&format!("\">{s}</a>")))
    };
    let (_, dash) = anna.get_text(&format!("/o/{org}/")).await;
    assert!(dash.contains("Getting started"));
    assert_eq!(steps(&dash), [true, true, true], "all open, each a link");
    app.customer(&mut anna, org, "Max Huber", "max@huber.de")
        .await;
    let (_, dash) = anna.get_text(&format!("/o/{org}/")).await;
    assert_eq!(
        steps(&dash),
        [false, true, true],
        "the customer step is done"
    );
    assert!(dash.contains("<li class=\"done\">"));
    // Once every step is done the list goes away.
    app.project(&mut anna, org, "Villa Huber", None).await;
    sqlx::query("UPDATE organisations SET contact_phone = '+49 1' WHERE id = $1")
        .bind(org)
        .execute(app.pool())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO ets_versions (org_id, project_id, version, file_name, size, storage_key, created_at) \
         SELECT org_id, id, 1, 'a.knxproj', 1, 'k', 0 FROM projects WHERE org_id = $1",
    )
    .bind(org)
    .execute(app.pool())
    .await
    .unwrap();
    app.add_member(&mut anna, org, "Ben Krause", "ben@example.com", "member")
        .await;
    let (_, dash) = anna.get_text(&format!("/o/{org}/")).await;
    assert!(!dash.contains("Getting started"));
}
