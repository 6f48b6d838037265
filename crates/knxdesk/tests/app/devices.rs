//! The organisation's Devices page (D1): every project's current devices, filtered and
//! searched, scoped as the projects are.

use crate::common::TestApp;

db_tests!(devices_of_every_project_filtered_and_scoped);

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
    admin
        .post(
            &format!("/o/{org}/projects/{villa}/devices/1.1.2/code"),
            &[],
        )
        .await;
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
