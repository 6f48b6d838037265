//! What a customer sees of their integrator: the contact and logo on every portal page, only
//! the upload comments meant for them; and how the team sees its portal users.

use crate::common::{Client, TestApp};
use reqwest::multipart::{Form, Part};

db_tests!(
    contact_and_logo_reach_every_portal_page,
    logos_are_checked_by_content_and_size,
    upload_comments_are_internal_unless_shown,
    members_page_lists_portal_users_apart,
);

/// A 1×1 transparent PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8\x4d\0\0\0\0IEND\xaeB`\x82";

async fn logo(c: &mut Client, org: i64, bytes: &[u8], name: &str) -> (u16, String) {
    let form = Form::new().part(
        "logo",
        Part::bytes(bytes.to_vec()).file_name(name.to_string()),
    );
    let res = c.upload(&format!("/o/{org}/settings/logo"), form).await;
    assert_eq!(res.status(), 303);
    let to = crate::common::location(&res);
    c.get_text(&to).await
}

async fn contact_and_logo_reach_every_portal_page(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        huber,
        villa,
    } = app.villa_huber().await;
    let max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;
    // Before any contact is entered the portal says so, and shows no logo.
    let (_, home) = max.get_text(&format!("/o/{org}/")).await;
    assert!(home.contains("Your integrator: <strong>Berg Elektro</strong>"));
    assert!(home.contains("has not entered contact details yet"));
    assert!(!home.contains("/logo?v="));

    // Wrong fields are refused inline and nothing is saved.
    let (status, page) = admin
        .post_text(
            &format!("/o/{org}/settings"),
            &[
                ("name", "Berg Elektro"),
                ("language", "en"),
                ("contact_email", "not an email"),
                ("contact_website", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"f-contact_email\"") && page.contains("field-error"));
    assert!(page.contains("javascript:alert(1)"), "the input is kept");
    let res = admin
        .post(
            &format!("/o/{org}/settings"),
            &[
                ("name", "Berg Elektro"),
                ("language", "en"),
                ("contact_email", "Service@Berg-Elektro.de"),
                ("contact_phone", "+49 89 1234 567"),
                ("contact_website", "berg-elektro.de"),
                ("contact_address", "Hauptstraße 1\n80331 München"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, settings) = admin.get_text(&format!("/o/{org}/settings")).await;
    assert!(settings.contains("value=\"https://berg-elektro.de\""));
    let (status, _) = logo(&mut admin, org, PNG, "logo.png").await;
    assert_eq!(status, 200);

    // Every portal page carries the contact and the logo; the team's pages do not.
    for path in [
        format!("/o/{org}/"),
        format!("/o/{org}/projects"),
        format!("/o/{org}/projects/{villa}"),
        format!("/o/{org}/projects/{villa}/ets"),
    ] {
        let (status, page) = max.get_text(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(page.contains("href=\"tel:+49 89 1234 567\""), "{path}");
        assert!(
            page.contains("href=\"mailto:service@berg-elektro.de\""),
            "{path}"
        );
        assert!(page.contains("href=\"https://berg-elektro.de\""), "{path}");
        assert!(page.contains("80331 München"), "{path}");
        assert!(page.contains(&format!("/o/{org}/logo?v=")), "{path}");
    }
    let (_, staff_home) = admin.get_text(&format!("/o/{org}/")).await;
    assert!(!staff_home.contains("portal-contact"));
    // The customer loads the logo (an image, by its content's type).
    let (_, home) = max.get_text(&format!("/o/{org}/")).await;
    let start = home.find(&format!("/o/{org}/logo?v=")).unwrap();
    let src = &home[start..start + home[start..].find('"').unwrap()];
    let res = max.get(src).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    // Another organisation's member gets nothing.
    let (carl, _) = app
        .owner_with_org("Carl Dorn", "carl@example.com", "Dorn GmbH")
        .await;
    assert_eq!(carl.get(src).await.status(), 404);
    // Removing the logo removes it from the portal and from storage.
    let res = admin
        .post(&format!("/o/{org}/settings/logo/remove"), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(max.get(src).await.status(), 404);
    let (_, home) = max.get_text(&format!("/o/{org}/")).await;
    assert!(!home.contains("/logo?v="));
}

async fn logos_are_checked_by_content_and_size(app: TestApp) {
    let (mut admin, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    // An SVG (it can carry script) and a zip named .png are refused, by their content.
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    let (_, page) = logo(&mut admin, org, svg, "logo.svg").await;
    assert!(page.contains("not a PNG, JPEG or WebP image"));
    let (_, page) = logo(&mut admin, org, b"PK\x03\x04 not an image", "logo.png").await;
    assert!(page.contains("not a PNG, JPEG or WebP image"));
    // Too large.
    let mut big = PNG.to_vec();
    big.resize(1024 * 1024 + 1, 0);
    let (_, page) = logo(&mut admin, org, &big, "big.png").await;
    assert!(page.contains("larger than 1 MB"));
    // No file.
    let res = admin
        .upload(
            &format!("/o/{org}/settings/logo"),
            Form::new().text("x", "y"),
        )
        .await;
    let (_, page) = admin.get_text(&crate::common::location(&res)).await;
    assert!(page.contains("Choose an image file first"));
    assert_eq!(
        app.count(&format!(
            "SELECT logo_version FROM organisations WHERE id = {org}"
        ))
        .await,
        0,
        "nothing stored"
    );
}

async fn upload_comments_are_internal_unless_shown(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        huber,
        villa,
    } = app.villa_huber().await;
    let bytes = knxproj::writer::to_bytes(&knxproj::writer::Spec::default());
    for (comment, public) in [("Internal-Note-Marker", false), ("Shown-Note-Marker", true)] {
        let mut form = Form::new().text("comment", comment).part(
            "file",
            Part::bytes(bytes.clone()).file_name("villa.knxproj"),
        );
        if public {
            form = form.text("comment_public", "1");
        }
        let res = admin
            .upload(&format!("/o/{org}/projects/{villa}/ets"), form)
            .await;
        assert_eq!(res.status(), 303);
    }
    let (_, team) = admin
        .get_text(&format!("/o/{org}/projects/{villa}/ets"))
        .await;
    assert!(team.contains("Internal-Note-Marker") && team.contains("Shown-Note-Marker"));
    assert!(team.contains(">internal<") && team.contains(">customer sees it<"));
    let max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;
    let (_, portal) = max
        .get_text(&format!("/o/{org}/projects/{villa}/ets"))
        .await;
    assert!(portal.contains("Shown-Note-Marker"));
    assert!(!portal.contains("Internal-Note-Marker"));
    assert!(!portal.contains(">internal<"));
}

async fn members_page_lists_portal_users_apart(app: TestApp) {
    let (mut admin, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let huber = app
        .customer(&mut admin, org, "Max Huber", "max@huber.de")
        .await;
    app.add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;
    admin.get(&format!("/o/{org}/")).await; // (shows the invitation's flash message)
    let (_, page) = admin.get_text(&format!("/o/{org}/members")).await;
    let portal = page
        .find("id=\"portal-users\"")
        .expect("portal users section");
    let (staff, portal) = page.split_at(portal);
    assert!(staff.contains("anna@example.com"), "{staff}");
    assert!(!staff.contains("max@huber.de"), "{staff}");
    assert!(portal.contains("max@huber.de"));
    assert!(portal.contains(&format!("/o/{org}/customers/{huber}/edit\">Max Huber</a>")));
    assert!(page.contains("What each role may do"));
}
