//! Global search: every kind of result, through the text indexes of both databases, scoped as
//! the pages are.

use std::time::Duration;

use crate::common::{Client, TestApp};

db_tests!(
    search_finds_every_kind_in_the_organisation_only,
    customer_users_find_only_their_own_projects,
    reindex_rewrites_the_words_of_existing_rows,
    cases_are_found_by_number_and_title_as_their_viewer_may_see_them,
);

async fn search(c: &Client, org: i64, q: &str) -> String {
    let q: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
    let (status, page) = c.get_text(&format!("/o/{org}/search?q={q}")).await;
    assert_eq!(status, 200, "{q}");
    page
}

async fn search_finds_every_kind_in_the_organisation_only(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        huber,
        villa,
    } = app.villa_huber().await;
    app.import(&mut admin, org, villa, 3).await;
    app.customer(&mut admin, org, "Jürgen Weiß", "jw@example.com")
        .await;
    // Another organisation with look-alike names.
    let (mut other, other_org) = app
        .owner_with_org("Zoe Zed", "zoe@example.com", "Zed Elektro")
        .await;
    let hubert = app
        .customer(&mut other, other_org, "Max Hubertus", "mh@example.com")
        .await;
    let villa_z = app
        .project(&mut other, other_org, "Villa Hubertus", Some(hubert))
        .await;
    app.import(&mut other, other_org, villa_z, 2).await;

    let page = search(&admin, org, "huber").await;
    assert!(page.contains(&format!("href=\"/o/{org}/projects/{villa}\"")));
    assert!(page.contains(&format!("href=\"/o/{org}/customers/{huber}/edit\"")));
    assert!(page.contains("Max Huber") && page.contains("Villa Huber"));
    assert!(!page.contains("Hubertus"), "another organisation's rows");
    // Words are found by their beginning, without case or accents.
    for q in ["jurgen weiss", "JÜRGEN", "weiß jü", "jw@example"] {
        assert!(search(&admin, org, q).await.contains("Jürgen Weiß"), "{q}");
    }
    assert!(!search(&admin, org, "urgen").await.contains("Jürgen Weiß"));
    // Devices by name and address, group addresses by address and name, each linked.
    let page = search(&admin, org, "actuator").await;
    assert!(page.contains(&format!("href=\"/o/{org}/projects/{villa}/devices/1.1.3\"")));
    assert!(page.contains("1.1.1 Actuator 1") && !page.contains(&format!("/o/{other_org}/")));
    let page = search(&admin, org, "1.1.2").await;
    let first = page.find("class=\"search-hit\"").unwrap();
    assert!(page[first..].starts_with(&format!(
        "class=\"search-hit\" href=\"/o/{org}/projects/{villa}/devices/1.1.2\""
    )));
    let page = search(&admin, org, "1/0/3").await;
    let gas = page.find(">Group addresses</h2>").unwrap();
    let first = gas + page[gas..].find("class=\"search-hit\"").unwrap();
    assert!(
        page[first..].starts_with(&format!(
            "class=\"search-hit\" href=\"/o/{org}/projects/{villa}/group-addresses?ga=1%2F0%2F3\""
        )),
        "the exact address first"
    );
    assert!(
        search(&admin, org, "light 4")
            .await
            .contains("1/0/3 Light 4 &#38; more")
    );
    // Members by name or email, for administrators.
    let page = search(&admin, org, "anna").await;
    assert!(page.contains("Members") && page.contains("anna@example.com"));
    let member = app
        .add_member(&mut admin, org, "Tom Tech", "tom@example.com", "member")
        .await;
    let page = search(&member, org, "anna").await;
    assert!(
        !page.contains("anna@example.com"),
        "members are the administrators' page"
    );
    assert!(search(&member, org, "huber").await.contains("Max Huber"));
    // Nothing found, nothing typed, and hostile queries.
    assert!(
        search(&admin, org, "zzzz")
            .await
            .contains("Nothing matches “zzzz”")
    );
    assert!(search(&admin, org, "").await.contains("Type a name"));
    for q in [
        "\"*) OR 1",
        "%",
        "NEAR(a b)",
        "huber:* | a",
        "' OR ''='",
        "-1",
        "a\u{0}b",
    ] {
        search(&admin, org, q).await;
    }
    // The palette's fragment: the same groups, fewer of each, and a link to the page.
    let (status, part) = admin
        .get_text(&format!("/o/{org}/search/results?q=huber"))
        .await;
    assert_eq!(status, 200);
    assert!(!part.contains("<html") && part.contains("Villa Huber"));
    assert!(part.contains(&format!("href=\"/o/{org}/search?q=huber\"")));
    assert!(part.contains("data-search-summary=\"2 results\""));
    // Not a member: the organisation does not exist for them.
    assert_eq!(
        other
            .get(&format!("/o/{org}/search?q=huber"))
            .await
            .status(),
        404
    );
    // The customers list search goes through the same index.
    let (_, list) = admin.get_text(&format!("/o/{org}/customers?q=weiss")).await;
    assert!(list.contains("Jürgen Weiß") && !list.contains("Max Huber"));
}

async fn customer_users_find_only_their_own_projects(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        huber,
        villa,
    } = app.villa_huber().await;
    app.import(&mut admin, org, villa, 2).await;
    let lang = app
        .customer(&mut admin, org, "Eva Lang", "eva@example.com")
        .await;
    let haus = app.project(&mut admin, org, "Haus Lang", Some(lang)).await;
    app.import(&mut admin, org, haus, 3).await;
    let unlinked = app.project(&mut admin, org, "Lager Huber", None).await;
    let max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;

    let page = search(&max, org, "actuator").await;
    assert!(page.contains(&format!("/o/{org}/projects/{villa}/devices/1.1.2")));
    assert!(
        !page.contains(&format!("/projects/{haus}/")),
        "another customer's devices"
    );
    assert!(!page.contains("1.1.3 Actuator 3"));
    let page = search(&max, org, "huber").await;
    assert!(page.contains("Villa Huber") && !page.contains("Lager Huber"));
    assert!(!page.contains(&format!("/projects/{unlinked}")));
    assert!(
        !page.contains("/customers/"),
        "customers are not a customer user's to find"
    );
    assert!(!search(&max, org, "lang").await.contains("Haus Lang"));
    assert!(!search(&max, org, "anna").await.contains("anna@example.com"));
    let (_, part) = max
        .get_text(&format!("/o/{org}/search/results?q=light"))
        .await;
    assert!(part.contains(&format!("/projects/{villa}/group-addresses")));
    assert!(!part.contains(&format!("/projects/{haus}/")));
}

async fn reindex_rewrites_the_words_of_existing_rows(app: TestApp) {
    let crate::common::Villa { admin, org, .. } = app.villa_huber().await;
    // A row whose words are missing (as rows written before the index were).
    sqlx::query("UPDATE customers SET search_text = '' WHERE org_id = $1")
        .bind(org)
        .execute(app.pool())
        .await
        .unwrap();
    assert!(!search(&admin, org, "max").await.contains("Max Huber"));
    sqlx::query(
        "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ('search_reindex', '{}', 0, 0)",
    )
    .execute(app.pool())
    .await
    .unwrap();
    for _ in 0..200 {
        if search(&admin, org, "max").await.contains("Max Huber") {
            assert_eq!(
                app.count(
                    "SELECT COUNT(*) FROM customers WHERE search_text = 'max huber max huber de'"
                )
                .await,
                1
            );
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the reindex job did not run");
}

async fn cases_are_found_by_number_and_title_as_their_viewer_may_see_them(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        huber,
        villa,
    } = app.villa_huber().await;
    let meier = app
        .customer(&mut admin, org, "Eva Meier", "eva@meier.de")
        .await;
    let haus = app
        .project(&mut admin, org, "Haus Meier", Some(meier))
        .await;
    for (project, title) in [
        (villa, "Dimmer flickers in the kitchen"),
        (haus, "Dimmer hums in the hall"),
    ] {
        let res = admin
            .post(
                &format!("/o/{org}/service"),
                &[
                    ("project", &project.to_string()),
                    ("title", title),
                    ("priority", "medium"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
    }
    // Words in an internal note are not what a case is found by.
    let res = admin
        .post(
            &format!("/o/{org}/service/1/comments"),
            &[("body", "secret supplier margin"), ("internal", "1")],
        )
        .await;
    assert_eq!(res.status(), 303);

    let page = search(&admin, org, "dimmer").await;
    assert!(page.contains(&format!("/o/{org}/service/1\"")), "{page}");
    assert!(page.contains(&format!("/o/{org}/service/2\"")));
    assert!(page.contains("Service cases"));
    let page = search(&admin, org, "#2").await;
    assert!(page.contains("#2 Dimmer hums in the hall"));
    assert!(!search(&admin, org, "margin").await.contains("/service/1\""));

    let max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;
    let page = search(&max, org, "dimmer").await;
    assert!(page.contains("#1 Dimmer flickers in the kitchen"));
    assert!(
        !page.contains("hums in the hall"),
        "another customer's case"
    );
    assert!(!search(&max, org, "#2").await.contains("hums in the hall"));
    assert!(!search(&max, org, "2").await.contains("hums in the hall"));
}
