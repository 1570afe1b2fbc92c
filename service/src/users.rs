//! Who may log in and what each user sees: the [`Directory`] of users and groups.
//!
//! The access-control model is the real server's for queries: a user sees the modules
//! and fields of their own `describe`. Each [`User`] carries the [`Schema`] they see: the
//! server's schema restricted to an allow-list of modules and without hidden fields.
//! A field missing from a user's schema answers `ACCESS_DENIED` in a query and is absent
//! from their `describe`.
//!
//! The `--users` file of `vtql serve` is JSON ([`Directory::from_json_str`]):
//!
//! ```json
//! {
//!   "users": [
//!     { "user_name": "admin", "id": 1, "access_key": "dK3s9fL2Qx7", "is_admin": true },
//!     { "user_name": "sales", "id": 2, "access_key": "p0Zr8wN4vE1",
//!       "first_name": "Sam", "last_name": "Sales", "email": "sam@example.com",
//!       "status": "Active",
//!       "modules": ["Contacts", "Accounts"],
//!       "hidden_fields": { "Contacts": ["email", "mobile"] } }
//!   ],
//!   "groups": [ { "id": 6, "name": "Team Selling" } ]
//! }
//! ```
//!
//! `modules` (default: every module) and `hidden_fields` (default: none) must name
//! modules and fields of the server's schema; a misspelt name is an error naming its
//! JSON path, so that a typo never silently widens or narrows what a user sees. A user
//! whose `status` is not `Active` cannot log in.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;
use vtql::schema::{FieldType, Schema};

/// The users and groups of a server.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    /// The users, in file order.
    pub users: Vec<User>,
    /// The groups (owners that are not users).
    pub groups: Vec<Group>,
}

/// A user who may log in.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct User {
    /// The login name.
    pub user_name: String,
    /// The user's record number (`19x<id>`).
    pub id: u64,
    /// The access key; the login proof is `md5(token + access_key)`.
    pub access_key: String,
    /// First name (login answer).
    pub first_name: String,
    /// Last name (login answer).
    pub last_name: String,
    /// E-mail address (login answer).
    pub email: String,
    /// Whether the user is an administrator (login answer).
    pub is_admin: bool,
    /// Whether the user may log in and appears as an owner (`status` `Active`).
    pub active: bool,
    /// The user's time zone (login answer).
    pub time_zone: String,
    /// What the user sees.
    pub schema: Arc<Schema>,
}

/// A group: an owner that is not a user.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The group's number (`20x<id>`).
    pub id: u64,
    /// Its name.
    pub name: String,
}

/// Why a users file was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UsersError {
    /// Not JSON of the expected shape (serde's message: line, column, what was expected).
    #[error("not a users file: {0}")]
    Shape(String),
    /// A name the schema does not have, or a duplicate.
    #[error("{path}: {message}")]
    Invalid {
        /// The JSON path (`users[1].hidden_fields.Contacts[0]`).
        path: String,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    users: Vec<FileUser>,
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileUser {
    user_name: String,
    id: u64,
    access_key: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    is_admin: bool,
    #[serde(default = "active")]
    status: String,
    #[serde(default = "utc")]
    time_zone: String,
    #[serde(default)]
    modules: Option<Vec<String>>,
    #[serde(default)]
    hidden_fields: BTreeMap<String, Vec<String>>,
}

fn active() -> String {
    "Active".into()
}

fn utc() -> String {
    "UTC".into()
}

impl Directory {
    /// Reads a users file (see the [module docs](self)) against the server's schema.
    ///
    /// ```
    /// # #[cfg(feature = "demo")] {}
    /// use vtql_service::users::Directory;
    /// let schema = vtql::Schema::from_json_str(r#"{"success":true,"result":{
    ///     "name":"Contacts","idPrefix":"12","fields":[
    ///     {"name":"lastname","type":{"name":"string"}},
    ///     {"name":"email","type":{"name":"email"}}]}}"#).unwrap();
    /// let dir = Directory::from_json_str(r#"{"users":[{"user_name":"sam","id":2,
    ///     "access_key":"k","hidden_fields":{"Contacts":["email"]}}]}"#, &schema).unwrap();
    /// let sam = dir.user("sam").unwrap();
    /// assert!(sam.schema.field("Contacts", "lastname").is_some());
    /// assert!(sam.schema.field("Contacts", "email").is_none());
    /// let typo = Directory::from_json_str(r#"{"users":[{"user_name":"sam","id":2,
    ///     "access_key":"k","hidden_fields":{"Contacts":["emial"]}}]}"#, &schema);
    /// assert_eq!(typo.unwrap_err().to_string(),
    ///     "users[0].hidden_fields.Contacts[0]: `Contacts` has no field `emial`");
    /// ```
    pub fn from_json_str(text: &str, base: &Schema) -> Result<Directory, UsersError> {
        let doc: FileDoc =
            serde_json::from_str(text).map_err(|e| UsersError::Shape(e.to_string()))?;
        let mut users: Vec<User> = Vec::with_capacity(doc.users.len());
        for (i, u) in doc.users.into_iter().enumerate() {
            let path = format!("users[{i}]");
            if users.iter().any(|o| o.user_name == u.user_name) {
                return Err(invalid(
                    format!("{path}.user_name"),
                    format!("user `{}` is listed twice", u.user_name),
                ));
            }
            let schema = restrict(base, u.modules.as_deref(), &u.hidden_fields, &path)?;
            users.push(User {
                user_name: u.user_name,
                id: u.id,
                access_key: u.access_key,
                first_name: u.first_name,
                last_name: u.last_name,
                email: u.email,
                is_admin: u.is_admin,
                active: u.status == "Active",
                time_zone: u.time_zone,
                schema: Arc::new(schema),
            });
        }
        Ok(Directory {
            users,
            groups: doc.groups,
        })
    }

    /// The demo CRM's directory: `admin` (id 1) with `access_key`, four more users
    /// (ids 2-5, who own demo records but have no usable access key) and the groups 6
    /// and 7, all seeing the whole `schema`.
    pub fn demo(schema: Schema, access_key: &str) -> Directory {
        let schema = restrict(&schema, None, &BTreeMap::new(), "")
            .map_or_else(|_| Arc::new(schema), Arc::new);
        let user = |id: u64, name: &str, first: &str, last: &str, key: &str| User {
            user_name: name.to_owned(),
            id,
            access_key: key.to_owned(),
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            email: format!("{name}@example.com"),
            is_admin: id == 1,
            active: true,
            time_zone: "UTC".to_owned(),
            schema: Arc::clone(&schema),
        };
        Directory {
            users: vec![
                user(1, "admin", "", "Administrator", access_key),
                user(2, "ngozi", "Ngozi", "Okafor", ""),
                user(3, "bjork", "Björk", "Sigurðardóttir", ""),
                user(4, "li", "李", "小龍", ""),
                user(5, "jose", "José", "García", ""),
            ],
            groups: vec![
                Group {
                    id: 6,
                    name: "Team Selling".to_owned(),
                },
                Group {
                    id: 7,
                    name: "Marketing Group".to_owned(),
                },
            ],
        }
    }

    /// The user called `user_name`.
    pub fn user(&self, user_name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.user_name == user_name)
    }

    /// The user with record number `id`.
    pub fn user_by_id(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// The group with record number `id`.
    pub fn group(&self, id: u64) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }
}

/// A field no web-service user may read: passwords and access keys (the real server
/// exposes Users' `user_password` and `accesskey` in `retrieve`; vtql never does).
fn is_secret(f: &vtql::schema::Field) -> bool {
    matches!(f.ty, FieldType::Password)
        || matches!(
            f.name.as_str(),
            "accesskey" | "user_password" | "confirm_password" | "user_hash"
        )
}

fn invalid(path: String, message: String) -> UsersError {
    UsersError::Invalid { path, message }
}

/// `base` restricted to the `modules` allow-list, without the `hidden` fields; reference
/// fields keep only targets the user can see (as the real server intersects `refersTo`
/// with the user's types).
fn restrict(
    base: &Schema,
    modules: Option<&[String]>,
    hidden: &BTreeMap<String, Vec<String>>,
    path: &str,
) -> Result<Schema, UsersError> {
    if let Some(list) = modules {
        for (i, m) in list.iter().enumerate() {
            if base.module(m).is_none() {
                return Err(invalid(
                    format!("{path}.modules[{i}]"),
                    format!("the schema has no module `{m}`"),
                ));
            }
        }
    }
    for (m, fields) in hidden {
        let Some(module) = base.module(m) else {
            return Err(invalid(
                format!("{path}.hidden_fields.{m}"),
                format!("the schema has no module `{m}`"),
            ));
        };
        for (i, f) in fields.iter().enumerate() {
            if f == "id" || module.field(f).is_none() {
                return Err(invalid(
                    format!("{path}.hidden_fields.{m}[{i}]"),
                    format!("`{m}` has no field `{f}`"),
                ));
            }
        }
    }
    let visible = |name: &str| modules.is_none_or(|list| list.iter().any(|m| m == name));
    let mut out = Schema::new();
    for module in base.modules().filter(|m| visible(&m.name)) {
        let mut module = module.clone();
        let hide = hidden.get(&module.name);
        module
            .fields
            .retain(|f| !is_secret(f) && hide.is_none_or(|h| !h.contains(&f.name)));
        for f in &mut module.fields {
            if let FieldType::Reference { refers_to } = &mut f.ty {
                refers_to.retain(|t| visible(t));
            }
        }
        if base.is_described(&module.name) {
            out.insert(module);
        } else {
            out.insert_listed(module);
        }
    }
    Ok(out)
}
