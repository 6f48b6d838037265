//! Notifications (A5): who hears of what, in the app and by email, in their language; the
//! settings matrix and the one-click unsubscribe.

use crate::common::{TestApp, location};

db_tests!(
    nobody_hears_of_what_they_may_not_see_nor_of_their_own_doing,
    settings_and_one_click_unsubscribe_stop_what_they_say,
);

async fn notifications_of(app: &TestApp, email: &str) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = '{email}'"
    ))
    .await
}

async fn nobody_hears_of_what_they_may_not_see_nor_of_their_own_doing(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        huber,
        villa,
    } = app.villa_huber().await;
    let mut mel = app
        .add_member(&mut admin, org, "Mel Member", "mel@example.com", "member")
        .await;
    let mut max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;
    let meier = app
        .customer(&mut admin, org, "Eva Meier", "eva@meier.de")
        .await;
    app.project(&mut admin, org, "Haus Meier", Some(meier))
        .await;
    let _eva = app
        .add_owner(&mut admin, org, meier, "Eva Meier", "eva@meier.de")
        .await;
    let mails_before = |app: &TestApp, to: &str| app.mails_to(to).len();
    let max_mails = mails_before(&app, "max@huber.de");

    // A new case: the team hears of it (the opener not), customers do not.
    let res = admin
        .post(
            &format!("/o/{org}/service"),
            &[
                ("project", &villa.to_string()),
                ("title", "Blind stuck"),
                ("priority", "high"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        notifications_of(&app, "anna@example.com").await,
        0,
        "not of their own doing"
    );
    assert_eq!(notifications_of(&app, "mel@example.com").await, 1);
    assert_eq!(notifications_of(&app, "max@huber.de").await, 0);
    // Mel's second mail (the first was the invitation).
    let mel_mail = app
        .mails_to_at_least("mel@example.com", 2)
        .await
        .pop()
        .unwrap();
    assert!(
        mel_mail.subject.contains("#1 Blind stuck"),
        "{}",
        mel_mail.subject
    );
    assert!(
        mel_mail.text.contains("Anna Berg opened #1 Blind stuck"),
        "{}",
        mel_mail.text
    );

    // An internal note: nobody outside the team hears of it, not even in a mail.
    let res = admin
        .post(
            &format!("/o/{org}/service/1/comments"),
            &[
                ("body", "Motor is end of life, quote 480 EUR"),
                ("internal", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(notifications_of(&app, "max@huber.de").await, 0);

    // A public comment reaches the customer's users (in the app and by mail), no other customer.
    let res = admin
        .post(
            &format!("/o/{org}/service/1/comments"),
            &[("body", "We come on Tuesday at 9."), ("internal", "0")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(notifications_of(&app, "max@huber.de").await, 1);
    assert_eq!(notifications_of(&app, "eva@meier.de").await, 0);
    let mails = app.mails_to_at_least("max@huber.de", max_mails + 1).await;
    let mail = mails.last().unwrap();
    assert!(
        mail.text.contains("We come on Tuesday at 9."),
        "{}",
        mail.text
    );
    assert!(mail.text.contains("Anna Berg commented on #1 Blind stuck"));
    for m in app
        .mails_to("max@huber.de")
        .iter()
        .chain(app.mails_to("eva@meier.de").iter())
    {
        assert!(
            !m.text.contains("end of life") && !m.html.contains("end of life"),
            "internal note mailed"
        );
    }
    let header = mail
        .list_unsubscribe
        .clone()
        .expect("List-Unsubscribe header");
    assert!(
        header.starts_with("<http") && header.contains("/unsubscribe/"),
        "{header}"
    );
    assert_eq!(
        mail.list_unsubscribe_post.as_deref(),
        Some("List-Unsubscribe=One-Click")
    );

    // Mel hears of comments once watching the case.
    assert_eq!(
        notifications_of(&app, "mel@example.com").await,
        1,
        "not a watcher yet"
    );
    let res = mel
        .post(&format!("/o/{org}/service/1/watch"), &[("watch", "1")])
        .await;
    assert_eq!(res.status(), 303);
    let res = admin
        .post(
            &format!("/o/{org}/service/1/comments"),
            &[("body", "Parts ordered."), ("internal", "0")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        notifications_of(&app, "mel@example.com").await,
        2,
        "a watcher hears of comments"
    );
    let res = mel
        .post(&format!("/o/{org}/service/1/watch"), &[("watch", "0")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(notifications_of(&app, "max@huber.de").await, 2);
    // The customer answers: the team's watcher hears of it, the customer not of their own.
    let res = max
        .post(
            &format!("/o/{org}/service/1/comments"),
            &[("body", "Thanks, Tuesday works.")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        notifications_of(&app, "anna@example.com").await,
        1,
        "the opener watches"
    );
    assert_eq!(notifications_of(&app, "max@huber.de").await, 2);

    // Assignment: the assignee hears of it; then status changes reach them too.
    let mel_id = app
        .count("SELECT id FROM users WHERE email = 'mel@example.com'")
        .await
        .to_string();
    let res = admin
        .post(
            &format!("/o/{org}/service/1"),
            &[
                ("title", "Blind stuck"),
                ("priority", "high"),
                ("assignee", &mel_id),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(notifications_of(&app, "mel@example.com").await, 3);
    let res = mel
        .post(
            &format!("/o/{org}/service/1/status"),
            &[("status", "resolved")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        notifications_of(&app, "max@huber.de").await,
        3,
        "status changes are public"
    );
    assert_eq!(notifications_of(&app, "anna@example.com").await, 2);
    assert_eq!(
        notifications_of(&app, "mel@example.com").await,
        3,
        "not of their own move"
    );

    // The bell counts, the list reads, one opens the case and counts as read.
    let (_, page) = max.get_text(&format!("/o/{org}/")).await;
    assert!(
        page.contains("class=\"bell-count\" aria-hidden=\"true\">3<"),
        "bell shows 3"
    );
    let (_, list) = max.get_text("/notifications").await;
    assert!(list.contains("Mel Member changed the status of #1 Blind stuck"));
    assert!(!list.contains("internal note"));
    let id = app
        .count("SELECT MIN(n.id) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = 'max@huber.de'")
        .await;
    let res = max.post(&format!("/notifications/{id}/open"), &[]).await;
    assert_eq!(location(&res), format!("/o/{org}/service/1"));
    let res = max.post("/notifications/read-all", &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM notifications WHERE read_at IS NULL AND user_id = (SELECT id FROM users WHERE email = 'max@huber.de')").await,
        0
    );
    // Only the project's watchers hear of new cases, when the organisation says so.
    let (status, page) = admin
        .post_text(
            &format!("/o/{org}/settings/service"),
            &[
                ("new_case_recipients", "watchers"),
                ("auto_close_days", "999"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("Enter a number from 0 to 365."));
    let res = admin
        .post(
            &format!("/o/{org}/settings/service"),
            &[
                ("new_case_recipients", "watchers"),
                ("auto_close_days", "7"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.count("SELECT auto_close_days FROM organisations").await,
        7
    );
    let new_case = |title: &'static str| {
        (
            format!("/o/{org}/service"),
            [
                ("project", villa.to_string()),
                ("title", title.to_string()),
                ("priority", "low".to_string()),
            ],
        )
    };
    let (path, form) = new_case("Quiet case");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(admin.post(&path, &form).await.status(), 303);
    assert_eq!(
        notifications_of(&app, "mel@example.com").await,
        3,
        "not a watcher of the project"
    );
    let res = mel
        .post(
            &format!("/o/{org}/projects/{villa}/service/watch"),
            &[("watch", "1")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (path, form) = new_case("Watched case");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(admin.post(&path, &form).await.status(), 303);
    assert_eq!(
        notifications_of(&app, "mel@example.com").await,
        4,
        "a watcher of the project hears of it"
    );
    // Someone else's notification is not theirs to open.
    let anna_n = app
        .count("SELECT MIN(n.id) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = 'anna@example.com'")
        .await;
    assert_eq!(
        max.post(&format!("/notifications/{anna_n}/open"), &[])
            .await
            .status(),
        404
    );
}

async fn settings_and_one_click_unsubscribe_stop_what_they_say(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        huber,
        villa,
    } = app.villa_huber().await;
    let mut max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;
    let res = admin
        .post(
            &format!("/o/{org}/service"),
            &[
                ("project", &villa.to_string()),
                ("title", "Heating"),
                ("priority", "low"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let comment = |text: &'static str| (format!("/o/{org}/service/1/comments"), text);

    // Max keeps comments in the app only.
    let (status, page) = max.get_text("/settings/notifications").await;
    assert_eq!(status, 200);
    assert!(page.contains("Someone comments on a case"));
    assert!(
        !page.contains("internal note"),
        "customers are offered public events only"
    );
    let res = max
        .post(
            "/settings/notifications",
            &[
                ("public_comment.in_app", "on"),
                ("status_changed.in_app", "on"),
                ("status_changed.email", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    app.mails_settled().await;
    let before = app.mails_to("max@huber.de").len();
    let (path, text) = comment("First answer");
    let res = admin
        .post(&path, &[("body", text), ("internal", "0")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        notifications_of(&app, "max@huber.de").await,
        1,
        "in the app"
    );
    // A status change still mails: the mail proves the queue ran, and carries the link.
    let res = admin
        .post(
            &format!("/o/{org}/service/1/status"),
            &[("status", "in_progress")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let mails = app.mails_to_at_least("max@huber.de", before + 1).await;
    assert_eq!(mails.len(), before + 1, "no mail for the comment");
    let mail = mails.last().unwrap();
    assert!(mail.subject.contains("#1 Heating"));

    // The one-click link: a mail program posts it without cookies; a forged one is refused.
    let link = mail.list_unsubscribe.clone().unwrap();
    let link = link
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    let path = link.split_once("://").unwrap().1.split_once('/').unwrap().1;
    let path = format!("/{path}");
    let anonymous = app.client();
    let (status, page) = anonymous.get_text(&path).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Stop emails for “A case&#39;s status changes”")
            || page.contains("Stop emails for"),
        "{page}"
    );
    let forged = format!("{}x", &path[..path.len() - 1]);
    let res = anonymous
        .http
        .post(anonymous.url(&forged))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 410);
    let res = anonymous
        .http
        .post(anonymous.url(&path))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM notification_optouts WHERE event = 'status_changed' AND channel = 'email'").await,
        1
    );
    let res = admin
        .post(
            &format!("/o/{org}/service/1/status"),
            &[("status", "resolved")],
        )
        .await;
    assert_eq!(res.status(), 303);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        app.mails_to("max@huber.de").len(),
        before + 1,
        "no more status mails"
    );
    assert_eq!(
        notifications_of(&app, "max@huber.de").await,
        3,
        "the app still tells"
    );
    let (_, page) = max.get_text("/settings/notifications").await;
    assert!(
        !page.contains("name=\"status_changed.email\" checked"),
        "the setting shows it"
    );
}
