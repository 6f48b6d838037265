//! The organisation's Devices page (D1): every project's current devices, filtered and
//! searched, scoped as the projects are.

use crate::common::{TestApp, location};
use reqwest::multipart::{Form, Part};

db_tests!(
    devices_of_every_project_filtered_and_scoped,
    equipment_added_by_hand_is_a_device_like_the_others
);

fn count_of(page: &str) -> String {
    let start = page.find("<span class=\"count\">").expect("a count") + 20;
    page[start..].split('<').next().unwrap().to_string()
}

async fn devices_of_every_project_filtered_and_scoped(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        huber,
    } = app.villa_huber().await;
    app.import(&mut admin, org, villa, 3).await;
    let office = app.project(&mut admin, org, "Office Tower", None).await;
    app.import(&mut admin, org, office, 2).await;
    app.create_code(&mut admin, org, villa, "1.1.2").await;
    let device = app.device_id(villa, "1.1.3").await.to_string();
    let res = admin
        .post(
            &format!("/o/{org}/service"),
            &[
                ("project", &villa.to_string()),
                ("device", &device),
                ("title", "Relay clicks"),
                ("priority", "low"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);

    let list = format!("/o/{org}/devices");
    let (status, page) = admin.get_text(&list).await;
    assert_eq!(status, 200);
    assert_eq!(count_of(&page), "5");
    assert!(page.contains("Office Tower") && page.contains("Villa Huber"));
    assert!(page.contains("1 open case"));
    for (query, n) in [
        (format!("project={villa}"), "3"),
        (format!("customer={huber}"), "3"),
        ("code=yes".to_string(), "1"),
        ("code=no".to_string(), "4"),
        ("cases=open".to_string(), "1"),
        ("q=actuator%202".to_string(), "2"),
        ("manufacturer=MDT%20technologies".to_string(), "5"),
        ("manufacturer=Nobody".to_string(), "0"),
        (format!("q=actuator&project={office}&code=no"), "2"),
    ] {
        let (status, page) = admin.get_text(&format!("{list}?{query}")).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(count_of(&page), n, "{query}");
    }
    let (_, page) = admin.get_text(&format!("{list}?manufacturer=Nobody")).await;
    assert!(page.contains("No devices match these filters."));

    // The customer sees the devices of their own project only; another organisation, none.
    let max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;
    let (status, page) = max.get_text(&list).await;
    assert_eq!(status, 200);
    assert_eq!(count_of(&page), "3");
    assert!(!page.contains("Office Tower"));
    let (_, page) = max.get_text(&format!("{list}?project={office}")).await;
    assert_eq!(count_of(&page), "0", "a foreign project's id finds nothing");
    let (mut other, _) = app
        .owner_with_org("Olga Other", "olga@other.example", "Other GmbH")
        .await;
    assert_eq!(other.get(&list).await.status(), 404);
    let _ = other.csrf().await;
}

/// D1: equipment that is not in ETS, added by hand: its page with notes and photos, its code
/// and its cases, the Devices page and search; untouched by an ETS import; deleted only
/// without cases (its code then unpaired); the team's to change, the customer's to see.
async fn equipment_added_by_hand_is_a_device_like_the_others(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        huber,
    } = app.villa_huber().await;
    app.import(&mut admin, org, villa, 2).await;
    let mut max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@example.com")
        .await;
    let (other, _) = app
        .owner_with_org("Olga", "olga@example.com", "Other GmbH")
        .await;
    let project = format!("/o/{org}/projects/{villa}");
    let (_, page) = admin.get_text(&format!("{project}/devices")).await;
    assert!(page.contains("Other equipment") && page.contains("Add equipment"));

    let (status, page) = admin
        .post_text(
            &format!("{project}/equipment"),
            &[("name", " "), ("serial_number", "SN-1")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("field-error") && page.contains("value=\"SN-1\""));
    let res = admin
        .post(
            &format!("{project}/equipment"),
            &[
                ("name", "Heat pump"),
                ("manufacturer", "Vaillant"),
                ("product", "aroTHERM plus"),
                ("serial_number", "SN-2026-0042"),
                ("room", "Boiler room"),
                ("notes", "Filter **yearly**"),
            ],
        )
        .await;
    let page_path = location(&res);
    assert!(
        page_path.starts_with(&format!("{project}/equipment/")),
        "{page_path}"
    );
    let id: i64 = page_path.rsplit('/').next().unwrap().parse().unwrap();
    let (_, page) = admin.get_text(&page_path).await;
    for shown in [
        "Heat pump added.",
        "Vaillant",
        "aroTHERM plus",
        "SN-2026-0042",
        "Boiler room",
        "<strong>yearly</strong>",
    ] {
        assert!(page.contains(shown), "{shown}");
    }

    // A photo of its type plate; only images.
    let png = crate::service::PNG;
    let photo = |name: &str, bytes: &[u8]| {
        Form::new().part(
            "files",
            Part::bytes(bytes.to_vec()).file_name(name.to_string()),
        )
    };
    let res = admin
        .upload(
            &format!("{project}/device-photos/{id}"),
            photo("plate.png", png),
        )
        .await;
    assert_eq!(location(&res), format!("{page_path}#photos"));
    let res = admin
        .upload(
            &format!("{project}/device-photos/{id}"),
            photo("notes.txt", b"hello"),
        )
        .await;
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("notes.txt is not a photo"));
    let src = crate::common::between(&page, "<img src=\"", "\"").expect("the photo shown");
    let res = admin.get(&src).await;
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(max.get(&src).await.status(), 200, "the customer sees it");
    assert_eq!(other.get(&src).await.status(), 404);

    // Its code, its public page, a case on it.
    let res = admin
        .post(&format!("{project}/device-code/{id}"), &[])
        .await;
    assert_eq!(location(&res), page_path);
    let code: String = {
        use sqlx::Row;
        sqlx::query(&format!(
            "SELECT code FROM service_codes WHERE device_id = {id}"
        ))
        .fetch_one(app.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
    };
    let (_, public) = app.client().get_text(&format!("/c/{code}")).await;
    assert!(public.contains("Heat pump") && public.contains("Vaillant aroTHERM plus"));
    assert_eq!(location(&admin.get(&format!("/c/{code}")).await), page_path);
    let res = admin
        .post(
            &format!("/o/{org}/service"),
            &[
                ("project", &villa.to_string()),
                ("device", &id.to_string()),
                ("title", "Loud at night"),
                ("priority", "medium"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = admin.get_text(&page_path).await;
    assert!(page.contains("Loud at night"), "its cases on its page");

    // The Devices page and the search know it.
    let (_, list) = admin.get_text(&format!("/o/{org}/devices")).await;
    assert!(
        list.contains(&format!("href=\"{page_path}\"")) && count_of(&list) == "3",
        "{}",
        count_of(&list)
    );
    let (_, found) = admin.get_text(&format!("/o/{org}/search?q=vaillant")).await;
    assert!(found.contains(&page_path));

    // The customer sees it and changes nothing; another organisation does not see it.
    let (status, page) = max.get_text(&page_path).await;
    assert_eq!(status, 200);
    assert!(!page.contains("/edit\"") && !page.contains("device-photos/{id}?"));
    assert_eq!(
        max.post(&page_path, &[("name", "Mine")]).await.status(),
        403
    );
    assert_eq!(
        max.post(&format!("{page_path}/delete"), &[]).await.status(),
        403
    );
    assert_eq!(other.get(&page_path).await.status(), 404);

    // An ETS import leaves it as it is.
    let v2 = knxproj::writer::Spec {
        devices: 3,
        group_addresses: 12,
        ..Default::default()
    };
    app.import_spec(&mut admin, org, villa, &v2, 2).await;
    let (status, page) = admin.get_text(&page_path).await;
    assert_eq!(status, 200);
    assert!(page.contains("SN-2026-0042"));
    let (_, devices) = admin.get_text(&format!("{project}/devices")).await;
    assert!(devices.contains("Heat pump") && devices.contains("Actuator 3"));

    // Changed; not deleted while it has a case; another one without cases is, its code freed.
    let res = admin
        .post(
            &page_path,
            &[("name", "Heat pump (outdoor unit)"), ("room", "Garden")],
        )
        .await;
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("Heat pump (outdoor unit) saved.") && page.contains("Garden"));
    // The kept Devices page shows the change at once, and a code made straight in the database.
    let (_, list) = admin.get_text(&format!("/o/{org}/devices?q=heat")).await;
    assert!(list.contains("Heat pump (outdoor unit)"), "{list}");
    let (_, before) = admin.get_text(&format!("/o/{org}/devices?code=yes")).await;
    let bare = app.device_id(villa, "1.1.3").await;
    sqlx::query(&format!(
        "INSERT INTO service_codes (org_id, code, project_id, device_id, created_at, paired_at) \
         VALUES ({org}, 'ZZZZZZZZZZZZZZZZ', {villa}, {bare}, 0, 0)"
    ))
    .execute(app.pool())
    .await
    .unwrap();
    let (_, after) = admin.get_text(&format!("/o/{org}/devices?code=yes")).await;
    assert_ne!(
        count_of(&before),
        count_of(&after),
        "a new code counts at once"
    );
    let res = admin.post(&format!("{page_path}/delete"), &[]).await;
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("has a service case"), "{page}");
    let res = admin
        .post(&format!("{project}/equipment"), &[("name", "Gateway")])
        .await;
    let gateway = location(&res);
    let gid: i64 = gateway.rsplit('/').next().unwrap().parse().unwrap();
    admin
        .post(&format!("{project}/device-code/{gid}"), &[])
        .await;
    let res = admin.post(&format!("{gateway}/delete"), &[]).await;
    assert_eq!(location(&res), format!("{project}/devices"));
    assert_eq!(admin.get(&gateway).await.status(), 404);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_codes WHERE device_id IS NULL AND active = 1")
            .await,
        1,
        "the gateway's label is free for another device"
    );
    let (_, list) = admin.get_text(&format!("/o/{org}/devices")).await;
    assert_eq!(count_of(&list), "4", "three from ETS, the heat pump");
}
