//! One structured line per request: [`LogEntry`], written by a [`RequestLog`].
//!
//! A line holds the time, the HTTP method and status, the operation, the user, the
//! outcome (`ok` or the error code), the duration in microseconds and the length of the
//! query text. It never holds the access key, the session id, the challenge token or any
//! parameter value: the entry has no field that could carry them.

use std::io::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Longest operation name logged; longer (client-chosen) names are cut.
const MAX_OPERATION_CHARS: usize = 64;

/// What is logged about one request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LogEntry {
    /// When the request arrived.
    pub time: SystemTime,
    /// The HTTP method (`GET`, `POST`, ...).
    pub method: String,
    /// The HTTP status sent (200 for every `/webservice.php` request).
    pub status: u16,
    /// The operation as the service read it, when the request reached the service.
    pub operation: Option<String>,
    /// The user name, once known (login, or a valid session).
    pub user: Option<String>,
    /// `ok`, or the error code of the answer.
    pub outcome: String,
    /// Time from the request's arrival to its answer.
    pub duration: Duration,
    /// Length in bytes of the `query` parameter, when there is one.
    pub query_len: Option<usize>,
}

impl LogEntry {
    /// The entry as one JSON object on one line (no newline).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// let mut e = vtql_server::log::LogEntry::new(UNIX_EPOCH + Duration::from_millis(1_764_700_000_123), "GET");
    /// e.operation = Some("query".into());
    /// e.user = Some("admin".into());
    /// e.duration = Duration::from_micros(812);
    /// e.query_len = Some(42);
    /// assert_eq!(
    ///     e.to_json(),
    ///     r#"{"time":"2025-12-02T18:26:40.123Z","method":"GET","operation":"query","user":"admin","outcome":"ok","status":200,"duration_us":812,"query_len":42}"#
    /// );
    /// ```
    pub fn to_json(&self) -> String {
        let mut m = serde_json::Map::new();
        m.insert("time".into(), rfc3339(self.time).into());
        m.insert("method".into(), self.method.as_str().into());
        if let Some(op) = &self.operation {
            let op: String = op.chars().take(MAX_OPERATION_CHARS).collect();
            m.insert("operation".into(), op.into());
        }
        if let Some(user) = &self.user {
            m.insert("user".into(), user.as_str().into());
        }
        m.insert("outcome".into(), self.outcome.as_str().into());
        m.insert("status".into(), self.status.into());
        let us = u64::try_from(self.duration.as_micros()).unwrap_or(u64::MAX);
        m.insert("duration_us".into(), us.into());
        if let Some(n) = self.query_len {
            m.insert("query_len".into(), n.into());
        }
        serde_json::Value::Object(m).to_string()
    }

    /// An entry for a request that arrived at `time`, to be filled in: status 200,
    /// outcome `ok`, nothing else known yet.
    pub fn new(time: SystemTime, method: &str) -> Self {
        LogEntry {
            time,
            method: method.to_owned(),
            status: 200,
            operation: None,
            user: None,
            outcome: "ok".into(),
            duration: Duration::ZERO,
            query_len: None,
        }
    }
}

/// Where request lines go. Implementations must be cheap: `record` runs on the request
/// path.
pub trait RequestLog: Send + Sync {
    /// Records one finished request.
    fn record(&self, entry: &LogEntry);

    /// Records a server event that is not a request (a failed session purge); `message`
    /// is safe to log.
    fn event(&self, event: &str, message: &str);
}

/// JSON lines on standard error, each written whole.
#[derive(Clone, Copy, Debug, Default)]
pub struct StderrLog;

impl StderrLog {
    fn write(line: &str) {
        let mut out = Vec::with_capacity(line.len() + 1);
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
        // A closed stderr is no reason to fail a request.
        let _ = std::io::stderr().lock().write_all(&out);
    }
}

impl RequestLog for StderrLog {
    fn record(&self, entry: &LogEntry) {
        Self::write(&entry.to_json());
    }

    fn event(&self, event: &str, message: &str) {
        let mut m = serde_json::Map::new();
        m.insert("time".into(), rfc3339(SystemTime::now()).into());
        m.insert("event".into(), event.into());
        m.insert("message".into(), message.into());
        Self::write(&serde_json::Value::Object(m).to_string());
    }
}

/// Discards everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoLog;

impl RequestLog for NoLog {
    fn record(&self, _: &LogEntry) {}
    fn event(&self, _: &str, _: &str) {}
}

/// `time` as RFC 3339 in UTC with milliseconds (`2026-12-02T18:11:38.143Z`), clamped
/// to the years 1970-9999 that the format (and humantime, which panics outside them)
/// can write: a wrong system clock must not take the server down.
fn rfc3339(time: SystemTime) -> String {
    let last = UNIX_EPOCH + Duration::from_millis(253_402_300_799_999);
    humantime::format_rfc3339_millis(time.clamp(UNIX_EPOCH, last)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(rfc3339(t), "2000-02-29T00:00:00.000Z");
        let t = UNIX_EPOCH + Duration::from_millis(1_798_761_599_999);
        assert_eq!(rfc3339(t), "2026-12-31T23:59:59.999Z");
        let before = UNIX_EPOCH - Duration::from_secs(5);
        assert_eq!(rfc3339(before), "1970-01-01T00:00:00.000Z");
        let far = UNIX_EPOCH + Duration::from_secs(400_000_000_000);
        assert_eq!(rfc3339(far), "9999-12-31T23:59:59.999Z");
    }

    #[test]
    fn entry_without_service_fields() {
        let mut e = LogEntry::new(UNIX_EPOCH, "PUT");
        e.status = 404;
        e.outcome = "NOT_FOUND".into();
        assert_eq!(
            e.to_json(),
            r#"{"time":"1970-01-01T00:00:00.000Z","method":"PUT","outcome":"NOT_FOUND","status":404,"duration_us":0}"#
        );
    }

    #[test]
    fn long_or_odd_operations_stay_one_short_line() {
        let mut e = LogEntry::new(UNIX_EPOCH, "GET");
        e.operation = Some(format!("a\nb\u{1b}[31m{}", "x".repeat(500)));
        let line = e.to_json();
        assert!(!line.chars().any(char::is_control), "{line}");
        assert!(line.len() < 250, "{line}");
    }
}
