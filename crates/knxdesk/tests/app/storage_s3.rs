//! ETS files on S3 (`KNXDESK_STORAGE_URL=s3://bucket/prefix`), against a real S3-compatible
//! server given by `KNXDESK_TEST_S3_ENDPOINT` (CI starts moto's server); skipped without one.

use std::time::Duration;

use crate::common::{TestApp, location};
use knxproj::writer::{Spec, to_bytes};
use reqwest::multipart::{Form, Part};

db_tests!(uploads_and_downloads_go_through_s3);

/// Points the AWS variables at the test server and creates a fresh bucket; `None` to skip.
async fn bucket() -> Option<String> {
    let endpoint = std::env::var("KNXDESK_TEST_S3_ENDPOINT")
        .ok()
        .filter(|s| !s.is_empty())?;
    // Each test runs in its own process (nextest), so setting the environment is contained.
    unsafe {
        std::env::set_var("AWS_ENDPOINT", &endpoint);
        std::env::set_var("AWS_ALLOW_HTTP", "true");
        std::env::set_var("AWS_ACCESS_KEY_ID", "test");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
        std::env::set_var("AWS_REGION", "us-east-1");
    }
    let name = format!("knxdesk-{}", uuid::Uuid::new_v4().simple());
    let res = reqwest::Client::new()
        .put(format!("{endpoint}/{name}"))
        .send()
        .await
        .expect("S3 test server reachable");
    assert!(
        res.status().is_success(),
        "bucket created: {}",
        res.status()
    );
    Some(name)
}

async fn uploads_and_downloads_go_through_s3(app: TestApp) {
    let Some(bucket) = bucket().await else {
        eprintln!("KNXDESK_TEST_S3_ENDPOINT not set: skipped");
        return;
    };
    // The app under test, with S3 storage (the harness's app is replaced).
    let backend = if app.state.db.backend == knxdesk::db::Backend::Sqlite {
        crate::common::Backend::Sqlite
    } else {
        crate::common::Backend::Postgres
    };
    drop(app);
    let url = format!("s3://{bucket}/files");
    let app = TestApp::spawn_with(backend, |c| c.storage_url = url.clone())
        .await
        .unwrap();
    let (mut c, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let pid = app.project(&mut c, org, "Villa Huber", None).await;
    let bytes = to_bytes(&Spec {
        devices: 20,
        group_addresses: 60,
        ..Default::default()
    });
    let res = c
        .upload(
            &format!("/o/{org}/projects/{pid}/ets"),
            Form::new().part(
                "file",
                Part::bytes(bytes.clone()).file_name("villa.knxproj"),
            ),
        )
        .await;
    assert_eq!(res.status(), 303, "{}", location(&res));
    let mut ready = false;
    for _ in 0..400 {
        if app
            .count(&format!(
                "SELECT COUNT(*) FROM ets_versions WHERE project_id = {pid} AND status = 'ready'"
            ))
            .await
            == 1
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ready, "parsed from S3");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM project_devices WHERE project_id = {pid}"
        ))
        .await,
        20
    );
    // The original file and an export stream back from S3.
    let (_, page) = c.get_text(&format!("/o/{org}/projects/{pid}/ets")).await;
    let end = page.find("\">Original file").expect("download link");
    let start = page[..end].rfind("href=\"").unwrap() + 6;
    // The page's link signs one when followed.
    let res = c.get(&page[start..end]).await;
    assert_eq!(res.status(), 303);
    let link = crate::common::location(&res);
    let res = c.get(&link).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().to_vec(), bytes);
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
    // The objects really are in the bucket, under the prefix; nothing went to the data folder.
    let endpoint = std::env::var("KNXDESK_TEST_S3_ENDPOINT").unwrap();
    let listing = reqwest::get(format!("{endpoint}/{bucket}?list-type=2&prefix=files/"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(listing.matches("<Key>files/").count() >= 2, "{listing}");
    let local = app.dir.path().join("files");
    let local_files = std::fs::read_dir(&local).map(|d| d.count()).unwrap_or(0);
    assert_eq!(local_files, 0, "nothing stored locally");
}
