//! The Customer Login module (M1), its first part: switched on per organisation by the instance
//! administrator; a company customer's people invited with a role and a language; accepted
//! into exactly that company's projects; a deleted invitation ends access on the next request.

use crate::common::{PASSWORD, TestApp, location};

db_tests!(company_people_are_invited_with_a_role_and_lose_access_with_their_invitation);

async fn company_people_are_invited_with_a_role_and_lose_access_with_their_invitation(
    app: TestApp,
) {
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        huber,
    } = app.villa_huber().await;
    // A company customer with a project of its own; Max Huber is a person.
    let hotel = app
        .customer_of_kind(
            &mut admin,
            org,
            "company",
            "Hotel Alpenblick GmbH",
            "info@alpenblick.example",
        )
        .await;
    let wing = app
        .project(&mut admin, org, "Hotel East Wing", Some(hotel))
        .await;
    let company = format!("/o/{org}/customers/{hotel}/company");

    // Off by default: the page does not exist, and the customer page does not offer it.
    assert_eq!(admin.get(&company).await.status(), 404);
    let (_, edit) = admin
        .get_text(&format!("/o/{org}/customers/{hotel}/edit"))
        .await;
    assert!(!edit.contains("/company\""));
    // The instance administrator switches it on; nobody else may.
    assert_eq!(
        admin
            .post(
                &format!("/admin/orgs/{org}/modules"),
                &[("customer_login", "1")]
            )
            .await
            .status(),
        403
    );
    knxdesk::accounts::admin::create_instance_admin(
        &app.state,
        "root@example.com",
        "Root",
        Some(PASSWORD),
    )
    .await
    .unwrap();
    let mut root = app.client();
    root.sign_in("root@example.com", PASSWORD).await;
    let res = root
        .post(
            &format!("/admin/orgs/{org}/modules"),
            &[("customer_login", "1")],
        )
        .await;
    assert_eq!(location(&res), "/admin/orgs");
    let (_, page) = root.get_text("/admin/orgs").await;
    assert!(page.contains("The Customer Login module is on"));
    let (_, edit) = admin
        .get_text(&format!("/o/{org}/customers/{hotel}/edit"))
        .await;
    assert!(
        edit.contains(&format!("{company}\"")),
        "the customer page leads there"
    );
    assert_eq!(
        admin
            .get(&format!("/o/{org}/customers/{huber}/company"))
            .await
            .status(),
        404,
        "a person customer keeps the simple portal"
    );

    // An invitation: checked fields, then a mail in the chosen language.
    let (status, page) = admin
        .post_text(
            &company,
            &[
                ("first_name", "Lena"),
                ("last_name", ""),
                ("email", "x"),
                ("language", "de"),
                ("role", "owner"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("field-error") && page.contains("value=\"Lena\""));
    let res = admin
        .post(
            &company,
            &[
                ("first_name", "Lena"),
                ("last_name", "Graf"),
                ("email", "lena@alpenblick.example"),
                ("language", "de"),
                ("role", "customer_administrator"),
            ],
        )
        .await;
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("Invitation sent to lena@alpenblick.example."));
    assert!(
        page.contains("Lena Graf")
            && page.contains("Customer administrator")
            && page.contains(">pending<")
    );
    let mail = app.mail_to("lena@alpenblick.example").await;
    assert!(
        mail.subject
            .contains("lädt Sie zu Hotel Alpenblick GmbH bei Berg Elektro ein"),
        "{}",
        mail.subject
    );
    assert!(mail.text.contains("als Kunden-Administrator"));
    let (status, page) = admin
        .post_text(
            &company,
            &[
                ("first_name", "L"),
                ("last_name", "G"),
                ("email", "lena@alpenblick.example"),
                ("language", "en"),
                ("role", "customer_member"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("open invitation already"));

    // Lena accepts: she is the hotel's administrator and sees its project, nothing else.
    let link = app
        .path_in_mail("lena@alpenblick.example", "/invite/", 1)
        .await;
    let mut lena = app.client();
    let res = lena
        .post(
            &format!("{link}/signup"),
            &[("name", "Lena Graf"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'lena@alpenblick.example' \
             AND m.role = 'customer_administrator' AND m.customer_id = {hotel} AND u.language = 'de'"
        ))
        .await,
        1
    );
    let (_, projects) = lena.get_text(&format!("/o/{org}/projects")).await;
    assert!(
        projects.contains("Hotel East Wing") && !projects.contains("Villa Huber"),
        "{projects}"
    );
    assert_eq!(
        lena.get(&format!("/o/{org}/projects/{villa}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        lena.get(&format!("/o/{org}/projects/{wing}"))
            .await
            .status(),
        200
    );
    assert_eq!(
        lena.get(&company).await.status(),
        403,
        "the integrator's page"
    );
    assert_eq!(
        lena.get(&format!("/o/{org}/service/templates"))
            .await
            .status(),
        404,
        "templates do not exist for customers"
    );
    let (_, page) = admin.get_text(&company).await;
    assert!(page.contains(">accepted<") && page.contains("lena@alpenblick.example"));

    // Lena runs her company's users: adds a member (a new account, a link to set its
    // password), changes a role, removes someone; never herself, never another company's.
    let users = format!("/o/{org}/company-users");
    let (status, page) = lena.get_text(&users).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Unsere Benutzer") && page.contains("Lena Graf"),
        "in her language"
    );
    let (status, _) = lena
        .post_text(
            &users,
            &[
                ("name", "Paul Pfeiffer"),
                ("email", "anna@example.com"),
                ("language", "en"),
                ("role", "customer_member"),
            ],
        )
        .await;
    assert_eq!(status, 422, "someone of the integrator's team");
    let (status, _) = lena
        .post_text(
            &users,
            &[
                ("name", "Paul Pfeiffer"),
                ("email", "paul@alpenblick.example"),
                ("language", "en"),
                ("role", "administrator"),
            ],
        )
        .await;
    assert_eq!(status, 422, "a staff role is not hers to give");
    let res = lena
        .post(
            &users,
            &[
                ("name", "Paul Pfeiffer"),
                ("email", "paul@alpenblick.example"),
                ("language", "en"),
                ("role", "customer_member"),
            ],
        )
        .await;
    assert_eq!(location(&res), users);
    let mail = app.mail_to("paul@alpenblick.example").await;
    assert!(
        mail.subject
            .contains("Lena Graf added you to Hotel Alpenblick GmbH"),
        "{}",
        mail.subject
    );
    let set = mail
        .link_with("/password/reset/")
        .trim_start_matches(&app.base)
        .to_string();
    let mut paul = app.client();
    let res = paul
        .post(&set, &[("password", "a new password for paul")])
        .await;
    assert_eq!(res.status(), 303, "the link sets his password");
    let mut paul = app.client();
    assert_eq!(
        paul.sign_in("paul@alpenblick.example", "a new password for paul")
            .await
            .status(),
        303
    );
    let (_, projects) = paul.get_text(&format!("/o/{org}/projects")).await;
    assert!(projects.contains("Hotel East Wing") && !projects.contains("Villa Huber"));
    assert_eq!(
        paul.get(&users).await.status(),
        403,
        "a member does not manage users"
    );
    let (_, page) = admin.get_text(&company).await;
    assert!(
        page.contains("paul@alpenblick.example"),
        "the integrator sees every user"
    );
    assert!(
        !crate::common::between(&page, "invitations-title", "users-title")
            .unwrap()
            .contains("paul@"),
        "not as an invitation"
    );
    let paul_member = app
        .count("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'paul@alpenblick.example'")
        .await;
    let res = lena
        .post(
            &format!("{users}/{paul_member}/role"),
            &[("role", "customer_moderator")],
        )
        .await;
    assert_eq!(location(&res), users);
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM memberships WHERE id = {paul_member} AND role = 'customer_moderator'")).await,
        1
    );
    let lena_member = app
        .count("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'lena@alpenblick.example'")
        .await;
    assert_eq!(
        lena.post(&format!("{users}/{lena_member}/remove"), &[])
            .await
            .status(),
        404,
        "not herself"
    );
    let res = lena
        .post(&format!("{users}/{paul_member}/remove"), &[])
        .await;
    assert_eq!(location(&res), users);
    assert_eq!(
        paul.get(&format!("/o/{org}/projects/{wing}"))
            .await
            .status(),
        404,
        "his access ends at once"
    );

    // Lena hears of her company's cases in her language, and switches the mails off.
    let res = admin
        .post(
            &format!("/o/{org}/service"),
            &[
                ("project", &wing.to_string()),
                ("title", "Sauna heater off"),
                ("priority", "high"),
            ],
        )
        .await;
    let case = location(&res);
    admin
        .post(
            &format!("{case}/comments"),
            &[("body", "A technician comes at 10."), ("internal", "0")],
        )
        .await;
    // The invitation, the new case, the answer.
    let mails = app.mails_to_at_least("lena@alpenblick.example", 3).await;
    assert!(
        mails
            .iter()
            .any(|m| m.text.contains("hat #1 Sauna heater off angelegt"))
    );
    let mail = mails
        .iter()
        .find(|m| m.text.contains("kommentiert"))
        .expect("the answer's mail");
    assert!(
        mail.text.contains("hat") && mail.text.contains("kommentiert"),
        "in German: {}",
        mail.text
    );
    lena.post(
        "/settings/notifications",
        &[("public_comment.in_app", "on")],
    )
    .await;
    app.mails_settled().await;
    let before = app.mails_to("lena@alpenblick.example").len();
    admin
        .post(
            &format!("{case}/comments"),
            &[("body", "Fixed."), ("internal", "0")],
        )
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        app.mails_to("lena@alpenblick.example").len(),
        before,
        "no mail once switched off"
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.email = 'lena@alpenblick.example' AND n.event = 'public_comment'"
        )
        .await,
        2,
        "still in the app"
    );

    // The company's figures: its own for Lena (in German), the same for the integrator per
    // customer and across the organisation; numbers as CSV.
    let (status, page) = lena.get_text(&format!("/o/{org}/kpis")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Service-Kennzahlen") && page.contains("<svg class=\"kpi-chart\""),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"tile-value\">1</span><span class=\"tile-label\">Offene Fälle"),
        "one open case"
    );
    let answered = page
        .split("tile-value\">")
        .nth(2)
        .and_then(|t| t.split('<').next())
        .unwrap_or_default()
        .to_string();
    assert!(
        answered.ends_with(" Std.") && answered.contains(','),
        "the first answer's median in German numbers: {answered}"
    );
    let res = lena.get(&format!("/o/{org}/kpis.csv")).await;
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = res.text().await.unwrap();
    assert_eq!(csv.lines().count(), 1 + 12 + 3, "{csv}");
    assert!(csv.contains("\"Offene Fälle\";1"));
    let (status, page) = admin
        .get_text(&format!("/o/{org}/customers/{hotel}/kpis"))
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Hotel Alpenblick GmbH") && page.contains("Median time to the first answer")
    );
    assert_eq!(
        admin.get(&format!("/o/{org}/service/kpis")).await.status(),
        200
    );
    assert_eq!(
        lena.get(&format!("/o/{org}/service/kpis")).await.status(),
        403,
        "the integrator's own"
    );
    assert_eq!(
        lena.get(&format!("/o/{org}/customers/{huber}/kpis"))
            .await
            .status(),
        403
    );
    assert_eq!(
        admin.get(&format!("/o/{org}/kpis")).await.status(),
        404,
        "staff have no company"
    );

    // The company asks to become an organisation of its own; the integrator's administrator
    // (only) makes it one. Lena owns it; the integrator keeps its record and her access.
    let res = lena.post(&format!("{users}/promotion"), &[]).await;
    assert_eq!(location(&res), users);
    let (_, page) = admin.get_text(&company).await;
    assert!(page.contains("asked for this on"));
    let (_, page) = lena.get_text(&users).await;
    assert!(page.contains("Sie haben Ihren Integrator gefragt"));

    // A staff member may not manage invitations; another organisation does not see them.
    let mut mel = app
        .add_member(&mut admin, org, "Mel Member", "mel@example.com", "member")
        .await;
    assert_eq!(mel.get(&company).await.status(), 403);
    let (olga, olga_org) = app
        .owner_with_org("Olga", "olga@example.com", "Other GmbH")
        .await;
    assert_eq!(
        olga.get(&format!("/o/{olga_org}/customers/{hotel}/company"))
            .await
            .status(),
        404
    );

    assert_eq!(
        mel.post(&format!("{company}/promote"), &[]).await.status(),
        403
    );
    let res = admin.post(&format!("{company}/promote"), &[]).await;
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(
        page.contains("is now an organisation of its own, with 1 member"),
        "{page}"
    );
    let own = app
        .count("SELECT id FROM organisations WHERE name = 'Hotel Alpenblick GmbH'")
        .await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.org_id \
             WHERE m.org_id = {own} AND u.email = 'lena@alpenblick.example' AND m.role = 'administrator' AND o.owner_user_id = u.id"
        ))
        .await,
        1,
        "Lena owns the new organisation"
    );
    assert_eq!(lena.get(&format!("/o/{own}/members")).await.status(), 200);
    assert_eq!(
        lena.get(&format!("/o/{org}/projects/{wing}"))
            .await
            .status(),
        200,
        "the integrator's portal stays"
    );
    let res = admin.post(&format!("{company}/promote"), &[]).await;
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("has an organisation of its own already"));

    // Deleting her invitation ends her access on her next request; her account stays.
    let inv = app
        .count("SELECT id FROM company_invitations WHERE email = 'lena@alpenblick.example'")
        .await;
    let res = admin
        .post(&format!("{company}/invitations/{inv}/delete"), &[])
        .await;
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("is deleted, and with it their access"));
    assert_eq!(
        lena.get(&format!("/o/{org}/projects/{wing}"))
            .await
            .status(),
        404,
        "no longer in the organisation: as if it were another's"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'lena@alpenblick.example'")
            .await,
        1
    );
    assert_eq!(
        lena.post(&format!("{link}/accept"), &[]).await.status(),
        410,
        "the link is gone too"
    );

    // Resend gives a new link; the old one stops working.
    admin
        .post(
            &company,
            &[
                ("first_name", "Tom"),
                ("last_name", "Berger"),
                ("email", "tom@alpenblick.example"),
                ("language", "en"),
                ("role", "customer_member"),
            ],
        )
        .await;
    let first = app
        .path_in_mail("tom@alpenblick.example", "/invite/", 1)
        .await;
    let tom_inv = app
        .count("SELECT id FROM company_invitations WHERE email = 'tom@alpenblick.example'")
        .await;
    admin
        .post(&format!("{company}/invitations/{tom_inv}/resend"), &[])
        .await;
    let second = app
        .path_in_mail("tom@alpenblick.example", "/invite/", 2)
        .await;
    assert_ne!(first, second);
    assert_eq!(app.client().get(&first).await.status(), 410);
    assert_eq!(app.client().get(&second).await.status(), 200);

    // Switched off, its pages and its open links are gone.
    root.post(
        &format!("/admin/orgs/{org}/modules"),
        &[("customer_login", "0")],
    )
    .await;
    assert_eq!(admin.get(&company).await.status(), 404);
    assert_eq!(app.client().get(&second).await.status(), 410);
}
