//! `getchallenge`, `login` and `logout`.

use serde_json::{json, Value};

use crate::config::Config;
use crate::envelope::{self, Failure};
use crate::secret::{constant_time_eq, md5_hex, random_hex};
use crate::service::Params;
use crate::{BackendError, Challenge, Method, SessionStore};

/// Bytes of randomness in a challenge token and a session id: 128 bits, so neither can
/// be guessed (the real server's `uniqid()` tokens are timestamps).
const SECRET_BYTES: usize = 16;

/// An operation's failure: an answer, or a session store that failed.
pub(crate) enum LoginError {
    Answer(Failure),
    Store(BackendError),
}

impl LoginError {
    pub fn or_db(self, db: impl FnOnce(BackendError) -> Failure) -> Failure {
        match self {
            LoginError::Answer(f) => f,
            LoginError::Store(e) => db(e),
        }
    }
}

impl From<BackendError> for LoginError {
    fn from(e: BackendError) -> Self {
        LoginError::Store(e)
    }
}

fn answer(code: &'static str) -> LoginError {
    LoginError::Answer(Failure::of(code))
}

fn no_randomness() -> LoginError {
    LoginError::Answer(Failure::new(
        envelope::INTERNAL_SERVER_ERROR,
        "the operating system gave no random bytes",
    ))
}

/// `getchallenge`: a token for `username`, valid 300 s; a new one replaces the old.
pub(crate) fn challenge(
    config: &Config,
    store: &dyn SessionStore,
    params: &Params<'_>,
    now: i64,
) -> Result<Value, LoginError> {
    let Some(name) = params.url("username") else {
        return Err(LoginError::Answer(Failure::new(
            envelope::ACCESS_DENIED,
            "No username given",
        )));
    };
    if config.directory.user(name).is_none() {
        return Err(LoginError::Answer(Failure::new(
            envelope::ACCESS_DENIED,
            "username does not exists",
        )));
    }
    let token = random_hex(SECRET_BYTES).ok_or_else(no_randomness)?;
    let expires_at = now + config.challenge_seconds;
    store.put_challenge(
        name,
        &Challenge {
            token: token.clone(),
            expires_at,
        },
    )?;
    Ok(json!({ "token": token, "serverTime": now, "expireTime": expires_at }))
}

/// `login` (POST-type: its fields are read from the body): checks
/// `accessKey == md5(token + access key)` in constant time and opens a session.
pub(crate) fn login(
    config: &Config,
    store: &dyn SessionStore,
    params: &Params<'_>,
    now: i64,
) -> Result<Value, LoginError> {
    let (Some(name), Some(proof)) = (params.body("username"), params.body("accessKey")) else {
        return Err(answer(envelope::INVALID_AUTH_TOKEN));
    };
    let Some(user) = config.directory.user(name) else {
        return Err(answer(envelope::INVALID_AUTH_TOKEN));
    };
    let challenge = store
        .challenge(name)?
        .filter(|c| c.expires_at >= now)
        .ok_or_else(|| answer(envelope::INVALID_AUTH_TOKEN))?;
    if user.access_key.is_empty() {
        return Err(answer(envelope::ACCESSKEY_UNDEFINED));
    }
    let expected = md5_hex(&format!("{}{}", challenge.token, user.access_key));
    if !constant_time_eq(&expected, proof) || !user.active {
        return Err(answer(envelope::INVALID_USER_CREDENTIALS));
    }
    let session = random_hex(SECRET_BYTES).ok_or_else(no_randomness)?;
    store.create_session(&session, name, now)?;
    let users = user
        .schema
        .module("Users")
        .and_then(|m| m.id_prefix)
        .unwrap_or(19);
    Ok(json!({
        "sessionName": session,
        "userId": format!("{users}x{}", user.id),
        "version": "0.22",
        "vtigerVersion": config.vtiger_version,
        "username": user.user_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "time_zone": user.time_zone,
        "hour_format": "24",
        "date_format": "yyyy-mm-dd",
        "is_admin": if user.is_admin { "on" } else { "off" },
        "call_duration": "5",
        "other_event_duration": "5",
    }))
}

/// `logout`: POST only, as on the real server; ends the session.
pub(crate) fn logout(
    store: &dyn SessionStore,
    params: &Params<'_>,
    session: &str,
) -> Result<Value, LoginError> {
    if params.method() != Method::Post {
        return Err(answer(envelope::OPERATION_NOT_SUPPORTED));
    }
    store.delete_session(session)?;
    Ok(json!({ "message": "successfull" }))
}
