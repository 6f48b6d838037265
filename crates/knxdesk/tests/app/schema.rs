//! The two migration trees describe one schema: applied to SQLite and to PostgreSQL, they give
//! the same tables, columns (type family, nullability), primary keys, indexes (columns, order,
//! uniqueness, partial or not), foreign keys and triggers (table, timing, event). A migration added to one tree only,
//! or written differently in the other, fails here.
//!
//! The one deliberate difference is the full-text index: an FTS5 table (with its shadow tables and
//! the triggers that keep it in step) on SQLite, a GIN index over `to_tsvector` on PostgreSQL. Both
//! read as the same fact, `full-text index <name> on <table>(<column>)`.

use std::collections::BTreeSet;

use sqlx::Row;

use crate::common::{Backend, TestApp};

/// One fact about the schema, as both databases can tell it.
type Facts = BTreeSet<String>;

/// INTEGER/BIGINT/INT8 are one family (SQLite has one integer type), as are TEXT/VARCHAR.
fn family(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") {
        "integer"
    } else if t.contains("char") || t.contains("text") || t.contains("clob") {
        "text"
    } else if t.contains("real") || t.contains("floa") || t.contains("doub") {
        "real"
    } else if t.contains("blob") || t.contains("bytea") {
        "bytes"
    } else {
        "other"
    }
}

async fn strings(app: &TestApp, sql: &str) -> Vec<Vec<String>> {
    sqlx::query(sql)
        .fetch_all(app.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|row| {
            (0..row.len())
                .map(|i| {
                    row.try_get::<String, _>(i)
                        .or_else(|_| row.try_get::<i64, _>(i).map(|n| n.to_string()))
                        .or_else(|_| row.try_get::<i32, _>(i).map(|n| n.to_string()))
                        .or_else(|_| row.try_get::<bool, _>(i).map(|b| b.to_string()))
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect()
}

/// FTS5 tables as `(name, content table, indexed column)`, read from their CREATE statement.
async fn sqlite_full_text(app: &TestApp) -> Vec<(String, String, String)> {
    strings(
        app,
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5(%'",
    )
    .await
    .into_iter()
    .map(|r| {
        let args = r[1].split_once("fts5(").map(|(_, a)| a).unwrap_or_default();
        let column = args.split(',').next().unwrap_or_default().trim().to_string();
        let content = args
            .split_once("content='")
            .and_then(|(_, rest)| rest.split_once('\''))
            .map(|(t, _)| t.to_string())
            .unwrap_or_default();
        (r[0].clone(), content, column)
    })
    .collect()
}

async fn sqlite_facts(app: &TestApp) -> Facts {
    let mut facts = Facts::new();
    let full_text = sqlite_full_text(app).await;
    for (name, content, column) in &full_text {
        facts.insert(format!("full-text index {name} on {content}({column})"));
    }
    // The FTS5 table, its shadow tables and its sync triggers all carry the index's name.
    let part_of_full_text = |name: &str| {
        full_text
            .iter()
            .any(|(fts, _, _)| name == fts || name.starts_with(&format!("{fts}_")))
    };
    let tables = strings(
        app,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_sqlx%' ORDER BY name",
    )
    .await;
    for t in tables
        .iter()
        .map(|r| r[0].clone())
        .filter(|t| !part_of_full_text(t))
    {
        facts.insert(format!("table {t}"));
        let mut pk = Vec::new();
        for c in strings(
            app,
            &format!(
                "SELECT name, type, \"notnull\", pk FROM pragma_table_info('{t}') ORDER BY pk, cid"
            ),
        )
        .await
        {
            let (name, ty, not_null, pk_pos) =
                (&c[0], &c[1], c[2] == "1", c[3].parse::<i64>().unwrap());
            // A primary key column is NOT NULL on PostgreSQL whatever is written.
            let nullable = !not_null && pk_pos == 0;
            facts.insert(format!(
                "column {t}.{name} {} {}",
                family(ty),
                if nullable { "null" } else { "not null" }
            ));
            if pk_pos > 0 {
                pk.push(name.clone());
            }
        }
        if !pk.is_empty() {
            facts.insert(format!("primary key {t}({})", pk.join(", ")));
        }
        for i in strings(
            app,
            &format!("SELECT name, \"unique\", origin, partial FROM pragma_index_list('{t}')"),
        )
        .await
        {
            if i[2] == "pk" {
                continue;
            }
            let cols: Vec<String> = strings(app, &format!("SELECT COALESCE(name, '<expression>') FROM pragma_index_xinfo('{}') WHERE key = 1 ORDER BY seqno", i[0]))
                .await
                .into_iter()
                .map(|r| r[0].clone())
                .collect();
            facts.insert(format!(
                "index {t}({}){}{}",
                cols.join(", "),
                if i[1] == "1" { " unique" } else { "" },
                if i[3] == "1" { " partial" } else { "" }
            ));
        }
        for f in strings(
            app,
            &format!("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('{t}')"),
        )
        .await
        {
            facts.insert(format!("foreign key {t}.{} -> {}.{}", f[0], f[1], f[2]));
        }
    }
    // Triggers by table, timing and event: PostgreSQL's may serve several events in one.
    for tr in strings(
        app,
        "SELECT tbl_name, sql, name FROM sqlite_master WHERE type = 'trigger'",
    )
    .await
    {
        if part_of_full_text(&tr[2]) {
            continue;
        }
        let sql = tr[1].to_ascii_uppercase();
        let timing = ["BEFORE", "AFTER", "INSTEAD OF"]
            .into_iter()
            .find(|t| sql.contains(&format!(" {t} ")))
            .unwrap_or("?");
        let event = ["INSERT", "DELETE", "UPDATE"]
            .into_iter()
            .find(|e| sql.contains(&format!("{timing} {e}")))
            .unwrap_or("?");
        facts.insert(format!("trigger {} {timing} {event}", tr[0]));
    }
    facts
}

async fn postgres_facts(app: &TestApp) -> Facts {
    let mut facts = Facts::new();
    let tables = strings(
        app,
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
         AND table_type = 'BASE TABLE' AND table_name NOT LIKE '_sqlx%'",
    )
    .await;
    for t in tables.iter().map(|r| r[0].clone()) {
        facts.insert(format!("table {t}"));
    }
    for c in strings(
        app,
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'",
    )
    .await
    {
        let nullable = c[3] == "YES";
        facts.insert(format!("column {}.{} {} {}", c[0], c[1], family(&c[2]), if nullable { "null" } else { "not null" }));
    }
    // Indexes with their key columns in order; those behind a primary key are the key itself.
    for i in strings(
        app,
        "SELECT t.relname::text, ix.indisprimary::text, ix.indisunique::text, (ix.indpred IS NOT NULL)::text, \
                COALESCE((SELECT string_agg(COALESCE(a.attname::text, '<expression>'), ', ' ORDER BY k.pos) \
                 FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, pos) \
                 LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0), '') \
         FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = current_schema() AND t.relname NOT LIKE '_sqlx%' \
           AND ix.indexrelid NOT IN (SELECT i.oid FROM pg_class i JOIN pg_am am ON am.oid = i.relam WHERE am.amname = 'gin')",
    )
    .await
    {
        if i[1] == "true" {
            facts.insert(format!("primary key {}({})", i[0], i[4]));
        } else {
            facts.insert(format!(
                "index {}({}){}{}",
                i[0],
                i[4],
                if i[2] == "true" { " unique" } else { "" },
                if i[3] == "true" { " partial" } else { "" }
            ));
        }
    }
    // GIN indexes over to_tsvector('simple', <column>): the full-text indexes.
    for i in strings(
        app,
        "SELECT i.relname::text, t.relname::text, pg_get_expr(ix.indexprs, ix.indrelid) \
         FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_am am ON am.oid = i.relam JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = current_schema() AND am.amname = 'gin'",
    )
    .await
    {
        let column = i[2]
            .rsplit_once(", ")
            .map(|(_, c)| c.trim_end_matches(')').trim_end_matches(')'))
            .unwrap_or(&i[2]);
        facts.insert(format!("full-text index {} on {}({column})", i[0], i[1]));
    }
    for f in strings(
        app,
        "SELECT cl.relname::text, a.attname::text, rcl.relname::text, ra.attname::text \
         FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class rcl ON rcl.oid = c.confrelid \
         CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, rcol) \
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col \
         JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.rcol \
         WHERE c.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace",
    )
    .await
    {
        facts.insert(format!("foreign key {}.{} -> {}.{}", f[0], f[1], f[2], f[3]));
    }
    for tr in strings(
        app,
        "SELECT DISTINCT event_object_table::text, action_timing::text, event_manipulation::text \
         FROM information_schema.triggers WHERE trigger_schema = current_schema()",
    )
    .await
    {
        facts.insert(format!("trigger {} {} {}", tr[0], tr[1], tr[2]));
    }
    facts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_migration_trees_give_the_same_schema() {
    let sqlite = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let lite = sqlite_facts(&sqlite).await;
    assert!(lite.contains("table customers"), "{lite:#?}");
    assert!(
        lite.iter().any(|f| f.starts_with("index ")),
        "indexes are read"
    );
    assert!(
        lite.iter().any(|f| f.starts_with("foreign key ")),
        "foreign keys are read"
    );
    assert!(
        lite.contains("full-text index search_customers on customers(search_text)"),
        "full-text indexes are read: {lite:#?}"
    );
    let Some(pg) = TestApp::spawn(Backend::Postgres).await else {
        eprintln!("KNXDESK_TEST_POSTGRES_URL not set: only SQLite's schema was read");
        return;
    };
    let post = postgres_facts(&pg).await;
    let only_sqlite: Vec<_> = lite.difference(&post).collect();
    let only_postgres: Vec<_> = post.difference(&lite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "the migration trees drifted apart:\nonly on SQLite: {only_sqlite:#?}\nonly on PostgreSQL: {only_postgres:#?}"
    );
}
