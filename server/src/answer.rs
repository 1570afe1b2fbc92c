//! The JSON answers the server writes itself, for requests that never reach the service
//! (too large, too slow, unreadable, a panic, an unknown path), in the real server's
//! error envelope: `{"success":false,"error":{"message":...,"code":...}}`.
//!
//! | code | when | real server |
//! |---|---|---|
//! | `REQUEST_TOO_LARGE` | body over `--max-body-bytes`, URL over the URL limit | no limit of its own (PHP's `post_max_size` empties `$_POST`) |
//! | `REQUEST_TIMEOUT` | the request took longer than `--request-timeout` | PHP's `max_execution_time`: a fatal error page |
//! | `INVALID_REQUEST` | a `multipart/form-data` body that cannot be parsed | PHP ignores it |
//! | `INTERNAL_SERVER_ERROR` | a bug (a panic) while answering | same code and message for any other exception |
//! | `NOT_FOUND` (HTTP 404) | any path that does not end in `/webservice.php` | the web server's 404 page |

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// The request (body or URL) is over the configured size limit.
pub const REQUEST_TOO_LARGE: &str = "REQUEST_TOO_LARGE";
/// The request took longer than the configured time limit.
pub const REQUEST_TIMEOUT: &str = "REQUEST_TIMEOUT";
/// The body cannot be read (malformed multipart).
pub const INVALID_REQUEST: &str = "INVALID_REQUEST";
/// A bug while answering; the real server's code and message for unexpected errors.
pub const INTERNAL_SERVER_ERROR: &str = "INTERNAL_SERVER_ERROR";
/// The real server's message for [`INTERNAL_SERVER_ERROR`].
pub const INTERNAL_SERVER_ERROR_MESSAGE: &str = "Unknown Error while processing request";
/// A path other than `/webservice.php`.
pub const NOT_FOUND: &str = "NOT_FOUND";

/// The error envelope, message first as PHP writes it.
///
/// ```
/// assert_eq!(
///     vtql_server::answer::error_json("REQUEST_TIMEOUT", "Request took longer than 30 s"),
///     r#"{"success":false,"error":{"message":"Request took longer than 30 s","code":"REQUEST_TIMEOUT"}}"#
/// );
/// ```
pub fn error_json(code: &str, message: &str) -> String {
    let mut error = serde_json::Map::new();
    error.insert("message".into(), message.into());
    error.insert("code".into(), code.into());
    let mut root = serde_json::Map::new();
    root.insert("success".into(), false.into());
    root.insert("error".into(), error.into());
    serde_json::Value::Object(root).to_string()
}

/// An HTTP response with `status` and a JSON body, `Content-Type: application/json`
/// exactly as the real server sends it.
pub fn json_response(status: StatusCode, json: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        json,
    )
        .into_response()
}

/// Marks `response` as the last on its connection (used when the request body was not
/// read, so that the connection is never reused with unread bytes in it).
pub fn closing(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_escapes_and_orders() {
        let json = error_json("X", "a \"quoted\"\nline");
        assert_eq!(
            json,
            r#"{"success":false,"error":{"message":"a \"quoted\"\nline","code":"X"}}"#
        );
    }

    #[test]
    fn json_response_header() {
        let r = json_response(StatusCode::OK, "{}".into());
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            r.headers().get(header::CONTENT_TYPE).map(|v| v.as_bytes()),
            Some(&b"application/json"[..])
        );
        let r = closing(r);
        assert_eq!(
            r.headers().get(header::CONNECTION).map(|v| v.as_bytes()),
            Some(&b"close"[..])
        );
    }
}
