//! The service journey in headless Chromium (KNXDESK_TEST_BROWSER=1), with mail over a real
//! SMTP exchange: staff open a case from a template, the customer comments in the portal with
//! a photo, staff see the notification, drag the card on the board and resolve the case, and
//! the customer gets the mail.

use crate::common::{Backend, Client, Mail, PASSWORD, TestApp, browser, location, smtp};
use fantoccini::Locator;
use tokio::sync::mpsc::UnboundedReceiver;

/// The next message to `to` the SMTP server receives (mail to others is passed over).
async fn mail_for(inbox: &mut UnboundedReceiver<smtp::Received>, to: &str) -> Mail {
    loop {
        let got = tokio::time::timeout(std::time::Duration::from_secs(15), inbox.recv())
            .await
            .unwrap_or_else(|_| panic!("a mail to {to}"))
            .unwrap();
        if got.rcpt_to.iter().any(|r| r.contains(to)) {
            return Mail::parse(&got.data).expect("a parsable message");
        }
    }
}

/// Signs up `email` and confirms it through the mailed link.
async fn sign_up(
    app: &TestApp,
    inbox: &mut UnboundedReceiver<smtp::Received>,
    name: &str,
    email: &str,
) -> Client {
    let mut c = app.client();
    let res = c
        .post(
            "/signup",
            &[("name", name), ("email", email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 200);
    let link = mail_for(inbox, email).await.link_with("/signup/confirm/");
    let res = c.post(link.trim_start_matches(&app.base), &[]).await;
    assert_eq!(res.status(), 303);
    c
}

async fn sign_in(driver: &browser::Driver, base: &str, email: &str) -> fantoccini::Client {
    let b = driver.session().await;
    b.goto(&format!("{base}/signin")).await.unwrap();
    browser::fill(&b, "#f-email", email).await;
    browser::fill(&b, "#f-password", PASSWORD).await;
    browser::click(&b, "button[type=submit]").await;
    browser::wait_for_text(&b, "Berg Elektro").await;
    b
}

async fn service_journey(backend: Backend) {
    if !browser::enabled() {
        eprintln!("KNXDESK_TEST_BROWSER not set: skipped");
        return;
    }
    let (port, mut inbox) = smtp::start().await;
    let Some(app) =
        TestApp::spawn_with(backend, |c| c.smtp_url = format!("smtp://127.0.0.1:{port}")).await
    else {
        return;
    };
    let base = app.base.clone();

    // Over HTTP: Anna's organisation, her customer Max with his project and portal login, and
    // a case template.
    let mut anna = sign_up(&app, &mut inbox, "Anna Berg", "anna@example.com").await;
    let res = anna.post("/orgs", &[("name", "Berg Elektro")]).await;
    let org: i64 = location(&res)
        .trim_start_matches("/o/")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    let max_id = app
        .customer(&mut anna, org, "Max Huber", "max@huber.de")
        .await;
    let villa = app
        .project(&mut anna, org, "Villa Huber", Some(max_id))
        .await;
    let res = anna
        .post(
            &format!("/o/{org}/customers/{max_id}/invite"),
            &[("email", "max@huber.de")],
        )
        .await;
    assert_eq!(res.status(), 303, "customer invited");
    let invite = mail_for(&mut inbox, "max@huber.de")
        .await
        .link_with("/invite/");
    let mut max = app.client();
    let res = max
        .post(
            &format!("{}/signup", invite.trim_start_matches(&base)),
            &[("name", "Max Huber"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 303, "invitation accepted");
    let res = anna
        .post(
            &format!("/o/{org}/service/templates"),
            &[
                ("name", "Blind does not close"),
                ("title", "Blind does not close"),
                (
                    "description",
                    "Check the actuator channel and the wind alarm.",
                ),
                ("priority", "high"),
                (
                    "checklist",
                    "Check the wind alarm\nTest the channel by hand",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "template saved");

    let driver = browser::Driver::start().await;

    // Anna opens a case from the template.
    let a = sign_in(&driver, &base, "anna@example.com").await;
    a.goto(&format!("{base}/o/{org}/service/templates"))
        .await
        .unwrap();
    browser::click(&a, "a[href*='/service/new?template=']").await;
    // The project first (the template is chosen already), then the case filled from it.
    a.execute(
        &format!("document.querySelector('#f-project').value = '{villa}';"),
        vec![],
    )
    .await
    .unwrap();
    browser::click(&a, "form[method=get] button[type=submit]").await;
    browser::wait_for_text(&a, "Villa Huber").await;
    let description = a
        .find(Locator::Css("#f-description"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        description.contains("Check the actuator channel"),
        "{description}"
    );
    browser::click(&a, "form[method=post] button[type=submit].btn-primary").await;
    browser::wait_for_text(&a, "Case #1 opened.").await;
    browser::wait_for_text(&a, "Check the wind alarm").await;

    // Max sees it in the portal and sends a photo with a note.
    let m = sign_in(&driver, &base, "max@huber.de").await;
    m.goto(&format!("{base}/o/{org}/service/1")).await.unwrap();
    browser::wait_for_text(&m, "Blind does not close").await;
    let text = browser::text_of(&m, "main").await;
    assert!(
        !text.contains("Check the wind alarm"),
        "the checklist is the team's"
    );
    let photo = app.dir.path().join("blind.png");
    std::fs::write(&photo, crate::service::PNG).unwrap();
    browser::click(&m, "details.attach summary").await;
    browser::choose_file(&m, "#f-files", &photo).await;
    browser::fill(&m, "#f-files-body", "It stops halfway, see the photo.").await;
    browser::click(&m, "details.attach button[type=submit]").await;
    browser::wait_for_text(&m, "It stops halfway, see the photo.").await;
    assert!(
        browser::holds(&m, &browser::image_shown(".comment img")).await,
        "the photo is shown as a thumbnail"
    );
    browser::screenshot(&m, "portal-case-photo").await;

    // Anna's bell counts it; the notification leads to the case.
    a.goto(&format!("{base}/o/{org}/service")).await.unwrap();
    browser::wait_for_text(&a, "Blind does not close").await;
    assert!(
        a.find(Locator::Css(".bell.has-unread .bell-count"))
            .await
            .is_ok(),
        "unread notifications"
    );
    browser::click(&a, "a.bell").await;
    browser::wait_for_text(&a, "Max Huber commented on").await;
    browser::screenshot(&a, "notifications").await;

    // She drags the card to "In progress" and resolves the case on its page.
    a.goto(&format!("{base}/o/{org}/service/board"))
        .await
        .unwrap();
    browser::wait_for_text(&a, "Drag a card").await;
    browser::drag_card(&a, 1, "in_progress").await;
    browser::wait_for_text(&a, "Case #1 is now “In progress”.").await;
    a.goto(&format!("{base}/o/{org}/service/1")).await.unwrap();
    browser::click(&a, ".case-moves form:has(input[value=resolved]) button").await;
    browser::wait_for_text(&a, "Case #1 is now “Resolved”.").await;

    // Max gets the mail over SMTP, and its link opens the case in his portal.
    let mail = loop {
        let mail = mail_for(&mut inbox, "max@huber.de").await;
        if mail.text.contains("Resolved") {
            break mail;
        }
    };
    assert!(
        mail.subject.contains("#1 Blind does not close"),
        "{}",
        mail.subject
    );
    let link = mail.link_with("/service/1");
    m.goto(&link).await.unwrap();
    browser::wait_for_text(&m, "Resolved").await;
    assert_eq!(max.get(link.trim_start_matches(&base)).await.status(), 200);
}

/// The journey on each database (a runtime of two threads: the browser and the server).
mod on {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::service_journey(super::Backend::Sqlite).await
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::service_journey(super::Backend::Postgres).await
    }
}
