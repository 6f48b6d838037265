//! The read path of the busy pages: SELECTs that SQLite answers in place.
//!
//! sqlx runs every SQLite connection on a thread of its own: each statement is a message to
//! that thread and every row a message back, so a page of 50 rows cost more in thread
//! hand-offs and cross-thread allocations than in SQLite itself (measured with `perf` on the
//! customers list: about 40 % of the CPU in hand-offs, 2 % in SQLite). Reads on a WAL database
//! never wait for writers, and a page's read takes microseconds, so here they run on the
//! calling task's thread through a few read-only rusqlite connections. PostgreSQL is a network
//! round trip either way; its reads go through sqlx as everything else does.
//!
//! The SQL is the same portable SQL (`$1` placeholders) for both backends; only statements
//! that read committed data outside a transaction belong here.

use std::{
    borrow::Cow,
    sync::{Arc, Mutex},
    time::Instant,
};

use sqlx::{Any, any::AnyRow, error::ErrorKind};

use super::Db;

/// A value bound to `$n`.
#[derive(Clone, Debug)]
pub enum Value {
    Int(i64),
    Text(String),
    /// SQL NULL (an integer column without a value).
    Null,
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}

/// A column type both backends decode.
pub trait Column:
    for<'r> sqlx::Decode<'r, Any> + sqlx::Type<Any> + rusqlite::types::FromSql
{
}
impl<T> Column for T where
    T: for<'r> sqlx::Decode<'r, Any> + sqlx::Type<Any> + rusqlite::types::FromSql
{
}

/// One row of a read, whichever backend answered.
pub enum ReadRow<'r> {
    Any(&'r AnyRow),
    Sqlite(&'r rusqlite::Row<'r>, &'r Columns),
}

/// A statement's column names, taken once per read. Rows are read field by field in about
/// the order of the SELECT, so the search starts after the last column found: reading a row
/// by name costs a string comparison per field (rusqlite's own lookup asks SQLite for every
/// name each time, which cost a tenth of a busy page).
pub struct Columns {
    names: Vec<String>,
    next: std::cell::Cell<usize>,
}

impl Columns {
    fn of(stmt: &rusqlite::Statement) -> Columns {
        Columns {
            names: stmt
                .column_names()
                .into_iter()
                .map(str::to_string)
                .collect(),
            next: std::cell::Cell::new(0),
        }
    }

    fn index(&self, name: &str) -> Option<usize> {
        let n = self.names.len();
        let start = self.next.get();
        let found = (0..n)
            .map(|i| (start + i) % n)
            .find(|&i| self.names[i] == name)?;
        self.next.set(found + 1);
        Some(found)
    }
}

impl ReadRow<'_> {
    /// The column called `name` (its alias in the SELECT), as sqlx's `FromRow` reads rows, so
    /// a reordered SELECT cannot shift a value into the wrong field.
    pub fn try_get<T: Column>(&self, name: &str) -> Result<T, sqlx::Error> {
        match self {
            ReadRow::Any(row) => sqlx::Row::try_get(*row, name),
            ReadRow::Sqlite(row, columns) => {
                let index = columns
                    .index(name)
                    .ok_or_else(|| sqlx::Error::ColumnNotFound(name.into()))?;
                row.get(index).map_err(|e| sqlx::Error::ColumnDecode {
                    index: name.into(),
                    source: Box::new(e),
                })
            }
        }
    }
}

/// Conditions joined by AND whose placeholders are numbered as they are added, with their
/// values kept in the same order, so a filtered query never counts `$n` by hand.
#[derive(Default)]
pub struct Where {
    conditions: Vec<String>,
    values: Vec<Value>,
}

impl Where {
    /// Adds `condition`; each `?` in it stands for `value` (one placeholder, however often it
    /// appears).
    pub fn and(mut self, condition: &str, value: impl Into<Value>) -> Self {
        self.values.push(value.into());
        let placeholder = format!("${}", self.values.len());
        self.conditions.push(condition.replace('?', &placeholder));
        self
    }

    /// Adds a condition that binds nothing (`s.assignee_user_id IS NULL`).
    pub fn and_fixed(mut self, condition: &str) -> Self {
        self.conditions.push(condition.to_string());
        self
    }

    /// Adds `condition` when `value` is there.
    pub fn and_some<V: Into<Value>>(self, condition: &str, value: Option<V>) -> Self {
        match value {
            Some(v) => self.and(condition, v),
            None => self,
        }
    }

    /// Adds `column IN (...)` with one placeholder per value; no values match nothing.
    pub fn and_in<V: Into<Value> + Clone>(mut self, column: &str, values: &[V]) -> Self {
        if values.is_empty() {
            self.conditions.push("1 = 0".into());
            return self;
        }
        let first = self.values.len() + 1;
        self.values.extend(values.iter().cloned().map(Into::into));
        let placeholders: Vec<String> = (first..=self.values.len())
            .map(|n| format!("${n}"))
            .collect();
        self.conditions
            .push(format!("{column} IN ({})", placeholders.join(", ")));
        self
    }

    /// How many values are bound; the next placeholder is `$(bound + 1)`.
    pub fn bound(&self) -> usize {
        self.values.len()
    }

    /// The conditions as SQL (`1 = 1` when there are none).
    pub fn sql(&self) -> String {
        if self.conditions.is_empty() {
            "1 = 1".into()
        } else {
            self.conditions.join(" AND ")
        }
    }

    /// A read of `sql` (which uses [`Where::sql`]) with the conditions' values bound.
    pub fn read<'q>(&self, sql: &'q str) -> Read<'q> {
        Read {
            sql,
            values: self.values.clone(),
        }
    }
}

/// A SELECT with its bound values; run with [`Read::fetch_all`] and friends.
pub struct Read<'q> {
    sql: &'q str,
    values: Vec<Value>,
}

pub fn read(sql: &str) -> Read<'_> {
    Read {
        sql,
        values: Vec::new(),
    }
}

impl<'q> Read<'q> {
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.values.push(value.into());
        self
    }

    /// Every row, each turned into a `T` by `map`.
    pub async fn fetch_all<T>(
        self,
        db: &Db,
        mut map: impl FnMut(&ReadRow) -> Result<T, sqlx::Error>,
    ) -> Result<Vec<T>, sqlx::Error> {
        let mut out = Vec::new();
        self.each(db, usize::MAX, |row| {
            out.push(map(row)?);
            Ok(())
        })
        .await?;
        Ok(out)
    }

    /// The first row, if any.
    pub async fn fetch_optional<T>(
        self,
        db: &Db,
        map: impl FnOnce(&ReadRow) -> Result<T, sqlx::Error>,
    ) -> Result<Option<T>, sqlx::Error> {
        let mut map = Some(map);
        let mut out = None;
        self.each(db, 1, |row| {
            if let Some(map) = map.take() {
                out = Some(map(row)?);
            }
            Ok(())
        })
        .await?;
        Ok(out)
    }

    /// The first row; none is an error ([`sqlx::Error::RowNotFound`]).
    pub async fn fetch_one<T>(
        self,
        db: &Db,
        map: impl FnOnce(&ReadRow) -> Result<T, sqlx::Error>,
    ) -> Result<T, sqlx::Error> {
        self.fetch_optional(db, map)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }

    async fn each(
        self,
        db: &Db,
        limit: usize,
        mut f: impl FnMut(&ReadRow) -> Result<(), sqlx::Error>,
    ) -> Result<(), sqlx::Error> {
        if let Some(readers) = &db.readers {
            return readers.each(self.sql, &self.values, limit, f);
        }
        let mut query = sqlx::query(self.sql);
        for value in self.values {
            query = match value {
                Value::Int(v) => query.bind(v),
                Value::Text(v) => query.bind(v),
                Value::Null => query.bind(None::<i64>),
            };
        }
        if limit == 1 {
            if let Some(row) = query.fetch_optional(&db.pool).await? {
                f(&ReadRow::Any(&row))?;
            }
            return Ok(());
        }
        for row in query.fetch_all(&db.pool).await?.iter().take(limit) {
            f(&ReadRow::Any(row))?;
        }
        Ok(())
    }
}

/// Idle read-only connections to the SQLite file, opened on demand.
pub struct SqliteReaders {
    path: String,
    idle: Mutex<Vec<rusqlite::Connection>>,
}

/// Connections kept idle; more are opened when requests overlap and closed afterwards.
const KEEP_IDLE: usize = 8;
/// Placeholder names as SQLite knows them (`$1` is the named parameter "$1"); the first few
/// are spelled out, later ones are formatted.
const NAMES: [&str; 12] = [
    "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12",
];

impl SqliteReaders {
    pub fn new(path: String) -> SqliteReaders {
        SqliteReaders {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    fn open(&self) -> rusqlite::Result<rusqlite::Connection> {
        use rusqlite::OpenFlags;
        let conn = rusqlite::Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // query_only: this path must never write, whatever SQL reaches it.
        conn.execute_batch("PRAGMA query_only = ON; PRAGMA busy_timeout = 5000;")?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(conn)
    }

    fn take(&self) -> Result<rusqlite::Connection, sqlx::Error> {
        let taken = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        match taken {
            Some(conn) => Ok(conn),
            None => self.open().map_err(lite),
        }
    }

    /// Keeps `conn` for the next read, unless enough are idle or it is still inside a
    /// transaction (a snapshot whose end failed).
    fn give_back(&self, conn: rusqlite::Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < KEEP_IDLE && conn.is_autocommit() {
            idle.push(conn);
        }
    }
}

/// One statement on `conn`: binds `values`, hands each of at most `limit` rows to `f`.
fn run(
    conn: &rusqlite::Connection,
    sql: &str,
    values: &[Value],
    limit: usize,
    mut f: impl FnMut(&ReadRow) -> Result<(), sqlx::Error>,
) -> Result<(), sqlx::Error> {
    let started = Instant::now();
    let mut rows = 0;
    let result = (|| {
        let mut stmt = conn.prepare_cached(sql).map_err(lite)?;
        for (i, value) in values.iter().enumerate() {
            let name = NAMES
                .get(i)
                .map_or_else(|| Cow::Owned(format!("${}", i + 1)), |n| Cow::Borrowed(*n));
            // A value the statement does not use is ignored (as sqlx's SQLite driver does).
            let Some(index) = stmt.parameter_index(&name).map_err(lite)? else {
                continue;
            };
            match value {
                Value::Int(v) => stmt.raw_bind_parameter(index, v),
                Value::Text(v) => stmt.raw_bind_parameter(index, v),
                Value::Null => stmt.raw_bind_parameter(index, rusqlite::types::Null),
            }
            .map_err(lite)?;
        }
        let columns = Columns::of(&stmt);
        let mut cursor = stmt.raw_query();
        while rows < limit {
            let Some(row) = cursor.next().map_err(lite)? else {
                break;
            };
            rows += 1;
            f(&ReadRow::Sqlite(row, &columns))?;
        }
        Ok(())
    })();
    let elapsed = started.elapsed();
    tracing::trace!(target: "knxdesk::db::read", statement = sql, rows, elapsed_us = elapsed.as_micros() as u64);
    if elapsed.as_millis() >= 500 {
        tracing::warn!(target: "knxdesk::db::read", statement = sql, elapsed_ms = elapsed.as_millis() as u64, "slow read");
    }
    result
}

/// Where the in-place reads of a [`Db`] run.
#[derive(Clone)]
pub enum Readers {
    /// Each read on an idle connection, in a transaction of its own.
    Each(Arc<SqliteReaders>),
    /// Every read on one connection, in one read transaction ([`Db::snapshot`]).
    Snapshot(Arc<Snapshot>),
}

impl Readers {
    fn each(
        &self,
        sql: &str,
        values: &[Value],
        limit: usize,
        f: impl FnMut(&ReadRow) -> Result<(), sqlx::Error>,
    ) -> Result<(), sqlx::Error> {
        match self {
            Readers::Each(readers) => {
                let conn = readers.take()?;
                let result = run(&conn, sql, values, limit, f);
                readers.give_back(conn);
                result
            }
            Readers::Snapshot(snapshot) => {
                let conn = snapshot.conn.lock().unwrap_or_else(|e| e.into_inner());
                match conn.as_ref() {
                    Some(conn) => run(conn, sql, values, limit, f),
                    None => Err(sqlx::Error::PoolClosed),
                }
            }
        }
    }
}

/// A connection held in a read transaction (`BEGIN`; the first read takes the snapshot) until
/// it is dropped, when the transaction ends and the connection goes back to the idle ones.
pub struct Snapshot {
    readers: Arc<SqliteReaders>,
    conn: Mutex<Option<rusqlite::Connection>>,
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let conn = self
            .conn
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(conn) = conn {
            // A read transaction has nothing to keep: ending it cannot lose anything, and a
            // connection it could not end is closed rather than reused.
            let _ = conn.execute_batch("COMMIT");
            self.readers.give_back(conn);
        }
    }
}

impl Db {
    /// This database as several reads that see one state of it, for a page that reads from
    /// many tables (the search). On SQLite they run on one connection in one read transaction,
    /// so the file's locks are taken once rather than once per statement: a search's seven
    /// statements spent a fifth of its time taking and releasing them. Reads only, and short
    /// lived: a write goes through the pool and a later read here would not see it, and a held
    /// read transaction keeps the write-ahead log from being checkpointed past it. On
    /// PostgreSQL reads go on as before, each on its own.
    pub fn snapshot(&self) -> Result<Db, sqlx::Error> {
        let readers = match &self.readers {
            Some(Readers::Each(readers)) => {
                let conn = readers.take()?;
                conn.execute_batch("BEGIN").map_err(lite)?;
                Some(Readers::Snapshot(Arc::new(Snapshot {
                    readers: readers.clone(),
                    conn: Mutex::new(Some(conn)),
                })))
            }
            other => other.clone(),
        };
        Ok(Db {
            pool: self.pool.clone(),
            backend: self.backend,
            readers,
        })
    }
}

/// An SQLite error of the read path, as sqlx reports database errors.
#[derive(Debug)]
struct LiteError {
    message: String,
    source: rusqlite::Error,
}

fn lite(source: rusqlite::Error) -> sqlx::Error {
    sqlx::Error::Database(Box::new(LiteError {
        message: source.to_string(),
        source,
    }))
}

impl std::fmt::Display for LiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LiteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl sqlx::error::DatabaseError for LiteError {
    fn message(&self) -> &str {
        &self.message
    }
    fn code(&self) -> Option<Cow<'_, str>> {
        self.source
            .sqlite_error_code()
            .map(|c| Cow::Owned(format!("{c:?}")))
    }
    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }
    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }
    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = Db::connect(&url).await.unwrap();
        sqlx::query("CREATE TABLE t (id BIGINT, name TEXT)")
            .execute(&db.pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, NULL)")
            .execute(&db.pool)
            .await
            .unwrap();
        (dir, db)
    }

    #[tokio::test]
    async fn placeholders_bind_by_number_in_any_order() {
        let (_dir, db) = db().await;
        assert!(db.readers.is_some());
        let rows = read("SELECT id FROM t WHERE id <= $2 AND id >= $1 ORDER BY id")
            .bind(2)
            .bind(3)
            .fetch_all(&db, |r| r.try_get::<i64>("id"))
            .await
            .unwrap();
        assert_eq!(rows, [2, 3]);
        let name = read("SELECT name FROM t WHERE id = $1")
            .bind(3)
            .fetch_one(&db, |r| r.try_get::<Option<String>>("name"))
            .await
            .unwrap();
        assert_eq!(name, None);
        let none = read("SELECT name FROM t WHERE id = $1")
            .bind(9)
            .fetch_optional(&db, |r| r.try_get::<String>("name"))
            .await
            .unwrap();
        assert_eq!(none, None);
        // Beyond the spelled-out names, placeholders still bind.
        let sql = format!(
            "SELECT COUNT(*) AS n FROM t WHERE id IN ({})",
            (1..=14)
                .map(|n| format!("${n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut query = read(&sql);
        for n in 1..=14 {
            query = query.bind(if n == 14 { 2 } else { 100 + n });
        }
        let found = query
            .fetch_one(&db, |r| r.try_get::<i64>("n"))
            .await
            .unwrap();
        assert_eq!(found, 1);
    }

    #[tokio::test]
    async fn conditions_number_their_own_placeholders() {
        let (_dir, db) = db().await;
        let filter = Where::default()
            .and("id >= ?", 2)
            .and_some("name = ?", None::<&str>)
            .and("(name = ? OR name = ? OR name IS NULL)", "two");
        assert_eq!(
            filter.sql(),
            "id >= $1 AND (name = $2 OR name = $2 OR name IS NULL)"
        );
        let sql = format!(
            "SELECT id FROM t WHERE {} ORDER BY id LIMIT ${}",
            filter.sql(),
            filter.bound() + 1
        );
        let ids = filter
            .read(&sql)
            .bind(5)
            .fetch_all(&db, |r| r.try_get::<i64>("id"))
            .await
            .unwrap();
        assert_eq!(ids, [2, 3]);
        assert_eq!(Where::default().sql(), "1 = 1");
        let filter = Where::default().and("id > ?", 0).and_in("id", &[1i64, 3]);
        assert_eq!(filter.sql(), "id > $1 AND id IN ($2, $3)");
        let sql = format!("SELECT id FROM t WHERE {} ORDER BY id", filter.sql());
        let ids = filter
            .read(&sql)
            .fetch_all(&db, |r| r.try_get::<i64>("id"))
            .await
            .unwrap();
        assert_eq!(ids, [1, 3]);
        let none = Where::default().and_in::<i64>("id", &[]);
        let sql = format!("SELECT id FROM t WHERE {}", none.sql());
        assert!(
            none.read(&sql)
                .fetch_all(&db, |r| r.try_get::<i64>("id"))
                .await
                .unwrap()
                .is_empty()
        );
    }

    #[tokio::test]
    async fn sees_committed_writes_and_never_writes() {
        let (_dir, db) = db().await;
        let count = || async {
            read("SELECT COUNT(*) AS n FROM t")
                .fetch_one(&db, |r| r.try_get::<i64>("n"))
                .await
                .unwrap()
        };
        assert_eq!(count().await, 3);
        sqlx::query("DELETE FROM t WHERE id = 1")
            .execute(&db.pool)
            .await
            .unwrap();
        assert_eq!(count().await, 2);
        let err = read("DELETE FROM t")
            .fetch_all(&db, |_| Ok(()))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("readonly"), "{err}");
        // A wrong column type is an error, not a panic.
        let err = read("SELECT name FROM t WHERE id = 2")
            .fetch_one(&db, |r| r.try_get::<i64>("name"))
            .await
            .unwrap_err();
        assert!(matches!(err, sqlx::Error::ColumnDecode { .. }), "{err}");
        // So is a column the SELECT does not name.
        let err = read("SELECT name FROM t WHERE id = 2")
            .fetch_one(&db, |r| r.try_get::<String>("nome"))
            .await
            .unwrap_err();
        assert!(matches!(err, sqlx::Error::ColumnNotFound(_)), "{err}");
        assert_eq!(count().await, 2);
    }

    #[tokio::test]
    async fn a_snapshot_reads_one_state_and_gives_its_connection_back() {
        let (_dir, db) = db().await;
        let count = |db: Db| async move {
            read("SELECT COUNT(*) AS n FROM t")
                .fetch_one(&db, |r| r.try_get::<i64>("n"))
                .await
                .unwrap()
        };
        let snapshot = db.snapshot().unwrap();
        assert_eq!(count(snapshot.clone()).await, 3);
        sqlx::query("INSERT INTO t VALUES (4, 'four')")
            .execute(&db.pool)
            .await
            .unwrap();
        // The snapshot still sees the state of its first read; the database has moved on.
        assert_eq!(count(snapshot.clone()).await, 3);
        assert_eq!(count(db.clone()).await, 4);
        drop(snapshot);
        let Some(Readers::Each(readers)) = &db.readers else {
            panic!("SQLite reads in place");
        };
        {
            let idle = readers.idle.lock().unwrap();
            assert!(!idle.is_empty() && idle.iter().all(|c| c.is_autocommit()));
        }
        // Its connection, back among the idle ones, reads the present.
        assert_eq!(count(db.snapshot().unwrap()).await, 4);
    }
}
