//! Mail over a real SMTP conversation, and the job queue's retry and recovery.

use crate::common::{Backend, PASSWORD, TestApp, smtp};

async fn smtp_app(backend: Backend, port: u16) -> Option<TestApp> {
    TestApp::spawn_with(backend, |c| c.smtp_url = format!("smtp://127.0.0.1:{port}")).await
}

async fn mail_goes_over_smtp(backend: Backend) {
    let (port, mut inbox) = smtp::start().await;
    let Some(app) = smtp_app(backend, port).await else {
        return;
    };
    let mut c = app.client();
    let res = c
        .post(
            "/signup",
            &[
                ("name", "Anna Berg"),
                ("email", "anna@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let got = tokio::time::timeout(std::time::Duration::from_secs(10), inbox.recv())
        .await
        .expect("mail delivered")
        .unwrap();
    assert_eq!(got.rcpt_to, vec!["anna@example.com".to_string()]);
    assert!(got.mail_from.contains("noreply@knxdesk.local"));
    let mail = crate::common::Mail::parse(&got.data).expect("a parsable message");
    assert_eq!(mail.subject, "Confirm your knxdesk account");
    let link = mail.link_with("/signup/confirm/");
    assert!(mail.html.contains(&link), "HTML part carries the same link");
    // The link from the SMTP message works.
    let path = link.trim_start_matches(&app.base).to_string();
    assert_eq!(c.post(&path, &[]).await.status(), 303);
    assert!(
        !app.outbox().exists(),
        "nothing written to the outbox when SMTP is configured"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM jobs").await,
        0,
        "sent jobs are removed"
    );
}

/// The next message the SMTP server receives.
async fn next_mail(
    inbox: &mut tokio::sync::mpsc::UnboundedReceiver<smtp::Received>,
) -> crate::common::Mail {
    let got = tokio::time::timeout(std::time::Duration::from_secs(10), inbox.recv())
        .await
        .expect("mail delivered")
        .unwrap();
    crate::common::Mail::parse(&got.data).expect("a parsable message")
}

/// A service notification over SMTP: in the recipient's language, with the one-click
/// unsubscribe headers, and the link in it works.
async fn case_notifications_go_over_smtp(backend: Backend) {
    let (port, mut inbox) = smtp::start().await;
    let Some(app) = smtp_app(backend, port).await else {
        return;
    };
    let mut sign_up = async |name: &str, email: &str| {
        let mut c = app.client();
        let res = c
            .post(
                "/signup",
                &[("name", name), ("email", email), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(res.status(), 200);
        let link = next_mail(&mut inbox).await.link_with("/signup/confirm/");
        assert_eq!(
            c.post(link.trim_start_matches(&app.base), &[])
                .await
                .status(),
            303
        );
        c
    };
    let mut anna = sign_up("Anna Berg", "anna@example.com").await;
    let mut mel = sign_up("Mel Meier", "mel@example.com").await;
    let res = mel
        .post(
            "/settings/profile",
            &[("name", "Mel Meier"), ("phone", ""), ("language", "de")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = anna.post("/orgs", &[("name", "Berg Elektro")]).await;
    let org: i64 = crate::common::location(&res)
        .trim_start_matches("/o/")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    // Mel joins through an invitation.
    let res = anna
        .post(
            &format!("/o/{org}/invitations"),
            &[("email", "mel@example.com"), ("role", "member")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let invite = next_mail(&mut inbox).await.link_with("/invite/");
    assert_eq!(
        mel.post(
            &format!("{}/accept", invite.trim_start_matches(&app.base)),
            &[]
        )
        .await
        .status(),
        303
    );
    let res = anna
        .post(
            &format!("/o/{org}/projects"),
            &[("name", "Villa"), ("customer_id", "")],
        )
        .await;
    let project = crate::common::location(&res)
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let res = anna
        .post(
            &format!("/o/{org}/service"),
            &[
                ("project", &project),
                ("title", "Jalousie klemmt"),
                ("priority", "high"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let mail = next_mail(&mut inbox).await;
    assert!(
        mail.subject.contains("#1 Jalousie klemmt"),
        "{}",
        mail.subject
    );
    assert!(
        mail.text
            .contains("Anna Berg hat #1 Jalousie klemmt angelegt"),
        "in Mel's language: {}",
        mail.text
    );
    assert!(mail.text.contains("Diese E-Mails abbestellen"));
    let header = mail.list_unsubscribe.clone().expect("List-Unsubscribe");
    assert!(header.contains("/unsubscribe/"), "{header}");
    assert_eq!(
        mail.list_unsubscribe_post.as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let case = mail.link_with("/service/1");
    assert_eq!(
        mel.get(case.trim_start_matches(&app.base)).await.status(),
        200
    );
}

async fn mail_waits_for_smtp_and_is_not_lost(backend: Backend) {
    // A port where nothing listens yet.
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = probe.local_addr().unwrap().port();
    drop(probe);
    let Some(app) = smtp_app(backend, port).await else {
        return;
    };
    let mut c = app.client();
    c.post("/password/forgot", &[("email", "x@example.com")])
        .await;
    c.post(
        "/signup",
        &[
            ("name", "Anna Berg"),
            ("email", "anna@example.com"),
            ("password", PASSWORD),
        ],
    )
    .await;
    // The attempt fails and the job waits for a retry with its error recorded.
    for _ in 0..200 {
        if app
            .count("SELECT COUNT(*) FROM jobs WHERE attempts >= 1 AND state = 'queued'")
            .await
            == 1
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM jobs WHERE attempts >= 1 AND state = 'queued' AND last_error <> ''").await, 1);
    // A mail server is up now; another instance sharing the database (as after a restart, or
    // a second instance behind the load balancer) sends the mail once the backoff has passed.
    let (port2, mut inbox) = smtp::start().await;
    let mut cfg = (*app.state.config).clone();
    cfg.smtp_url = format!("smtp://127.0.0.1:{port2}");
    let other = knxdesk::state::AppState::new(cfg).await.unwrap();
    other.clock.advance(3600);
    assert!(
        knxdesk::jobs::run_once(&other, &knxdesk::app::jobs())
            .await
            .unwrap(),
        "the queued job runs on another instance"
    );
    let got = tokio::time::timeout(std::time::Duration::from_secs(10), inbox.recv())
        .await
        .expect("delivered")
        .unwrap();
    assert_eq!(got.rcpt_to, vec!["anna@example.com".to_string()]);
    assert_eq!(app.count("SELECT COUNT(*) FROM jobs").await, 0);
}

async fn abandoned_job_lease_is_taken_over(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // A job claimed by an instance that then died: state 'running' with a lease in the past.
    let now = app.state.clock.now();
    let mail = knxdesk::mail::compose(
        knxdesk::i18n::Lang::En,
        "password_reset",
        "ghost@example.com",
        "http://x/y",
        &[("name", "G")],
    )
    .unwrap();
    // Queued as the application does, then made to look claimed by the dead instance (the
    // worker may not run it before the update: its lease is set in the future first).
    let mut tx = app.pool().begin().await.unwrap();
    knxdesk::mail::queue(&mut *tx, &app.state, &mail)
        .await
        .unwrap();
    sqlx::query("UPDATE jobs SET state = 'running', attempts = 1, run_at = $1, locked_until = $2 WHERE kind = 'send_mail'")
        .bind(now - 600)
        .bind(now - 1)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let got = app.mail_to("ghost@example.com").await;
    assert_eq!(got.subject, "Reset your knxdesk password");
}

async fn jobs_are_claimed_once_under_concurrency(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let now = app.state.clock.now() + 10_000;
    for i in 0..40 {
        sqlx::query(
            "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ('noop', $1, $2, $2)",
        )
        .bind(format!("\"{i}\""))
        .bind(now)
        .execute(app.pool())
        .await
        .unwrap();
    }
    // A second instance with its own clock: the app's own worker does not see these jobs as due.
    let state = knxdesk::state::AppState::new((*app.state.config).clone())
        .await
        .unwrap();
    state.clock.advance(20_000);
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let s = state.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            while let Some(job) = knxdesk::jobs::claim(&s).await.unwrap() {
                if job.kind == "noop" {
                    ids.push(job.id);
                }
            }
            ids
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "no job claimed twice");
    assert_eq!(n, 40);
}

macro_rules! both {
    ($($name:ident),*) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() { super::$name(super::Backend::Sqlite).await }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() { super::$name(super::Backend::Postgres).await }
            }
        )*
    };
}

both!(
    mail_goes_over_smtp,
    case_notifications_go_over_smtp,
    mail_waits_for_smtp_and_is_not_lost,
    abandoned_job_lease_is_taken_over,
    jobs_are_claimed_once_under_concurrency
);
