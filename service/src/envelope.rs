//! The JSON envelope of every answer and the real server's error codes and messages.
//!
//! `{"success":true,"result":...}` or `{"success":false,"error":{"message":...,"code":...}}`
//! (message first, as PHP writes the exception's properties).

use serde_json::{json, Value};

/// An error answer: the code and the message clients see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The stable web-service code (`ACCESS_DENIED`, `QUERY_SYNTAX_ERROR`, ...).
    pub code: &'static str,
    /// The message, one line.
    pub message: String,
}

impl Failure {
    /// A failure with the real server's fixed message for `code` (see the table in
    /// [`message_of`]).
    pub fn of(code: &'static str) -> Failure {
        Failure {
            code,
            message: message_of(code).to_owned(),
        }
    }

    /// A failure with its own message.
    pub fn new(code: &'static str, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }
}

/// The real server's message for each code it answers with a fixed text (typos are the
/// server's: clients compare some of them).
pub fn message_of(code: &str) -> &'static str {
    match code {
        AUTHENTICATION_REQUIRED => "Authencation required",
        INVALID_SESSIONID => "Session Identifier provided is Invalid",
        INVALID_AUTH_TOKEN => "Specified token is invalid or expired",
        ACCESSKEY_UNDEFINED => "Access key for the user is undefined",
        INVALID_USER_CREDENTIALS => "Invalid username or password",
        OPERATION_NOT_SUPPORTED => "Permission to perform the operation is denied",
        ACCESS_DENIED => "Permission to perform the operation is denied",
        INVALID_ID_ATTRIBUTE => "Id specified is incorrect",
        RECORD_NOT_FOUND => "Record you are trying to access is not found",
        DATABASE_QUERY_ERROR => "An Database error occured while performing the operation",
        UNKNOWN_OPERATION => "Unknown operation requested",
        _ => "Unknown Error while processing request",
    }
}

/// `AUTHENTICATION_REQUIRED`: no session given.
pub const AUTHENTICATION_REQUIRED: &str = "AUTHENTICATION_REQUIRED";
/// `INVALID_SESSIONID`: the session is not live.
pub const INVALID_SESSIONID: &str = "INVALID_SESSIONID";
/// `INVALID_AUTH_TOKEN`: no live challenge for the user, or an unknown user at login.
pub const INVALID_AUTH_TOKEN: &str = "INVALID_AUTH_TOKEN";
/// `ACCESSKEY_UNDEFINED`: the user has no access key.
pub const ACCESSKEY_UNDEFINED: &str = "ACCESSKEY_UNDEFINED";
/// `INVALID_USER_CREDENTIALS`: the login proof does not match, or the user is inactive.
pub const INVALID_USER_CREDENTIALS: &str = "INVALID_USER_CREDENTIALS";
/// `OPERATION_NOT_SUPPORTED`: logout sent without POST.
pub const OPERATION_NOT_SUPPORTED: &str = "OPERATION_NOT_SUPPORTED";
/// `ACCESS_DENIED`: unknown or invisible module, field or record.
pub const ACCESS_DENIED: &str = "ACCESS_DENIED";
/// `INVALID_ID_ATTRIBUTE`: a malformed record id, or one of another module.
pub const INVALID_ID_ATTRIBUTE: &str = "INVALID_ID_ATTRIBUTE";
/// `RECORD_NOT_FOUND`.
pub const RECORD_NOT_FOUND: &str = "RECORD_NOT_FOUND";
/// `DATABASE_QUERY_ERROR`: the database failed.
pub const DATABASE_QUERY_ERROR: &str = "DATABASE_QUERY_ERROR";
/// `UNKNOWN_OPERATION`: answered as JSON (the real server fails with a PHP error).
pub const UNKNOWN_OPERATION: &str = "UNKNOWN_OPERATION";
/// `INTERNAL_SERVER_ERROR`.
pub const INTERNAL_SERVER_ERROR: &str = "INTERNAL_SERVER_ERROR";
/// `QUERY_SYNTAX_ERROR`: a query the server does not understand.
pub const QUERY_SYNTAX_ERROR: &str = "QUERY_SYNTAX_ERROR";

/// The success envelope around `result`.
pub fn success(result: Value) -> String {
    php_json(&json!({ "success": true, "result": result }).to_string())
}

/// The error envelope of `failure`.
pub fn failure(failure: &Failure) -> String {
    php_json(
        &json!({
            "success": false,
            "error": { "message": failure.message, "code": failure.code },
        })
        .to_string(),
    )
}

/// JSON text as PHP's `json_encode` writes it, which the real server uses: `/` as `\/`
/// and every non-ASCII character as `\uXXXX` (UTF-16, surrogate pairs for the rest), so
/// that answers are byte for byte what clients of the real server receive. Both only
/// occur inside strings, where these escapes mean the same characters.
fn php_json(text: &str) -> String {
    use std::fmt::Write as _;
    if text.bytes().all(|b| b.is_ascii() && b != b'/') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        match c {
            '/' => out.push_str("\\/"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_as_php_does() {
        let v = success(json!(["Zürich/東京 😀"]));
        assert_eq!(
            v,
            r#"{"success":true,"result":["Z\u00fcrich\/\u6771\u4eac \ud83d\ude00"]}"#
        );
        let back: Value = serde_json::from_str(&v).unwrap();
        assert_eq!(back["result"][0], "Zürich/東京 😀");
    }

    #[test]
    fn envelopes_have_the_real_key_order() {
        assert_eq!(success(json!([])), r#"{"success":true,"result":[]}"#);
        assert_eq!(
            failure(&Failure::of(AUTHENTICATION_REQUIRED)),
            r#"{"success":false,"error":{"message":"Authencation required","code":"AUTHENTICATION_REQUIRED"}}"#
        );
    }
}
