//! Service cases (S1, S2): opening, numbering, the team's fields, status moves, comments public
//! and internal, the list, the board and the project tab, for staff and for customer users.

use crate::common::{Client, TestApp, location};
use reqwest::multipart::{Form, Part};

db_tests!(
    staff_open_work_on_and_close_a_case,
    numbers_are_dense_under_concurrent_creation,
    hostile_input_is_refused_and_nothing_is_stored,
    customers_see_their_own_cases_without_internal_notes,
    templates_and_checklists_are_the_teams_own,
    attachments_are_sniffed_signed_and_internal_ones_stay_internal,
    resolved_cases_close_by_themselves_after_14_days,
    kept_lists_and_boards_show_every_change,
    cases_stay_on_their_devices_across_ets_versions,
);

/// Opens a case through the form; returns its number (from the redirect).
async fn open(c: &mut Client, org: i64, form: &[(&str, &str)]) -> i64 {
    let res = c.post(&format!("/o/{org}/service"), form).await;
    assert_eq!(res.status(), 303, "case opened");
    location(&res).rsplit('/').next().unwrap().parse().unwrap()
}

/// Follows a redirect and returns the page (with its flash message).
async fn follow(c: &Client, res: reqwest::Response) -> String {
    assert_eq!(res.status(), 303);
    let (status, body) = c.get_text(&location(&res)).await;
    assert_eq!(status, 200);
    body
}

async fn staff_open_work_on_and_close_a_case(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        ..
    } = app.villa_huber().await;
    app.import(&mut admin, org, villa, 3).await;
    let mel = app
        .add_member(&mut admin, org, "Mel Member", "mel@example.com", "member")
        .await;
    let mel_id = app
        .count("SELECT id FROM users WHERE email = 'mel@example.com'")
        .await
        .to_string();
    let device = app
        .count(&format!(
            "SELECT MIN(id) FROM project_devices WHERE project_id = {villa}"
        ))
        .await
        .to_string();
    let villa_s = villa.to_string();

    // The form: project first, then its devices.
    let (status, page) = admin.get_text(&format!("/o/{org}/service/new")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Villa Huber"), "projects offered");
    let (_, page) = admin
        .get_text(&format!("/o/{org}/service/new?project={villa}"))
        .await;
    assert!(page.contains("Actuator 1"), "the project's devices offered");

    let n = open(
        &mut admin,
        org,
        &[
            ("project", &villa_s),
            ("device", &device),
            ("title", "Kitchen dimmer flickers"),
            ("description", "**Since Monday**, at low levels."),
            ("priority", "high"),
            ("assignee", &mel_id),
            ("due_on", "2030-01-15"),
        ],
    )
    .await;
    assert_eq!(n, 1, "the first case is #1");
    let (status, page) = admin.get_text(&format!("/o/{org}/service/1")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Kitchen dimmer flickers"));
    assert!(
        page.contains("<strong>Since Monday</strong>"),
        "Markdown rendered"
    );
    assert!(page.contains("Mel Member"), "assignee shown");
    assert!(page.contains("Actuator 1"), "device shown");
    assert!(page.contains("Start work"), "moves offered");
    let (_, device_page) = admin
        .get_text(&format!("/o/{org}/projects/{villa}/devices/1.1.1"))
        .await;
    assert!(
        device_page.contains("Kitchen dimmer flickers"),
        "the device lists its open cases"
    );
    assert!(device_page.contains(&format!("/service/new?project={villa}&amp;device={device}")));

    // The list, the board and the project tab show it.
    for path in [
        format!("/o/{org}/service"),
        format!("/o/{org}/service?assignee={mel_id}&priority=high"),
        format!("/o/{org}/service?q=dimmer"),
        format!("/o/{org}/service/board"),
        format!("/o/{org}/projects/{villa}/service"),
    ] {
        let (status, page) = admin.get_text(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(page.contains("Kitchen dimmer flickers"), "{path}");
    }
    for path in [
        format!("/o/{org}/service?assignee=nobody"),
        format!("/o/{org}/service?q=heating"),
        format!("/o/{org}/service?status=closed"),
        format!("/o/{org}/service?due=overdue"),
    ] {
        let (status, page) = admin.get_text(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!page.contains("Kitchen dimmer flickers"), "{path}");
    }

    // Status moves; a closed case only reopens.
    let res = admin
        .post(
            &format!("/o/{org}/service/1/status"),
            &[("status", "in_progress")],
        )
        .await;
    assert!(follow(&admin, res).await.contains("is now “In progress”"));
    let res = admin
        .post(
            &format!("/o/{org}/service/board/move"),
            &[("number", "1"), ("status", "closed")],
        )
        .await;
    assert_eq!(location(&res), format!("/o/{org}/service/board"));
    let res = admin
        .post(
            &format!("/o/{org}/service/1/status"),
            &[("status", "resolved")],
        )
        .await;
    assert!(
        follow(&admin, res)
            .await
            .contains("cannot move from “Closed” to “Resolved”"),
        "an invalid move is refused with a message"
    );
    let res = admin
        .post(&format!("/o/{org}/service/1/status"), &[("status", "done")])
        .await;
    assert!(
        follow(&admin, res)
            .await
            .contains("That status does not exist")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_cases WHERE status = 'closed'")
            .await,
        1
    );
    let res = admin
        .post(&format!("/o/{org}/service/1/status"), &[("status", "open")])
        .await;
    assert_eq!(res.status(), 303);

    // The team's fields: each change is a timeline entry, old → new.
    let res = admin
        .post(
            &format!("/o/{org}/service/1"),
            &[
                ("title", "Kitchen dimmer flickers badly"),
                ("description", "**Since Monday**, at low levels."),
                ("priority", "critical"),
                ("assignee", ""),
                ("due_on", ""),
                ("device", &device),
            ],
        )
        .await;
    let page = follow(&admin, res).await;
    for sentence in [
        "Anna Berg changed the status from In progress to Closed",
        "Anna Berg changed the status from Closed to Open",
        "Anna Berg changed the priority from High to Critical",
        "Anna Berg removed the assignee Mel Member",
        "Anna Berg removed the due date",
        "Anna Berg renamed the case from “Kitchen dimmer flickers”",
    ] {
        assert!(page.contains(sentence), "{sentence}");
    }

    // Comments: public and internal, edited and deleted by their author only.
    let res = admin
        .post(
            &format!("/o/{org}/service/1/comments"),
            &[("body", "Replaced the *dimmer*."), ("internal", "0")],
        )
        .await;
    assert!(follow(&admin, res).await.contains("<em>dimmer</em>"));
    let res = admin
        .post(
            &format!("/o/{org}/service/1/comments"),
            &[("body", "Customer was grumpy"), ("internal", "1")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let comment = app.count("SELECT MIN(id) FROM case_comments").await;
    let mut mel = mel;
    let res = mel
        .post(
            &format!("/o/{org}/service/1/comments/{comment}"),
            &[("body", "not mine")],
        )
        .await;
    assert_eq!(
        res.status(),
        404,
        "another member's comment is not theirs to edit"
    );
    let res = admin
        .post(
            &format!("/o/{org}/service/1/comments/{comment}"),
            &[("body", "Replaced the dimmer and the driver.")],
        )
        .await;
    let page = follow(&admin, res).await;
    assert!(page.contains("Replaced the dimmer and the driver."));
    assert!(page.contains("(edited)"));
    let res = admin
        .post(
            &format!("/o/{org}/service/1/comments/{comment}/delete"),
            &[],
        )
        .await;
    assert!(
        !follow(&admin, res)
            .await
            .contains("Replaced the dimmer and the driver.")
    );

    // The activity log has every change.
    let (_, log) = admin
        .get_text(&format!("/o/{org}/activity?kind=service"))
        .await;
    assert!(
        log.contains("opened the case #1 Kitchen dimmer flickers"),
        "{log}"
    );
    assert!(log.contains("added an internal note to the case #1"));
    app.assert_counts_consistent().await;
}

async fn numbers_are_dense_under_concurrent_creation(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        ..
    } = app.villa_huber().await;
    admin.csrf().await;
    let villa = villa.to_string();
    let admin = std::sync::Arc::new(admin);
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let admin = admin.clone();
            let villa = villa.clone();
            tokio::spawn(async move {
                let title = format!("Case {i}");
                let res = admin
                    .post_ready(
                        &format!("/o/{org}/service"),
                        &[("project", &villa), ("title", &title), ("priority", "low")],
                    )
                    .await;
                assert_eq!(res.status(), 303);
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM service_cases").await, 12);
    assert_eq!(
        app.count("SELECT COUNT(DISTINCT number) FROM service_cases")
            .await,
        12
    );
    assert_eq!(app.count("SELECT MAX(number) FROM service_cases").await, 12);
    app.assert_counts_consistent().await;
}

async fn hostile_input_is_refused_and_nothing_is_stored(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        ..
    } = app.villa_huber().await;
    let (mut other, other_org) = app
        .owner_with_org("Otto Other", "otto@example.com", "Other GmbH")
        .await;
    let foreign = app.project(&mut other, other_org, "Foreign", None).await;
    let villa_s = villa.to_string();
    let long = "x".repeat(100_000);
    let foreign_s = foreign.to_string();
    for (form, message) in [
        (
            vec![("project", villa_s.as_str()), ("title", "")],
            "This field is required",
        ),
        (
            vec![("project", villa_s.as_str()), ("title", long.as_str())],
            "At most 200",
        ),
        (
            vec![
                ("project", villa_s.as_str()),
                ("title", "T"),
                ("priority", "urgent"),
            ],
            "Choose a priority",
        ),
        (
            vec![
                ("project", villa_s.as_str()),
                ("title", "T"),
                ("priority", "low"),
                ("device", "999999"),
            ],
            "Choose a device of this project",
        ),
        (
            vec![
                ("project", villa_s.as_str()),
                ("title", "T"),
                ("priority", "low"),
                ("due_on", "31.12.2026"),
            ],
            "Enter a date",
        ),
        (
            vec![
                ("project", villa_s.as_str()),
                ("title", "T"),
                ("priority", "low"),
                ("assignee", "999999"),
            ],
            "Choose a member of your team",
        ),
        (
            vec![
                ("project", foreign_s.as_str()),
                ("title", "T"),
                ("priority", "low"),
            ],
            "Choose one of your projects",
        ),
    ] {
        let (status, page) = admin.post_text(&format!("/o/{org}/service"), &form).await;
        assert_eq!(status, 422, "{message}");
        assert!(page.contains(message), "{message}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM service_cases").await, 0);

    // Script in a title and a comment is text, never markup.
    open(
        &mut admin,
        org,
        &[
            ("project", &villa_s),
            ("title", "<script>alert(1)</script>"),
            (
                "description",
                "<img src=x onerror=alert(1)> [x](javascript:alert(2))",
            ),
            ("priority", "low"),
        ],
    )
    .await;
    let (_, page) = admin.get_text(&format!("/o/{org}/service/1")).await;
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains("&#60;script&#62;alert(1)"), "shown as text");
    assert!(!page.contains("<img src=x"), "an image tag stays text");
    assert!(!page.contains("<a href=\"javascript"), "no script link");
    let (status, _) = admin
        .post_text(&format!("/o/{org}/service/1/comments"), &[("body", "  ")])
        .await;
    assert_eq!(status, 422);
    let (status, _) = admin
        .post_text(
            &format!("/o/{org}/service/1/comments"),
            &[("body", long.as_str())],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM case_comments").await, 0);

    // Another organisation's member finds nothing of it.
    for path in [
        format!("/o/{org}/service"),
        format!("/o/{org}/service/1"),
        format!("/o/{org}/service/board"),
    ] {
        assert_eq!(other.get(&path).await.status(), 404, "{path}");
    }
    let (status, _) = other.get_text(&format!("/o/{other_org}/service/1")).await;
    assert_eq!(status, 404, "their own organisation has no #1");
}

async fn customers_see_their_own_cases_without_internal_notes(app: TestApp) {
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
    let mut max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;
    let mut eva = app
        .add_owner(&mut admin, org, meier, "Eva Meier", "eva@meier.de")
        .await;
    let villa_s = villa.to_string();

    // Max opens a case on his project: the team decides priority and assignee.
    let n = open(
        &mut max,
        org,
        &[
            ("project", &villa_s),
            ("title", "Blinds do not close"),
            ("priority", "critical"),
            ("assignee", "1"),
        ],
    )
    .await;
    assert_eq!(n, 1);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM service_cases WHERE priority = 2 AND assignee_user_id IS NULL"
        )
        .await,
        1,
        "a customer's case starts at medium, unassigned"
    );
    let (_, home) = max.get_text(&format!("/o/{org}/")).await;
    assert!(
        home.contains("Blinds do not close"),
        "the portal home lists open cases"
    );
    let (_, home) = eva.get_text(&format!("/o/{org}/")).await;
    assert!(!home.contains("Blinds do not close"));
    // Not on someone else's project.
    let (status, _) = max
        .post_text(
            &format!("/o/{org}/service"),
            &[("project", &haus.to_string()), ("title", "Mine?")],
        )
        .await;
    assert_eq!(status, 422);

    // Staff note internally and answer publicly. The answer is the case's first answer (the
    // figures' median); the note is not, nor the customer's own words further down.
    let answered =
        "SELECT COUNT(*) FROM service_cases WHERE number = 1 AND first_answer_at IS NOT NULL";
    for (body, internal, first_answer) in [
        ("Motor is end of life", "1", 0),
        ("We come on Tuesday.", "0", 1),
    ] {
        let res = admin
            .post(
                &format!("/o/{org}/service/1/comments"),
                &[("body", body), ("internal", internal)],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(app.count(answered).await, first_answer, "after {body:?}");
    }
    let first_answer = app
        .count("SELECT first_answer_at FROM service_cases WHERE number = 1")
        .await;
    let res = admin
        .post(
            &format!("/o/{org}/service/1/status"),
            &[("status", "in_progress")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = admin
        .post(
            &format!("/o/{org}/service/1"),
            &[
                ("title", "Blinds do not close"),
                ("priority", "high"),
                ("assignee", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);

    let (status, page) = max.get_text(&format!("/o/{org}/service/1")).await;
    assert_eq!(status, 200);
    assert!(page.contains("We come on Tuesday."));
    assert!(page.contains("changed the status from Open to In progress"));
    assert!(
        !page.contains("Motor is end of life"),
        "internal note hidden"
    );
    assert!(
        !page.contains("changed the priority"),
        "internal changes hidden"
    );
    assert!(
        !page.contains("Start work") && !page.contains("Resolve"),
        "no moves"
    );
    let (_, list) = max.get_text(&format!("/o/{org}/service")).await;
    assert!(list.contains("Blinds do not close"));

    // Customers cannot write internal notes, move, edit or see the board.
    let (status, _) = max
        .post_text(
            &format!("/o/{org}/service/1/comments"),
            &[("body", "sneaky"), ("internal", "1")],
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = max
        .post_text(
            &format!("/o/{org}/service/1/status"),
            &[("status", "closed")],
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = max
        .post_text(&format!("/o/{org}/service/1"), &[("title", "Mine now")])
        .await;
    assert_eq!(status, 403);
    assert_eq!(
        max.get(&format!("/o/{org}/service/board")).await.status(),
        403
    );
    let res = max
        .post(
            &format!("/o/{org}/service/1/comments"),
            &[("body", "Thanks, Tuesday works.")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.count("SELECT first_answer_at FROM service_cases WHERE number = 1")
            .await,
        first_answer,
        "the first answer stays the first"
    );

    // Another customer of the same organisation sees none of it.
    assert_eq!(eva.get(&format!("/o/{org}/service/1")).await.status(), 404);
    let (_, list) = eva.get_text(&format!("/o/{org}/service")).await;
    assert!(!list.contains("Blinds do not close"));
    let (status, _) = eva
        .post_text(&format!("/o/{org}/service/1/comments"), &[("body", "hi")])
        .await;
    assert_eq!(status, 404);

    // A resolved case waits for the customer: confirm closes it.
    let res = admin
        .post(
            &format!("/o/{org}/service/1/status"),
            &[("status", "resolved")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = max.get_text(&format!("/o/{org}/service/1")).await;
    assert!(page.contains("Does everything work again?"));
    let (status, _) = max
        .post_text(
            &format!("/o/{org}/service/1/status"),
            &[("status", "in_progress")],
        )
        .await;
    assert_eq!(status, 303, "refused with a message, not an error page");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_cases WHERE status = 'resolved'")
            .await,
        1
    );
    let res = max
        .post(
            &format!("/o/{org}/service/1/status"),
            &[("status", "closed")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_cases WHERE status = 'closed'")
            .await,
        1
    );
    // Unlinking the project takes the case away from the customer at once.
    let res = admin
        .post(
            &format!("/o/{org}/projects/{villa}/customer"),
            &[("customer_id", "")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(max.get(&format!("/o/{org}/service/1")).await.status(), 404);
    app.assert_counts_consistent().await;
}

async fn templates_and_checklists_are_the_teams_own(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        huber,
        villa,
    } = app.villa_huber().await;
    let mut max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;
    let (mut other, other_org) = app
        .owner_with_org("Otto Other", "otto@example.com", "Other GmbH")
        .await;
    let villa_s = villa.to_string();

    // Refused templates: nothing stored.
    let too_many = (0..51)
        .map(|i| format!("Step {i}"))
        .collect::<Vec<_>>()
        .join("\n");
    for (form, message) in [
        (
            vec![("name", ""), ("title", "T"), ("priority", "low")],
            "This field is required",
        ),
        (
            vec![("name", "N"), ("title", "T"), ("priority", "asap")],
            "Choose a priority",
        ),
        (
            vec![
                ("name", "N"),
                ("title", "T"),
                ("priority", "low"),
                ("checklist", too_many.as_str()),
            ],
            "At most 50 items",
        ),
    ] {
        let (status, page) = admin
            .post_text(&format!("/o/{org}/service/templates"), &form)
            .await;
        assert_eq!(status, 422, "{message}");
        assert!(page.contains(message), "{message}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM case_templates").await, 0);
    let res = admin
        .post(
            &format!("/o/{org}/service/templates"),
            &[
                ("name", "Annual inspection"),
                ("title", "Annual KNX inspection"),
                ("description", "Bus voltage, logic, **backup**."),
                ("priority", "low"),
                (
                    "checklist",
                    "Measure bus voltage\n\n  Check the ETS backup  \n",
                ),
            ],
        )
        .await;
    assert!(
        follow(&admin, res)
            .await
            .contains("Template “Annual inspection” saved.")
    );
    let template = app
        .count("SELECT MIN(id) FROM case_templates")
        .await
        .to_string();

    // New case from the template: the form is filled in, the checklist comes along.
    let (_, page) = admin
        .get_text(&format!(
            "/o/{org}/service/new?project={villa}&template={template}"
        ))
        .await;
    assert!(
        page.contains("value=\"Annual KNX inspection\""),
        "title filled in"
    );
    assert!(page.contains("Check the ETS backup"), "checklist shown");
    let n = open(
        &mut admin,
        org,
        &[
            ("project", &villa_s),
            ("template", &template),
            ("title", "Annual KNX inspection"),
            ("priority", "low"),
        ],
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM case_checklist_items").await,
        2
    );
    let item = app.count("SELECT MIN(id) FROM case_checklist_items").await;
    let res = admin
        .post(
            &format!("/o/{org}/service/{n}/checklist/{item}"),
            &[("done", "1")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = admin.get_text(&format!("/o/{org}/service/{n}")).await;
    assert!(page.contains("Anna Berg ticked “Measure bus voltage”"));
    assert!(
        page.contains("aria-pressed=\"true\""),
        "ticked, with who and when"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM case_checklist_items WHERE done_by IS NOT NULL AND done_at IS NOT NULL").await,
        1
    );

    // The customer sees the case, not its checklist, and no template exists for them.
    let (status, page) = max.get_text(&format!("/o/{org}/service/{n}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains("Measure bus voltage"), "no checklist");
    assert!(
        !page.contains("ticked"),
        "no checklist entries in the timeline"
    );
    for path in [
        format!("/o/{org}/service/templates"),
        format!("/o/{org}/service/templates/{template}"),
    ] {
        assert_eq!(max.get(&path).await.status(), 404, "{path}");
    }
    let (status, _) = max
        .post_text(
            &format!("/o/{org}/service/{n}/checklist/{item}"),
            &[("done", "0")],
        )
        .await;
    assert_eq!(status, 404);
    let (_, page) = max
        .get_text(&format!(
            "/o/{org}/service/new?project={villa}&template={template}"
        ))
        .await;
    assert!(
        !page.contains("Check the ETS backup"),
        "a template URL fills nothing in for them"
    );
    let n2 = open(
        &mut max,
        org,
        &[
            ("project", &villa_s),
            ("template", &template),
            ("title", "Light stays on"),
        ],
    )
    .await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM case_checklist_items i JOIN service_cases s ON s.id = i.case_id WHERE s.number = {n2}"
        ))
        .await,
        0,
        "no checklist from a template they cannot see"
    );

    // Another organisation's administrator reaches nothing.
    for path in [
        format!("/o/{other_org}/service/templates/{template}"),
        format!("/o/{org}/service/templates/{template}"),
    ] {
        assert_eq!(other.get(&path).await.status(), 404, "{path}");
    }
    let (status, _) = other
        .post_text(
            &format!("/o/{other_org}/service/templates/{template}/delete"),
            &[],
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(app.count("SELECT COUNT(*) FROM case_templates").await, 1);

    // Deleting the template keeps the case's checklist.
    let res = admin
        .post(
            &format!("/o/{org}/service/templates/{template}/delete"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM case_templates").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM case_checklist_items").await,
        2
    );
}

/// The smallest PNG (1×1).
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";

fn files(list: &[(&str, Vec<u8>)], internal: &str) -> Form {
    let mut form = Form::new()
        .text("body", "")
        .text("internal", internal.to_string());
    for (name, bytes) in list {
        form = form.part(
            "files",
            Part::bytes(bytes.clone()).file_name(name.to_string()),
        );
    }
    form
}

async fn attachments_are_sniffed_signed_and_internal_ones_stay_internal(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        huber,
        villa,
    } = app.villa_huber().await;
    let mut max = app
        .add_owner(&mut admin, org, huber, "Max Huber", "max@huber.de")
        .await;
    open(
        &mut admin,
        org,
        &[
            ("project", &villa.to_string()),
            ("title", "Dimmer"),
            ("priority", "low"),
        ],
    )
    .await;
    let path = format!("/o/{org}/service/1/attachments");

    // A photo named .jpg that is a PNG, and a log with a path in its name.
    let res = admin
        .upload(
            &path,
            files(
                &[
                    ("photo.jpg", PNG.to_vec()),
                    ("../../bus.log", b"29 V at 10:00".to_vec()),
                ],
                "0",
            ),
        )
        .await;
    assert!(follow(&admin, res).await.contains("2 files attached."));
    let rows: Vec<(String, String)> = {
        use sqlx::Row;
        sqlx::query("SELECT file_name, content_type FROM case_attachments ORDER BY id")
            .fetch_all(app.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect()
    };
    assert_eq!(
        rows[0],
        ("photo.jpg".into(), "image/png".into()),
        "the type is the content's"
    );
    assert_eq!(
        rows[1],
        ("bus.log".into(), "text/plain; charset=utf-8".into()),
        "no path in the name"
    );
    let photo = app.count("SELECT MIN(id) FROM case_attachments").await;
    let log = app.count("SELECT MAX(id) FROM case_attachments").await;

    // Links are signed when followed; images inline, the rest downloads.
    let res = max
        .get(&format!("/o/{org}/service/1/attachments/{photo}"))
        .await;
    assert_eq!(res.status(), 303);
    let signed = location(&res);
    assert!(signed.contains("sig="));
    let res = max.get(&signed).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["content-disposition"], "inline");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    let res = admin
        .get(&format!("/o/{org}/service/1/attachments/{log}"))
        .await;
    let res = admin.get(&location(&res)).await;
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    // Someone else's link, or an altered one, is no link: it sends for a fresh one.
    let res = admin.get(&signed).await;
    assert_eq!(res.status(), 303, "signed for Max, not for Anna");
    assert_eq!(
        location(&res),
        format!("/o/{org}/service/1/attachments/{photo}")
    );

    // Internal files: the team's only.
    let res = admin
        .upload(&path, files(&[("quote.pdf", b"%PDF-1.7\n".to_vec())], "1"))
        .await;
    assert_eq!(res.status(), 303);
    let quote = app.count("SELECT MAX(id) FROM case_attachments").await;
    let (_, page) = max.get_text(&format!("/o/{org}/service/1")).await;
    assert!(page.contains("photo.jpg") && !page.contains("quote.pdf"));
    assert_eq!(
        max.get(&format!("/o/{org}/service/1/attachments/{quote}"))
            .await
            .status(),
        404
    );
    let res = max
        .upload(&path, files(&[("x.png", PNG.to_vec())], "1"))
        .await;
    assert_eq!(res.status(), 403, "customers attach nothing internal");

    // Too large, too many, none: a message, nothing stored.
    let before = app.count("SELECT COUNT(*) FROM case_attachments").await;
    let big = vec![b'x'; 25 * 1024 * 1024 + 1];
    let res = max
        .upload(
            &path,
            files(&[("small.png", PNG.to_vec()), ("huge.log", big)], "0"),
        )
        .await;
    assert!(
        follow(&max, res)
            .await
            .contains("huge.log is larger than 25 MB: nothing was attached.")
    );
    let many: Vec<(&str, Vec<u8>)> = (0..11).map(|_| ("p.png", PNG.to_vec())).collect();
    let res = max.upload(&path, files(&many, "0")).await;
    assert!(follow(&max, res).await.contains("At most 10 files at once"));
    let res = max.upload(&path, Form::new().text("body", "hello")).await;
    assert!(
        follow(&max, res)
            .await
            .contains("Choose at least one file.")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM case_attachments").await,
        before
    );

    // The customer's photo reaches the team.
    let res = max
        .upload(&path, files(&[("ceiling.png", PNG.to_vec())], "0"))
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = admin.get_text(&format!("/o/{org}/service/1")).await;
    assert!(page.contains("alt=\"ceiling.png\""));
}

async fn resolved_cases_close_by_themselves_after_14_days(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        ..
    } = app.villa_huber().await;
    let villa = villa.to_string();
    for title in ["Old fix", "New fix"] {
        open(
            &mut admin,
            org,
            &[("project", &villa), ("title", title), ("priority", "low")],
        )
        .await;
    }
    for n in [1, 2] {
        let res = admin
            .post(
                &format!("/o/{org}/service/{n}/status"),
                &[("status", "resolved")],
            )
            .await;
        assert_eq!(res.status(), 303);
    }
    // #2 as if resolved 13 days later.
    sqlx::query("UPDATE service_cases SET resolved_at = resolved_at + 13 * 86400 WHERE number = 2")
        .execute(app.pool())
        .await
        .unwrap();
    app.state.clock.advance(13 * 86400);
    // (The server's idle sweep may run it too; either way the outcome is the same.)
    knxdesk::service::auto_close::close_resolved(&app.state)
        .await
        .unwrap();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_cases WHERE status = 'resolved'")
            .await,
        2,
        "13 days: still waiting"
    );
    app.state.clock.advance(2 * 86400);
    knxdesk::service::auto_close::close_resolved(&app.state)
        .await
        .unwrap();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_cases WHERE number = 1 AND status = 'closed'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_cases WHERE number = 2 AND status = 'resolved'")
            .await,
        1
    );
    // Two weeks on, the session is long over.
    let mut admin = admin;
    admin
        .sign_in("anna@example.com", crate::common::PASSWORD)
        .await;
    let (_, page) = admin.get_text(&format!("/o/{org}/service/1")).await;
    assert!(
        page.contains("Closed by itself after 14 days without an answer"),
        "on the timeline"
    );
    app.assert_counts_consistent().await;
}

/// The list and the board are kept between changes (service/view_cache.rs): every change to
/// what they show, through the pages or straight in the database, is on the next request, and
/// one viewer's kept page is never another's.
async fn kept_lists_and_boards_show_every_change(app: TestApp) {
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        ..
    } = app.villa_huber().await;
    let mut mel = app
        .add_member(&mut admin, org, "Mel Member", "mel@example.com", "member")
        .await;
    let mel_id = app
        .count("SELECT id FROM users WHERE email = 'mel@example.com'")
        .await
        .to_string();
    let villa_s = villa.to_string();
    open(
        &mut admin,
        org,
        &[
            ("project", &villa_s),
            ("title", "Blind in the office does not close"),
            ("priority", "medium"),
            ("assignee", &mel_id),
        ],
    )
    .await;
    let list = format!("/o/{org}/service");
    let board = format!("/o/{org}/service/board");
    for path in [&list, &board] {
        let (_, page) = admin.get_text(path).await;
        assert!(
            page.contains("Blind in the office does not close"),
            "{path}"
        );
        assert!(page.contains("Mel Member"), "{path}");
        // Asked twice: the second answer is the kept one, with this request's CSRF token.
        let (_, again) = admin.get_text(path).await;
        assert_eq!(
            page.matches("Blind in the office").count(),
            again.matches("Blind in the office").count()
        );
        assert!(
            again.contains(&format!("value=\"{}\"", admin.csrf().await)),
            "{path}: the viewer's token"
        );
    }
    let (_, page) = admin.get_text(&board).await;
    let token = admin.csrf().await;
    assert!(
        page.contains(&format!(
            "name=\"_csrf\" form=\"board-move\" value=\"{token}\""
        )),
        "the board's move form gets this viewer's token"
    );
    // Through the pages: the assignee renames themselves, the project is renamed.
    let res = mel
        .post(
            "/settings/profile",
            &[
                ("name", "Melanie Member"),
                ("phone", ""),
                ("language", "en"),
                ("time_zone", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "profile saved");
    let res = admin
        .post(
            &format!("/o/{org}/projects/{villa}"),
            &[
                ("name", "Villa Huber-Berg"),
                ("customer_id", ""),
                ("building_name", ""),
                ("building_address", ""),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "project saved");
    for path in [&list, &board] {
        let (_, page) = admin.get_text(path).await;
        assert!(page.contains("Melanie Member"), "{path}: the new name");
        assert!(
            page.contains("Villa Huber-Berg"),
            "{path}: the new project name"
        );
    }
    // Straight in the database (another instance, or an administrator with SQL).
    sqlx::query("UPDATE service_cases SET title = 'Blind in the office closes halfway'")
        .execute(app.pool())
        .await
        .unwrap();
    for path in [&list, &board] {
        let (_, page) = admin.get_text(path).await;
        assert!(
            page.contains("closes halfway"),
            "{path}: changed in the database"
        );
    }
    // Another viewer gets their own page, never the one kept for the first.
    let (status, mel_list) = mel.get_text(&list).await;
    assert_eq!(status, 200);
    assert!(mel_list.contains("closes halfway"));
    assert!(!mel_list.contains(&token), "never another viewer's token");
    assert!(mel_list.contains(&mel.csrf().await));
}

/// A new ETS version matches its devices to the ones before (ETS's id, then address and order
/// number): a case stays on its device when the device is renamed or readdressed; a device that
/// is gone is kept, marked removed, with its case; a new device is new.
async fn cases_stay_on_their_devices_across_ets_versions(app: TestApp) {
    use knxproj::writer::Spec;
    let crate::common::Villa {
        mut admin,
        org,
        villa,
        ..
    } = app.villa_huber().await;
    let v1 = Spec {
        devices: 4,
        group_addresses: 12,
        ..Default::default()
    };
    app.import_spec(&mut admin, org, villa, &v1, 1).await;
    let id_of = async |address: &str| {
        app.count(&format!(
            "SELECT id FROM project_devices WHERE project_id = {villa} AND address = '{address}' AND removed_in IS NULL"
        ))
        .await
    };
    let villa_s = villa.to_string();
    let mut cases = Vec::new();
    for (address, title) in [
        ("1.1.1", "Dimmer hums"),
        ("1.1.2", "Blind stops halfway"),
        ("1.1.3", "Actuator dead"),
    ] {
        let device = id_of(address).await;
        let device_s = device.to_string();
        let n = open(
            &mut admin,
            org,
            &[
                ("project", &villa_s),
                ("device", &device_s),
                ("title", title),
                ("priority", "medium"),
            ],
        )
        .await;
        cases.push((n, device));
    }

    // Every device has its label.
    admin
        .post(&format!("/o/{org}/projects/{villa}/codes"), &[])
        .await;
    let code_on = async |device: i64| {
        use sqlx::Row;
        sqlx::query(&format!(
            "SELECT code FROM service_codes WHERE device_id = {device} AND active = 1"
        ))
        .fetch_one(app.pool())
        .await
        .unwrap()
        .try_get::<String, _>(0)
        .unwrap()
    };
    let mut labels = Vec::new();
    for (_, device) in &cases {
        labels.push(code_on(*device).await);
    }

    // v2: device 1 renamed, device 2 moved to 1.1.9, device 3 gone, device 5 new.
    let v2 = Spec {
        devices: 5,
        group_addresses: 12,
        left_out: vec![2],
        renamed: vec![(0, "Kitchen dimmer".into())],
        readdressed: vec![(1, 9)],
        ..Default::default()
    };
    app.import_spec(&mut admin, org, villa, &v2, 2).await;
    let device_of_case = async |n: i64| {
        app.count(&format!(
            "SELECT device_id FROM service_cases WHERE org_id = {org} AND number = {n}"
        ))
        .await
    };
    for (n, device) in &cases {
        assert_eq!(
            device_of_case(*n).await,
            *device,
            "case #{n} keeps its device"
        );
    }
    assert_eq!(id_of("1.1.1").await, cases[0].1, "renamed: the same device");
    assert_eq!(
        id_of("1.1.9").await,
        cases[1].1,
        "readdressed: the same device"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT removed_in FROM project_devices WHERE id = {}",
            cases[2].1
        ))
        .await,
        2,
        "the gone device is kept, removed in v2"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM project_devices WHERE project_id = {villa} AND removed_in IS NULL"
        ))
        .await,
        4
    );
    assert!(
        id_of("1.1.5").await > cases[2].1,
        "the new device is a new row"
    );

    // The pages: the renamed device with its case, the moved one at its new address, the gone
    // one out of the list and its address a 404; its case names it without a link.
    let devices = format!("/o/{org}/projects/{villa}/devices");
    let (_, page) = admin.get_text(&format!("{devices}/1.1.1")).await;
    assert!(page.contains("Kitchen dimmer") && page.contains("Dimmer hums"));
    let (_, page) = admin.get_text(&format!("{devices}/1.1.9")).await;
    assert!(page.contains("Blind stops halfway"));
    assert_eq!(admin.get(&format!("{devices}/1.1.3")).await.status(), 404);
    let (_, list) = admin.get_text(&devices).await;
    assert!(!list.contains("Actuator 3") && list.contains("Actuator 5"));
    let (_, case) = admin
        .get_text(&format!("/o/{org}/service/{}", cases[2].0))
        .await;
    assert!(
        case.contains("1.1.3 Actuator 3"),
        "the case still names its device"
    );
    assert!(
        !case.contains(&format!("{devices}/1.1.3\"")),
        "no link to a device that is gone"
    );
    let (_, found) = admin
        .get_text(&format!("/o/{org}/search?q=actuator%203"))
        .await;
    assert!(
        !found.contains("/devices/1.1.3"),
        "a gone device is not found"
    );
    // The labels stay on their devices: the moved one opens at its new address, the gone
    // one's is not in use; the diff names the gone device's case and code.
    let visitor = app.client();
    let (_, page) = visitor.get_text(&format!("/c/{}", labels[0])).await;
    assert!(page.contains("Kitchen dimmer"));
    let (_, page) = visitor.get_text(&format!("/c/{}", labels[1])).await;
    assert!(page.contains("1.1.9"));
    assert_eq!(
        visitor.get(&format!("/c/{}", labels[2])).await.status(),
        404
    );
    let (_, diff) = admin
        .get_text(&format!("/o/{org}/projects/{villa}/diff?from=1&to=2"))
        .await;
    let kept =
        crate::common::between(&diff, "kept-devices", "</div>").expect("the removed devices' work");
    assert!(
        kept.contains("1.1.3") && kept.contains("removed in v2"),
        "{kept}"
    );
    assert!(kept.contains("Actuator dead") && kept.contains(&labels[2][..4]));
    assert!(!kept.contains("Dimmer hums"), "only the removed devices");

    // v3 brings it back: the same row again, its case on it.
    let v3 = Spec {
        devices: 5,
        group_addresses: 12,
        ..Default::default()
    };
    app.import_spec(&mut admin, org, villa, &v3, 3).await;
    assert_eq!(
        id_of("1.1.3").await,
        cases[2].1,
        "back in v3: the same device"
    );
}
