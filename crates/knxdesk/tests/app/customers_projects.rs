//! Customers (C1–C4) and projects (P1, C3) from the outside, on SQLite and PostgreSQL.

use crate::common::{TestApp, location};

db_tests!(
    customers_create_validate_edit,
    customers_list_search_sort_paginate,
    customer_delete_refused_while_projects_linked,
    customers_permissions_and_foreign_ids,
    projects_create_filter_status_and_link,
    projects_foreign_ids_are_not_found,
    new_project_for_a_customer_beyond_the_dropdown,
);

async fn customers_create_validate_edit(app: TestApp) {
    let (mut c, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let (status, body) = c.get_text(&format!("/o/{org}/customers")).await;
    assert_eq!(status, 200);
    assert!(body.contains("No customers yet"));
    // Invalid: inline errors, nothing stored.
    let (status, body) = c
        .post_text(
            &format!("/o/{org}/customers"),
            &[("kind", "person"), ("name", " "), ("email", "not-an-email")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("This field is required.") && body.contains("Enter a valid email address")
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM customers").await, 0);
    // A contact card without email is valid.
    let res = c
        .post(
            &format!("/o/{org}/customers"),
            &[
                ("kind", "person"),
                ("name", "Max Huber"),
                ("phone", "+49 89 123"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = c
        .post(
            &format!("/o/{org}/customers"),
            &[
                ("kind", "company"),
                ("name", "Hausverwaltung Süd"),
                ("email", "Info@Sued.DE"),
                ("company", "Süd GmbH"),
                ("address", "Hauptstr. 1\n80331 München"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, body) = c.get_text(&format!("/o/{org}/customers")).await;
    for text in [
        "Max Huber",
        "+49 89 123",
        "Hausverwaltung Süd",
        "info@sued.de",
        "Süd GmbH",
        "not invited",
        "Customer Hausverwaltung Süd added.",
    ] {
        assert!(body.contains(text), "{text}");
    }
    for col in ["Name", "Company", "Email", "Phone", "Projects", "Invite"] {
        assert!(
            body.contains(&format!("{col} <span")) || body.contains(&format!(">{col}<")),
            "column {col}"
        );
    }
    let id = app
        .count("SELECT id FROM customers WHERE name = 'Max Huber'")
        .await;
    let (status, body) = c.get_text(&format!("/o/{org}/customers/{id}/edit")).await;
    assert_eq!(status, 200);
    assert!(body.contains("value=\"Max Huber\""));
    let res = c
        .post(
            &format!("/o/{org}/customers/{id}"),
            &[
                ("kind", "person"),
                ("name", "Max Huber-Maier"),
                ("email", "max@example.com"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM customers WHERE name = 'Max Huber-Maier' AND email = 'max@example.com'").await, 1);
    let (status, _) = c
        .post_text(
            &format!("/o/{org}/customers/{id}"),
            &[("kind", "robot"), ("name", "X")],
        )
        .await;
    assert_eq!(status, 422);
    let (_, dash) = c.get_text(&format!("/o/{org}/")).await;
    assert!(dash.contains("added the customer Max Huber"));
}

async fn customers_list_search_sort_paginate(app: TestApp) {
    let (mut c, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    for i in 0..60 {
        let name = format!("Customer {i:02}");
        let company = if i % 2 == 0 { "Even_Co" } else { "Odd 100%" };
        c.post(
            &format!("/o/{org}/customers"),
            &[("kind", "person"), ("name", &name), ("company", company)],
        )
        .await;
    }
    let (_, page1) = c.get_text(&format!("/o/{org}/customers")).await;
    assert!(
        page1.contains("Customer 00")
            && page1.contains("Customer 49")
            && !page1.contains("Customer 50")
    );
    assert!(page1.contains("Page 1 of 2"));
    let (_, page2) = c
        .get_text(&format!("/o/{org}/customers?sort=name&dir=asc&page=2"))
        .await;
    assert!(page2.contains("Customer 59") && !page2.contains("Customer 00"));
    let (_, desc) = c
        .get_text(&format!("/o/{org}/customers?sort=name&dir=desc"))
        .await;
    assert!(desc.find("Customer 59").unwrap() < desc.find("Customer 58").unwrap());
    assert!(desc.contains("aria-sort=\"descending\""));
    // Search is case-insensitive and treats % and _ literally.
    let (_, found) = c
        .get_text(&format!("/o/{org}/customers?q=odd%20100%25"))
        .await;
    assert!(found.contains("Customer 01") && !found.contains("Customer 00"));
    let (_, found) = c.get_text(&format!("/o/{org}/customers?q=even_")).await;
    assert!(found.contains("Customer 00") && !found.contains("Customer 01"));
    let (_, none) = c.get_text(&format!("/o/{org}/customers?q=zzz")).await;
    assert!(none.contains("No customer matches"));
    // Hostile parameters are harmless.
    for q in [
        "sort=name;DROP%20TABLE%20customers",
        "page=-5",
        "page=abc",
        "dir=sideways",
        "q=a%00b",
        "q=%22*)%20OR%20",
    ] {
        assert_eq!(
            c.get(&format!("/o/{org}/customers?{q}")).await.status(),
            200,
            "{q}"
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM customers").await, 60);
    // The total comes from the count the database keeps: it follows creates and deletes.
    assert!(page1.contains("<span class=\"count\">60</span>"));
    let gone = app
        .count("SELECT MIN(id) FROM customers WHERE name = 'Customer 07'")
        .await;
    let res = c
        .post(&format!("/o/{org}/customers/{gone}/delete"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let (_, after) = c.get_text(&format!("/o/{org}/customers")).await;
    assert!(after.contains("<span class=\"count\">59</span>"));
    // Edits are searchable at once, whatever the case (and umlauts) of the query.
    let (_, found) = c
        .get_text(&format!("/o/{org}/customers?q=Customer%2007"))
        .await;
    assert!(found.contains("No customer matches"));
    let first = app
        .count("SELECT MIN(id) FROM customers WHERE name = 'Customer 00'")
        .await;
    c.post(
        &format!("/o/{org}/customers/{first}"),
        &[
            ("kind", "company"),
            ("name", "Müller Ölbau"),
            ("phone", "+49 7"),
        ],
    )
    .await;
    let (_, found) = c
        .get_text(&format!("/o/{org}/customers?q=M%C3%9CLLER"))
        .await;
    assert!(found.contains("Müller Ölbau") && found.contains("<span class=\"count\">1</span>"));
}

async fn customer_delete_refused_while_projects_linked(app: TestApp) {
    let (mut c, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    c.post(
        &format!("/o/{org}/customers"),
        &[("kind", "person"), ("name", "Max Huber")],
    )
    .await;
    let cid = app.count("SELECT id FROM customers").await;
    let res = c
        .post(
            &format!("/o/{org}/projects"),
            &[("name", "Villa Huber"), ("customer_id", &cid.to_string())],
        )
        .await;
    assert_eq!(res.status(), 303);
    let pid = app.count("SELECT id FROM projects").await;
    let res = c
        .post(&format!("/o/{org}/customers/{cid}/delete"), &[])
        .await;
    assert_eq!(location(&res), format!("/o/{org}/customers"));
    let (_, body) = c.get_text(&format!("/o/{org}/customers")).await;
    assert!(body.contains("Max Huber still has a linked project: unlink it first."));
    assert_eq!(app.count("SELECT COUNT(*) FROM customers").await, 1);
    // The Projects count links to the customer's projects.
    assert!(body.contains(&format!("/o/{org}/projects?customer={cid}")));
    let (_, projects) = c
        .get_text(&format!("/o/{org}/projects?customer={cid}"))
        .await;
    assert!(projects.contains("Villa Huber") && projects.contains("Projects of Max Huber"));
    // Unlink, then delete works.
    c.post(
        &format!("/o/{org}/projects/{pid}/customer"),
        &[("customer_id", "")],
    )
    .await;
    let res = c
        .post(&format!("/o/{org}/customers/{cid}/delete"), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM customers").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM projects").await,
        1,
        "the project stays"
    );
    app.assert_counts_consistent().await;
}

async fn customers_permissions_and_foreign_ids(app: TestApp) {
    let (mut anna, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let (mut carl, org_c) = app
        .owner_with_org("Carl Dorn", "carl@example.com", "Dorn GmbH")
        .await;
    carl.post(
        &format!("/o/{org_c}/customers"),
        &[("kind", "person"), ("name", "Secret Customer")],
    )
    .await;
    let foreign = app
        .count("SELECT id FROM customers WHERE name = 'Secret Customer'")
        .await;
    for path in [format!("/o/{org}/customers/{foreign}/edit")] {
        let (status, body) = anna.get_text(&path).await;
        assert_eq!(status, 404);
        assert!(!body.contains("Secret Customer"));
    }
    let res = anna
        .post(
            &format!("/o/{org}/customers/{foreign}"),
            &[("kind", "person"), ("name", "Hacked")],
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        anna.post(&format!("/o/{org}/customers/{foreign}/delete"), &[])
            .await
            .status(),
        404
    );
    let (_, list) = anna.get_text(&format!("/o/{org}/customers?q=secret")).await;
    assert!(!list.contains("Secret Customer"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customers WHERE name = 'Secret Customer'")
            .await,
        1
    );

    // A member may add and edit customers, not delete them.
    let mut mia = app
        .add_member(&mut anna, org, "Mia", "mia@example.com", "member")
        .await;
    assert_eq!(
        mia.post(
            &format!("/o/{org}/customers"),
            &[("kind", "person"), ("name", "Mia's customer")]
        )
        .await
        .status(),
        303
    );
    let id = app
        .count("SELECT id FROM customers WHERE name = 'Mia''s customer'")
        .await;
    let (_, list) = mia.get_text(&format!("/o/{org}/customers")).await;
    assert!(!list.contains("/delete"), "no delete action offered");
    assert_eq!(
        mia.post(&format!("/o/{org}/customers/{id}/delete"), &[])
            .await
            .status(),
        403
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM customers WHERE id = {id}"))
            .await,
        1
    );
    let mut mo = app
        .add_member(&mut anna, org, "Mo", "mo@example.com", "moderator")
        .await;
    assert_eq!(
        mo.post(&format!("/o/{org}/customers/{id}/delete"), &[])
            .await
            .status(),
        303
    );
}

async fn projects_create_filter_status_and_link(app: TestApp) {
    let (mut c, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    c.post(
        &format!("/o/{org}/customers"),
        &[("kind", "person"), ("name", "Max Huber")],
    )
    .await;
    c.post(
        &format!("/o/{org}/customers"),
        &[("kind", "company"), ("name", "Stadtwerke")],
    )
    .await;
    let max = app
        .count("SELECT id FROM customers WHERE name = 'Max Huber'")
        .await;
    let sw = app
        .count("SELECT id FROM customers WHERE name = 'Stadtwerke'")
        .await;
    let (status, body) = c
        .post_text(
            &format!("/o/{org}/projects"),
            &[("name", ""), ("customer_id", "999999")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("This field is required.")
            && body.contains("Choose a customer of this organisation.")
    );
    let res = c
        .post(
            &format!("/o/{org}/projects"),
            &[
                ("name", "Villa Huber"),
                ("customer_id", &max.to_string()),
                ("building_name", "Villa"),
                ("building_address", "Seeweg 3"),
                ("description", "KNX + DALI"),
            ],
        )
        .await;
    let loc = location(&res);
    let pid: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    c.post(
        &format!("/o/{org}/projects"),
        &[("name", "Rathaus"), ("building_name", "Town hall")],
    )
    .await;
    let (status, body) = c.get_text(&loc).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Villa Huber") && body.contains("Max Huber") && body.contains("KNX + DALI")
    );
    // Filters.
    let (_, list) = c.get_text(&format!("/o/{org}/projects?q=town")).await;
    assert!(list.contains("Rathaus") && !list.contains("Villa Huber"));
    let (_, list) = c
        .get_text(&format!("/o/{org}/projects?customer={max}"))
        .await;
    assert!(list.contains("Villa Huber") && !list.contains("Rathaus"));
    // Status.
    assert_eq!(
        c.post(
            &format!("/o/{org}/projects/{pid}/status"),
            &[("status", "completed")]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        c.post(
            &format!("/o/{org}/projects/{pid}/status"),
            &[("status", "escrowed")]
        )
        .await
        .status(),
        400
    );
    let (_, list) = c
        .get_text(&format!("/o/{org}/projects?status=completed"))
        .await;
    assert!(list.contains("Villa Huber") && !list.contains("Rathaus"));
    // Link another customer (at most one), then unlink.
    let (_, search) = c
        .get_text(&format!("/o/{org}/projects/{pid}?customer_q=stadt"))
        .await;
    assert!(search.contains("Stadtwerke"));
    c.post(
        &format!("/o/{org}/projects/{pid}/customer"),
        &[("customer_id", &sw.to_string())],
    )
    .await;
    assert_eq!(
        app.count(&format!(
            "SELECT customer_id FROM projects WHERE id = {pid}"
        ))
        .await,
        sw
    );
    c.post(
        &format!("/o/{org}/projects/{pid}/customer"),
        &[("customer_id", "")],
    )
    .await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM projects WHERE id = {pid} AND customer_id IS NULL"
        ))
        .await,
        1
    );
    let (_, page) = c.get_text(&format!("{loc}/activity")).await;
    assert!(
        page.contains("linked a customer")
            && page.contains("unlinked the customer")
            && page.contains("changed the status")
    );
    app.assert_counts_consistent().await;
}

/// With more customers than the form's dropdown lists, "New project" from a customer far down
/// the alphabet still has that customer chosen.
async fn new_project_for_a_customer_beyond_the_dropdown(app: TestApp) {
    let (mut c, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let now = app.state.clock.now();
    let mut tx = app.pool().begin().await.unwrap();
    for i in 0..520 {
        let name = format!("Customer {i:04}");
        sqlx::query(
            "INSERT INTO customers (org_id, name, created_at, updated_at, sort_name, search_text) VALUES ($1, $2, $3, $3, $4, $4)",
        )
        .bind(org)
        .bind(&name)
        .bind(now)
        .bind(name.to_lowercase())
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let last = app
        .count("SELECT id FROM customers WHERE name = 'Customer 0519'")
        .await;
    let (status, form) = c
        .get_text(&format!("/o/{org}/projects/new?customer={last}"))
        .await;
    assert_eq!(status, 200);
    assert!(
        form.contains(&format!("<option value=\"{last}\" selected")),
        "chosen"
    );
    let res = c
        .post(
            &format!("/o/{org}/projects"),
            &[("name", "Late"), ("customer_id", &last.to_string())],
        )
        .await;
    assert_eq!(res.status(), 303);
    app.assert_counts_consistent().await;
    assert_eq!(
        app.count(&format!(
            "SELECT project_count FROM customers WHERE id = {last}"
        ))
        .await,
        1
    );
}

async fn projects_foreign_ids_are_not_found(app: TestApp) {
    let (mut anna, org) = app
        .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
        .await;
    let (mut carl, org_c) = app
        .owner_with_org("Carl Dorn", "carl@example.com", "Dorn GmbH")
        .await;
    carl.post(
        &format!("/o/{org_c}/customers"),
        &[("kind", "person"), ("name", "Carl's customer")],
    )
    .await;
    let res = carl
        .post(
            &format!("/o/{org_c}/projects"),
            &[("name", "Secret project")],
        )
        .await;
    let foreign: i64 = location(&res).rsplit('/').next().unwrap().parse().unwrap();
    let foreign_customer = app.count("SELECT id FROM customers").await;
    let res = anna
        .post(&format!("/o/{org}/projects"), &[("name", "Mine")])
        .await;
    let mine: i64 = location(&res).rsplit('/').next().unwrap().parse().unwrap();

    let (status, body) = anna.get_text(&format!("/o/{org}/projects/{foreign}")).await;
    assert_eq!(status, 404);
    assert!(!body.contains("Secret project"));
    assert_eq!(
        anna.get(&format!("/o/{org}/projects/{foreign}/edit"))
            .await
            .status(),
        404
    );
    assert_eq!(
        anna.post(
            &format!("/o/{org}/projects/{foreign}/status"),
            &[("status", "archived")]
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        anna.post(
            &format!("/o/{org}/projects/{foreign}"),
            &[("name", "Hacked")]
        )
        .await
        .status(),
        404
    );
    // Linking another organisation's customer to my project is refused.
    assert_eq!(
        anna.post(
            &format!("/o/{org}/projects/{mine}/customer"),
            &[("customer_id", &foreign_customer.to_string())]
        )
        .await
        .status(),
        404
    );
    let (status, _) = anna
        .post_text(
            &format!("/o/{org}/projects"),
            &[
                ("name", "X"),
                ("customer_id", &foreign_customer.to_string()),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM projects WHERE id = {mine} AND customer_id IS NULL"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM projects WHERE status = 'archived' OR name = 'Hacked'")
            .await,
        0
    );
    let (_, list) = anna.get_text(&format!("/o/{org}/projects")).await;
    assert!(!list.contains("Secret project"));
}
