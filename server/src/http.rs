//! The HTTP side of `/webservice.php`: the axum router, request decoding, limits, the
//! per-request log line.
//!
//! Every request to a path ending in `/webservice.php` (so `/webservice.php` and
//! `/vtigercrm/webservice.php` alike) is answered HTTP 200 with `Content-Type:
//! application/json`, whatever its method: the URL's parameters and the form body's
//! parameters go to the service, which applies the real server's rules (GET-type
//! operations read the URL, POST-type ones the body; only `logout` checks the method).
//! Any other path is a 404 with a short JSON body.

use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, Method as HttpMethod, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use tower_http::catch_panic::CatchPanicLayer;
use vtql_service::{Method, Request};

use crate::answer::{
    closing, error_json, json_response, INTERNAL_SERVER_ERROR, INTERNAL_SERVER_ERROR_MESSAGE,
    INVALID_REQUEST, NOT_FOUND, REQUEST_TIMEOUT, REQUEST_TOO_LARGE,
};
use crate::dispatch::{Answer, Dispatch};
use crate::log::{LogEntry, RequestLog};
use crate::options::Limits;

/// The path suffix served.
const ENDPOINT: &str = "/webservice.php";

/// What every request handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub dispatch: Arc<dyn Dispatch>,
    pub limits: Limits,
    pub log: Arc<dyn RequestLog>,
}

/// The router: `*/webservice.php` to the service, anything else 404; a panic anywhere
/// still answers JSON.
pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .fallback(route)
        .layer(CatchPanicLayer::custom(|_panic| {
            json_response(
                StatusCode::OK,
                error_json(INTERNAL_SERVER_ERROR, INTERNAL_SERVER_ERROR_MESSAGE),
            )
        }))
        .with_state(state)
}

/// One request, start to answer, logged.
async fn route(
    State(state): State<AppState>,
    method: HttpMethod,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let time = SystemTime::now();
    let started = Instant::now();
    let mut entry = LogEntry::new(time, method.as_str());
    let response = if uri.path().ends_with(ENDPOINT) {
        let handled = tokio::time::timeout(
            state.limits.request_timeout,
            webservice(&state, &method, &uri, &headers, body, time, &mut entry),
        )
        .await;
        match handled {
            Ok(response) => response,
            Err(_) => {
                entry.outcome = REQUEST_TIMEOUT.into();
                let message = format!(
                    "Request took longer than {} s",
                    state.limits.request_timeout.as_secs_f64()
                );
                closing(json_response(
                    StatusCode::OK,
                    error_json(REQUEST_TIMEOUT, &message),
                ))
            }
        }
    } else {
        entry.status = StatusCode::NOT_FOUND.as_u16();
        entry.outcome = NOT_FOUND.into();
        json_response(
            StatusCode::NOT_FOUND,
            error_json(
                NOT_FOUND,
                "Not found: this server answers at /webservice.php",
            ),
        )
    };
    entry.duration = started.elapsed();
    state.log.record(&entry);
    response
}

/// `/webservice.php`: decode, check the limits, hand over to the service.
async fn webservice(
    state: &AppState,
    method: &HttpMethod,
    uri: &Uri,
    headers: &HeaderMap,
    body: Body,
    time: SystemTime,
    entry: &mut LogEntry,
) -> Response {
    let limits = &state.limits;
    let target_len = uri.path_and_query().map_or(0, |p| p.as_str().len());
    if target_len > limits.max_url_bytes {
        let message = format!("Request URL is over {} bytes", limits.max_url_bytes);
        return refuse(entry, REQUEST_TOO_LARGE, &message);
    }
    let too_large = || format!("Request body is over {} bytes", limits.max_body_bytes);
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_body_bytes as u64) {
        return refuse(entry, REQUEST_TOO_LARGE, &too_large());
    }
    let bytes: Bytes = match Limited::new(body, limits.max_body_bytes).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            return refuse(entry, REQUEST_TOO_LARGE, &too_large())
        }
        // The client went away or sent a broken chunked body: nobody to answer properly.
        Err(_) => return refuse(entry, INVALID_REQUEST, "The request body cannot be read"),
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let body = match crate::body::form_pairs(content_type, bytes).await {
        Ok(pairs) => pairs,
        Err(e) => {
            let message = format!("The request body cannot be read: {e}");
            return refuse(entry, INVALID_REQUEST, &message);
        }
    };
    let url = crate::decode::pairs(uri.query().unwrap_or("").as_bytes());
    entry.query_len = url
        .iter()
        .chain(&body)
        .find(|(k, _)| k == "query")
        .map(|(_, v)| v.len());
    let request = Request {
        method: service_method(method),
        url,
        body,
    };
    let now = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let dispatch = Arc::clone(&state.dispatch);
    let answer = tokio::task::spawn_blocking(move || dispatch.dispatch(&request, now)).await;
    match answer {
        Ok(Answer {
            json,
            operation,
            user,
            error_code,
        }) => {
            entry.operation = Some(operation);
            entry.user = user;
            if let Some(code) = error_code {
                entry.outcome = code.into();
            }
            json_response(StatusCode::OK, json)
        }
        // The service panicked (a bug): the real server's answer to an unexpected error.
        Err(_) => refuse(entry, INTERNAL_SERVER_ERROR, INTERNAL_SERVER_ERROR_MESSAGE),
    }
}

/// An answer the server writes itself; the connection is closed after it, since the body
/// may be unread.
fn refuse(entry: &mut LogEntry, code: &'static str, message: &str) -> Response {
    entry.outcome = code.into();
    closing(json_response(StatusCode::OK, error_json(code, message)))
}

/// The service's view of the HTTP method.
fn service_method(method: &HttpMethod) -> Method {
    match *method {
        HttpMethod::GET | HttpMethod::HEAD => Method::Get,
        HttpMethod::POST => Method::Post,
        _ => Method::Other,
    }
}

#[cfg(test)]
mod tests {
    //! The router driven in-process with `tower::ServiceExt::oneshot`-style calls (no
    //! sockets: those are in `tests/`), against small dispatchers.

    use std::time::Duration;

    use axum::http::Request as HttpRequest;
    use tower_service::Service as _;

    use super::*;
    use crate::testing::{Captured, Echo, Panics, Slow};

    struct Harness {
        rt: tokio::runtime::Runtime,
        router: Router,
        log: Arc<Captured>,
    }

    impl Harness {
        fn new(dispatch: impl Dispatch, limits: Limits) -> Self {
            let log = Arc::new(Captured::default());
            let router = router(AppState {
                dispatch: Arc::new(dispatch),
                limits,
                log: log.clone(),
            });
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap_or_else(|e| panic!("runtime: {e}"));
            Harness { rt, router, log }
        }

        /// Sends a request; returns status, content type and body text.
        fn send(&mut self, req: HttpRequest<Body>) -> (u16, String, String) {
            let mut router = self.router.clone();
            self.rt.block_on(async move {
                let r = router.call(req).await.unwrap_or_else(|e| match e {});
                let status = r.status().as_u16();
                let ct = r
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                let body = r
                    .into_body()
                    .collect()
                    .await
                    .map(|b| String::from_utf8_lossy(&b.to_bytes()).into_owned())
                    .unwrap_or_else(|e| panic!("body: {e}"));
                (status, ct, body)
            })
        }

        fn last_log(&self) -> LogEntry {
            self.log
                .0
                .lock()
                .ok()
                .and_then(|v| v.last().cloned())
                .unwrap_or_else(|| panic!("nothing logged"))
        }
    }

    fn req(method: &str, uri: &str, ct: Option<&str>, body: impl Into<Body>) -> HttpRequest<Body> {
        let mut b = HttpRequest::builder().method(method).uri(uri);
        if let Some(ct) = ct {
            b = b.header(header::CONTENT_TYPE, ct);
        }
        b.body(body.into())
            .unwrap_or_else(|e| panic!("request: {e}"))
    }

    fn json(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    }

    const FORM: Option<&str> = Some("application/x-www-form-urlencoded");

    #[test]
    fn url_and_body_parameters_reach_the_service() {
        let mut h = Harness::new(Echo, Limits::default());
        let (status, ct, body) = h.send(req(
            "POST",
            "/webservice.php?&operation=getchallenge&username=admin",
            FORM,
            "operation=login&accessKey=a%2Bb",
        ));
        assert_eq!((status, ct.as_str()), (200, "application/json"));
        assert_eq!(
            json(&body),
            serde_json::json!({
                "method": "Post",
                "url": [["operation", "getchallenge"], ["username", "admin"]],
                "body": [["operation", "login"], ["accessKey", "a+b"]],
            })
        );
        let e = h.last_log();
        assert_eq!(e.operation.as_deref(), Some("getchallenge"));
        assert_eq!(e.user.as_deref(), Some("admin"));
        assert_eq!(
            (e.status, e.outcome.as_str(), e.method.as_str()),
            (200, "ok", "POST")
        );
    }

    #[test]
    fn every_method_gets_200_json() {
        let mut h = Harness::new(Echo, Limits::default());
        for (m, seen) in [
            ("GET", "Get"),
            ("HEAD", "Get"),
            ("PUT", "Other"),
            ("DELETE", "Other"),
            ("PATCH", "Other"),
            ("OPTIONS", "Other"),
        ] {
            let (status, ct, body) =
                h.send(req(m, "/webservice.php?operation=listtypes", None, ""));
            assert_eq!((status, ct.as_str()), (200, "application/json"), "{m}");
            if m != "HEAD" {
                assert_eq!(json(&body)["method"], seen, "{m}");
            }
        }
    }

    #[test]
    fn subdirectory_endpoint_and_404() {
        let mut h = Harness::new(Echo, Limits::default());
        let (status, ..) = h.send(req("GET", "/vtigercrm/webservice.php", None, ""));
        assert_eq!(status, 200);
        let (status, ct, body) = h.send(req("GET", "/index.php?operation=query", None, ""));
        assert_eq!((status, ct.as_str()), (404, "application/json"));
        assert_eq!(json(&body)["error"]["code"], NOT_FOUND);
        assert_eq!(h.last_log().status, 404);
    }

    #[test]
    fn escape_encoded_query_is_decoded() {
        let mut h = Harness::new(Echo, Limits::default());
        let (_, _, body) = h.send(req(
            "GET",
            "/webservice.php?operation=query&query=select%20*%20from%20Accounts%20where%20bill_city%3D%27Z%FCrich%27%20or%20x%3D%27%u6771%uD83D%uDE00%27%3B",
            None,
            "",
        ));
        assert_eq!(
            json(&body)["url"][1][1],
            "select * from Accounts where bill_city='Zürich' or x='東😀';"
        );
        assert_eq!(
            h.last_log().query_len,
            Some("select * from Accounts where bill_city='Zürich' or x='東😀';".len())
        );
    }

    #[test]
    fn body_over_the_limit() {
        let limits = Limits {
            max_body_bytes: 16,
            ..Limits::default()
        };
        let mut h = Harness::new(Echo, limits);
        let (status, ct, body) = h.send(req("POST", "/webservice.php", FORM, "x".repeat(17)));
        assert_eq!((status, ct.as_str()), (200, "application/json"));
        assert_eq!(json(&body)["error"]["code"], REQUEST_TOO_LARGE);
        assert_eq!(h.last_log().outcome, REQUEST_TOO_LARGE);
        // Exactly at the limit is fine.
        let (_, _, body) = h.send(req(
            "POST",
            "/webservice.php",
            FORM,
            "a=".to_owned() + &"x".repeat(14),
        ));
        assert_eq!(json(&body)["body"][0][0], "a");
    }

    #[test]
    fn streamed_body_over_the_limit() {
        let limits = Limits {
            max_body_bytes: 16,
            ..Limits::default()
        };
        let mut h = Harness::new(Echo, limits);
        // No Content-Length: the limit applies while reading.
        let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
            Ok(Bytes::from("a=0123456789")),
            Ok(Bytes::from("0123456789")),
        ];
        let body = Body::from_stream(futures_util::stream::iter(chunks));
        let (_, _, body) = h.send(req("POST", "/webservice.php", FORM, body));
        assert_eq!(json(&body)["error"]["code"], REQUEST_TOO_LARGE);
    }

    #[test]
    fn url_over_the_limit() {
        let limits = Limits {
            max_url_bytes: 64,
            ..Limits::default()
        };
        let mut h = Harness::new(Echo, limits);
        let uri = format!("/webservice.php?query={}", "x".repeat(64));
        let (_, _, body) = h.send(req("GET", &uri, None, ""));
        assert_eq!(json(&body)["error"]["code"], REQUEST_TOO_LARGE);
    }

    #[test]
    fn malformed_multipart() {
        let mut h = Harness::new(Echo, Limits::default());
        let (status, _, body) = h.send(req(
            "POST",
            "/webservice.php",
            Some("multipart/form-data; boundary=B"),
            "--B\r\nnonsense",
        ));
        assert_eq!(status, 200);
        assert_eq!(json(&body)["error"]["code"], INVALID_REQUEST);
    }

    #[test]
    fn panicking_service_answers_internal_server_error() {
        let mut h = Harness::new(Panics, Limits::default());
        let (status, ct, body) = h.send(req("GET", "/webservice.php?operation=query", None, ""));
        assert_eq!((status, ct.as_str()), (200, "application/json"));
        assert_eq!(
            json(&body),
            serde_json::json!({"success": false, "error": {"message": INTERNAL_SERVER_ERROR_MESSAGE, "code": INTERNAL_SERVER_ERROR}})
        );
        assert_eq!(h.last_log().outcome, INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn slow_service_times_out() {
        let limits = Limits {
            request_timeout: Duration::from_millis(50),
            ..Limits::default()
        };
        let mut h = Harness::new(Slow, limits);
        let (status, _, body) = h.send(req("GET", "/webservice.php?operation=query", None, ""));
        assert_eq!(status, 200);
        assert_eq!(json(&body)["error"]["code"], REQUEST_TIMEOUT);
        assert_eq!(h.last_log().outcome, REQUEST_TIMEOUT);
    }
}
