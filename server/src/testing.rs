//! Small dispatchers and a capturing log for the HTTP layer's unit tests.

use std::sync::Mutex;
use std::time::Duration;

use vtql_service::Request;

use crate::dispatch::{Answer, Dispatch};
use crate::log::{LogEntry, RequestLog};

/// Echoes the request as JSON: `{"method":..,"url":[[k,v]..],"body":[[k,v]..]}`.
pub(crate) struct Echo;

impl Dispatch for Echo {
    fn dispatch(&self, r: &Request, _now: i64) -> Answer {
        let json = serde_json::json!({
            "method": format!("{:?}", r.method),
            "url": r.url,
            "body": r.body,
        });
        let op = r
            .url
            .iter()
            .chain(&r.body)
            .find(|(k, _)| k == "operation")
            .map(|(_, v)| v.to_lowercase())
            .unwrap_or_default();
        Answer {
            json: json.to_string(),
            operation: op,
            user: Some("admin".into()),
            error_code: None,
        }
    }
}

/// Panics on every request.
pub(crate) struct Panics;

impl Dispatch for Panics {
    fn dispatch(&self, _: &Request, _: i64) -> Answer {
        panic!("boom")
    }
}

/// [`Echo`] after 300 ms.
pub(crate) struct Slow;

impl Dispatch for Slow {
    fn dispatch(&self, r: &Request, n: i64) -> Answer {
        std::thread::sleep(Duration::from_millis(300));
        Echo.dispatch(r, n)
    }
}

/// Keeps every entry.
#[derive(Default)]
pub(crate) struct Captured(pub Mutex<Vec<LogEntry>>);

impl RequestLog for Captured {
    fn record(&self, e: &LogEntry) {
        if let Ok(mut v) = self.0.lock() {
            v.push(e.clone());
        }
    }
    fn event(&self, _: &str, _: &str) {}
}
