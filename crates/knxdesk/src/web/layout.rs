//! What every page shares (the layout's data) and the extractors that build it:
//! [`Viewer`] for any page, [`SignedIn`] for account pages, [`OrgCtx`] for pages inside an
//! organisation (`/o/{org_id}/...`), which also checks membership.

use askama::Template;
use axum::{
    extract::{FromRequestParts, RawPathParams},
    http::{StatusCode, request::Parts},
    response::{Html, IntoResponse, Response},
};

use super::{
    context::RequestCtx,
    error::{AppError, AppResult, ErrorPage},
};
use crate::{
    authz::{self, Action, Role, Scope},
    clock::{LocalTime, Timestamp, Zone},
    i18n::Catalog,
    state::AppState,
    types::{CustomerId, MemberId, OrgId, UserId},
    web::sessions::SessionUser,
};

/// One of the viewer's organisations, with their role there.
#[derive(Clone, Debug)]
pub struct OrgSummary {
    pub id: OrgId,
    pub name: String,
    pub language: String,
    pub time_zone: String,
    pub member_id: MemberId,
    pub role: Role,
    pub customer_id: Option<CustomerId>,
    /// How its customers reach it (shown on every portal page).
    pub contact: OrgContact,
}

/// An organisation's contact as its customers see it; empty fields are not shown.
#[derive(Clone, Debug, Default)]
pub struct OrgContact {
    pub email: String,
    pub phone: String,
    pub website: String,
    pub address: String,
    /// 0 without a logo; else part of the logo's URL.
    pub logo_version: i64,
}

impl OrgSummary {
    /// `/o/{org_id}` of this organisation.
    pub fn root(&self) -> String {
        super::routes::org_path(self.id, "")
    }

    /// From the columns `org_id, org_name, org_language, member_id, role, customer_id` and the
    /// organisation's `contact_*` and `logo_version`;
    /// `None` for a row without membership (NULLs of an outer join) or with an unknown role.
    pub fn from_row(row: &crate::db::ReadRow) -> Result<Option<OrgSummary>, sqlx::Error> {
        let Some(id) = row.try_get::<Option<i64>>("org_id")? else {
            return Ok(None);
        };
        let Some(role) = Role::parse(&row.try_get::<String>("role")?) else {
            return Ok(None);
        };
        Ok(Some(OrgSummary {
            id: OrgId(id),
            name: row.try_get("org_name")?,
            language: row.try_get("org_language")?,
            time_zone: row.try_get("org_time_zone")?,
            member_id: MemberId(row.try_get("member_id")?),
            role,
            customer_id: row.try_get("customer_id")?,
            contact: OrgContact {
                email: row.try_get("contact_email")?,
                phone: row.try_get("contact_phone")?,
                website: row.try_get("contact_website")?,
                address: row.try_get("contact_address")?,
                logo_version: row.try_get("logo_version")?,
            },
        }))
    }
}

/// The data of the page chrome (sidebar, top bar, flash, forms' CSRF token).
pub struct Layout {
    pub t: &'static Catalog,
    pub lang: &'static str,
    pub csrf: String,
    /// (css kind, ARIA role, text)
    pub flash: Option<(&'static str, &'static str, String)>,
    pub user: Option<SessionUser>,
    pub orgs: Vec<OrgSummary>,
    pub org: Option<OrgSummary>,
    pub nav: &'static str,
    pub title: String,
    pub asset_version: &'static str,
    /// How this viewer reads times.
    pub time: LocalTime,
}

impl Layout {
    pub fn allowed(&self, action: Action) -> bool {
        self.org
            .as_ref()
            .is_some_and(|o| authz::allows(o.role, action).is_allowed())
    }
    pub fn can_administer(&self) -> bool {
        self.allowed(Action::AdministerOrg)
    }
    /// The organisation's contact when the viewer is one of its customers (the portal).
    pub fn portal_contact(&self) -> Option<(&OrgSummary, &OrgContact)> {
        self.org
            .as_ref()
            .filter(|o| !o.role.is_staff())
            .map(|o| (o, &o.contact))
    }
    pub fn is_staff(&self) -> bool {
        self.org.as_ref().is_some_and(|o| o.role.is_staff())
    }
    pub fn org_id(&self) -> i64 {
        self.org.as_ref().map(|o| o.id.0).unwrap_or_default()
    }
    /// `/o/{org_id}` of the current organisation: links in templates start with it.
    pub fn org_root(&self) -> String {
        self.org
            .as_ref()
            .map(|o| super::routes::org_path(o.id, ""))
            .unwrap_or_default()
    }
    /// A timestamp in the viewer's zone and format (`{{ l.when(x.at) }}` in templates).
    /// (Templates hand their values over by reference.)
    pub fn when(&self, ts: &Timestamp) -> String {
        self.time.format(*ts)
    }
    pub fn date(&self, ts: &Timestamp) -> String {
        self.time.date(*ts)
    }
    /// A calendar day (`2026-12-24`) in the viewer's format.
    pub fn day(&self, iso: &str) -> String {
        self.time.day(iso)
    }
    /// The time zones a picker offers.
    pub fn time_zones(&self) -> &'static [String] {
        Zone::all()
    }
    /// The `datetime` attribute of a `<time>` element.
    pub fn machine_time(&self, ts: &Timestamp) -> String {
        self.time.machine(*ts)
    }
    pub fn initials(&self) -> String {
        let name = self.user.as_ref().map(|u| u.name.as_str()).unwrap_or("?");
        name.split_whitespace()
            .filter_map(|w| w.chars().next())
            .take(2)
            .collect::<String>()
            .to_uppercase()
    }
}

/// Renders an askama page.
pub fn render(tpl: &impl Template) -> AppResult<Response> {
    Ok(Html(render_string(tpl)?).into_response())
}

/// Renders a template that is part of a page (kept and put into one later).
pub fn render_part(tpl: &impl Template) -> AppResult<String> {
    Ok(render_string(tpl)?)
}

/// Renders with a status other than 200 (a form with errors: 422, throttled: 429).
pub fn render_status(status: StatusCode, tpl: &impl Template) -> AppResult<Response> {
    Ok((status, Html(render_string(tpl)?)).into_response())
}

/// Renders into a buffer as large as the last page of the same template: a list of 50 rows is
/// about 70 KB, which askama's static size hint cannot know, and growing to it by doubling
/// copied it several times (`realloc` and its copies were several per cent of the customers
/// list's CPU in `perf`).
fn render_string<T: Template>(tpl: &T) -> askama::Result<String> {
    use std::sync::{LazyLock, RwLock};
    static LAST_SIZE: LazyLock<RwLock<rustc_hash::FxHashMap<usize, usize>>> =
        LazyLock::new(Default::default);
    // The type's name is a &'static str: its address identifies the template type.
    let key = std::any::type_name::<T>().as_ptr() as usize;
    let last = LAST_SIZE
        .read()
        .ok()
        .and_then(|sizes| sizes.get(&key).copied());
    let mut out = String::with_capacity(last.map_or(T::SIZE_HINT, |n| n + n / 8));
    tpl.render_into(&mut out)?;
    if last.is_none_or(|n| out.len() > n || out.len() < n / 2)
        && let Ok(mut sizes) = LAST_SIZE.write()
    {
        sizes.insert(key, out.len());
    }
    Ok(out)
}

/// Anyone, signed in or not.
pub struct Viewer {
    pub ctx: RequestCtx,
    pub state: AppState,
}

impl Viewer {
    pub fn t(&self) -> &'static Catalog {
        self.ctx.lang.catalog()
    }

    pub fn user(&self) -> Option<&SessionUser> {
        self.ctx.user.as_ref()
    }

    /// How this viewer reads times: their own zone, else the organisation's (`org`, or outside
    /// one their first), else UTC; in the page's language.
    pub fn local_time(&self, org: Option<&OrgSummary>) -> LocalTime {
        let user = self.user();
        let zone = user
            .and_then(|u| Zone::parse(&u.time_zone))
            .or_else(|| org.and_then(|o| Zone::parse(&o.time_zone)))
            .or_else(|| {
                user.and_then(|u| u.orgs.first())
                    .and_then(|o| Zone::parse(&o.time_zone))
            })
            .unwrap_or_else(Zone::utc);
        LocalTime {
            zone,
            lang: self.ctx.lang,
        }
    }

    /// The chrome for a page outside an organisation (the sidebar shows the last one used).
    pub async fn layout(&self, nav: &'static str, title_key: &str) -> AppResult<Layout> {
        let orgs = match &self.ctx.user {
            Some(u) => u.orgs.clone(),
            None => Vec::new(),
        };
        let last = self.ctx.user.as_ref().and_then(|u| u.last_org_id);
        let org = orgs
            .iter()
            .find(|o| Some(o.id) == last)
            .or(orgs.first())
            .cloned();
        Ok(self.layout_with(orgs, org, nav, title_key))
    }

    fn layout_with(
        &self,
        orgs: Vec<OrgSummary>,
        org: Option<OrgSummary>,
        nav: &'static str,
        title_key: &str,
    ) -> Layout {
        let t = self.t();
        Layout {
            t,
            lang: self.ctx.lang.code(),
            csrf: self.ctx.csrf.clone(),
            flash: self.ctx.flash.as_ref().map(|f| {
                (
                    f.css(),
                    if f.css() == "error" {
                        "alert"
                    } else {
                        "status"
                    },
                    f.text(t),
                )
            }),
            user: self.ctx.user.clone(),
            time: self.local_time(org.as_ref()),
            orgs,
            org,
            nav,
            title: t.get(title_key).to_string(),
            asset_version: super::assets::VERSION.as_str(),
        }
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ctx = parts
            .extensions
            .get::<RequestCtx>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("context middleware missing")))?;
        Ok(Viewer {
            ctx,
            state: state.clone(),
        })
    }
}

/// A signed-in user; anonymous visitors are sent to the sign-in page and back.
pub struct SignedIn {
    pub viewer: Viewer,
    pub user: SessionUser,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        match viewer.ctx.user.clone() {
            Some(user) => Ok(SignedIn { viewer, user }),
            None => Err(AppError::SignInRequired(
                parts
                    .uri
                    .path_and_query()
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "/".into()),
            )),
        }
    }
}

/// A member inside one of their organisations. Non-members get 404: an organisation's
/// existence is nobody else's business.
pub struct OrgCtx {
    pub viewer: Viewer,
    pub user: SessionUser,
    pub org: OrgSummary,
    pub orgs: Vec<OrgSummary>,
}

impl OrgCtx {
    pub fn org_id(&self) -> OrgId {
        self.org.id
    }

    pub fn user_id(&self) -> UserId {
        self.user.id
    }

    pub fn t(&self) -> &'static Catalog {
        self.viewer.t()
    }

    /// How this viewer reads times here.
    pub fn time(&self) -> LocalTime {
        self.viewer.local_time(Some(&self.org))
    }

    /// Asks the permission module; 403 when the role may not do this at all.
    pub fn require(&self, action: Action) -> AppResult<Scope> {
        match authz::allows(self.org.role, action) {
            Scope::Denied => Err(AppError::Forbidden),
            scope => Ok(scope),
        }
    }

    /// Remembers this organisation as the one `/` leads to (called by its home page; the
    /// extractor itself only reads).
    pub async fn remember_as_last(&self) -> AppResult<()> {
        if self.user.last_org_id != Some(self.org.id) {
            super::sessions::remember_org(&self.viewer.state, self.user.id, self.org.id).await?;
        }
        Ok(())
    }

    /// What this member may see when doing `action`; refused actions are 403.
    pub fn visibility(&self, action: Action) -> AppResult<authz::Visibility> {
        Ok(match self.require(action)? {
            Scope::Organisation => authz::Visibility::All,
            // A customer role without a customer record (none are made so) sees nothing:
            // id 0 matches no customer.
            _ => authz::Visibility::Customer(self.org.customer_id.unwrap_or_default()),
        })
    }

    pub fn layout(&self, nav: &'static str, title_key: &str) -> Layout {
        self.viewer
            .layout_with(self.orgs.clone(), Some(self.org.clone()), nav, title_key)
    }

    /// Path inside this organisation.
    pub fn path(&self, rest: &str) -> String {
        super::routes::org_path(self.org.id, rest)
    }
}

impl FromRequestParts<AppState> for OrgCtx {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let SignedIn { viewer, user } = SignedIn::from_request_parts(parts, state).await?;
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let org_id: i64 = params
            .iter()
            .find(|(k, _)| *k == "org_id")
            .and_then(|(_, v)| v.parse().ok())
            .ok_or(AppError::NotFound)?;
        let orgs = user.orgs.clone();
        let org = orgs
            .iter()
            .find(|o| o.id.0 == org_id)
            .cloned()
            .ok_or(AppError::NotFound)?;
        Ok(OrgCtx {
            viewer,
            user,
            org,
            orgs,
        })
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTpl {
    l: Layout,
    status: u16,
    message: String,
    /// Link and label of the page's button.
    action: (String, String),
}

/// Renders an error page inside the layout, in the viewer's language.
pub async fn render_error(state: &AppState, ctx: &RequestCtx, page: ErrorPage) -> Response {
    let viewer = Viewer {
        ctx: ctx.clone(),
        state: state.clone(),
    };
    let t = viewer.t();
    let l = match viewer.layout("", "error.title").await {
        Ok(l) => l,
        Err(_) => viewer.layout_with(Vec::new(), None, "", "error.title"),
    };
    let tpl = ErrorTpl {
        l,
        status: page.status.as_u16(),
        message: t.get(page.message_key).to_string(),
        action: match &page.action {
            Some((to, label)) => (to.as_str().to_string(), t.get(label).to_string()),
            None => ("/".to_string(), t.get("error.home").to_string()),
        },
    };
    match tpl.render() {
        Ok(html) => (page.status, Html(html)).into_response(),
        Err(_) => (page.status, t.get(page.message_key).to_string()).into_response(),
    }
}
