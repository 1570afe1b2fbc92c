//! [`Service`]: one request in, one JSON answer out.

use std::sync::{Arc, Mutex};

use crate::config::Config;
use crate::envelope::{self, Failure};
use crate::{ops, Backend, Method, Request, SessionStore};
use vtql::Schema;

/// The web service: sessions, the operations and their answers. Shared by every request
/// of a server (`Send + Sync`); [`Service::handle`] may block on the database.
pub struct Service {
    config: Config,
    backend: Arc<dyn Backend>,
    store: Arc<dyn SessionStore>,
}

/// The answer to one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The JSON body: `{"success":...}`.
    pub json: String,
    /// What to log about it.
    pub outcome: Outcome,
}

/// What a server logs about a request: no access key, token, session id or value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The operation as asked, lower-cased; `"?"` when it is not a plain word of at most
    /// 32 letters and underscores (so that a log line never carries arbitrary text).
    pub operation: String,
    /// The user, once known.
    pub user: Option<String>,
    /// The error code of the answer; `None` on success.
    pub error_code: Option<&'static str>,
    /// Why the database failed, as a sentence without credentials, when it did (the
    /// client only sees `DATABASE_QUERY_ERROR`).
    pub detail: Option<String>,
}

/// What an operation sees: the configuration, the database, the logged-in user, and
/// where to note a detail for the log.
pub(crate) struct Ctx<'a> {
    pub config: &'a Config,
    pub backend: &'a dyn Backend,
    /// What the user sees.
    pub schema: &'a Schema,
    pub detail: &'a Mutex<Option<String>>,
}

impl Ctx<'_> {
    /// The id prefix of `module` in the user's schema, or `default` (Users 19, Groups 20).
    pub fn prefix_of(&self, module: &str, default: u32) -> u32 {
        self.schema
            .module(module)
            .and_then(|m| m.id_prefix)
            .unwrap_or(default)
    }

    /// Keeps `detail` for the request's log line.
    pub fn note(&self, detail: &str) {
        if let Ok(mut d) = self.detail.lock() {
            *d = Some(detail.to_owned());
        }
    }
}

/// The parameters of a request as the real server reads them.
pub(crate) struct Params<'r> {
    request: &'r Request,
}

impl<'r> Params<'r> {
    /// A parameter of the URL (GET-type operations read theirs there, whatever the
    /// method). PHP-falsy values (`""`, `"0"`) count as missing.
    pub fn url(&self, name: &str) -> Option<&'r str> {
        find(&self.request.url, name)
    }

    /// A parameter of the body (POST-type operations).
    pub fn body(&self, name: &str) -> Option<&'r str> {
        find(&self.request.body, name)
    }

    /// A parameter of either (`$_REQUEST`: the body wins).
    pub fn any(&self, name: &str) -> Option<&'r str> {
        self.body(name).or_else(|| self.url(name))
    }

    pub fn method(&self) -> Method {
        self.request.method
    }
}

fn find<'r>(pairs: &'r [(String, String)], name: &str) -> Option<&'r str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty() && *v != "0")
}

impl Service {
    /// A service over `backend`, keeping sessions in `store`.
    pub fn new(config: Config, backend: Arc<dyn Backend>, store: Arc<dyn SessionStore>) -> Self {
        Service {
            config,
            backend,
            store,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The session store (a server purges it now and then).
    pub fn store(&self) -> &Arc<dyn SessionStore> {
        &self.store
    }

    /// Answers one request at time `now` (Unix seconds).
    pub fn handle(&self, request: &Request, now: i64) -> Response {
        let params = Params { request };
        let operation = params
            .any("operation")
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let detail = Mutex::new(None);
        let mut user_name = None;
        let result = self.dispatch(&operation, &params, now, &mut user_name, &detail);
        let (json, error_code) = match result {
            Ok(value) => (envelope::success(value), None),
            Err(f) => (envelope::failure(&f), Some(f.code)),
        };
        let printable = !operation.is_empty()
            && operation.len() <= 32
            && operation
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_');
        Response {
            json,
            outcome: Outcome {
                operation: if printable { operation } else { "?".into() },
                user: user_name,
                error_code,
                detail: detail.into_inner().ok().flatten(),
            },
        }
    }

    fn dispatch(
        &self,
        operation: &str,
        params: &Params<'_>,
        now: i64,
        user_name: &mut Option<String>,
        detail: &Mutex<Option<String>>,
    ) -> Result<serde_json::Value, Failure> {
        let store = self.store.as_ref();
        let db_failure = |e: crate::BackendError| {
            if let Ok(mut d) = detail.lock() {
                *d = Some(format!("session store: {e}"));
            }
            Failure::of(envelope::DATABASE_QUERY_ERROR)
        };
        // The operations that need no session.
        match operation {
            "getchallenge" => {
                *user_name = params.url("username").map(str::to_owned);
                return ops::login::challenge(&self.config, store, params, now)
                    .map_err(|e| e.or_db(db_failure));
            }
            "login" => {
                *user_name = params.body("username").map(str::to_owned);
                return ops::login::login(&self.config, store, params, now)
                    .map_err(|e| e.or_db(db_failure));
            }
            "" => return Err(Failure::of(envelope::UNKNOWN_OPERATION)),
            _ => {}
        }
        let known = matches!(
            operation,
            "logout" | "listtypes" | "describe" | "query" | "retrieve"
        );
        if !known {
            return Err(Failure::of(envelope::UNKNOWN_OPERATION));
        }
        // Every other operation needs a live session.
        let session_id = match params.any("sessionName") {
            Some(s) if s != "null" => s,
            _ => return Err(Failure::of(envelope::AUTHENTICATION_REQUIRED)),
        };
        let session = store
            .touch_session(session_id, now, self.config.session_idle_seconds)
            .map_err(db_failure)?
            .ok_or_else(|| Failure::of(envelope::INVALID_SESSIONID))?;
        *user_name = Some(session.user_name.clone());
        let user = self
            .config
            .directory
            .user(&session.user_name)
            .filter(|u| u.active)
            .ok_or_else(|| Failure::of(envelope::INVALID_SESSIONID))?;
        let ctx = Ctx {
            config: &self.config,
            backend: self.backend.as_ref(),
            schema: &user.schema,
            detail,
        };
        match operation {
            "logout" => {
                ops::login::logout(store, params, session_id).map_err(|e| e.or_db(db_failure))
            }
            "listtypes" => Ok(crate::describe::listtypes(&user.schema)),
            "describe" => ops::read::describe(&ctx, params),
            "query" => ops::read::query(&ctx, params),
            _ => ops::read::retrieve(&ctx, params),
        }
    }
}
