//! Customer invitations (C5, C6) and the customer portal (C7), on SQLite and PostgreSQL.

use crate::common::{PASSWORD, TestApp, location};
use sha2::{Digest, Sha256};

db_tests!(
    invitation_token_rules,
    invitation_badges_copy_window_and_revoke,
    invitations_need_an_email_and_the_right_role,
    existing_accounts_sign_in_to_accept,
    portal_shows_only_linked_projects_read_only,
    losing_access_takes_effect_on_the_next_request,
);

fn token_of(path: &str) -> &str {
    path.trim_start_matches("/invite/")
}

async fn stored_hash(app: &TestApp, cid: i64) -> String {
    use sqlx::Row;
    sqlx::query("SELECT token_hash FROM customer_invitations WHERE customer_id = $1")
        .bind(cid)
        .fetch_one(app.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

async fn invitation_token_rules(app: TestApp) {
    let (mut admin, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let cid = app
        .customer(&mut admin, org, "Max Huber", "max@huber.de")
        .await;
    let first = app
        .invite_customer(&mut admin, org, cid, "max@huber.de")
        .await;
    // Only the SHA-256 of the mailed token is stored; the token carries 256 bits.
    let token = token_of(&first);
    assert_eq!(token.len(), 43);
    assert_eq!(
        stored_hash(&app, cid).await,
        hex::encode(Sha256::digest(token.as_bytes()))
    );
    let mail = app.mail_to("max@huber.de").await;
    assert!(mail.subject.contains("Berg Elektro"), "{}", mail.subject);
    assert!(mail.text.contains("expires in 7 days"));
    let (status, page) = app.client().get_text(&first).await;
    assert_eq!(status, 200);
    assert!(page.contains("Your projects at Berg Elektro") && page.contains("Max Huber"));

    // Resend: a new token; the old link stops working.
    let res = admin
        .post(&format!("/o/{org}/customers/{cid}/invite/resend"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let second = app.path_in_mail("max@huber.de", "/invite/", 2).await;
    assert_ne!(first, second);
    let (status, page) = app.client().get_text(&first).await;
    assert_eq!(status, 410);
    assert!(page.contains("not valid"));
    assert_eq!(app.client().get(&second).await.status(), 200);

    // Seven days later the link has expired; the badge says so; a resend starts again.
    app.state.clock.advance(7 * 24 * 3600 - 60);
    assert_eq!(app.client().get(&second).await.status(), 200);
    app.state.clock.advance(60);
    let (status, page) = app.client().get_text(&second).await;
    assert_eq!(status, 410);
    assert!(page.contains("has expired"));
    // (A week of idleness ended the administrator's session too.)
    assert_eq!(
        admin.sign_in("anna@example.com", PASSWORD).await.status(),
        303
    );
    let (_, list) = admin.get_text(&format!("/o/{org}/customers")).await;
    assert!(list.contains("badge badge-expired"));
    let mut max = app.client();
    let res = max
        .post(
            &format!("{second}/signup"),
            &[("name", "Max Huber"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 410, "an expired link cannot sign up");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'max@huber.de'")
            .await,
        0
    );
    admin
        .post(&format!("/o/{org}/customers/{cid}/invite/resend"), &[])
        .await;
    let third = app.path_in_mail("max@huber.de", "/invite/", 3).await;

    // Accepting: sign up, enrolled as owner of this customer, landing in the portal.
    let res = max
        .post(
            &format!("{third}/signup"),
            &[("name", "Max Huber"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/o/{org}/"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE u.email = 'max@huber.de' AND m.org_id = {org} AND m.role = 'owner' AND m.customer_id = {cid}"
        ))
        .await,
        1
    );
    let (status, home) = max.get_text(&format!("/o/{org}/")).await;
    assert_eq!(status, 200);
    assert!(home.contains("Your building portal"));
    // Single use: the same link again, and malformed links, get clear pages.
    let (status, page) = app.client().get_text(&third).await;
    assert_eq!(status, 410);
    assert!(page.contains("already been used"));
    for bad in ["/invite/short", "/invite/%27%3B--", &format!("{third}x")] {
        let (status, page) = app.client().get_text(bad).await;
        assert_eq!(status, 410, "{bad}");
        assert!(page.contains("not valid"), "{bad}");
    }
    let (_, list) = admin.get_text(&format!("/o/{org}/customers")).await;
    assert!(list.contains("badge badge-accepted"));
    // An accepted customer is not invited twice.
    let res = admin
        .post(
            &format!("/o/{org}/customers/{cid}/invite"),
            &[("email", "max@huber.de")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, list) = admin.get_text(&location(&res)).await;
    assert!(list.contains("already accepted"));
    assert_eq!(
        app.mails_to("max@huber.de").len(),
        3,
        "no fourth invitation mail"
    );
}

async fn invitation_badges_copy_window_and_revoke(app: TestApp) {
    use sqlx::Row;
    let (mut admin, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let cid = app
        .customer(&mut admin, org, "Max Huber", "max@huber.de")
        .await;
    let (_, list) = admin.get_text(&format!("/o/{org}/customers")).await;
    assert!(list.contains("not invited") && list.contains(&format!("/customers/{cid}/invite")));
    let path = app
        .invite_customer(&mut admin, org, cid, "max@huber.de")
        .await;
    let link = format!("{}{path}", app.base);
    let (_, list) = admin.get_text(&format!("/o/{org}/customers")).await;
    assert!(list.contains("badge badge-pending") && list.contains("Copy invitation link"));
    // Within the window the link can be copied: the same link that was mailed.
    let res = admin
        .post(&format!("/o/{org}/customers/{cid}/invite/link"), &[])
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let page = res.text().await.unwrap();
    assert!(page.contains(&link), "the mailed link is shown");
    // At rest it is sealed, not plain.
    let sealed: Option<String> =
        sqlx::query("SELECT link_sealed FROM customer_invitations WHERE customer_id = $1")
            .bind(cid)
            .fetch_one(app.pool())
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
    let sealed = sealed.expect("kept during the window");
    assert!(!sealed.contains(token_of(&path)));
    // After ten minutes it is gone for good, and the UI says so.
    app.state.clock.advance(10 * 60 + 1);
    let res = admin
        .post(&format!("/o/{org}/customers/{cid}/invite/link"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let (_, list) = admin.get_text(&location(&res)).await;
    assert!(list.contains("no longer available"));
    assert!(list.contains("we keep no copy after that"));
    assert!(!list.contains("Copy invitation link"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM customer_invitations WHERE customer_id = {cid} AND link_sealed IS NULL"
        ))
        .await,
        1,
        "the sealed link was erased"
    );
    // The mailed link itself still works until it expires.
    assert_eq!(app.client().get(&path).await.status(), 200);
    // Revoke: the link stops working; the badge goes back to "not invited".
    let res = admin
        .post(&format!("/o/{org}/customers/{cid}/invite/revoke"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let (status, page) = app.client().get_text(&path).await;
    assert_eq!(status, 410);
    assert!(page.contains("withdrawn"));
    let (_, list) = admin.get_text(&format!("/o/{org}/customers")).await;
    assert!(list.contains("not invited") && !list.contains("badge-pending"));
    // Revoking twice, resending a revoked one: refused with a message, nothing sent.
    for action in ["revoke", "resend"] {
        let res = admin
            .post(&format!("/o/{org}/customers/{cid}/invite/{action}"), &[])
            .await;
        assert_eq!(res.status(), 303);
        let (_, list) = admin.get_text(&location(&res)).await;
        assert!(list.contains("flash-error"), "{action}");
    }
    assert_eq!(app.mails_to("max@huber.de").len(), 1);
    // Inviting again after a revoke works, with a fresh token.
    let again = app
        .invite_customer(&mut admin, org, cid, "max@huber.de")
        .await;
    assert_ne!(again, path);
    assert_eq!(app.client().get(&again).await.status(), 200);
    // The sweeper erases sealed links whose window has passed, without anyone asking.
    app.state.clock.advance(10 * 60 + 1);
    for _ in 0..100 {
        if app
            .count("SELECT COUNT(*) FROM customer_invitations WHERE link_sealed IS NOT NULL")
            .await
            == 0
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the sweeper did not erase the expired link");
}

async fn invitations_need_an_email_and_the_right_role(app: TestApp) {
    let (mut admin, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let card = app.customer(&mut admin, org, "Contact Card", "").await;
    let (_, list) = admin.get_text(&format!("/o/{org}/customers")).await;
    assert!(list.contains("Add an email to invite"));
    // The dialog's email is required and validated; the customer stays not invited.
    let (status, page) = admin
        .post_text(
            &format!("/o/{org}/customers/{card}/invite"),
            &[("email", "not-an-email")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("Enter a valid email address"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customer_invitations").await,
        0
    );
    // A confirmed (changed) address becomes the customer's email.
    let (status, form) = admin
        .get_text(&format!("/o/{org}/customers/{card}/invite"))
        .await;
    assert_eq!(status, 200);
    assert!(form.contains("expires in 7 days"));
    let res = admin
        .post(
            &format!("/o/{org}/customers/{card}/invite"),
            &[("email", "card@example.com")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM customers WHERE id = {card} AND email = 'card@example.com'"
        ))
        .await,
        1
    );
    app.mail_to("card@example.com").await;
    // The mail speaks the organisation's language.
    let res = admin
        .post(
            &format!("/o/{org}/settings"),
            &[("name", "Berg Elektro"), ("language", "de")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let de = app
        .customer(&mut admin, org, "Jörg Weiß", "joerg@example.com")
        .await;
    app.invite_customer(&mut admin, org, de, "joerg@example.com")
        .await;
    let mail = app.mail_to("joerg@example.com").await;
    assert!(mail.subject.contains("lädt Sie"), "{}", mail.subject);
    assert!(mail.text.contains("läuft nach 7 Tagen ab"));
    // Members may see the badge but not invite; no one may touch another org's customer.
    let mut member = app
        .add_member(&mut admin, org, "Ben", "ben@example.com", "member")
        .await;
    let mut moderator = app
        .add_member(&mut admin, org, "Mona", "mona@example.com", "moderator")
        .await;
    for action in ["invite", "invite/resend", "invite/revoke", "invite/link"] {
        let path = format!("/o/{org}/customers/{card}/{action}");
        let res = member.post(&path, &[("email", "x@example.com")]).await;
        assert_eq!(res.status(), 403, "member: {action}");
    }
    assert_eq!(
        member
            .get(&format!("/o/{org}/customers/{card}/invite"))
            .await
            .status(),
        403
    );
    let (_, list) = member.get_text(&format!("/o/{org}/customers")).await;
    assert!(list.contains("badge badge-pending") && !list.contains("/invite/revoke"));
    let res = moderator
        .post(&format!("/o/{org}/customers/{card}/invite/resend"), &[])
        .await;
    assert_eq!(res.status(), 303, "moderators may resend");
    let (mut other, other_org) = app
        .owner_with_org("Carl Dorn", "carl@example.com", "Dorn GmbH")
        .await;
    for action in ["invite", "invite/resend", "invite/revoke", "invite/link"] {
        let res = other
            .post(
                &format!("/o/{other_org}/customers/{card}/{action}"),
                &[("email", "x@example.com")],
            )
            .await;
        assert_eq!(res.status(), 404, "foreign: {action}");
    }
    // No CSRF token, no change.
    let res = admin
        .post_without_csrf(&format!("/o/{org}/customers/{card}/invite/revoke"), &[])
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM customer_invitations WHERE customer_id = {card} AND revoked_at IS NULL"
        ))
        .await,
        1
    );
    assert_eq!(app.mails_to("card@example.com").len(), 2);
}

async fn existing_accounts_sign_in_to_accept(app: TestApp) {
    let (mut admin, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    // Max already uses knxdesk with another integrator.
    let (mut max, max_org) = app
        .owner_with_org("Max Huber", "max@huber.de", "Huber Haustechnik")
        .await;
    let cid = app
        .customer(&mut admin, org, "Max Huber", "max@huber.de")
        .await;
    let path = app
        .invite_customer(&mut admin, org, cid, "max@huber.de")
        .await;
    let (status, page) = app.client().get_text(&path).await;
    assert_eq!(status, 200);
    assert!(page.contains("already has an account"));
    let res = max.post(&format!("{path}/accept"), &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/o/{org}/"));
    // Both organisations are his, each with its own role.
    let (_, home) = max.get_text(&format!("/o/{org}/")).await;
    assert!(home.contains("Your building portal"));
    let (status, _) = max.get_text(&format!("/o/{max_org}/customers")).await;
    assert_eq!(status, 200, "still administrator of his own organisation");
    // A staff member of the organisation cannot take a customer login with the same account;
    // the link stays usable for the right person.
    let mut ben = app
        .add_member(&mut admin, org, "Ben", "ben@example.com", "member")
        .await;
    let other = app
        .customer(&mut admin, org, "Lisa Kern", "lisa@kern.de")
        .await;
    let path = app
        .invite_customer(&mut admin, org, other, "lisa@kern.de")
        .await;
    // Inviting a team member's address is refused up front, with the reason at the field.
    let (status, page) = admin
        .post_text(
            &format!("/o/{org}/customers/{other}/invite"),
            &[("email", "ben@example.com")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("already belongs to someone in your organisation"));
    // (Holding a link is what counts: a member who opens one still cannot take it.)
    let (status, page) = ben.post_text(&format!("{path}/accept"), &[]).await;
    assert_eq!(status, 409);
    assert!(page.contains("another role"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM memberships WHERE role = 'member'")
            .await,
        1,
        "Ben stays a member"
    );
    assert_eq!(app.client().get(&path).await.status(), 200);
}

async fn portal_shows_only_linked_projects_read_only(app: TestApp) {
    let (mut admin, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let huber = app
        .customer(&mut admin, org, "Max Huber", "max@huber.de")
        .await;
    let kern = app
        .customer(&mut admin, org, "Lisa Kern", "lisa@kern.de")
        .await;
    let villa = app
        .project(&mut admin, org, "Villa Huber", Some(huber))
        .await;
    let office = app
        .project(&mut admin, org, "Kern Office", Some(kern))
        .await;
    let unlinked = app.project(&mut admin, org, "Depot Secret", None).await;
    let mut max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;
    let (_, home) = max.get_text(&format!("/o/{org}/")).await;
    assert!(home.contains("Villa Huber"));
    assert!(!home.contains("Kern Office") && !home.contains("Depot Secret"));
    let (_, list) = max.get_text(&format!("/o/{org}/projects")).await;
    assert!(list.contains("Villa Huber"));
    assert!(!list.contains("Kern Office") && !list.contains("Depot Secret"));
    // Asking for another customer's projects through the filter changes nothing.
    let (_, list) = max
        .get_text(&format!("/o/{org}/projects?customer={kern}"))
        .await;
    assert!(list.contains("Villa Huber") && !list.contains("Kern Office"));
    // Own navigation: no Customers, no organisation settings, no team.
    assert!(!home.contains(&format!("/o/{org}/customers\"")));
    assert!(!home.contains(&format!("/o/{org}/settings\"")));
    let (status, page) = max.get_text(&format!("/o/{org}/projects/{villa}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains("/edit\"") && !page.contains("/status\""));
    let (_, ets) = max
        .get_text(&format!("/o/{org}/projects/{villa}/ets"))
        .await;
    assert!(!ets.contains("type=\"file\""), "no upload for customers");
    for p in [office, unlinked] {
        for tab in ["", "/ets", "/devices", "/group-addresses", "/diff"] {
            let (status, body) = max.get_text(&format!("/o/{org}/projects/{p}{tab}")).await;
            assert_eq!(status, 404, "project {p}{tab}");
            assert!(!body.contains("Kern Office") && !body.contains("Depot Secret"));
        }
    }
    for path in [
        format!("/o/{org}/customers"),
        format!("/o/{org}/customers/{huber}/edit"),
        format!("/o/{org}/members"),
        format!("/o/{org}/settings"),
        format!("/o/{org}/projects/new"),
        format!("/o/{org}/projects/{villa}/edit"),
        format!("/o/{org}/projects/{villa}/activity"),
    ] {
        assert_eq!(max.get(&path).await.status(), 403, "{path}");
    }
    for (path, form) in [
        (
            format!("/o/{org}/projects/{villa}/status"),
            vec![("status", "archived")],
        ),
        (
            format!("/o/{org}/projects/{villa}/customer"),
            vec![("customer_id", "")],
        ),
        (format!("/o/{org}/customers/{huber}/invite/resend"), vec![]),
        (
            format!("/o/{org}/invitations"),
            vec![("email", "x@example.com"), ("role", "member")],
        ),
    ] {
        assert_eq!(max.post(&path, &form).await.status(), 403, "{path}");
    }
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM projects WHERE id = {villa} AND status = 'active' AND customer_id = {huber}"
        ))
        .await,
        1
    );
}

async fn losing_access_takes_effect_on_the_next_request(app: TestApp) {
    let (mut admin, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let huber = app
        .customer(&mut admin, org, "Max Huber", "max@huber.de")
        .await;
    let villa = app
        .project(&mut admin, org, "Villa Huber", Some(huber))
        .await;
    let mut max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;
    assert_eq!(
        max.get(&format!("/o/{org}/projects/{villa}"))
            .await
            .status(),
        200
    );
    // Removing portal access (and inviting again) works on the open session at once.
    let res = admin
        .post(
            &format!("/o/{org}/customers/{huber}/invite/remove-access"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(max.get(&format!("/o/{org}/")).await.status(), 404);
    let (_, list) = admin.get_text(&format!("/o/{org}/customers")).await;
    assert!(list.contains("no longer has portal access") && list.contains("not invited"));
    let path = app
        .invite_customer(&mut admin, org, huber, "max@huber.de")
        .await;
    assert_eq!(max.post(&format!("{path}/accept"), &[]).await.status(), 303);
    assert_eq!(
        max.get(&format!("/o/{org}/projects/{villa}"))
            .await
            .status(),
        200
    );
    // Removing the login from the members page: same effect, and the badge follows.
    let member_id = app
        .count(&format!(
            "SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE u.email = 'max@huber.de' AND m.org_id = {org}"
        ))
        .await;
    let res = admin
        .post(&format!("/o/{org}/members/{member_id}/remove"), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(max.get(&format!("/o/{org}/")).await.status(), 404);
    let (_, list) = admin.get_text(&format!("/o/{org}/customers")).await;
    assert!(list.contains("not invited") && !list.contains("badge-accepted"));
    let path = app
        .invite_customer(&mut admin, org, huber, "max@huber.de")
        .await;
    assert_eq!(max.post(&format!("{path}/accept"), &[]).await.status(), 303);
    // Unlinking the project: gone on the very next request of the open session.
    let res = admin
        .post(
            &format!("/o/{org}/projects/{villa}/customer"),
            &[("customer_id", "")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        max.get(&format!("/o/{org}/projects/{villa}"))
            .await
            .status(),
        404
    );
    let (_, home) = max.get_text(&format!("/o/{org}/")).await;
    assert!(!home.contains("Villa Huber") && home.contains("No project is shared"));
    // Deleting the customer: the organisation is gone for them, the account stays.
    let res = admin
        .post(&format!("/o/{org}/customers/{huber}/delete"), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(max.get(&format!("/o/{org}/")).await.status(), 404);
    let res = max.get("/").await;
    assert_eq!(location(&res), "/orgs");
    let (_, page) = max.get_text("/orgs").await;
    assert!(page.contains("Welcome to knxdesk, Max Huber") && page.contains("Were you invited?"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'max@huber.de'")
            .await,
        1
    );
    let mut again = app.client();
    let res = again.sign_in("max@huber.de", PASSWORD).await;
    assert_eq!(res.status(), 303, "the account can still sign in");
    app.assert_counts_consistent().await;
}
