//! The Customer Login module (M1), what a company's people hear of and count: notifications
//! about their projects' devices and service codes and about new cases (in the app and by mail,
//! in each user's language, switched off per event), and the codes scanned per month on their
//! dashboard. Another customer hears nothing of it; the team is not told of its own doing.

use crate::common::{Client, TestApp, location};

db_tests!(company_people_hear_of_their_devices_codes_and_cases_and_count_scans);

async fn in_app(app: &TestApp, email: &str, event: &str) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE u.email = '{email}' AND n.event = '{event}'"
    ))
    .await
}

/// How many mails to `to` hold `needle`, once at least `want` do (waiting up to ten seconds).
/// Mails of one change are queued in its transaction and sent in order: a mail expected to be
/// absent is checked after another of the same change has arrived.
async fn mails_saying(app: &TestApp, to: &str, needle: &str, want: usize) -> usize {
    let count = || {
        app.mails_to(to)
            .iter()
            .filter(|m| m.text.contains(needle))
            .count()
    };
    for _ in 0..200 {
        if count() >= want {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    count()
}

async fn company_people_hear_of_their_devices_codes_and_cases_and_count_scans(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        huber,
    } = app.villa_huber().await;
    app.customer_login_on(org).await;
    let hotel = app
        .customer_of_kind(&mut admin, org, "company", "Hotel Alpenblick GmbH", "")
        .await;
    let wing = app
        .project(&mut admin, org, "Hotel East Wing", Some(hotel))
        .await;
    let lena: Client = app
        .add_company_user(
            &mut admin,
            org,
            hotel,
            (
                "Lena",
                "lena@alpenblick.example",
                "customer_administrator",
                "de",
            ),
        )
        .await;
    let mut tom = app
        .add_company_user(
            &mut admin,
            org,
            hotel,
            ("Tom", "tom@alpenblick.example", "customer_member", "en"),
        )
        .await;
    let max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@example.com")
        .await;

    // Their settings offer the events of their projects; the team's do not.
    let (_, page) = tom.get_text("/settings/notifications").await;
    assert!(
        page.contains("The devices of a project change")
            && page.contains("The service codes of a project change")
            && page.contains("A case is opened")
            && !page.contains("internal note"),
        "{page}"
    );
    let (_, page) = admin.get_text("/settings/notifications").await;
    assert!(!page.contains("The devices of a project change"));

    // An ETS version of the hotel's project: its people hear of it, each in their language,
    // with what changed; the owner of another customer and the uploader hear nothing.
    app.import(&mut admin, org, wing, 4).await;
    assert_eq!(
        in_app(&app, "lena@alpenblick.example", "devices_changed").await,
        1
    );
    assert_eq!(
        in_app(&app, "tom@alpenblick.example", "devices_changed").await,
        1
    );
    assert_eq!(in_app(&app, "max@example.com", "devices_changed").await, 0);
    assert_eq!(in_app(&app, "anna@example.com", "devices_changed").await, 0);
    // The newest mail once the import's mails are sent (Lena already has her invitation).
    app.mails_settled().await;
    let mail = app.mail_to("lena@alpenblick.example").await;
    assert!(
        mail.text
            .contains("Version 1 importiert: 4 hinzugefügt, 0 entfernt, 4 Geräte insgesamt."),
        "{}",
        mail.text
    );
    assert!(mail.subject.contains("Hotel East Wing"));
    assert!(
        mail.text
            .contains(&format!("/o/{org}/projects/{wing}/devices")),
        "the mail leads to the devices"
    );
    let mail = app.mail_to("tom@alpenblick.example").await;
    assert!(
        mail.text
            .contains("Anna Berg changed the devices of Hotel East Wing"),
        "{}",
        mail.text
    );
    // Villa Huber's version is not the hotel's to hear of; Max, an owner of the simple portal,
    // hears of his cases' answers and status changes only, and is offered only those.
    app.import(&mut admin, org, villa, 2).await;
    assert_eq!(in_app(&app, "max@example.com", "devices_changed").await, 0);
    let (_, page) = max.get_text("/settings/notifications").await;
    assert!(
        !page.contains("The devices of a project change") && !page.contains("A case is opened"),
        "{page}"
    );
    assert_eq!(
        in_app(&app, "tom@alpenblick.example", "devices_changed").await,
        1
    );

    // In the app: the notification opens the project's devices.
    let (_, page) = tom.get_text("/notifications").await;
    assert!(page.contains("Anna Berg changed the devices of Hotel East Wing"));
    let id = app
        .count(
            "SELECT MAX(n.id) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.email = 'tom@alpenblick.example'",
        )
        .await;
    let res = tom.post(&format!("/notifications/{id}/open"), &[]).await;
    assert_eq!(location(&res), format!("/o/{org}/projects/{wing}/devices"));
    assert_eq!(tom.get(&location(&res)).await.status(), 200);

    // Tom switches the codes' mails off (in-app stays): codes made for the project reach him
    // in the app only, Lena by mail too.
    let mut keep: Vec<(&str, &str)> = [
        "case_created.in_app",
        "case_created.email",
        "status_changed.in_app",
        "status_changed.email",
        "public_comment.in_app",
        "public_comment.email",
        "devices_changed.in_app",
        "devices_changed.email",
        "codes_changed.in_app",
    ]
    .into_iter()
    .map(|k| (k, "on"))
    .collect();
    let res = tom.post("/settings/notifications", &keep).await;
    assert_eq!(res.status(), 303);
    let res = admin
        .post(&format!("/o/{org}/projects/{wing}/codes"), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        in_app(&app, "tom@alpenblick.example", "codes_changed").await,
        1
    );
    assert_eq!(
        in_app(&app, "lena@alpenblick.example", "codes_changed").await,
        1
    );
    assert_eq!(
        mails_saying(
            &app,
            "lena@alpenblick.example",
            "4 Service-Codes wurden erstellt.",
            1
        )
        .await,
        1
    );
    assert_eq!(
        mails_saying(
            &app,
            "tom@alpenblick.example",
            "service codes were created",
            0
        )
        .await,
        0,
        "switched off"
    );

    // Equipment added by hand, and a deactivated code: said with their names.
    let res = admin
        .post(
            &format!("/o/{org}/projects/{wing}/equipment"),
            &[("name", "Heat pump")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        mails_saying(
            &app,
            "tom@alpenblick.example",
            "Heat pump was added by hand.",
            1
        )
        .await,
        1
    );
    let code: String = {
        use sqlx::Row;
        let device = app.device_id(wing, "1.1.1").await;
        sqlx::query(&format!(
            "SELECT code FROM service_codes WHERE device_id = {device}"
        ))
        .fetch_one(app.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
    };

    // A case opened by the team on the hotel's project: its people hear of it.
    let res = admin
        .post(
            &format!("/o/{org}/service"),
            &[
                ("project", &wing.to_string()),
                ("title", "Lift door sticks"),
                ("priority", "medium"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        in_app(&app, "tom@alpenblick.example", "case_created").await,
        1
    );
    assert_eq!(
        in_app(&app, "lena@alpenblick.example", "case_created").await,
        1
    );
    assert_eq!(in_app(&app, "max@example.com", "case_created").await, 0);

    // Scans of the label's page, counted for the hotel and the organisation once written.
    let stranger = app.client();
    for _ in 0..3 {
        assert_eq!(stranger.get(&format!("/c/{code}")).await.status(), 200);
    }
    let (_, page) = lena.get_text(&format!("/o/{org}/kpis")).await;
    assert!(page.contains("In diesen Monaten wurde kein Service-Code gescannt."));
    app.state.scans.flush(&app.state.db).await.unwrap();
    let (_, page) = lena.get_text(&format!("/o/{org}/kpis")).await;
    assert!(
        page.contains("Gescannte Service-Codes pro Monat") && page.contains("class=\"bar-scans\""),
        "{page}"
    );
    let (_, csv) = lena.get_text(&format!("/o/{org}/kpis.csv")).await;
    let this_month = csv.lines().nth(12).unwrap();
    assert!(this_month.ends_with(";3"), "{csv}");
    let (_, csv) = admin.get_text(&format!("/o/{org}/service/kpis.csv")).await;
    assert!(csv.lines().nth(12).unwrap().ends_with(";3"), "{csv}");
    let (_, csv) = max.get_text(&format!("/o/{org}/kpis.csv")).await;
    assert!(csv.lines().nth(12).unwrap().ends_with(";0"), "{csv}");

    // Deactivating the code: said with the device.
    let res = admin
        .post(&format!("/o/{org}/codes/{code}/deactivate"), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        in_app(&app, "tom@alpenblick.example", "codes_changed").await,
        2
    );

    // Tom switches everything off: nothing more reaches him.
    keep.clear();
    tom.post("/settings/notifications", &keep).await;
    // The deactivation's mail may still be on its way.
    app.mails_settled().await;
    let before = app.mails_to("tom@alpenblick.example").len();
    let res = admin
        .post(
            &format!("/o/{org}/projects/{wing}/equipment"),
            &[("name", "Boiler")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        mails_saying(
            &app,
            "lena@alpenblick.example",
            "Boiler wurde von Hand hinzugefügt.",
            1
        )
        .await,
        1
    );
    assert_eq!(app.mails_to("tom@alpenblick.example").len(), before);
    assert_eq!(
        in_app(&app, "tom@alpenblick.example", "devices_changed").await,
        2
    );
}
