//! End-to-end journeys in headless Chromium (set KNXDESK_TEST_BROWSER=1).

use crate::common::{PASSWORD, TestApp, browser, location};
use fantoccini::Locator;

db_tests!(team_journey, customers_and_projects, customer_portal);

/// Sign up, create an organisation, invite a member, accept in a second browser, sign in.
async fn team_journey(app: TestApp) {
    if !browser::enabled() {
        eprintln!("KNXDESK_TEST_BROWSER not set: skipped");
        return;
    }
    let driver = browser::Driver::start().await;
    let anna = driver.session().await;
    let base = &app.base;

    // Sign up and confirm by the mailed link.
    anna.goto(&format!("{base}/signup")).await.unwrap();
    browser::screenshot(&anna, "signup").await;
    browser::fill(&anna, "#f-name", "Anna Berg").await;
    browser::fill(&anna, "#f-email", "anna@example.com").await;
    browser::fill(&anna, "#f-password", "short").await;
    browser::click(&anna, "button[type=submit]").await;
    browser::wait_for_text(&anna, "Use at least 12 characters.").await;
    browser::fill(&anna, "#f-password", PASSWORD).await;
    browser::click(&anna, "button[type=submit]").await;
    browser::wait_for_text(&anna, "Check your email").await;
    let link = app
        .path_in_mail("anna@example.com", "/signup/confirm/", 1)
        .await;
    anna.goto(&format!("{base}{link}")).await.unwrap();
    browser::click(&anna, "button[type=submit]").await;
    browser::wait_for_text(&anna, "Welcome to knxdesk, Anna Berg").await;
    browser::screenshot(&anna, "welcome").await;

    // Create the organisation; its dashboard shows the first steps.
    browser::fill(&anna, "#f-name", "Berg Elektro").await;
    browser::click(&anna, "form[action='/orgs'] button[type=submit]").await;
    browser::wait_for_text(&anna, "Organisation Berg Elektro created.").await;
    browser::wait_for_text(&anna, "Getting started").await;
    browser::screenshot(&anna, "dashboard").await;

    // Invite a member through the dialog.
    anna.find(Locator::Css(".tile[href$='/members']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser::wait_for_text(&anna, "Open invitations").await;
    browser::click(&anna, "[data-open-dialog=invite-dialog]").await;
    browser::fill(&anna, "#invite-dialog #f-email", "ben@example.com").await;
    browser::screenshot(&anna, "invite-dialog").await;
    browser::click(&anna, "#invite-dialog button[type=submit]").await;
    browser::wait_for_text(&anna, "Invitation sent to ben@example.com.").await;
    browser::screenshot(&anna, "members").await;

    // A second browser accepts the invitation with a new account.
    let ben = driver.session().await;
    let link = app.path_in_mail("ben@example.com", "/invite/", 1).await;
    ben.goto(&format!("{base}{link}")).await.unwrap();
    browser::wait_for_text(&ben, "Join Berg Elektro").await;
    browser::screenshot(&ben, "accept-invite").await;
    browser::fill(&ben, "#f-name", "Ben Krause").await;
    browser::fill(&ben, "#f-password", PASSWORD).await;
    browser::click(&ben, "button[type=submit]").await;
    browser::wait_for_text(&ben, "Welcome to Berg Elektro!").await;

    // Ben signs out from the avatar menu and signs in again.
    browser::click(&ben, ".avatar-menu summary").await;
    browser::click(&ben, ".avatar-menu form[action='/signout'] button").await;
    browser::wait_for_text(&ben, "You are signed out.").await;
    browser::fill(&ben, "#f-email", "ben@example.com").await;
    browser::fill(&ben, "#f-password", PASSWORD).await;
    browser::click(&ben, "button[type=submit]").await;
    browser::wait_for_text(&ben, "Berg Elektro").await;
    browser::wait_for_text(&ben, "Dashboard").await;
    let url = ben.current_url().await.unwrap();
    assert!(
        url.path().starts_with("/o/"),
        "landed in the organisation: {url}"
    );

    // Anna sees Ben in the member list.
    anna.refresh().await.unwrap();
    browser::wait_for_text(&anna, "Ben Krause").await;

    // Phone width: the sidebar folds into a menu button.
    anna.set_window_size(390, 844).await.unwrap();
    anna.refresh().await.unwrap();
    browser::screenshot(&anna, "members-phone").await;
    let toggle = anna.find(Locator::Css(".menu-toggle")).await.unwrap();
    assert!(toggle.is_displayed().await.unwrap());
    let sidebar_shown = |c: fantoccini::Client| async move {
        // Closed, the drawer is hidden (not merely off screen); open, it is on screen.
        c.execute(
            "var s = document.getElementById('sidebar'); var r = s.getBoundingClientRect(); \
             return getComputedStyle(s).visibility === 'visible' && r.right > 100;",
            vec![],
        )
        .await
        .unwrap()
            == serde_json::Value::Bool(true)
    };
    let settled = || tokio::time::sleep(std::time::Duration::from_millis(400));
    assert!(!sidebar_shown(anna.clone()).await, "closed on load");
    toggle.click().await.unwrap();
    settled().await;
    assert!(sidebar_shown(anna.clone()).await);
    browser::screenshot(&anna, "members-phone-menu").await;
    // Closed by its button, by the backdrop and by Escape.
    browser::click(&anna, ".nav-close").await;
    settled().await;
    assert!(!sidebar_shown(anna.clone()).await, "closed by ×");
    toggle.click().await.unwrap();
    settled().await;
    anna.execute("document.querySelector('.nav-backdrop').click();", vec![])
        .await
        .unwrap();
    settled().await;
    assert!(!sidebar_shown(anna.clone()).await, "closed by the backdrop");
    toggle.click().await.unwrap();
    settled().await;
    anna.execute(
        "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));",
        vec![],
    )
    .await
    .unwrap();
    settled().await;
    assert!(!sidebar_shown(anna.clone()).await, "closed by Escape");
    // The settings tabs are wider than the phone: the current one is scrolled into view.
    let in_view = anna
        .execute(
            "var a = document.querySelector('.tabs .active'); var r = a.getBoundingClientRect(); \
             return r.left >= 0 && r.right <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(in_view, serde_json::Value::Bool(true), "active tab in view");

    // The same pages in German, on a phone and on a laptop: German texts, and no page wider
    // than the window.
    sqlx::query("UPDATE users SET language = 'de' WHERE email = 'anna@example.com'")
        .execute(app.pool())
        .await
        .unwrap();
    let org = app.count("SELECT id FROM organisations").await;
    let o = |path: &str| format!("/o/{org}{path}");
    browser::walk(
        &anna,
        base,
        "de",
        &[
            ("dashboard", o("/"), "Erste Schritte"),
            ("members", o("/members"), "Was jede Rolle darf"),
            ("settings", o("/settings"), "Kontakt für Ihre Kunden"),
            ("activity", o("/activity"), "Aktivitätsprotokoll"),
            ("projects", o("/projects"), "Projekte"),
            ("devices", o("/devices"), "Noch keine Geräte"),
            ("codes", o("/codes"), "Noch keine Serien"),
            ("service", o("/service"), "Keine offenen Fälle"),
            (
                "service-board",
                o("/service/board"),
                "Ziehen Sie eine Karte",
            ),
            ("service-new", o("/service/new"), "Neuer Fall"),
            (
                "service-templates",
                o("/service/templates"),
                "Vorlagen gehören Ihrem Team",
            ),
            (
                "service-settings",
                o("/settings/service"),
                "Wer von jedem neuen Fall erfährt",
            ),
            (
                "notifications",
                "/notifications".to_string(),
                "Nichts Neues",
            ),
            (
                "notification-settings",
                "/settings/notifications".to_string(),
                "Ein Fall wird angelegt",
            ),
        ],
    )
    .await;

    anna.close().await.unwrap();
    ben.close().await.unwrap();
}

/// Create a customer and a project, link them from the project's customer card, try to delete
/// the customer (refused while linked).
async fn customers_and_projects(app: TestApp) {
    if !browser::enabled() {
        return;
    }
    let (_, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let driver = browser::Driver::start().await;
    let b = driver.session().await;
    let base = &app.base;
    b.goto(&format!("{base}/signin")).await.unwrap();
    browser::fill(&b, "#f-email", "anna@example.com").await;
    browser::fill(&b, "#f-password", PASSWORD).await;
    browser::click(&b, "button[type=submit]").await;
    browser::wait_for_text(&b, "Dashboard").await;

    b.goto(&format!("{base}/o/{org}/customers")).await.unwrap();
    browser::wait_for_text(&b, "No customers yet").await;
    browser::click(&b, ".page-head a.btn-primary").await;
    browser::fill(&b, "#f-name", "Max Huber").await;
    browser::fill(&b, "#f-email", "max@example.com").await;
    browser::fill(&b, "#f-phone", "+49 89 1234").await;
    browser::click(&b, "button[type=submit].btn-primary").await;
    browser::wait_for_text(&b, "Customer Max Huber added.").await;
    browser::screenshot(&b, "customers").await;

    b.goto(&format!("{base}/o/{org}/projects/new"))
        .await
        .unwrap();
    browser::fill(&b, "#f-name", "Villa Huber").await;
    browser::fill(&b, "#f-building_name", "Villa am See").await;
    browser::click(&b, "button[type=submit].btn-primary").await;
    browser::wait_for_text(&b, "Project Villa Huber created.").await;
    browser::fill(&b, "#customer_q", "huber").await;
    browser::click(&b, "form[role=search] button").await;
    browser::wait_for_text(&b, "Link").await;
    for _ in 0..50 {
        if b.current_url()
            .await
            .unwrap()
            .as_str()
            .contains("customer_q=")
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Linking says what it does and waits for a yes.
    browser::click(&b, "ul.list form button").await;
    browser::wait_for_text(
        &b,
        "Link Max Huber to this project? Their portal users will see it",
    )
    .await;
    browser::click(&b, "#confirm-dialog [data-confirm-yes]").await;
    browser::wait_for_text(&b, "Max Huber is now this project's customer.").await;
    browser::screenshot(&b, "project").await;

    // Upload a generated project: the progress bar runs, the page follows the parse to "ready".
    let file = app.dir.path().join("villa.knxproj");
    std::fs::write(
        &file,
        knxproj::writer::to_bytes(&knxproj::writer::Spec {
            devices: 30,
            group_addresses: 120,
            ..Default::default()
        }),
    )
    .unwrap();
    browser::click(&b, ".tabs a[href$='/ets']").await;
    browser::wait_for_text(&b, "No ETS file yet").await;
    // A wrong file is refused with a message the user sees (not swallowed by the script).
    let notes = app.dir.path().join("notes.txt");
    std::fs::write(&notes, "not a project").unwrap();
    browser::choose_file(&b, "#f-file", &notes).await;
    browser::click(&b, "form[data-upload] button[type=submit]").await;
    browser::wait_for_text(&b, "notes.txt is not a .knxproj file").await;
    browser::choose_file(&b, "#f-file", &file).await;
    browser::fill(&b, "#f-comment", "as built").await;
    browser::click(&b, "form[data-upload] button[type=submit]").await;
    browser::wait_for_text(&b, "Version v1 (villa.knxproj) uploaded").await;
    browser::wait_for_text(&b, "30 devices, 120 group addresses").await;
    browser::screenshot(&b, "project-ets").await;

    // The global search from the keyboard alone: Ctrl+K from anywhere on the page, type,
    // arrows through the results, Enter follows one.
    use fantoccini::key::Key;
    b.execute("document.activeElement.blur()", vec![])
        .await
        .unwrap();
    browser::press(&b, &[Key::Control.into(), 'k']).await;
    assert!(
        browser::holds(&b, "return document.activeElement.id === 'global-search'").await,
        "Ctrl+K puts the focus in the search field"
    );
    for k in "huber".chars() {
        browser::press(&b, &[k]).await;
    }
    assert!(
        browser::holds(
            &b,
            "return !document.getElementById('search-panel').hidden \
             && document.querySelectorAll('#search-panel .search-hit').length === 2"
        )
        .await,
        "the project and the customer are found as one types"
    );
    let panel = browser::text_of(&b, "#search-panel").await;
    assert!(
        panel.contains("Villa Huber") && panel.contains("Max Huber"),
        "{panel}"
    );
    browser::press(&b, &[Key::Down.into()]).await;
    browser::press(&b, &[Key::Down.into()]).await;
    browser::press(&b, &[Key::Up.into()]).await;
    assert!(
        browser::holds(
            &b,
            "return document.activeElement === document.querySelector('#search-panel .search-hit')"
        )
        .await,
        "down, down, up: back on the first result"
    );
    browser::screenshot(&b, "search-palette").await;
    let first = b
        .execute("return document.activeElement.href", vec![])
        .await
        .unwrap();
    browser::press(&b, &[Key::Enter.into()]).await;
    for _ in 0..50 {
        if serde_json::Value::String(b.current_url().await.unwrap().to_string()) == first {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        serde_json::Value::String(b.current_url().await.unwrap().to_string()),
        first,
        "Enter opens the result"
    );
    // Without the script, the same search is a page of its own.
    b.goto(&format!("{base}/o/{org}/search?q=huber"))
        .await
        .unwrap();
    browser::wait_for_text(&b, "Max Huber").await;
    browser::screenshot(&b, "search").await;
    b.goto(first.as_str().unwrap()).await.unwrap();

    // A device and its objects.
    browser::click(&b, ".tabs a[href$='/devices']").await;
    browser::wait_for_text(&b, "Building structure").await;
    browser::screenshot(&b, "devices").await;
    browser::click(&b, "a[href$='/devices/1.1.1']").await;
    browser::wait_for_text(&b, "Communication objects").await;
    browser::wait_for_text(&b, "Output 1").await;
    browser::screenshot(&b, "device").await;
    // Its service code: the QR on the page, and the label's page as a visitor's phone shows it.
    browser::click(&b, "form[action*='/device-code/'] button").await;
    browser::wait_for_text(&b, "created.").await;
    assert!(
        browser::holds(&b, &browser::image_shown("img.code-qr")).await,
        "the QR image shows"
    );
    browser::screenshot(&b, "device-code").await;
    let label = browser::href(&b, Locator::Css(".code-card a[href*='/c/']")).await;
    let visitor = driver.session().await;
    visitor.set_window_size(390, 844).await.unwrap();
    visitor.goto(&label).await.unwrap();
    browser::wait_for_text(&visitor, "Installed and serviced by").await;
    browser::wait_for_text(&visitor, "Actuator 1").await;
    assert!(
        browser::fits_window(&visitor).await,
        "the label's page fits a phone"
    );
    browser::screenshot(&visitor, "code-public-390").await;
    // (Its report form is sent at the end, when the team's own case #1 is made.)
    // The organisation's devices, of every project, with the one that has a code.
    b.goto(&format!("{base}/o/{org}/devices")).await.unwrap();
    browser::wait_for_text(&b, "With open cases").await;
    browser::screenshot(&b, "devices-all").await;
    b.back().await.unwrap();

    // A service case on that device, from the project's Service tab; then the board, where the
    // card is dragged to "In progress" (HTML5 drag events, as a mouse sends them).
    b.back().await.unwrap();
    browser::click(&b, ".tabs a[href$='/service']").await;
    browser::wait_for_text(&b, "No open cases on this project.").await;
    browser::click(&b, ".section-head a.btn-primary").await;
    browser::fill(&b, "#f-title", "Kitchen dimmer flickers").await;
    browser::fill(&b, "#f-description", "Flickers at **low** levels.").await;
    b.execute(
        "const s = document.querySelector('#f-device'); s.selectedIndex = 1;",
        vec![],
    )
    .await
    .unwrap();
    browser::click(&b, "form[method=post] button[type=submit].btn-primary").await;
    browser::wait_for_text(&b, "Case #1 opened.").await;
    browser::wait_for_text(&b, "Actuator 1").await;
    browser::screenshot(&b, "case").await;
    b.goto(&format!("{base}/o/{org}/service/board"))
        .await
        .unwrap();
    browser::wait_for_text(&b, "Drag a card").await;
    browser::screenshot(&b, "board").await;
    browser::drag_card(&b, 1, "in_progress").await;
    browser::wait_for_text(&b, "Case #1 is now “In progress”.").await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_cases WHERE status = 'in_progress'")
            .await,
        1
    );
    b.goto(&format!("{base}/o/{org}/service")).await.unwrap();
    browser::wait_for_text(&b, "Kitchen dimmer flickers").await;
    browser::screenshot(&b, "service").await;
    b.set_window_size(390, 844).await.unwrap();
    // The sidebar slides out of view as the window narrows.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    browser::screenshot(&b, "service-390").await;
    b.goto(&format!("{base}/o/{org}/service/1")).await.unwrap();
    browser::wait_for_text(&b, "Kitchen dimmer flickers").await;
    browser::screenshot(&b, "case-390").await;
    assert!(browser::fits_window(&b).await, "the case page fits a phone");
    b.set_window_size(1280, 900).await.unwrap();

    // The CSV export downloads (fetched within the signed-in browser).
    b.goto(&format!("{base}/o/{org}/projects")).await.unwrap();
    browser::click(&b, "table a").await;
    browser::click(&b, ".tabs a[href$='/ets']").await;
    browser::wait_for_text(&b, "CSV 1/1").await;
    let href = browser::href(&b, Locator::LinkText("CSV 1/1")).await;
    let csv = b
        .execute_async(
            "fetch(arguments[0]).then(r => r.text()).then(arguments[1]);",
            vec![serde_json::json!(href)],
        )
        .await
        .unwrap();
    assert!(
        csv.as_str()
            .unwrap()
            .starts_with("\"Group name\";\"Address\""),
        "{csv}"
    );

    // Deleting the customer while the project is linked is refused up front, in the page's
    // dialog, and nothing is sent.
    b.goto(&format!("{base}/o/{org}/customers")).await.unwrap();
    browser::click(&b, ".row-menu summary").await;
    browser::click(&b, ".row-menu button[formaction$='/delete']").await;
    browser::wait_for_text(&b, "Max Huber still has a linked project: unlink it first.").await;
    let yes_hidden = b
        .execute(
            "return document.querySelector('#confirm-dialog [data-confirm-yes]').hidden;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        yes_hidden,
        serde_json::Value::Bool(true),
        "only OK to press"
    );
    browser::screenshot(&b, "customer-delete-refused").await;
    browser::click(&b, "#confirm-dialog [data-close-dialog]").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customers").await,
        1,
        "nothing was deleted"
    );

    // Every device of the project gets a code; their label sheet downloads as a PDF.
    b.goto(&format!("{base}/o/{org}/projects")).await.unwrap();
    browser::click(&b, "table a").await;
    browser::click(&b, ".tabs a[href$='/devices']").await;
    browser::click(&b, "form[action$='/codes'] button").await;
    browser::wait_for_text(&b, "29 service codes created.").await;
    let sheet = b
        .execute_async(
            "fetch(document.querySelector('form.codes-print-form').action) \
               .then(r => r.text().then(t => arguments[0](r.headers.get('content-type') + ' ' + t.slice(0, 5))));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(sheet.as_str(), Some("application/pdf %PDF-"), "{sheet}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_codes WHERE active = 1")
            .await,
        30,
        "one code per device"
    );

    // The visitor at the label reports a problem from their phone, with a photo and an
    // address to hear back at.
    browser::fill(&visitor, "#f-description", "The light in room 1 flickers.").await;
    let photo = app.dir.path().join("flicker.png");
    std::fs::write(&photo, crate::service::PNG).unwrap();
    browser::choose_file(&visitor, "#f-files", &photo).await;
    browser::fill(&visitor, "#f-name", "Carl Caretaker").await;
    browser::fill(&visitor, "#f-email", "carl@example.com").await;
    browser::fill(&visitor, "#f-phone", "+49 170 1234567").await;
    browser::click(&visitor, ".code-contact button[type=submit]").await;
    browser::wait_for_text(&visitor, "We sent you an email with a link").await;
    browser::screenshot(&visitor, "code-reported-390").await;

    // The mailed link opens the report on the phone; the team's reply shows there.
    let follow = app.path_in_mail("carl@example.com", "/follow/", 1).await;
    visitor.goto(&format!("{base}{follow}")).await.unwrap();
    browser::wait_for_text(&visitor, "What you reported").await;
    assert!(
        browser::holds(
            &visitor,
            &browser::image_shown(".follow-report .attachments img")
        )
        .await,
        "the report's photo shows"
    );
    b.goto(&format!("{base}/o/{org}/service/2")).await.unwrap();
    browser::wait_for_text(&b, "Carl Caretaker").await;
    assert!(browser::holds(&b, &browser::image_shown(".case-main .attachments img")).await);
    browser::fill(&b, "#f-body", "We come on Monday at 9.").await;
    browser::click(&b, ".comment-form button[value='0']").await;
    browser::wait_for_text(&b, "Comment added").await;
    b.close().await.unwrap();
    visitor.refresh().await.unwrap();
    browser::wait_for_text(&visitor, "We come on Monday at 9.").await;
    assert!(
        browser::fits_window(&visitor).await,
        "the report's page fits a phone"
    );
    browser::screenshot(&visitor, "follow-390").await;
    browser::fill(&visitor, "#f-body", "Monday is fine.").await;
    browser::click(&visitor, ".comment-form button[type=submit]").await;
    browser::wait_for_text(&visitor, "Your reply has been sent.").await;
    browser::wait_for_text(&visitor, "Monday is fine.").await;
    visitor.close().await.unwrap();
}

/// Invite a customer from the list's dialog, accept the mailed link in a second browser, see
/// exactly the linked project, download an export, try a foreign project (404); the integrator
/// unlinks the project and the portal page is gone on reload.
async fn customer_portal(app: TestApp) {
    if !browser::enabled() {
        return;
    }
    let (mut http, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let huber = app
        .customer(&mut http, org, "Max Huber", "max@huber.de")
        .await;
    let kern = app
        .customer(&mut http, org, "Lisa Kern", "lisa@kern.de")
        .await;
    let villa = app
        .project(&mut http, org, "Villa Huber", Some(huber))
        .await;
    let office = app.project(&mut http, org, "Kern Office", Some(kern)).await;
    let bytes = knxproj::writer::to_bytes(&knxproj::writer::Spec {
        devices: 12,
        group_addresses: 40,
        ..Default::default()
    });
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name("villa.knxproj"),
    );
    http.upload(&format!("/o/{org}/projects/{villa}/ets"), form)
        .await;

    let driver = browser::Driver::start().await;
    let base = &app.base;
    let anna = driver.session().await;
    anna.goto(&format!("{base}/signin")).await.unwrap();
    browser::fill(&anna, "#f-email", "anna@example.com").await;
    browser::fill(&anna, "#f-password", PASSWORD).await;
    browser::click(&anna, "button[type=submit]").await;
    browser::wait_for_text(&anna, "Dashboard").await;

    // Invite from the row: the dialog comes with the email filled in and says 7 days.
    anna.goto(&format!("{base}/o/{org}/customers"))
        .await
        .unwrap();
    browser::click(
        &anna,
        &format!("a[data-invite][href$='/customers/{huber}/invite']"),
    )
    .await;
    browser::wait_for_text(&anna, "expires in 7 days").await;
    let email = anna
        .find(Locator::Css("#customer-invite input[name=email]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(email.as_deref(), Some("max@huber.de"));
    browser::screenshot(&anna, "customer-invite-dialog").await;
    browser::click(&anna, "#customer-invite button[type=submit]").await;
    browser::wait_for_text(&anna, "Invitation sent to max@huber.de.").await;
    browser::click(&anna, ".badge-menu summary").await;
    browser::wait_for_text(&anna, "Copy invitation link").await;
    browser::screenshot(&anna, "customer-invite-pending").await;
    browser::click(&anna, ".badge-menu button[formaction$='/invite/link']").await;
    browser::wait_for_text(&anna, "Invitation link for Max Huber").await;
    anna.back().await.unwrap();

    // The customer opens the mailed link in their own browser and signs up.
    let link = app.path_in_mail("max@huber.de", "/invite/", 1).await;
    let max = driver.session().await;
    max.goto(&format!("{base}{link}")).await.unwrap();
    browser::wait_for_text(&max, "Your projects at Berg Elektro").await;
    browser::screenshot(&max, "portal-accept").await;
    browser::fill(&max, "#f-name", "Max Huber").await;
    browser::fill(&max, "#f-password", PASSWORD).await;
    browser::click(&max, "button[type=submit]").await;
    browser::wait_for_text(&max, "Your building portal").await;
    let text = browser::text_of(&max, "main").await;
    assert!(text.contains("Villa Huber") && !text.contains("Kern Office"));
    let nav = browser::text_of(&max, "#sidebar").await;
    assert!(
        nav.contains("Projects") && !nav.contains("Customers"),
        "{nav}"
    );
    browser::screenshot(&max, "portal-home").await;

    // Their project, read-only, with its ETS files; an export downloads.
    browser::click(
        &max,
        &format!(".project-cards a[href$='/projects/{villa}']"),
    )
    .await;
    browser::wait_for_text(&max, "Overview").await;
    browser::screenshot(&max, "portal-project").await;
    browser::click(&max, ".tabs a[href$='/group-addresses']").await;
    browser::wait_for_text(&max, "DPT").await;
    browser::screenshot(&max, "portal-group-addresses").await;
    browser::click(&max, ".tabs a[href$='/ets']").await;
    browser::wait_for_text(&max, "CSV 1/1").await;
    browser::screenshot(&max, "portal-ets").await;
    let page = max.source().await.unwrap();
    assert!(!page.contains("type=\"file\""), "no upload in the portal");
    let href = browser::href(&max, Locator::LinkText("CSV 1/1")).await;
    let csv = max
        .execute_async(
            "fetch(arguments[0]).then(r => r.text()).then(arguments[1]);",
            vec![serde_json::json!(href)],
        )
        .await
        .unwrap();
    assert!(
        csv.as_str()
            .unwrap()
            .starts_with("\"Group name\";\"Address\"")
    );

    // Another customer's project does not exist for them.
    max.goto(&format!("{base}/o/{org}/projects/{office}"))
        .await
        .unwrap();
    browser::wait_for_text(&max, "This page does not exist").await;
    assert!(!max.source().await.unwrap().contains("Kern Office"));

    // Every page of the portal in German, on a phone and on a laptop; and the team's project
    // tabs the same way.
    for who in ["max@huber.de", "anna@example.com"] {
        sqlx::query(&format!(
            "UPDATE users SET language = 'de' WHERE email = '{who}'"
        ))
        .execute(app.pool())
        .await
        .unwrap();
    }
    let res = http
        .post(
            &format!("/o/{org}/projects/{villa}/equipment"),
            &[
                ("name", "Wärmepumpe"),
                ("manufacturer", "Vaillant"),
                ("notes", "Filter **jährlich**"),
            ],
        )
        .await;
    let equipment = location(&res);
    http.post(&format!("/o/{org}/codes/batches"), &[("count", "2")])
        .await;
    let unpaired: String = {
        use sqlx::Row;
        sqlx::query("SELECT code FROM service_codes WHERE batch = 1 ORDER BY id LIMIT 1")
            .fetch_one(app.pool())
            .await
            .unwrap()
            .try_get(0)
            .unwrap()
    };
    let o = |path: &str| format!("/o/{org}{path}");
    let p = |path: &str| o(&format!("/projects/{villa}{path}"));
    let project_tabs = [
        ("project", p(""), "Übersicht"),
        ("project-devices", p("/devices"), "Gebäudestruktur"),
        (
            "project-device",
            p("/devices/1.1.1"),
            "Kommunikationsobjekte",
        ),
        (
            "project-group-addresses",
            p("/group-addresses"),
            "Gruppenstruktur",
        ),
        ("project-ets", p("/ets"), "ETS-Dateien"),
        ("project-service", p("/service"), "Neuer Fall"),
    ];
    let mut portal = vec![
        ("portal-home", o("/"), "Ihr Gebäudeportal"),
        ("portal-devices", o("/devices"), "Geräte"),
        ("portal-service", o("/service"), "Neuer Fall"),
        ("portal-service-new", o("/service/new"), "Weiter"),
        (
            "portal-notifications",
            "/notifications".to_string(),
            "Nichts Neues",
        ),
        ("portal-profile", "/settings/profile".to_string(), "Sprache"),
    ];
    portal.extend(project_tabs.iter().cloned());
    portal.push(("portal-equipment", equipment.clone(), "Wärmepumpe"));
    browser::walk(&max, base, "de-portal", &portal).await;
    let mut staff_pages = project_tabs.to_vec();
    staff_pages.extend([
        ("equipment", equipment.clone(), "manuell hinzugefügt"),
        ("equipment-new", p("/equipment/new"), "Gerät hinzufügen"),
        (
            "codes-pair",
            o(&format!("/codes/{unpaired}/pair")),
            "Etikett zuordnen",
        ),
    ]);
    browser::walk(&anna, base, "de-staff", &staff_pages).await;
    sqlx::query("UPDATE users SET language = 'en'")
        .execute(app.pool())
        .await
        .unwrap();

    // The integrator unlinks the project; the customer's reload finds nothing.
    max.goto(&format!("{base}/o/{org}/projects/{villa}"))
        .await
        .unwrap();
    browser::wait_for_text(&max, "Villa Huber").await;
    anna.goto(&format!("{base}/o/{org}/projects/{villa}"))
        .await
        .unwrap();
    browser::click(&anna, "form[action$='/customer'] button.btn-danger").await;
    browser::wait_for_text(&anna, "Unlink Max Huber from this project?").await;
    browser::click(&anna, "#confirm-dialog [data-confirm-yes]").await;
    browser::wait_for_text(&anna, "Max Huber was unlinked.").await;
    max.refresh().await.unwrap();
    browser::wait_for_text(&max, "This page does not exist").await;
    assert!(!max.source().await.unwrap().contains("Villa Huber"));
    browser::screenshot(&max, "portal-gone").await;
    anna.close().await.unwrap();
    max.close().await.unwrap();
}
