//! Test harness: the real application in-process on port 0 with a fresh database (SQLite in a
//! temp folder, or a fresh PostgreSQL database when `KNXDESK_TEST_POSTGRES_URL` is set), a
//! cookie-keeping HTTP client that fills in the CSRF token, and the mail outbox.
#![allow(dead_code)]

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use knxdesk::{config::Config, shutdown, state::AppState};
use knxproj::writer::{Spec, to_bytes};
use reqwest::multipart::{Form, Part};

pub mod browser;
pub mod smtp;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub base: String,
    pub state: AppState,
    pub dir: tempfile::TempDir,
    stop: Option<shutdown::Trigger>,
    server: Option<tokio::task::JoinHandle<()>>,
    pg: Option<PgDb>,
}

/// Generates one test per backend for each listed `async fn name(app: TestApp)`.
/// PostgreSQL variants pass without doing anything when no server is configured.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::common::TestApp::spawn($crate::common::Backend::Sqlite).await.unwrap();
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(app) = $crate::common::TestApp::spawn($crate::common::Backend::Postgres).await {
                        super::$name(app).await;
                    } else {
                        eprintln!("KNXDESK_TEST_POSTGRES_URL not set: skipped on PostgreSQL");
                    }
                }
            )*
        }
    };
}

impl TestApp {
    /// `None` for PostgreSQL when `KNXDESK_TEST_POSTGRES_URL` is not set.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, pg) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}", dir.path().join("test.db").display()),
                None,
            ),
            Backend::Postgres => {
                let admin = std::env::var("KNXDESK_TEST_POSTGRES_URL")
                    .ok()
                    .filter(|s| !s.is_empty())?;
                let pg = PgDb::create(&admin).await;
                (pg.url.clone(), Some(pg))
            }
        };
        let mut config = Config::for_tests(dir.path(), url);
        tweak(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().unwrap();
        config.base_url = format!("http://{addr}");
        let state = AppState::new(config).await.expect("app state");
        let (trigger, signal) = shutdown::channel();
        let s = state.clone();
        let server = tokio::spawn(async move {
            knxdesk::app::launch(listener, s, signal)
                .await
                .expect("server");
        });
        Some(TestApp {
            addr,
            base: format!("http://{addr}"),
            state,
            dir,
            stop: Some(trigger),
            server: Some(server),
            pg,
        })
    }

    pub fn client(&self) -> Client {
        self.client_with_headers(reqwest::header::HeaderMap::new())
    }

    /// A browser at another client address (the test server trusts `X-Forwarded-For`).
    pub fn client_at(&self, ip: &str) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", ip.parse().unwrap());
        self.client_with_headers(headers)
    }

    fn client_with_headers(&self, headers: reqwest::header::HeaderMap) -> Client {
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Client {
            http,
            base: self.base.clone(),
            csrf: None,
        }
    }

    pub fn pool(&self) -> &sqlx::AnyPool {
        &self.state.db.pool
    }

    pub async fn count(&self, sql: &str) -> i64 {
        use sqlx::Row;
        sqlx::query(sql)
            .fetch_one(self.pool())
            .await
            .unwrap()
            .try_get(0)
            .unwrap()
    }

    pub fn outbox(&self) -> PathBuf {
        self.dir.path().join("outbox")
    }

    /// Waits for the newest mail to `to` in the outbox and returns it.
    pub async fn mail_to(&self, to: &str) -> Mail {
        self.mails_to_at_least(to, 1).await.pop().unwrap()
    }

    /// Waits until at least `n` mails to `to` exist; returns them, oldest first.
    pub async fn mails_to_at_least(&self, to: &str, n: usize) -> Vec<Mail> {
        for _ in 0..200 {
            let mails = self.mails_to(to);
            if mails.len() >= n {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no {n} mail(s) to {to} arrived in the outbox");
    }

    /// Waits for the `nth` (1-based) mail to `to` holding a link with `marker`; returns the
    /// link's path (without the server address).
    pub async fn path_in_mail(&self, to: &str, marker: &str, nth: usize) -> String {
        for _ in 0..200 {
            let links: Vec<String> = self
                .mails_to(to)
                .iter()
                .filter_map(|m| m.find_link(marker))
                .collect();
            if links.len() >= nth {
                return links[nth - 1].trim_start_matches(&self.base).to_string();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no mail {nth} to {to} with a {marker} link arrived");
    }

    /// Waits until the worker has sent every queued mail: a count of mails taken afterwards
    /// cannot still grow from an earlier step.
    pub async fn mails_settled(&self) {
        for _ in 0..200 {
            let waiting = self
                .count("SELECT COUNT(*) FROM jobs WHERE kind = 'send_mail' AND state IN ('queued', 'running')")
                .await;
            if waiting == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("mails were still waiting to be sent after 10 s");
    }

    pub fn mails_to(&self, to: &str) -> Vec<Mail> {
        let mut files: Vec<_> = std::fs::read_dir(self.outbox())
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .into_iter()
            .filter_map(|p| Mail::parse(&std::fs::read(p).ok()?))
            .filter(|m| m.to.eq_ignore_ascii_case(to))
            .collect()
    }

    /// Signs up (through the confirmation mail) and returns a signed-in client.
    pub async fn sign_up(&self, name: &str, email: &str, password: &str) -> Client {
        let mut c = self.client();
        let res = c
            .post(
                "/signup",
                &[("name", name), ("email", email), ("password", password)],
            )
            .await;
        assert_eq!(res.status(), 200, "sign-up form accepted");
        let path = self.path_in_mail(email, "/signup/confirm/", 1).await;
        let res = c.post(&path, &[]).await;
        assert_eq!(res.status(), 303, "confirmation signs in");
        c
    }

    /// Signs up and creates an organisation; returns the client and the organisation id.
    pub async fn owner_with_org(&self, name: &str, email: &str, org: &str) -> (Client, i64) {
        let mut c = self.sign_up(name, email, PASSWORD).await;
        let res = c.post("/orgs", &[("name", org)]).await;
        assert_eq!(res.status(), 303);
        let loc = location(&res);
        let id: i64 = loc
            .trim_start_matches("/o/")
            .trim_end_matches('/')
            .parse()
            .expect("org id in redirect");
        (c, id)
    }

    /// Invites `email` to `org` as `role` via `admin`, accepts with a new account; returns the
    /// new member's client.
    pub async fn add_member(
        &self,
        admin: &mut Client,
        org: i64,
        name: &str,
        email: &str,
        role: &str,
    ) -> Client {
        let n = self
            .mails_to(email)
            .iter()
            .filter(|m| m.find_link("/invite/").is_some())
            .count();
        let res = admin
            .post(
                &format!("/o/{org}/invitations"),
                &[("email", email), ("role", role)],
            )
            .await;
        assert_eq!(res.status(), 303, "invitation created");
        let path = self.path_in_mail(email, "/invite/", n + 1).await;
        let mut c = self.client();
        let res = c
            .post(
                &format!("{path}/signup"),
                &[("name", name), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(res.status(), 303, "invitation accepted");
        c
    }
}

impl TestApp {
    /// Creates a customer (a person) through the form; returns its id.
    pub async fn customer(&self, admin: &mut Client, org: i64, name: &str, email: &str) -> i64 {
        self.customer_of_kind(admin, org, "person", name, email)
            .await
    }

    /// Creates a customer of `kind` (`person`, `company`) through the form; returns its id.
    pub async fn customer_of_kind(
        &self,
        admin: &mut Client,
        org: i64,
        kind: &str,
        name: &str,
        email: &str,
    ) -> i64 {
        let res = admin
            .post(
                &format!("/o/{org}/customers"),
                &[("kind", kind), ("name", name), ("email", email)],
            )
            .await;
        assert_eq!(res.status(), 303, "customer created");
        self.count(&format!(
            "SELECT MAX(id) FROM customers WHERE org_id = {org}"
        ))
        .await
    }

    /// Creates a project (linked to `customer` when given); returns its id.
    pub async fn project(
        &self,
        admin: &mut Client,
        org: i64,
        name: &str,
        customer: Option<i64>,
    ) -> i64 {
        let cid = customer.map(|c| c.to_string()).unwrap_or_default();
        let res = admin
            .post(
                &format!("/o/{org}/projects"),
                &[("name", name), ("customer_id", &cid)],
            )
            .await;
        assert_eq!(res.status(), 303, "project created");
        location(&res).rsplit('/').next().unwrap().parse().unwrap()
    }

    /// Invites customer `cid` to the portal; returns the path of the mailed link.
    pub async fn invite_customer(
        &self,
        admin: &mut Client,
        org: i64,
        cid: i64,
        email: &str,
    ) -> String {
        let n = self
            .mails_to(email)
            .iter()
            .filter(|m| m.find_link("/invite/").is_some())
            .count();
        let res = admin
            .post(
                &format!("/o/{org}/customers/{cid}/invite"),
                &[("email", email)],
            )
            .await;
        assert_eq!(res.status(), 303, "customer invited");
        self.path_in_mail(email, "/invite/", n + 1).await
    }

    /// Invites customer `cid` and signs up through the link: the customer's portal login.
    pub async fn add_owner(
        &self,
        admin: &mut Client,
        org: i64,
        cid: i64,
        name: &str,
        email: &str,
    ) -> Client {
        let path = self.invite_customer(admin, org, cid, email).await;
        let mut c = self.client();
        let res = c
            .post(
                &format!("{path}/signup"),
                &[("name", name), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(res.status(), 303, "customer invitation accepted");
        c
    }

    /// Switches the Customer Login module on for `org`, as the instance administrator would.
    pub async fn customer_login_on(&self, org: i64) {
        let root = "root@example.com";
        if self
            .count(&format!(
                "SELECT COUNT(*) FROM users WHERE email = '{root}'"
            ))
            .await
            == 0
        {
            knxdesk::accounts::admin::create_instance_admin(
                &self.state,
                root,
                "Root",
                Some(PASSWORD),
            )
            .await
            .unwrap();
        }
        let mut c = self.client();
        c.sign_in(root, PASSWORD).await;
        let res = c
            .post(
                &format!("/admin/orgs/{org}/modules"),
                &[("customer_login", "1")],
            )
            .await;
        assert_eq!(res.status(), 303, "module switched on");
    }

    /// Invites one of company customer `cid`'s people with `role` (`customer_administrator`,
    /// ...) and `language`, and signs them up through the link.
    pub async fn add_company_user(
        &self,
        admin: &mut Client,
        org: i64,
        cid: i64,
        (first, email, role, language): (&str, &str, &str, &str),
    ) -> Client {
        let res = admin
            .post(
                &format!("/o/{org}/customers/{cid}/company"),
                &[
                    ("first_name", first),
                    ("last_name", "Company"),
                    ("email", email),
                    ("language", language),
                    ("role", role),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "company user invited");
        let path = self.path_in_mail(email, "/invite/", 1).await;
        let mut c = self.client();
        let res = c
            .post(
                &format!("{path}/signup"),
                &[("name", first), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(res.status(), 303, "company invitation accepted");
        c
    }

    /// Anna Berg's organisation Berg Elektro with the customer Max Huber and his project
    /// Villa Huber: the usual start of a portal test.
    pub async fn villa_huber(&self) -> Villa {
        let (mut admin, org) = self
            .owner_with_org("Anna Berg", "anna@example.com", "Berg Elektro")
            .await;
        let huber = self
            .customer(&mut admin, org, "Max Huber", "max@huber.de")
            .await;
        let villa = self
            .project(&mut admin, org, "Villa Huber", Some(huber))
            .await;
        Villa {
            admin,
            org,
            huber,
            villa,
        }
    }
}

pub struct Villa {
    pub admin: Client,
    pub org: i64,
    pub huber: i64,
    pub villa: i64,
}

impl TestApp {
    /// Uploads a generated ETS file (`devices` devices "Actuator N" at 1.1.N, group addresses
    /// "Light N & more" from 1/0/0) and waits for its model.
    pub async fn import(&self, c: &mut Client, org: i64, pid: i64, devices: usize) {
        let spec = Spec {
            devices,
            group_addresses: 12,
            ..Default::default()
        };
        self.import_spec(c, org, pid, &spec, 1).await;
    }

    /// The row of the project's current device at `address`.
    /// Creates the service code of the device at `address` (from its page's button); returns
    /// the code as stored.
    pub async fn create_code(
        &self,
        c: &mut Client,
        org: i64,
        project: i64,
        address: &str,
    ) -> String {
        let device = self.device_id(project, address).await;
        let res = c
            .post(
                &format!("/o/{org}/projects/{project}/device-code/{device}"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303, "code created");
        use sqlx::Row;
        sqlx::query(&format!(
            "SELECT code FROM service_codes WHERE device_id = {device} AND active = 1"
        ))
        .fetch_one(self.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
    }

    pub async fn device_id(&self, project: i64, address: &str) -> i64 {
        self.count(&format!(
            "SELECT id FROM project_devices WHERE project_id = {project} AND address = '{address}' AND removed_in IS NULL"
        ))
        .await
    }

    /// Uploads `spec` as version `version` of the project and waits until it is the model.
    pub async fn import_spec(&self, c: &mut Client, org: i64, pid: i64, spec: &Spec, version: i64) {
        let form = Form::new().part(
            "file",
            Part::bytes(to_bytes(spec)).file_name("house.knxproj".to_string()),
        );
        let res = c
            .upload(&format!("/o/{org}/projects/{pid}/ets"), form)
            .await;
        assert_eq!(res.status(), 303);
        for _ in 0..400 {
            let n = self
                .count(&format!(
                    "SELECT COUNT(*) FROM ets_versions WHERE project_id = {pid} AND version = {version} AND status = 'ready'"
                ))
                .await;
            if n == 1 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the import never finished");
    }

    /// The counts the database keeps (by trigger) agree with the rows they count.
    pub async fn assert_counts_consistent(&self) {
        for sql in [
            "SELECT COUNT(*) FROM organisations o WHERE o.customer_count <> (SELECT COUNT(*) FROM customers c WHERE c.org_id = o.id)",
            "SELECT COUNT(*) FROM organisations o WHERE o.project_count <> (SELECT COUNT(*) FROM projects p WHERE p.org_id = o.id)",
            "SELECT COUNT(*) FROM customers c WHERE c.project_count <> (SELECT COUNT(*) FROM projects p WHERE p.customer_id = c.id)",
            "SELECT COUNT(*) FROM projects p WHERE p.group_address_count <> (SELECT COUNT(*) FROM project_group_addresses g WHERE g.project_id = p.id)",
            "SELECT COUNT(*) FROM projects p WHERE p.device_count <> (SELECT COUNT(*) FROM project_devices d WHERE d.project_id = p.id AND d.removed_in IS NULL)",
            "SELECT COUNT(*) FROM service_case_counts k WHERE k.n <> (SELECT COUNT(*) FROM service_cases s WHERE s.org_id = k.org_id AND s.status = k.status)",
            "SELECT COUNT(*) FROM (SELECT org_id, status FROM service_cases GROUP BY org_id, status) g \
             WHERE NOT EXISTS (SELECT 1 FROM service_case_counts k WHERE k.org_id = g.org_id AND k.status = g.status)",
        ] {
            assert_eq!(self.count(sql).await, 0, "{sql}");
        }
    }
}

pub const PASSWORD: &str = "correct horse battery staple";

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop.fire();
        }
        if let Some(s) = self.server.take() {
            s.abort();
        }
    }
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    csrf: Option<String>,
}

impl Client {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        (status, res.text().await.unwrap())
    }

    /// The CSRF token of this browser (read once from a page's meta tag).
    pub async fn csrf(&mut self) -> String {
        if self.csrf.is_none() {
            let (_, body) = self.get_text("/signin").await;
            self.csrf = Some(
                between(&body, "name=\"csrf-token\" content=\"", "\"").expect("csrf meta tag"),
            );
        }
        self.csrf.clone().unwrap()
    }

    /// Posts a form with the CSRF token.
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf().await;
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        fields.push(("_csrf", &token));
        self.http
            .post(self.url(path))
            .form(&fields)
            .send()
            .await
            .unwrap()
    }

    /// Posts a form with the CSRF token fetched before (`csrf()`), from a shared client.
    pub async fn post_ready(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf.clone().expect("csrf() called first");
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        fields.push(("_csrf", &token));
        self.http
            .post(self.url(path))
            .form(&fields)
            .send()
            .await
            .unwrap()
    }

    /// Posts a multipart form (an upload) with the CSRF token in the query string.
    pub async fn upload(
        &mut self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> reqwest::Response {
        self.try_upload(path, form).await.unwrap()
    }

    /// Like `upload`, but a server that answers and closes before the body is sent (a refused
    /// oversized upload) may also end the exchange with a connection error.
    pub async fn try_upload(
        &mut self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> reqwest::Result<reqwest::Response> {
        let token = self.csrf().await;
        let sep = if path.contains('?') { '&' } else { '?' };
        self.http
            .post(self.url(&format!("{path}{sep}_csrf={token}")))
            .multipart(form)
            .send()
            .await
    }

    /// Posts a form without any CSRF token (what a cross-site attacker can do).
    pub async fn post_without_csrf(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .form(&form.to_vec())
            .send()
            .await
            .unwrap()
    }

    pub async fn post_text(&mut self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let res = self.post(path, form).await;
        let status = res.status().as_u16();
        (status, res.text().await.unwrap())
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> reqwest::Response {
        self.post("/signin", &[("email", email), ("password", password)])
            .await
    }
}

pub fn between(s: &str, start: &str, end: &str) -> Option<String> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(s[i..j].to_string())
}

pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The raw `List-Unsubscribe` and `List-Unsubscribe-Post` headers, when there are.
    pub list_unsubscribe: Option<String>,
    pub list_unsubscribe_post: Option<String>,
}

impl Mail {
    pub fn parse(raw: &[u8]) -> Option<Mail> {
        let msg = mail_parser::MessageParser::default().parse(raw)?;
        let to = msg.to()?.first()?.address()?.to_string();
        Some(Mail {
            to,
            subject: msg.subject().unwrap_or_default().to_string(),
            text: msg.body_text(0).map(|s| s.to_string()).unwrap_or_default(),
            html: msg.body_html(0).map(|s| s.to_string()).unwrap_or_default(),
            list_unsubscribe: msg
                .header_raw("List-Unsubscribe")
                .map(|h| h.trim().to_string()),
            list_unsubscribe_post: msg
                .header_raw("List-Unsubscribe-Post")
                .map(|h| h.trim().to_string()),
        })
    }

    /// The first URL in the text part containing `marker`.
    pub fn link_with(&self, marker: &str) -> String {
        self.find_link(marker)
            .unwrap_or_else(|| panic!("no link with {marker} in mail:\n{}", self.text))
    }

    pub fn find_link(&self, marker: &str) -> Option<String> {
        self.text
            .split_whitespace()
            .find(|w| w.starts_with("http") && w.contains(marker))
            .map(str::to_string)
    }
}

/// A throw-away PostgreSQL database, dropped with the test.
struct PgDb {
    admin_url: String,
    name: String,
    url: String,
}

impl PgDb {
    async fn create(admin_url: &str) -> PgDb {
        use sqlx::Connection;
        let name = format!(
            "knxdesk_test_{}",
            knxdesk::tokens::new_token().hash[..16].to_owned()
        );
        let mut conn = sqlx::PgConnection::connect(admin_url)
            .await
            .expect("connect to KNXDESK_TEST_POSTGRES_URL");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("create test database");
        let _ = conn.close().await;
        let url = match admin_url.rfind('/') {
            Some(i) if admin_url[..i].ends_with(|c: char| c != '/') => {
                let (base, rest) = admin_url.split_at(i);
                let query = rest.find('?').map(|q| &rest[q..]).unwrap_or("");
                format!("{base}/{name}{query}")
            }
            _ => format!("{}/{name}", admin_url.trim_end_matches('/')),
        };
        PgDb {
            admin_url: admin_url.to_string(),
            name,
            url,
        }
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        let admin = self.admin_url.clone();
        let name = self.name.clone();
        // Async drop does not exist; a short-lived runtime on its own thread does the job.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                use sqlx::Connection;
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut conn)
                        .await;
                }
            });
        })
        .join();
    }
}
