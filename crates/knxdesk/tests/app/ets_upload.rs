//! ETS uploads: versions, background parsing, passwords, bad files, concurrency, scoping.

use std::time::Duration;

use crate::common::{TestApp, location};
use knxproj::writer::{Spec, to_bytes};
use reqwest::multipart::{Form, Part};

db_tests!(
    upload_parses_into_the_project_model,
    protected_project_asks_for_the_password,
    bad_uploads_are_refused_with_nothing_stored,
    concurrent_uploads_get_distinct_versions,
    uploads_are_scoped_and_need_csrf,
    downloads_signed_links_and_exports,
    browsing_rooms_devices_group_addresses,
    version_diff,
);

fn file_form(bytes: Vec<u8>, name: &str, comment: &str, password: &str) -> Form {
    Form::new()
        .text("comment", comment.to_string())
        .text("password", password.to_string())
        .part("file", Part::bytes(bytes).file_name(name.to_string()))
}

async fn project(app: &TestApp) -> (crate::common::Client, i64, i64) {
    let (mut c, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let res = c
        .post(&format!("/o/{org}/projects"), &[("name", "Villa Huber")])
        .await;
    let pid: i64 = location(&res).rsplit('/').next().unwrap().parse().unwrap();
    (c, org, pid)
}

/// Waits until version `v` of the project leaves queued/parsing; returns its status.
async fn settled(app: &TestApp, pid: i64, v: i64) -> String {
    use sqlx::Row;
    for _ in 0..400 {
        let row =
            sqlx::query("SELECT status FROM ets_versions WHERE project_id = $1 AND version = $2")
                .bind(pid)
                .bind(v)
                .fetch_optional(app.pool())
                .await
                .unwrap();
        if let Some(row) = row {
            let s: String = row.try_get(0).unwrap();
            if s != "queued" && s != "parsing" {
                return s;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("version {v} never finished parsing");
}

async fn upload_parses_into_the_project_model(app: TestApp) {
    let (mut c, org, pid) = project(&app).await;
    let spec = Spec {
        devices: 12,
        group_addresses: 40,
        ..Default::default()
    };
    let res = c
        .upload(
            &format!("/o/{org}/projects/{pid}/ets"),
            file_form(to_bytes(&spec), "Villa.knxproj", "first import", ""),
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(settled(&app, pid, 1).await, "ready");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM project_devices WHERE project_id = {pid}"
        ))
        .await,
        12
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM project_group_addresses WHERE project_id = {pid}"
        ))
        .await,
        40
    );
    let (_, page) = c.get_text(&format!("/o/{org}/projects/{pid}/ets")).await;
    for text in [
        "v1",
        "Villa.knxproj",
        "first import",
        "12 devices, 40 group addresses",
    ] {
        assert!(page.contains(text), "{text}");
    }
    let (_, activity) = c
        .get_text(&format!("/o/{org}/projects/{pid}/activity"))
        .await;
    assert!(activity.contains("uploaded v1 Villa.knxproj"));
    // A second version replaces the model.
    let spec = Spec {
        devices: 5,
        group_addresses: 9,
        ..Default::default()
    };
    c.upload(
        &format!("/o/{org}/projects/{pid}/ets"),
        file_form(to_bytes(&spec), "Villa-2.knxproj", "", ""),
    )
    .await;
    assert_eq!(settled(&app, pid, 2).await, "ready");
    // v2's devices are the model; v1's others are kept, marked removed in v2.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM project_devices WHERE project_id = {pid} AND removed_in IS NULL"
        ))
        .await,
        5
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM project_group_addresses WHERE project_id = {pid}"
        ))
        .await,
        9
    );
    // The stored file is the uploaded one, kept under the data folder.
    assert!(app.dir.path().join("files").exists());
    app.assert_counts_consistent().await;
}

async fn protected_project_asks_for_the_password(app: TestApp) {
    let (mut c, org, pid) = project(&app).await;
    c.upload(
        &format!("/o/{org}/projects/{pid}/ets"),
        file_form(to_bytes(&Spec::default()), "good.knxproj", "", ""),
    )
    .await;
    assert_eq!(settled(&app, pid, 1).await, "ready");
    let spec = Spec {
        password: Some("geheim".into()),
        devices: 2,
        ..Default::default()
    };
    c.upload(
        &format!("/o/{org}/projects/{pid}/ets"),
        file_form(to_bytes(&spec), "secret.knxproj", "", ""),
    )
    .await;
    assert_eq!(settled(&app, pid, 2).await, "failed");
    let (_, page) = c.get_text(&format!("/o/{org}/projects/{pid}/ets")).await;
    assert!(page.contains("password-protected") && page.contains("Read again"));
    // The failed version leaves the model of v1 intact.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM project_devices WHERE project_id = {pid}"
        ))
        .await,
        4
    );
    let vid = app
        .count(&format!(
            "SELECT id FROM ets_versions WHERE project_id = {pid} AND version = 2"
        ))
        .await;
    c.post(
        &format!("/o/{org}/projects/{pid}/ets/{vid}/password"),
        &[("password", "wrong")],
    )
    .await;
    assert_eq!(settled(&app, pid, 2).await, "failed");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM ets_versions WHERE id = {vid} AND error_code = 'wrong_password'"
        ))
        .await,
        1
    );
    c.post(
        &format!("/o/{org}/projects/{pid}/ets/{vid}/password"),
        &[("password", "geheim")],
    )
    .await;
    assert_eq!(settled(&app, pid, 2).await, "ready");
    // v2's devices are the model; v1's others are kept, marked removed in v2.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM project_devices WHERE project_id = {pid} AND removed_in IS NULL"
        ))
        .await,
        2
    );
    // The password is not kept once the file is read, and never stored in plain text.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM ets_versions WHERE id = {vid} AND password_sealed = ''"
        ))
        .await,
        1
    );
}

/// An upload refused while its body still arrives: the answer has one of `statuses` and closes
/// the connection, or the server closed it before the client could read the answer.
fn assert_refused_early(result: reqwest::Result<reqwest::Response>, statuses: &[u16]) {
    match result {
        Ok(res) => {
            assert!(
                statuses.contains(&res.status().as_u16()),
                "{}",
                res.status()
            );
            assert_eq!(res.headers()["connection"], "close");
        }
        Err(e) => assert!(e.is_request() || e.is_body(), "{e}"),
    }
}

async fn bad_uploads_are_refused_with_nothing_stored(app: TestApp) {
    let (mut c, org, pid) = project(&app).await;
    let url = format!("/o/{org}/projects/{pid}/ets");
    let res = c
        .upload(
            &url,
            file_form(b"hello, not a zip".to_vec(), "fake.knxproj", "", ""),
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = c.get_text(&format!("/o/{org}/projects/{pid}/ets")).await;
    assert!(page.contains("is not a valid .knxproj"));
    c.upload(
        &url,
        file_form(to_bytes(&Spec::default()), "photo.jpg", "", ""),
    )
    .await;
    let (_, page) = c.get_text(&format!("/o/{org}/projects/{pid}/ets")).await;
    assert!(page.contains("photo.jpg is not a .knxproj file"));
    c.upload(&url, Form::new().text("comment", "no file")).await;
    let (_, page) = c.get_text(&format!("/o/{org}/projects/{pid}/ets")).await;
    assert!(page.contains("Choose a .knxproj file"));
    // Larger than 200 MB: refused while it arrives.
    let huge = vec![0u8; 201 * 1024 * 1024];
    let refused = c
        .try_upload(&url, file_form(huge, "huge.knxproj", "", ""))
        .await;
    assert_refused_early(refused, &[413, 400]);
    // A comment of megabytes is refused without being held whole.
    let refused = c
        .try_upload(
            &url,
            file_form(
                to_bytes(&Spec::default()),
                "big.knxproj",
                &"x".repeat(3 << 20),
                "",
            ),
        )
        .await;
    assert_refused_early(refused, &[400]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM ets_versions").await,
        0,
        "nothing stored"
    );
    // A zip bomb or truncated archive is stored but fails parsing with a clear reason.
    let good = to_bytes(&Spec::default());
    c.upload(
        &url,
        file_form(good[..good.len() / 2].to_vec(), "cut.knxproj", "", ""),
    )
    .await;
    assert_eq!(settled(&app, pid, 1).await, "failed");
    // The reason in the viewer's words, the technical detail behind it.
    let (_, page) = c.get_text(&format!("/o/{org}/projects/{pid}/ets")).await;
    assert!(page.contains("The file is damaged or was cut off during the upload."));
    assert!(page.contains("Technical detail"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM ets_versions WHERE project_id = {pid}"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM project_devices WHERE project_id = {pid}"
        ))
        .await,
        0
    );
    let tmp = app.dir.path().join("tmp");
    let leftovers = std::fs::read_dir(&tmp).map(|d| d.count()).unwrap_or(0);
    assert_eq!(leftovers, 0, "temporary files are removed");
}

async fn concurrent_uploads_get_distinct_versions(app: TestApp) {
    let (mut c, org, pid) = project(&app).await;
    let mut d = app.client();
    d.sign_in("anna@example.com", crate::common::PASSWORD).await;
    let url = format!("/o/{org}/projects/{pid}/ets");
    let bytes = to_bytes(&Spec::default());
    let (a, b) = tokio::join!(
        c.upload(&url, file_form(bytes.clone(), "a.knxproj", "", "")),
        d.upload(&url, file_form(bytes.clone(), "b.knxproj", "", ""))
    );
    assert_eq!(
        (a.status(), b.status()),
        (
            reqwest::StatusCode::SEE_OTHER,
            reqwest::StatusCode::SEE_OTHER
        )
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(DISTINCT version) FROM ets_versions WHERE project_id = {pid}"
        ))
        .await,
        2
    );
    assert_eq!(
        app.count(&format!(
            "SELECT MAX(version) FROM ets_versions WHERE project_id = {pid}"
        ))
        .await,
        2
    );
}

async fn uploads_are_scoped_and_need_csrf(app: TestApp) {
    let (_, _, pid) = project(&app).await;
    let (mut carl, org_c) = app
        .owner_with_org("Carl Dorn", "carl@example.com", "Dorn GmbH")
        .await;
    let res = carl
        .upload(
            &format!("/o/{org_c}/projects/{pid}/ets"),
            file_form(to_bytes(&Spec::default()), "x.knxproj", "", ""),
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = carl
        .http
        .post(carl.url(&format!("/o/{org_c}/projects/{pid}/ets")))
        .multipart(file_form(to_bytes(&Spec::default()), "x.knxproj", "", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(app.count("SELECT COUNT(*) FROM ets_versions").await, 0);
}

async fn downloads_signed_links_and_exports(app: TestApp) {
    let (mut c, org, pid) = project(&app).await;
    let bytes = to_bytes(&Spec {
        devices: 3,
        group_addresses: 5,
        ..Default::default()
    });
    c.upload(
        &format!("/o/{org}/projects/{pid}/ets"),
        file_form(bytes.clone(), "Villa Müller \"A\".knxproj", "", ""),
    )
    .await;
    assert_eq!(settled(&app, pid, 1).await, "ready");
    let (_, page) = c.get_text(&format!("/o/{org}/projects/{pid}/ets")).await;
    let end = page.find("\">Original file").expect("download link");
    let start = page[..end].rfind("href=\"").unwrap() + 6;
    // The page's link signs one when it is followed.
    let fresh = page[start..end].to_string();
    assert!(fresh.ends_with("/download/new"), "{fresh}");
    let res = c.get(&fresh).await;
    assert_eq!(res.status(), 303);
    let link = res.headers()["location"].to_str().unwrap().to_string();
    assert!(link.contains("sig="), "{link}");
    let res = c.get(&link).await;
    assert_eq!(res.status(), 200, "{link}");
    // RFC 6266: an ASCII fallback and the exact name in UTF-8.
    assert_eq!(
        res.headers()["content-disposition"].to_str().unwrap(),
        "attachment; filename=\"Villa M_ller _A_.knxproj\"; filename*=UTF-8''Villa%20M%C3%BCller%20%22A%22.knxproj"
    );
    assert_eq!(
        res.bytes().await.unwrap().to_vec(),
        bytes,
        "the original bytes"
    );
    // Tampered or someone else's: the page says so and offers a fresh link.
    let (status, page) = c.get_text(&link.replace("sig=", "sig=0")).await;
    assert_eq!(status, 410);
    assert!(page.contains("This download link has expired or is not valid"));
    assert!(
        page.contains(&format!("href=\"{fresh}\">Download again")),
        "{page}"
    );
    let ben = app
        .add_member(&mut c, org, "Ben", "ben@example.com", "member")
        .await;
    assert_eq!(
        ben.get(&link).await.status(),
        410,
        "links are bound to the user"
    );
    let res = ben.get(&fresh).await;
    assert_eq!(res.status(), 303, "a member gets a link of their own");
    let own = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(ben.get(&own).await.status(), 200);
    // Exports.
    let vid = app
        .count(&format!(
            "SELECT id FROM ets_versions WHERE project_id = {pid}"
        ))
        .await;
    let (status, csv) = c
        .get_text(&format!("/o/{org}/projects/{pid}/ets/{vid}/export/csv-1-1"))
        .await;
    assert_eq!(status, 200);
    assert!(csv.starts_with("\"Group name\";\"Address\""));
    let (_, csv31) = c
        .get_text(&format!("/o/{org}/projects/{pid}/ets/{vid}/export/csv-3-1"))
        .await;
    assert!(csv31.starts_with("\"Main\";\"Middle\";\"Sub\""));
    let (_, xml) = c
        .get_text(&format!("/o/{org}/projects/{pid}/ets/{vid}/export/xml"))
        .await;
    assert!(xml.contains("http://knx.org/xml/ga-export/01"));
    let (_, json) = c
        .get_text(&format!("/o/{org}/projects/{pid}/ets/{vid}/export/json"))
        .await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["group_addresses"].as_object().unwrap().len(), 5);
    assert_eq!(
        c.get(&format!("/o/{org}/projects/{pid}/ets/{vid}/export/pdf"))
            .await
            .status(),
        404
    );
    // Another organisation: not found.
    let (carl, org_c) = app
        .owner_with_org("Carl Dorn", "carl@example.com", "Dorn GmbH")
        .await;
    assert_eq!(
        carl.get(&format!(
            "/o/{org_c}/projects/{pid}/ets/{vid}/export/csv-1-1"
        ))
        .await
        .status(),
        404
    );
    app.state.clock.advance(16 * 60);
    assert_eq!(c.get(&link).await.status(), 410);
}

async fn browsing_rooms_devices_group_addresses(app: TestApp) {
    let (mut c, org, pid) = project(&app).await;
    let (_, empty) = c
        .get_text(&format!("/o/{org}/projects/{pid}/devices"))
        .await;
    assert!(empty.contains("upload an ETS file"));
    let spec = Spec {
        devices: 250,
        group_addresses: 300,
        objects_per_device: 3,
        ..Default::default()
    };
    c.upload(
        &format!("/o/{org}/projects/{pid}/ets"),
        file_form(to_bytes(&spec), "big.knxproj", "", ""),
    )
    .await;
    assert_eq!(settled(&app, pid, 1).await, "ready");
    let (status, gas) = c
        .get_text(&format!("/o/{org}/projects/{pid}/group-addresses"))
        .await;
    assert_eq!(status, 200);
    assert!(
        gas.contains("1/0/0") && gas.contains("Light 1 &#38; more") && gas.contains("1.001 Switch")
    );
    // The project's group structure: main and middle groups with their counts.
    assert!(gas.contains("Group structure") && gas.contains("Main 1"));
    assert!(gas.contains("<code>1/0</code> Middle 1/0</a> <span class=\"count\">256</span>"));
    assert!(gas.contains("<code>1/1</code> Middle 1/1</a> <span class=\"count\">44</span>"));
    let middle = (1 << 11) | (1 << 8);
    let (_, range) = c
        .get_text(&format!(
            "/o/{org}/projects/{pid}/group-addresses?range={}-{}",
            middle,
            middle + 255
        ))
        .await;
    assert!(range.contains("1/1 Middle 1/1 <span class=\"count\">44</span>"));
    assert!(range.contains(">Light 257 &#38; more<") && range.contains(">Light 300 &#38; more<"));
    assert!(!range.contains(">Light 1 &#38; more<") && !range.contains("Page 1 of"));
    // One address, as the device page links it; nonsense is no filter.
    let (_, one) = c
        .get_text(&format!("/o/{org}/projects/{pid}/group-addresses?ga=1/1/0"))
        .await;
    assert!(one.contains(">Light 257 &#38; more<") && !one.contains(">Light 258 &#38;"));
    let (status, all) = c
        .get_text(&format!(
            "/o/{org}/projects/{pid}/group-addresses?ga=99/9/9&range=9-1"
        ))
        .await;
    assert_eq!(status, 200);
    assert!(all.contains("Page 1 of 3"));
    assert!(gas.contains("Page 1 of 3"));
    assert!(
        gas.contains(&format!("/o/{org}/projects/{pid}/devices/1.1.1")),
        "linked devices"
    );
    let (_, found) = c
        .get_text(&format!(
            "/o/{org}/projects/{pid}/group-addresses?q=light%20299"
        ))
        .await;
    assert!(found.contains("Light 299") && !found.contains("Light 1 &#38;"));
    // Later pages, unfiltered (found by position) and searched (by offset), in address order.
    for query in ["page=2", "q=light&page=2"] {
        let (_, page2) = c
            .get_text(&format!("/o/{org}/projects/{pid}/group-addresses?{query}"))
            .await;
        assert!(page2.contains("Page 2 of 3"), "{query}");
        for n in 101..=200 {
            assert!(
                page2.contains(&format!(">Light {n} &#38; more<")),
                "{query}: Light {n}"
            );
        }
        assert!(!page2.contains(">Light 100 &#38;") && !page2.contains(">Light 201 &#38;"));
    }
    let (_, devices) = c
        .get_text(&format!("/o/{org}/projects/{pid}/devices"))
        .await;
    for text in [
        "Building structure",
        "House",
        "Ground floor",
        "Room 1",
        "Actuator 1",
        "MDT technologies",
        "Switch Actuator 8-fold",
    ] {
        assert!(devices.contains(text), "{text}");
    }
    // A room in the tree lists its devices and those of the rooms inside it.
    let (_, house) = c
        .get_text(&format!("/o/{org}/projects/{pid}/devices?room=0"))
        .await;
    assert!(house.contains("House <span class=\"count\">250</span>"));
    let (_, room1) = c
        .get_text(&format!("/o/{org}/projects/{pid}/devices?room=2"))
        .await;
    assert!(room1.contains(">Actuator 1<") && !room1.contains(">Actuator 2<"));
    assert!(room1.contains("All devices"));
    assert!(
        devices.contains("Floor") && devices.contains("Building"),
        "space types"
    );
    let (_, filtered) = c
        .get_text(&format!("/o/{org}/projects/{pid}/devices?q=actuator%20250"))
        .await;
    assert!(filtered.contains("Actuator 250") && !filtered.contains(">Actuator 1<"));
    let (_, page3) = c
        .get_text(&format!("/o/{org}/projects/{pid}/devices?page=3"))
        .await;
    assert!(page3.contains(">Actuator 201<") && page3.contains(">Actuator 250<"));
    assert!(!page3.contains(">Actuator 200<"));
    let (status, device) = c
        .get_text(&format!("/o/{org}/projects/{pid}/devices/1.1.1"))
        .await;
    assert_eq!(status, 200);
    assert!(
        device.contains("Communication objects")
            && device.contains("Output 1")
            && device.contains("1/0/0")
    );
    assert!(device.contains(&format!(
        "/o/{org}/projects/{pid}/group-addresses?ga=1/0/0\""
    )));
    assert_eq!(
        c.get(&format!("/o/{org}/projects/{pid}/devices/..%2F..%2Fx"))
            .await
            .status(),
        404
    );
    assert_eq!(
        c.get(&format!("/o/{org}/projects/{pid}/devices/9.9.9"))
            .await
            .status(),
        404
    );
    // Another organisation sees none of it.
    let (carl, org_c) = app
        .owner_with_org("Carl Dorn", "carl@example.com", "Dorn GmbH")
        .await;
    for path in ["group-addresses", "devices", "devices/1.1.1"] {
        let (status, body) = carl
            .get_text(&format!("/o/{org_c}/projects/{pid}/{path}"))
            .await;
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("Actuator"));
    }
}

async fn version_diff(app: TestApp) {
    let (mut c, org, pid) = project(&app).await;
    let url = format!("/o/{org}/projects/{pid}/ets");
    c.upload(
        &url,
        file_form(
            to_bytes(&Spec {
                devices: 3,
                group_addresses: 4,
                ..Default::default()
            }),
            "a.knxproj",
            "",
            "",
        ),
    )
    .await;
    assert_eq!(settled(&app, pid, 1).await, "ready");
    c.upload(
        &url,
        file_form(
            to_bytes(&Spec {
                devices: 4,
                group_addresses: 3,
                ..Default::default()
            }),
            "b.knxproj",
            "",
            "",
        ),
    )
    .await;
    assert_eq!(settled(&app, pid, 2).await, "ready");
    let (_, page) = c.get_text(&format!("/o/{org}/projects/{pid}/ets")).await;
    assert!(page.contains("Compare versions"));
    let (status, diff) = c
        .get_text(&format!("/o/{org}/projects/{pid}/diff?from=1&to=2"))
        .await;
    assert_eq!(status, 200);
    assert!(diff.contains("Changes from v1 to v2"));
    assert!(
        diff.contains(&format!(
            "<a href=\"/o/{org}/projects/{pid}/devices/1.1.4\"><code>1.1.4</code></a> Actuator 4"
        )),
        "device added, linked"
    );
    assert!(diff.contains("<code>1/0/3</code>"), "group address removed");
    assert!(diff.contains("Summary of the changes"));
    // The same version twice: back to the version list, which says what to do.
    let res = c
        .get(&format!("/o/{org}/projects/{pid}/diff?from=1&to=1"))
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = c.get_text(&location(&res)).await;
    assert!(page.contains("flash-error"));
    assert_eq!(
        c.get(&format!("/o/{org}/projects/{pid}/diff?from=1&to=9"))
            .await
            .status(),
        404
    );
    app.assert_counts_consistent().await;
}
