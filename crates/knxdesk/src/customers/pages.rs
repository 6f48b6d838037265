//! Customer pages: the list (search, sort, pagination), the form, delete.

use crate::web::Pager;
use askama::Template;
use axum::{
    extract::{Form, Query},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::{
    Kind,
    queries::{self, Customer, NewCustomer, PAGE_SIZE, Sort},
};
use crate::types::OrgId;
use crate::{
    authz::Action,
    types::{CustomerId, Email, FieldError, optional_text, required_text},
    web::{AppError, AppResult, FieldErrors, Ids, Layout, OrgCtx, flash, render, render_status},
};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    sort: String,
    dir: String,
    /// Text, not a number: a garbled page parameter shows the first page.
    page: String,
}

/// A sortable column header: its link and ARIA state.
pub struct Column {
    pub label_key: &'static str,
    pub href: String,
    pub aria_sort: &'static str,
    pub arrow: &'static str,
}

#[derive(Template)]
#[template(path = "customers/index.html")]
struct IndexPage {
    l: Layout,
    customers: Vec<Customer>,
    columns: Vec<Column>,
    q: String,
    total: i64,
    pager: Pager,
    /// Delete, invite and manage invitations (administrators and moderators).
    can_manage: bool,
    // The invite dialog's form, filled in by script for the row clicked.
    invite_action: String,
    invite_name: String,
    invite_email: String,
    invite_errors: FieldErrors,
}

fn list_url(o: &OrgCtx, q: &str, sort: Sort, desc: bool, page: i64) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    if !q.is_empty() {
        ser.append_pair("q", q);
    }
    ser.append_pair("sort", sort.as_str())
        .append_pair("dir", if desc { "desc" } else { "asc" });
    if page > 1 {
        ser.append_pair("page", &page.to_string());
    }
    o.path(&format!("/customers?{}", ser.finish()))
}

pub async fn index(o: OrgCtx, Query(lq): Query<ListQuery>) -> AppResult<Response> {
    o.require(Action::EditCustomers)?;
    let sort = Sort::parse(&lq.sort);
    let desc = lq.dir == "desc";
    let q: String = crate::types::query_text(&lq.q);
    let page = lq.page.parse::<i64>().unwrap_or(1).clamp(1, 1_000_000);
    let (customers, total) = queries::list(
        &o.viewer.state.db,
        o.viewer.state.clock.now(),
        o.org_id(),
        &q,
        sort,
        desc,
        page,
    )
    .await?;
    let columns = Sort::ALL
        .into_iter()
        .map(|s| {
            let active = s == sort;
            Column {
                label_key: match s {
                    Sort::Name => "common.name",
                    Sort::Company => "customers.company",
                    Sort::Email => "common.email",
                    Sort::Phone => "common.phone",
                    Sort::Projects => "customers.projects",
                },
                // Clicking the active column flips the direction.
                href: list_url(&o, &q, s, active && !desc, 1),
                aria_sort: match (active, desc) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
                arrow: match (active, desc) {
                    (false, _) => "",
                    (true, false) => "▲",
                    (true, true) => "▼",
                },
            }
        })
        .collect();
    render(&IndexPage {
        l: o.layout("customers", "customers.title"),
        customers,
        columns,
        pager: Pager::new(page, total, PAGE_SIZE, |p| list_url(&o, &q, sort, desc, p)),
        q,
        total,
        can_manage: o.require(Action::ManageCustomers).is_ok(),
        invite_action: String::new(),
        invite_name: String::new(),
        invite_email: String::new(),
        invite_errors: FieldErrors::default(),
    })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CustomerForm {
    kind: String,
    name: String,
    email: String,
    phone: String,
    company: String,
    address: String,
}

#[derive(Template)]
#[template(path = "customers/form.html")]
struct FormPage {
    l: Layout,
    action: String,
    editing: bool,
    /// A company customer's people (Customer Login module), for those who manage them.
    company_users: Option<String>,
    f: CustomerForm,
    errors: FieldErrors,
}

fn validate(f: &CustomerForm, t: &crate::i18n::Catalog) -> Result<NewCustomer, FieldErrors> {
    let mut errors = FieldErrors::default();
    let kind = errors.check("kind", Kind::parse(&f.kind).ok_or(FieldError::Invalid), t);
    let name = errors.check("name", required_text(&f.name, 200), t);
    // No email is fine: the customer is then a contact card.
    let email = if f.email.trim().is_empty() {
        Some(String::new())
    } else {
        errors.check("email", Email::parse(&f.email).map(|e| e.to_string()), t)
    };
    let phone = errors.check("phone", optional_text(&f.phone, 50), t);
    let company = errors.check("company", optional_text(&f.company, 200), t);
    let address = errors.check("address", optional_text(&f.address, 1000), t);
    match (kind, name, email, phone, company, address) {
        (Some(kind), Some(name), Some(email), Some(phone), Some(company), Some(address))
            if errors.is_empty() =>
        {
            Ok(NewCustomer {
                kind,
                name,
                email,
                phone,
                company,
                address,
            })
        }
        _ => Err(errors),
    }
}

pub async fn new_form(o: OrgCtx) -> AppResult<Response> {
    o.require(Action::EditCustomers)?;
    render(&FormPage {
        company_users: None,
        l: o.layout("customers", "customers.new"),
        action: o.path("/customers"),
        editing: false,
        f: CustomerForm {
            kind: "person".into(),
            ..Default::default()
        },
        errors: FieldErrors::default(),
    })
}

pub async fn create(o: OrgCtx, Form(f): Form<CustomerForm>) -> AppResult<Response> {
    o.require(Action::EditCustomers)?;
    let v = match validate(&f, o.t()) {
        Ok(v) => v,
        Err(errors) => {
            let page = FormPage {
                company_users: None,
                l: o.layout("customers", "customers.new"),
                action: o.path("/customers"),
                editing: false,
                f,
                errors,
            };
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let state = &o.viewer.state;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    queries::insert(&mut tx, o.org_id(), now, &v).await?;
    o.log(&mut *tx, "customer_created", &v.name).await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path("/customers"),
        "customers.created",
        &[("name", &v.name)],
    ))
}

async fn existing(o: &OrgCtx, id: CustomerId) -> AppResult<Customer> {
    queries::get(
        &o.viewer.state.db,
        o.viewer.state.clock.now(),
        o.org_id(),
        id,
    )
    .await?
    .ok_or(AppError::NotFound)
}

pub async fn edit_form(o: OrgCtx, Ids((_, id)): Ids<(OrgId, CustomerId)>) -> AppResult<Response> {
    o.require(Action::EditCustomers)?;
    let c = existing(&o, id).await?;
    let company_users = (c.kind == "company"
        && o.require(Action::ManageCustomers).is_ok()
        && crate::company::module_on(&o.viewer.state.db, o.org_id()).await?)
        .then(|| o.path(&format!("/customers/{id}/company")));
    render(&FormPage {
        company_users,
        l: o.layout("customers", "customers.edit"),
        action: o.path(&format!("/customers/{id}")),
        editing: true,
        f: CustomerForm {
            kind: c.kind,
            name: c.name,
            email: c.email,
            phone: c.phone,
            company: c.company,
            address: c.address,
        },
        errors: FieldErrors::default(),
    })
}

pub async fn update(
    o: OrgCtx,
    Ids((_, id)): Ids<(OrgId, CustomerId)>,
    Form(f): Form<CustomerForm>,
) -> AppResult<Response> {
    o.require(Action::EditCustomers)?;
    existing(&o, id).await?;
    let v = match validate(&f, o.t()) {
        Ok(v) => v,
        Err(errors) => {
            let page = FormPage {
                company_users: None,
                l: o.layout("customers", "customers.edit"),
                action: o.path(&format!("/customers/{id}")),
                editing: true,
                f,
                errors,
            };
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let state = &o.viewer.state;
    let mut tx = state.db.begin().await?;
    queries::update(&mut tx, o.org_id(), id, state.clock.now(), &v).await?;
    o.log(&mut *tx, "customer_updated", &v.name).await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path("/customers"),
        "customers.updated",
        &[("name", &v.name)],
    ))
}

/// Refused while projects are linked: a guard against orphaning project references.
pub async fn delete(o: OrgCtx, Ids((_, id)): Ids<(OrgId, CustomerId)>) -> AppResult<Response> {
    o.require(Action::ManageCustomers)?;
    let state = &o.viewer.state;
    let c = existing(&o, id).await?;
    let back = o.path("/customers");
    let mut tx = state.db.begin().await?;
    // Counted inside the transaction, so a project linked meanwhile is not orphaned.
    let linked = queries::linked_projects(&mut tx, o.org_id(), id).await?;
    if linked > 0 {
        tx.rollback().await?;
        return Ok(flash::error(
            &back,
            "customers.has_projects",
            &[("name", &c.name), ("count", &linked.to_string())],
        ));
    }
    // Its portal users lose access at once (their sessions find no membership on the next
    // request); their user accounts stay.
    queries::delete(&mut tx, o.org_id(), id).await?;
    o.log(&mut *tx, "customer_deleted", &c.name).await?;
    tx.commit().await?;
    Ok(flash::success(
        &back,
        "customers.deleted",
        &[("name", &c.name)],
    ))
}
