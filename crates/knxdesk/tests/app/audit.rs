//! The organisation's activity log: filters, paging, links, CSV, and who may read it.

use crate::common::TestApp;

db_tests!(
    activity_log_filters_pages_and_exports,
    times_follow_the_viewers_time_zone,
);

fn local(zone: &str, lang: knxdesk::i18n::Lang) -> knxdesk::clock::LocalTime {
    knxdesk::clock::LocalTime {
        zone: knxdesk::clock::Zone::parse(zone).unwrap(),
        lang,
    }
}

async fn activity_log_filters_pages_and_exports(app: TestApp) {
    let (mut anna, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let huber = app
        .customer(&mut anna, org, "Max Huber", "max@huber.de")
        .await;
    let villa = app
        .project(&mut anna, org, "Villa Huber", Some(huber))
        .await;
    app.project(&mut anna, org, "=HYPERLINK(\"x\")", None).await;
    let mut ben = app
        .add_member(&mut anna, org, "Ben Krause", "ben@example.com", "moderator")
        .await;
    app.customer(&mut ben, org, "Lisa Kern", "lisa@kern.de")
        .await;

    let (status, page) = anna.get_text(&format!("/o/{org}/activity")).await;
    assert_eq!(status, 200);
    for text in [
        "Anna Berg created the organisation Berg Elektro",
        "Anna Berg added the customer Max Huber",
        "Ben Krause added the customer Lisa Kern",
    ] {
        assert!(page.contains(text), "{text}");
    }
    // Entries name and link their project.
    assert!(page.contains(&format!(
        "/o/{org}/projects/{villa}/activity\">Villa Huber</a>"
    )));

    // Who, kind and project narrow the list; together they combine.
    let ben_id = app
        .count("SELECT id FROM users WHERE email = 'ben@example.com'")
        .await;
    let (_, page) = anna
        .get_text(&format!("/o/{org}/activity?who={ben_id}"))
        .await;
    let table = &page[page.find("<table").unwrap()..];
    assert!(table.contains("Lisa Kern") && !table.contains("Max Huber"));
    let (_, page) = anna
        .get_text(&format!("/o/{org}/activity?kind=customers"))
        .await;
    assert!(page.contains("added the customer Max Huber"));
    assert!(!page.contains("created the project"));
    let (_, page) = anna
        .get_text(&format!("/o/{org}/activity?project={villa}&kind=projects"))
        .await;
    let table = &page[page.find("<table").unwrap()..];
    assert!(table.contains("created the project Villa Huber"));
    assert!(!table.contains("HYPERLINK") && !table.contains("Lisa Kern"));
    // Dates: today matches everything, a day long gone nothing; nonsense is no filter.
    let (_, page) = anna
        .get_text(&format!("/o/{org}/activity?to=2000-01-01"))
        .await;
    assert!(page.contains("Nothing matches these filters."));
    let (status, page) = anna
        .get_text(&format!(
            "/o/{org}/activity?from=yesterday&who=x&kind=y&page=-4"
        ))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Lisa Kern") && page.contains("Max Huber"));

    // Paged by 50.
    for i in 0..55 {
        app.customer(&mut anna, org, &format!("Bulk {i}"), "").await;
    }
    let (_, first) = anna.get_text(&format!("/o/{org}/activity")).await;
    assert!(first.contains("Page 1 of 2") && first.contains("added the customer Bulk 54"));
    let (_, second) = anna.get_text(&format!("/o/{org}/activity?page=2")).await;
    assert!(second.contains("created the organisation") && !second.contains("Bulk 54"));

    // CSV of the filtered log, formulas neutralised.
    let res = anna
        .get(&format!("/o/{org}/activity/export?kind=projects"))
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("activity-log.csv")
    );
    let csv = res.text().await.unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("\"When\";\"Who\";\"What\";\"Project\""));
    assert!(csv.contains("\"Anna Berg created the project Villa Huber\";\"Villa Huber\""));
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    assert!(!csv.contains("Bulk"));

    // Administrators only: a moderator is refused, another organisation finds nothing.
    assert_eq!(ben.get(&format!("/o/{org}/activity")).await.status(), 403);
    let (carl, org_c) = app
        .owner_with_org("Carl Dorn", "carl@example.com", "Dorn GmbH")
        .await;
    let (_, own) = carl.get_text(&format!("/o/{org_c}/activity")).await;
    assert!(!own.contains("Max Huber") && own.contains("Carl Dorn created the organisation"));
    assert_eq!(carl.get(&format!("/o/{org}/activity")).await.status(), 404);
}

/// Times are shown in the viewer's zone (their profile's, else the organisation's) and their
/// language's format; date filters mean the viewer's days.
async fn times_follow_the_viewers_time_zone(app: TestApp) {
    use knxdesk::i18n::Lang;
    let (mut anna, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    app.customer(&mut anna, org, "Max Huber", "max@huber.de")
        .await;
    let at = app.count("SELECT MAX(at) FROM activity").await;
    let shown = |zone: &str, lang| {
        let t = local(zone, lang);
        format!(
            "<time datetime=\"{}\">{}</time>",
            t.machine(at),
            t.format(at)
        )
    };
    // A new organisation's zone is Europe/Berlin.
    let (_, log) = anna.get_text(&format!("/o/{org}/activity")).await;
    assert!(log.contains(&shown("Europe/Berlin", Lang::En)), "{log}");
    // The organisation's zone, for everyone without one of their own.
    let res = anna
        .post(
            &format!("/o/{org}/settings"),
            &[
                ("name", "Berg Elektro"),
                ("language", "en"),
                ("time_zone", "Mars/Olympus"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = anna
        .post(
            &format!("/o/{org}/settings"),
            &[
                ("name", "Berg Elektro"),
                ("language", "en"),
                ("time_zone", "Asia/Tokyo"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, dash) = anna.get_text(&format!("/o/{org}/")).await;
    assert!(dash.contains(&shown("Asia/Tokyo", Lang::En)));
    // The profile's zone wins, in the profile's language's format.
    let (status, page) = anna
        .post_text(
            "/settings/profile",
            &[
                ("name", "Anna Berg"),
                ("language", "de"),
                ("time_zone", "Nowhere/City"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("f-time_zone"));
    let res = anna
        .post(
            "/settings/profile",
            &[
                ("name", "Anna Berg"),
                ("language", "de"),
                ("time_zone", "America/New_York"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, log) = anna.get_text(&format!("/o/{org}/activity")).await;
    assert!(log.contains(&shown("America/New_York", Lang::De)));
    let (_, profile) = anna.get_text("/settings/profile").await;
    assert!(profile.contains("<option selected>America/New_York</option>"));
    assert!(profile.contains("Wie die Organisation (Asia/Tokyo)"));
    // The date filter is the viewer's calendar day, and the CSV shows the viewer's times.
    let ny = local("America/New_York", Lang::De);
    let day = &ny.machine(at)[..10];
    let (_, found) = anna
        .get_text(&format!("/o/{org}/activity?from={day}&to={day}"))
        .await;
    assert!(found.contains("Max Huber"));
    let next = ny.next_day(at);
    let (_, later) = anna
        .get_text(&format!("/o/{org}/activity?from={next}"))
        .await;
    assert!(!later.contains("Max Huber"));
    let csv = anna
        .get(&format!("/o/{org}/activity/export"))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains(&ny.format(at)));
    // Back to the organisation's zone.
    anna.post(
        "/settings/profile",
        &[("name", "Anna Berg"), ("language", "en"), ("time_zone", "")],
    )
    .await;
    let (_, log) = anna.get_text(&format!("/o/{org}/activity")).await;
    assert!(log.contains(&shown("Asia/Tokyo", Lang::En)));
}
