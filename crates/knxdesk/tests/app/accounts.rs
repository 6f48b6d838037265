//! Accounts from the outside: sign-up, sign-in, throttling, sessions, password reset, CSRF.

use crate::common::{PASSWORD, TestApp, location};

db_tests!(
    sign_up_confirms_by_email_and_signs_in,
    sign_up_does_not_reveal_existing_accounts,
    sign_up_rejects_bad_fields_inline,
    sign_in_wrong_password_and_throttling,
    sessions_are_stored_hashed_and_renewed_at_sign_in,
    sign_out_and_sign_out_everywhere,
    session_idle_and_absolute_expiry,
    password_reset_flow_single_use_and_expiry,
    password_reset_does_not_reveal_accounts,
    csrf_is_required_on_every_change,
    profile_and_password_change,
    security_headers_on_every_response,
    sign_in_redirects_only_to_paths_on_this_site,
    concurrent_wrong_passwords_are_checked_at_most_the_limit,
    concurrent_unknown_accounts_from_one_client_are_checked_at_most_the_limit,
    strangers_cannot_lock_the_owner_out_of_a_known_browser,
    mails_a_stranger_can_cause_are_limited,
    an_oversized_form_is_too_large_not_expired,
);

async fn an_oversized_form_is_too_large_not_expired(app: TestApp) {
    let mut c = app.client();
    let big = "x".repeat(10 << 20);
    let (status, body) = c
        .post_text("/signin", &[("email", "a@example.com"), ("password", &big)])
        .await;
    assert_eq!(status, 413);
    assert!(body.contains("This form is too large"), "{body}");
}

/// `next` after sign-in is a path on this site or nothing: what browsers would read as another
/// host (a tab, a newline, a backslash) sends the user to `/`, and control characters never
/// turn a correct sign-in into an error.
async fn sign_in_redirects_only_to_paths_on_this_site(app: TestApp) {
    app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    let sessions = app.count("SELECT COUNT(*) FROM sessions").await;
    for (i, next) in [
        "/\t/evil.example",
        "/\\evil.example",
        "//evil.example",
        "https://evil.example/",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/x\x7f",
        "/x\x01",
        "/ok\u{0}",
    ]
    .iter()
    .enumerate()
    {
        let mut c = app.client_at(&format!("10.0.1.{i}"));
        let res = c
            .post(
                "/signin",
                &[
                    ("email", "anna@example.com"),
                    ("password", PASSWORD),
                    ("next", *next),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{next:?}");
        assert_eq!(location(&res), "/", "{next:?}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions").await,
        sessions + 9,
        "every sign-in completed with one session"
    );
    let mut c = app.client();
    let res = c
        .post(
            "/signin",
            &[
                ("email", "anna@example.com"),
                ("password", PASSWORD),
                ("next", "/orgs?x=1"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/orgs?x=1");
}

/// Pages may not be framed, sniffed or fed foreign scripts, and token links leak no Referer.
async fn security_headers_on_every_response(app: TestApp) {
    let c = app.client();
    for path in ["/signin", "/healthz", "/no/such/page", "/invite/AAAA"] {
        let res = c.get(path).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
    }
}

async fn sign_up_confirms_by_email_and_signs_in(app: TestApp) {
    let c = app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    let (status, body) = c.get_text("/orgs").await;
    assert_eq!(status, 200);
    assert!(body.contains("Anna Berg"), "signed in as Anna");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'anna@example.com'")
            .await,
        1
    );
    // The confirmation link is used up.
    let link = app
        .mail_to("anna@example.com")
        .await
        .link_with("/signup/confirm/");
    let (status, body) = app
        .client()
        .get_text(link.trim_start_matches(&app.base))
        .await;
    assert_eq!(status, 410);
    assert!(body.contains("not valid"));
}

async fn sign_up_does_not_reveal_existing_accounts(app: TestApp) {
    app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    let mut c = app.client();
    let (s1, body_existing) = c
        .post_text(
            "/signup",
            &[
                ("name", "Mallory"),
                ("email", "anna@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let (s2, body_new) = c
        .post_text(
            "/signup",
            &[
                ("name", "Bert"),
                ("email", "bert@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!((s1, s2), (200, 200));
    let strip = |b: &str, e: &str| b.replace(e, "EMAIL");
    let (a, b) = (
        strip(&body_existing, "anna@example.com"),
        strip(&body_new, "bert@example.com"),
    );
    assert_eq!(a, b);
    // The owner of the existing account learns about the attempt; nothing else changes.
    let mails = app.mails_to_at_least("anna@example.com", 2).await;
    assert!(mails.last().unwrap().subject.contains("already have"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'anna@example.com'")
            .await,
        1
    );
}

async fn sign_up_rejects_bad_fields_inline(app: TestApp) {
    let mut c = app.client();
    let long = "x".repeat(300);
    let (status, body) = c
        .post_text(
            "/signup",
            &[
                ("name", &long),
                ("email", "not-an-email"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("At most 100 characters."));
    assert!(body.contains("Enter a valid email address"));
    assert!(body.contains("Use at least 12 characters."));
    assert!(body.contains("aria-invalid=\"true\""));
    assert_eq!(app.count("SELECT COUNT(*) FROM signup_requests").await, 0);
}

async fn sign_in_wrong_password_and_throttling(app: TestApp) {
    app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    let mut c = app.client();
    let res = c.sign_in("anna@example.com", "wrong password 123").await;
    assert_eq!(res.status(), 401);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("The email or the password is not correct.")
    );
    // Unknown account: same answer.
    let res = c.sign_in("nobody@example.com", "wrong password 123").await;
    assert_eq!(res.status(), 401);
    for _ in 0..4 {
        c.sign_in("anna@example.com", "wrong password 123").await;
    }
    // Five failures: even the right password is refused for now, with a clear message.
    let res = c.sign_in("anna@example.com", PASSWORD).await;
    assert_eq!(res.status(), 429);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Too many failed attempts")
    );
    // After the window, the right password works.
    app.state.clock.advance(16 * 60);
    let res = c.sign_in("anna@example.com", PASSWORD).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/");
}

async fn sessions_are_stored_hashed_and_renewed_at_sign_in(app: TestApp) {
    app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    let mut c = app.client();
    let res = c.sign_in("anna@example.com", PASSWORD).await;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("knxdesk_session="))
        .expect("session cookie")
        .to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    let token = cookie
        .trim_start_matches("knxdesk_session=")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let stored = app
        .count(&format!(
            "SELECT COUNT(*) FROM sessions WHERE token_hash = '{token}'"
        ))
        .await;
    assert_eq!(stored, 0, "the plain token is never stored");
    let hashed = knxdesk::tokens::hash_token(&token);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM sessions WHERE token_hash = '{hashed}'"
        ))
        .await,
        1
    );
    // Signing in again in the same browser replaces the session.
    let before = app.count("SELECT COUNT(*) FROM sessions").await;
    c.sign_in("anna@example.com", PASSWORD).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, before);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM sessions WHERE token_hash = '{hashed}'"
        ))
        .await,
        0
    );
}

async fn sign_out_and_sign_out_everywhere(app: TestApp) {
    let mut a = app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    let mut b = app.client();
    assert_eq!(b.sign_in("anna@example.com", PASSWORD).await.status(), 303);
    assert_eq!(b.get("/settings/profile").await.status(), 200);
    // Plain sign-out ends only this browser's session.
    let res = b.post("/signout", &[]).await;
    assert_eq!(location(&res), "/signin");
    assert_eq!(b.get("/settings/profile").await.status(), 303);
    assert_eq!(a.get("/settings/profile").await.status(), 200);
    // Everywhere: every session of the user ends.
    assert_eq!(b.sign_in("anna@example.com", PASSWORD).await.status(), 303);
    let res = a.post("/settings/security/signout-all", &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(a.get("/settings/profile").await.status(), 303);
    assert_eq!(b.get("/settings/profile").await.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
}

async fn session_idle_and_absolute_expiry(app: TestApp) {
    let c = app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    // Activity keeps the session alive past one idle period...
    for _ in 0..4 {
        app.state.clock.advance(6 * 24 * 3600);
        assert_eq!(c.get("/settings/profile").await.status(), 200);
    }
    app.state.clock.advance(5 * 24 * 3600);
    assert_eq!(c.get("/settings/profile").await.status(), 200);
    // ...but not past the absolute lifetime (30 days).
    app.state.clock.advance(2 * 24 * 3600);
    let res = c.get("/settings/profile").await;
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with("/signin?next="));
    // Idle: a fresh session left alone for 8 days is gone.
    let mut d = app.client();
    d.sign_in("anna@example.com", PASSWORD).await;
    app.state.clock.advance(8 * 24 * 3600);
    assert_eq!(d.get("/settings/profile").await.status(), 303);
}

async fn password_reset_flow_single_use_and_expiry(app: TestApp) {
    let old = app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    let mut c = app.client();
    let (status, _) = c
        .post_text("/password/forgot", &[("email", "anna@example.com")])
        .await;
    assert_eq!(status, 200);
    let link = app
        .mails_to_at_least("anna@example.com", 2)
        .await
        .pop()
        .unwrap()
        .link_with("/password/reset/");
    let path = link.trim_start_matches(&app.base).to_string();
    assert_eq!(c.get(&path).await.status(), 200);
    // Too short: inline error, nothing used up.
    let (status, body) = c.post_text(&path, &[("password", "short")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("Use at least 12 characters."));
    let res = c.post(&path, &[("password", "a brand new password")]).await;
    assert_eq!(res.status(), 303);
    // Old sessions are gone; the old password no longer works; the new one does.
    assert_eq!(old.get("/settings/profile").await.status(), 303);
    assert_eq!(c.sign_in("anna@example.com", PASSWORD).await.status(), 401);
    assert_eq!(
        c.sign_in("anna@example.com", "a brand new password")
            .await
            .status(),
        303
    );
    // Reused link.
    let (status, body) = app.client().get_text(&path).await;
    assert_eq!(status, 410);
    assert!(body.contains("already been used"));
    // Expired link.
    app.client()
        .post("/password/forgot", &[("email", "anna@example.com")])
        .await;
    let link = app
        .mails_to_at_least("anna@example.com", 3)
        .await
        .pop()
        .unwrap()
        .link_with("/password/reset/");
    app.state.clock.advance(3601);
    let (status, body) = app
        .client()
        .get_text(link.trim_start_matches(&app.base))
        .await;
    assert_eq!(status, 410);
    assert!(body.contains("expired"));
    // Garbage token.
    assert_eq!(
        app.client().get("/password/reset/garbage").await.status(),
        410
    );
}

async fn password_reset_does_not_reveal_accounts(app: TestApp) {
    app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    let mut c = app.client();
    let (_, known) = c
        .post_text("/password/forgot", &[("email", "anna@example.com")])
        .await;
    let (_, unknown) = c
        .post_text("/password/forgot", &[("email", "zoe@example.com")])
        .await;
    assert_eq!(
        known.replace("anna@example.com", "E"),
        unknown.replace("zoe@example.com", "E")
    );
    assert!(app.mails_to("zoe@example.com").is_empty());
}

async fn csrf_is_required_on_every_change(app: TestApp) {
    let mut c = app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    for path in [
        "/orgs",
        "/settings/profile",
        "/signout",
        "/settings/security/signout-all",
        "/signin",
        "/signup",
    ] {
        let res = c
            .post_without_csrf(path, &[("name", "Evil"), ("language", "de")])
            .await;
        assert_eq!(res.status(), 403, "{path}");
        assert!(res.text().await.unwrap().contains("This form has expired"));
    }
    // A forged token is refused too.
    let res = c
        .http
        .post(c.url("/orgs"))
        .form(&[("name", "Evil"), ("_csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(app.count("SELECT COUNT(*) FROM organisations").await, 0);
    assert_eq!(
        c.get("/settings/profile").await.status(),
        200,
        "still signed in"
    );
    // With the token it works.
    assert_eq!(c.post("/orgs", &[("name", "Good")]).await.status(), 303);
}

async fn profile_and_password_change(app: TestApp) {
    let mut c = app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    let (status, body) = c
        .post_text(
            "/settings/profile",
            &[("name", ""), ("phone", "+49 1"), ("language", "xx")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("This field is required."));
    let res = c
        .post(
            "/settings/profile",
            &[
                ("name", "Anna Schmidt"),
                ("phone", "+49 170 123"),
                ("language", "de"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, body) = c.get_text("/settings/profile").await;
    assert!(body.contains("Anna Schmidt") && body.contains("+49 170 123"));
    assert!(body.contains("Gespeichert."), "flash in the new language");
    assert!(body.contains("lang=\"de\""));
    // Password change needs the current password; other sessions end.
    let mut other = app.client();
    other.sign_in("anna@example.com", PASSWORD).await;
    let (status, body) = c
        .post_text(
            "/settings/security/password",
            &[
                ("current", "nope nope nope"),
                ("new", "another long password"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("Das Passwort ist nicht richtig."));
    let res = c
        .post(
            "/settings/security/password",
            &[("current", PASSWORD), ("new", "another long password")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        c.get("/settings/profile").await.status(),
        200,
        "this session stays"
    );
    assert_eq!(
        other.get("/settings/profile").await.status(),
        303,
        "others end"
    );
}

/// Sends `n` sign-ins at once from one client; returns how many were checked (401) and how
/// many refused by the throttle (429).
async fn sign_ins_at_once(
    app: &TestApp,
    ip: &str,
    email: impl Fn(usize) -> String,
    n: usize,
) -> (usize, usize) {
    let mut c = app.client_at(ip);
    c.csrf().await;
    let c = std::sync::Arc::new(c);
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let c = c.clone();
            let email = email(i);
            tokio::spawn(async move {
                c.post_ready(
                    "/signin",
                    &[("email", &email), ("password", "wrong password 123")],
                )
                .await
                .status()
                .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + refused, n, "{statuses:?}");
    (checked, refused)
}

async fn concurrent_wrong_passwords_are_checked_at_most_the_limit(app: TestApp) {
    app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    let (checked, _) = sign_ins_at_once(&app, "10.0.2.1", |_| "anna@example.com".into(), 40).await;
    assert_eq!(checked, 5);
}

async fn concurrent_unknown_accounts_from_one_client_are_checked_at_most_the_limit(app: TestApp) {
    let (checked, _) =
        sign_ins_at_once(&app, "10.0.2.2", |i| format!("nobody{i}@example.com"), 100).await;
    assert_eq!(checked, 30);
}

/// Five wrong passwords from a stranger lock only the stranger; the owner's browser, which
/// signed in before, still gets in; failures from many strangers lock out strangers, not it.
async fn strangers_cannot_lock_the_owner_out_of_a_known_browser(app: TestApp) {
    app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    let mut owner = app.client_at("10.0.3.1");
    assert_eq!(
        owner.sign_in("anna@example.com", PASSWORD).await.status(),
        303
    );
    for i in 0..4 {
        let mut stranger = app.client_at(&format!("10.0.4.{i}"));
        for _ in 0..5 {
            let res = stranger
                .sign_in("anna@example.com", "wrong password 123")
                .await;
            assert_eq!(res.status(), 401);
        }
        // This stranger is locked out of this account now, even with the right password.
        let res = stranger.sign_in("anna@example.com", PASSWORD).await;
        assert_eq!(res.status(), 429, "stranger {i}");
    }
    // 20 failures from strangers: a new browser without history is refused too...
    let mut new_browser = app.client_at("10.0.5.1");
    assert_eq!(
        new_browser
            .sign_in("anna@example.com", PASSWORD)
            .await
            .status(),
        429
    );
    // ...but the owner's own browser is not, even from the same address as a stranger.
    let mut owner_elsewhere = owner;
    assert_eq!(
        owner_elsewhere
            .sign_in("anna@example.com", PASSWORD)
            .await
            .status(),
        303
    );
    // The owner's browser has a lock of its own: five failures there lock it.
    for _ in 0..5 {
        assert_eq!(
            owner_elsewhere
                .sign_in("anna@example.com", "wrong password 123")
                .await
                .status(),
            401
        );
    }
    assert_eq!(
        owner_elsewhere
            .sign_in("anna@example.com", PASSWORD)
            .await
            .status(),
        429
    );
}

/// Sign-up and reset mails are limited per address (silently: the page reads the same) and
/// per client (a clear refusal), whether or not the address has an account.
async fn mails_a_stranger_can_cause_are_limited(app: TestApp) {
    app.sign_up("Anna Berg", "anna@example.com", PASSWORD).await;
    // The confirmation mail of that sign-up counts too; start a fresh hour.
    app.state.clock.advance(3601);
    app.mails_settled().await;
    let before = app.mails_to("anna@example.com").len();
    for i in 0..20 {
        let mut c = app.client_at(&format!("10.0.6.{i}"));
        let (status, body) = c
            .post_text(
                "/signup",
                &[
                    ("name", "Mallory"),
                    ("email", "anna@example.com"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(status, 200);
        assert!(body.contains("anna@example.com"));
    }
    for i in 0..5 {
        let mut c = app.client_at(&format!("10.0.7.{i}"));
        let (status, _) = c
            .post_text("/password/forgot", &[("email", "anna@example.com")])
            .await;
        assert_eq!(status, 200);
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        app.mails_to("anna@example.com").len(),
        before + 3,
        "three mails an hour"
    );

    // One client, many new addresses: ten mails, then a refusal that names no account.
    let mut c = app.client_at("10.0.8.1");
    let mut statuses = Vec::new();
    for i in 0..12 {
        let email = format!("new{i}@example.com");
        let (status, body) = c
            .post_text(
                "/signup",
                &[("name", "New"), ("email", &email), ("password", PASSWORD)],
            )
            .await;
        if status == 429 {
            assert!(body.contains("Too many emails were requested from your network"));
        }
        statuses.push(status);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        10,
        "{statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM signup_requests").await, 10);
    // An hour later the client may ask again.
    app.state.clock.advance(3601);
    let (status, _) = c
        .post_text(
            "/signup",
            &[
                ("name", "New"),
                ("email", "later@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, 200);
}
