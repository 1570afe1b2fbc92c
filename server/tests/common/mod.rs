//! A real server in-process on `127.0.0.1:0` (the embedded demo CRM), and small real HTTP
//! clients for it: ureq for well-formed requests, raw `TcpStream`s for the rest.

#![allow(dead_code)] // Each test file uses its own part of this module.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use md5::{Digest, Md5};
use serde_json::Value;
use vtql_server::log::{LogEntry, RequestLog};
use vtql_server::{ServeOptions, Server};

/// The demo user's access key in every test.
pub const KEY: &str = "0123456789abcdef";

/// Keeps every log line and event, for the tests that read them.
#[derive(Default)]
pub struct Captured {
    pub lines: Mutex<Vec<String>>,
    pub entries: Mutex<Vec<LogEntry>>,
}

impl RequestLog for Captured {
    fn record(&self, e: &LogEntry) {
        if let Ok(mut v) = self.lines.lock() {
            v.push(e.to_json());
        }
        if let Ok(mut v) = self.entries.lock() {
            v.push(e.clone());
        }
    }
    fn event(&self, event: &str, message: &str) {
        if let Ok(mut v) = self.lines.lock() {
            v.push(format!("{event}: {message}"));
        }
    }
}

/// A running server; stopped (gracefully) when dropped.
pub struct TestServer {
    pub addr: SocketAddr,
    pub log: Arc<Captured>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    /// Starts the demo server with `configure` applied to the default test options.
    pub fn start(configure: impl FnOnce(&mut ServeOptions)) -> TestServer {
        let log = Arc::new(Captured::default());
        let mut options = ServeOptions::default();
        options.listen = "127.0.0.1:0".into();
        options.access_key = Some(KEY.into());
        options.log = log.clone();
        configure(&mut options);
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap_or_else(|e| panic!("runtime: {e}"));
            rt.block_on(async move {
                let server = match Server::bind(options).await {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = addr_tx.send(Err(e.to_string()));
                        return;
                    }
                };
                let _ = addr_tx.send(Ok(server.local_addr()));
                server
                    .serve_until(async {
                        let _ = stop_rx.await;
                    })
                    .await;
            });
        });
        let addr = match addr_rx.recv() {
            Ok(Ok(a)) => a,
            Ok(Err(e)) => panic!("server did not start: {e}"),
            Err(_) => panic!("server thread died"),
        };
        TestServer {
            addr,
            log,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// `http://ADDR/webservice.php` followed by `query` (`?...`).
    pub fn url(&self, query: &str) -> String {
        format!("http://{}/webservice.php{query}", self.addr)
    }

    /// Asks the server to stop, without waiting.
    pub fn signal_stop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }

    /// Stops the server and waits for it to finish.
    pub fn stop(mut self) {
        self.finish();
    }

    fn finish(&mut self) {
        self.signal_stop();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// Every log line so far.
    pub fn log_lines(&self) -> Vec<String> {
        self.log.lines.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.finish();
    }
}

/// An agent that reports every status instead of failing on 4xx/5xx.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent()
}

/// A response: status, content type, body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl Reply {
    pub fn from_ureq(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
        let mut r = r.unwrap_or_else(|e| panic!("request failed: {e}"));
        let status = r.status().as_u16();
        let content_type = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = r
            .body_mut()
            .read_to_string()
            .unwrap_or_else(|e| panic!("body: {e}"));
        Reply {
            status,
            content_type,
            body,
        }
    }

    /// The body as JSON, after checking the real server's 200 + application/json.
    pub fn json(&self) -> Value {
        assert_eq!(self.status, 200, "{self:?}");
        assert_eq!(self.content_type, "application/json", "{self:?}");
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {self:?}"))
    }
}

pub fn get(url: &str) -> Reply {
    Reply::from_ureq(agent().get(url).call())
}

pub fn post_form(url: &str, form: &[(&str, &str)]) -> Reply {
    Reply::from_ureq(agent().post(url).send_form(form.iter().copied()))
}

pub fn post_raw(url: &str, content_type: &str, body: &[u8]) -> Reply {
    Reply::from_ureq(
        agent()
            .post(url)
            .header("Content-Type", content_type)
            .send(body),
    )
}

/// `success: true` and the result, or a panic with the answer.
pub fn ok(v: &Value) -> &Value {
    assert_eq!(v["success"], Value::Bool(true), "{v}");
    &v["result"]
}

/// The error code of a `success: false` answer.
pub fn code(v: &Value) -> &str {
    assert_eq!(v["success"], Value::Bool(false), "{v}");
    v["error"]["code"].as_str().unwrap_or("")
}

/// `md5(token + key)` in lower-case hex.
pub fn proof(token: &str, key: &str) -> String {
    Md5::digest(format!("{token}{key}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Logs `admin` in (getchallenge GET, login POST form) and returns the session name.
pub fn login(server: &TestServer) -> String {
    let challenge = get(&server.url("?operation=getchallenge&username=admin")).json();
    let token = ok(&challenge)["token"].as_str().unwrap_or("").to_owned();
    let reply = post_form(
        &server.url(""),
        &[
            ("operation", "login"),
            ("username", "admin"),
            ("accessKey", &proof(&token, KEY)),
        ],
    )
    .json();
    ok(&reply)["sessionName"].as_str().unwrap_or("").to_owned()
}

/// A query, encoded as `requests` or curl encode it (UTF-8, `+` as `%2B`, space as `+`).
pub fn query(server: &TestServer, session: &str, q: &str) -> Value {
    let url = format!(
        "{}?operation=query&sessionName={session}&query={}",
        server.url(""),
        form_encode(q)
    );
    get(&url).json()
}

/// application/x-www-form-urlencoded encoding of one value.
pub fn form_encode(s: &str) -> String {
    let mut out = String::new();
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// JavaScript's `escape()`, as node-vtiger applies it to queries.
pub fn js_escape(s: &str) -> String {
    let mut out = String::new();
    for unit in s.encode_utf16() {
        match unit {
            0x41..=0x5A | 0x61..=0x7A | 0x30..=0x39 => out.push(char::from(unit as u8)),
            u if u < 0x80 && b"@*_+-./".contains(&(u as u8)) => out.push(char::from(u as u8)),
            u if u < 0x100 => out.push_str(&format!("%{u:02X}")),
            u => out.push_str(&format!("%u{u:04X}")),
        }
    }
    out
}

/// Sends `request` bytes on a fresh connection and reads until the server closes it or
/// `timeout` passes; returns what came back.
pub fn raw(addr: SocketAddr, request: &[u8], timeout: Duration) -> String {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect: {e}"));
    let _ = s.set_read_timeout(Some(timeout));
    s.write_all(request)
        .unwrap_or_else(|e| panic!("write: {e}"));
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The status code and body of a raw HTTP/1.1 response.
pub fn split_response(text: &str) -> (u16, String) {
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}
