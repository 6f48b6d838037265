//! The Customer Login module in headless Chromium (KNXDESK_TEST_BROWSER=1): the instance
//! administrator switches it on, the integrator invites the hotel's facility manager in German,
//! who accepts, adds a colleague; the colleague sets a password from the mail, scans a device's
//! label signed in, lands on the device in the portal, opens a case on it, and switches the
//! case mails off. Screenshots of each page at a phone's width.

use crate::common::{PASSWORD, TestApp, browser, location};

db_tests!(company_journey);

async fn company_journey(app: TestApp) {
    if !browser::enabled() {
        eprintln!("KNXDESK_TEST_BROWSER not set: skipped");
        return;
    }
    let (mut anna, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let hotel = app
        .customer_of_kind(&mut anna, org, "company", "Hotel Alpenblick GmbH", "")
        .await;
    let wing = app
        .project(&mut anna, org, "Hotel East Wing", Some(hotel))
        .await;
    app.import(&mut anna, org, wing, 3).await;
    let device = app.device_id(wing, "1.1.2").await;
    anna.post(
        &format!("/o/{org}/projects/{wing}/device-code/{device}"),
        &[],
    )
    .await;
    let code = app
        .count(&format!(
            "SELECT id FROM service_codes WHERE device_id = {device}"
        ))
        .await;
    let code: String = {
        use sqlx::Row;
        sqlx::query(&format!("SELECT code FROM service_codes WHERE id = {code}"))
            .fetch_one(app.pool())
            .await
            .unwrap()
            .try_get(0)
            .unwrap()
    };
    knxdesk::accounts::admin::create_instance_admin(
        &app.state,
        "anna@example.com",
        "Anna Berg",
        None,
    )
    .await
    .unwrap();

    let driver = browser::Driver::start().await;
    let base = &app.base;
    let b = driver.session().await;
    b.goto(&format!("{base}/signin")).await.unwrap();
    browser::fill(&b, "#f-email", "anna@example.com").await;
    browser::fill(&b, "#f-password", PASSWORD).await;
    browser::click(&b, "button[type=submit]").await;
    browser::wait_for_text(&b, "Berg Elektro").await;

    // The instance administrator switches the module on.
    b.goto(&format!("{base}/admin/orgs")).await.unwrap();
    browser::click(
        &b,
        &format!("form[action='/admin/orgs/{org}/modules'] button"),
    )
    .await;
    browser::wait_for_text(&b, "The Customer Login module is on").await;
    browser::screenshot(&b, "admin-modules").await;

    // The integrator invites the facility manager, in German, as the hotel's administrator.
    b.goto(&format!("{base}/o/{org}/customers/{hotel}/edit"))
        .await
        .unwrap();
    browser::click(&b, &format!("a[href$='/customers/{hotel}/company']")).await;
    browser::wait_for_text(&b, "Add invitation").await;
    browser::fill(&b, "#f-first_name", "Lena").await;
    browser::fill(&b, "#f-last_name", "Graf").await;
    browser::fill(&b, "#f-email", "lena@alpenblick.example").await;
    b.execute(
        "document.querySelector('#f-language').value = 'de'; \
         document.querySelector('#f-role').value = 'customer_administrator';",
        vec![],
    )
    .await
    .unwrap();
    browser::click(&b, "form[action$='/company'] button[type=submit]").await;
    browser::wait_for_text(&b, "Invitation sent to lena@alpenblick.example.").await;
    browser::screenshot(&b, "company-users").await;

    // Lena accepts on her phone and adds a colleague.
    let link = app
        .path_in_mail("lena@alpenblick.example", "/invite/", 1)
        .await;
    let lena = driver.session().await;
    lena.set_window_size(390, 844).await.unwrap();
    lena.goto(&format!("{base}{link}")).await.unwrap();
    browser::wait_for_text(&lena, "Hotel Alpenblick GmbH").await;
    browser::fill(&lena, "#f-name", "Lena Graf").await;
    browser::fill(&lena, "#f-password", PASSWORD).await;
    browser::click(&lena, "button[type=submit]").await;
    browser::wait_for_text(&lena, "Hotel East Wing").await;
    lena.goto(&format!("{base}/o/{org}/company-users"))
        .await
        .unwrap();
    browser::wait_for_text(&lena, "Unsere Benutzer").await;
    browser::fill(&lena, "#f-name", "Paul Pfeiffer").await;
    browser::fill(&lena, "#f-email", "paul@alpenblick.example").await;
    lena.execute(
        "document.querySelector('#f-language').value = 'en';",
        vec![],
    )
    .await
    .unwrap();
    browser::click(&lena, "form[action$='/company-users'] button[type=submit]").await;
    browser::wait_for_text(&lena, "paul@alpenblick.example hinzugefügt.").await;
    assert!(
        browser::fits_window(&lena).await,
        "the Users page fits a phone"
    );
    browser::screenshot(&lena, "company-own-users-390").await;

    // Paul sets his password from the mail, signs in, and scans the label.
    let mail = app.mail_to("paul@alpenblick.example").await;
    let set = mail.link_with("/password/reset/");
    let paul = driver.session().await;
    paul.set_window_size(390, 844).await.unwrap();
    paul.goto(&set).await.unwrap();
    browser::fill(&paul, "#f-password", "paul's new password 1").await;
    browser::click(&paul, "button[type=submit]").await;
    browser::fill(&paul, "#f-email", "paul@alpenblick.example").await;
    browser::fill(&paul, "#f-password", "paul's new password 1").await;
    browser::click(&paul, "button[type=submit]").await;
    browser::wait_for_text(&paul, "Hotel East Wing").await;
    paul.goto(&format!("{base}/c/{code}")).await.unwrap();
    browser::wait_for_text(&paul, "Communication objects").await;
    assert!(
        paul.current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/devices/1.1.2"),
        "the label leads him to the device in the portal"
    );
    browser::click(&paul, "a[href*='/service/new?project=']").await;
    browser::fill(&paul, "#f-title", "Minibar fridge is warm").await;
    browser::click(&paul, "form[method=post] button[type=submit].btn-primary").await;
    browser::wait_for_text(&paul, "opened.").await;
    browser::screenshot(&paul, "company-member-case-390").await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM service_cases WHERE device_id = {device} AND title = 'Minibar fridge is warm'"
        ))
        .await,
        1
    );

    // He switches the mails about comments off; a comment of the team reaches him in the app.
    paul.goto(&format!("{base}/settings/notifications"))
        .await
        .unwrap();
    browser::wait_for_text(&paul, "Notifications").await;
    paul.execute(
        "document.querySelector('#n-public_comment-email').checked = false;",
        vec![],
    )
    .await
    .unwrap();
    browser::click(&paul, "form button[type=submit].btn-primary").await;
    browser::wait_for_text(&paul, "Notification settings saved.").await;
    let number = app
        .count("SELECT number FROM service_cases WHERE title = 'Minibar fridge is warm'")
        .await;
    app.mails_settled().await;
    let before = app.mails_to("paul@alpenblick.example").len();
    let res = anna
        .post(
            &format!("/o/{org}/service/{number}/comments"),
            &[("body", "We bring a new one today."), ("internal", "0")],
        )
        .await;
    assert_eq!(
        location(&res),
        format!("/o/{org}/service/{number}#comments")
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.mails_to("paul@alpenblick.example").len(), before);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.email = 'paul@alpenblick.example' AND n.event = 'public_comment'"
        )
        .await,
        1
    );
    // The company's figures count the case and Paul's scan of the label (once the counts
    // are written), on the phone and on a laptop.
    app.state.scans.flush(&app.state.db).await.unwrap();
    paul.goto(&format!("{base}/o/{org}/kpis")).await.unwrap();
    browser::wait_for_text(&paul, "Service codes scanned per month").await;
    assert!(
        browser::holds(
            &paul,
            "return document.querySelectorAll('.bar-scans').length === 12 \
             && document.querySelector('.bar-scans:last-of-type title').textContent.endsWith(': 1');"
        )
        .await,
        "one scan this month"
    );
    assert!(
        browser::holds(
            &paul,
            "return document.querySelector('.tile-value').textContent.trim() === '1';"
        )
        .await,
        "one open case"
    );
    assert!(browser::fits_window(&paul).await, "the figures fit a phone");
    browser::screenshot(&paul, "company-kpis-390").await;
    paul.execute(
        "document.getElementById('scans-title').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    browser::screenshot(&paul, "company-scans-390").await;
    paul.set_window_size(1366, 900).await.unwrap();
    browser::screenshot(&paul, "company-kpis-1366").await;
    // Lena's pages in German: the figures with the scan, her notifications (Paul's case), and
    // the settings that switch each event off.
    browser::walk(
        &lena,
        base,
        "de-company",
        &[
            (
                "kpis",
                format!("/o/{org}/kpis"),
                "Gescannte Service-Codes pro Monat",
            ),
            ("notifications", "/notifications".to_string(), "angelegt"),
            (
                "notification-settings",
                "/settings/notifications".to_string(),
                "Die Geräte eines Projekts ändern sich",
            ),
        ],
    )
    .await;
    b.close().await.unwrap();
    lena.close().await.unwrap();
    paul.close().await.unwrap();
}
