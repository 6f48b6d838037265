//! Accounts from the outside: sign-up, sign-in, throttling, sessions, password reset, CSRF.

mod common;

use common::{PASSWORD, TestApp, location};

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
);

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
