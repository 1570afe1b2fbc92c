//! `vtql serve` over real HTTP on the embedded demo CRM: the session flow as vtigerpy,
//! node-vtiger and vtwsclib send it, parameter encodings, wrong methods, limits, slow and
//! vanishing clients, graceful shutdown.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

#[test]
fn getchallenge_get_post_and_leading_ampersand() {
    let server = TestServer::start(|_| {});
    for reply in [
        // node-vtiger: GET.
        get(&server.url("?operation=getchallenge&username=admin")),
        // vtigerpy: POST, empty body, parameters in the URL.
        post_raw(
            &server.url("?operation=getchallenge&username=admin"),
            "application/x-www-form-urlencoded",
            b"",
        ),
        // vtwsclib: a leading empty pair.
        get(&server.url("?&operation=getchallenge&username=admin")),
    ] {
        let v = reply.json();
        let r = ok(&v);
        assert!(r["token"].as_str().is_some_and(|t| !t.is_empty()), "{v}");
        let (now, exp) = (r["serverTime"].as_i64(), r["expireTime"].as_i64());
        assert!(now.is_some() && exp == now.map(|n| n + 300), "{v}");
    }
}

#[test]
fn login_urlencoded_and_multipart() {
    let server = TestServer::start(|_| {});
    let session = login(&server);
    assert!(!session.is_empty());
    let v = query(&server, &session, "select count(*) from Accounts;");
    let accounts = count(&v);
    assert!(accounts > 100, "{v}");

    let challenge = get(&server.url("?operation=getchallenge&username=admin")).json();
    let token = ok(&challenge)["token"].as_str().unwrap_or("").to_owned();
    let body = format!(
        "--b0undary\r\nContent-Disposition: form-data; name=\"operation\"\r\n\r\nlogin\r\n\
         --b0undary\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nadmin\r\n\
         --b0undary\r\nContent-Disposition: form-data; name=\"accessKey\"\r\n\r\n{}\r\n\
         --b0undary--\r\n",
        proof(&token, KEY)
    );
    let v = post_raw(
        &server.url(""),
        "multipart/form-data; boundary=b0undary",
        body.as_bytes(),
    )
    .json();
    let session = ok(&v)["sessionName"].as_str().unwrap_or("").to_owned();
    let v = query(&server, &session, "select count(*) from Accounts;");
    assert_eq!(count(&v), accounts);

    // A wrong proof is refused.
    let v = post_form(
        &server.url(""),
        &[
            ("operation", "login"),
            ("username", "admin"),
            ("accessKey", &proof(&token, "wrong")),
        ],
    )
    .json();
    assert_eq!(code(&v), "INVALID_USER_CREDENTIALS");
}

/// The number in a `count(*)` answer (`[{"count":"N"}]`, N a string).
fn count(v: &Value) -> u64 {
    let n = ok(v)[0]["count"].as_str().and_then(|n| n.parse().ok());
    n.unwrap_or_else(|| panic!("not a count: {v}"))
}

/// The values of `field` in the rows of a query answer.
fn column<'v>(v: &'v Value, field: &str) -> Vec<&'v str> {
    ok(v)
        .as_array()
        .map(|rows| rows.iter().filter_map(|r| r[field].as_str()).collect())
        .unwrap_or_default()
}

#[test]
fn quotes_wildcards_and_plus() {
    let server = TestServer::start(|_| {});
    let s = login(&server);
    let v = query(
        &server,
        &s,
        "select lastname from Contacts where lastname = 'O''Brien';",
    );
    let names = column(&v, "lastname");
    assert!(!names.is_empty(), "{v}");
    assert!(names.iter().all(|n| n.to_lowercase() == "o'brien"), "{v}");

    // `_` and `%` are plain characters under `=`.
    let v = query(
        &server,
        &s,
        "select lastname from Contacts where lastname = 'Sm_th';",
    );
    let names = column(&v, "lastname");
    assert!(
        !names.is_empty() && names.iter().all(|n| *n == "Sm_th"),
        "{v}"
    );
    let v = query(
        &server,
        &s,
        "select lastname from Contacts where lastname = '100% Juice';",
    );
    let names = column(&v, "lastname");
    assert!(
        !names.is_empty() && names.iter().all(|n| *n == "100% Juice"),
        "{v}"
    );
    let v = query(
        &server,
        &s,
        "select lastname from Contacts where lastname like 'Per%';",
    );
    assert!(column(&v, "lastname").contains(&"Per%cent"), "{v}");

    // `+` is a space, `%2B` a plus sign.
    let contacts = count(&query(&server, &s, "select count(*) from Contacts;"));
    let url = format!("?operation=query&sessionName={s}&query=select+count(*)+from+Contacts%3B");
    assert_eq!(count(&get(&server.url(&url)).json()), contacts);
    let url = format!("?operation=query&sessionName={s}&query=select%2Bcount(*)+from+Contacts%3B");
    let v = get(&server.url(&url)).json();
    // `select+count`: an invalid character at 1:7, answered as the real server does.
    assert_eq!(code(&v), "INTERNAL_SERVER_ERROR", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("1:7")),
        "{v}"
    );
}

/// GET `target` on a raw connection, byte for byte as given (ureq might re-encode it).
fn raw_get(server: &TestServer, target: &str) -> Value {
    let request = format!("GET {target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    let text = raw(server.addr, request.as_bytes(), Duration::from_secs(10));
    let (status, body) = split_response(&text);
    assert_eq!(status, 200, "{text}");
    assert!(
        text.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{text}"
    );
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn non_ascii_as_utf8_latin1_and_javascript_escape() {
    let server = TestServer::start(|_| {});
    let s = login(&server);
    for city in ["Zürich", "東京"] {
        let q = format!(
            "select accountname, bill_city from Accounts where bill_city = '{city}' order by id;"
        );
        let utf8 = query(&server, &s, &q);
        let cities = column(&utf8, "bill_city");
        assert!(
            !cities.is_empty() && cities.iter().all(|c| *c == city),
            "{utf8}"
        );
        // node-vtiger: escape() (Latin-1 %FC for ü, %uXXXX for CJK).
        let escaped = js_escape(&q);
        let target = format!("/webservice.php?operation=query&sessionName={s}&query={escaped}");
        assert_eq!(raw_get(&server, &target), utf8, "{target}");
        // Every non-ASCII character as %uXXXX.
        let units: String = q
            .encode_utf16()
            .map(|u| match u {
                0x80.. => format!("%u{u:04x}"),
                _ => form_encode(&String::from_utf16_lossy(&[u])),
            })
            .collect();
        let target = format!("/webservice.php?operation=query&sessionName={s}&query={units}");
        assert_eq!(raw_get(&server, &target), utf8, "{target}");

        let total = query(
            &server,
            &s,
            &format!("select count(*) from Accounts where bill_city = '{city}';"),
        );
        assert_eq!(count(&total), cities.len() as u64, "{total}");
    }
    assert!(js_escape("Zürich").contains("%FC"));
}

#[test]
fn wrong_methods_unknown_operations_and_paths() {
    let server = TestServer::start(|_| {});
    let s = login(&server);
    let url = server.url(&format!("?operation=listtypes&sessionName={s}"));
    for reply in [
        Reply::from_ureq(agent().put(&url).send_empty()),
        Reply::from_ureq(agent().delete(&url).call()),
        Reply::from_ureq(agent().patch(&url).send_empty()),
        Reply::from_ureq(agent().options(&url).call()),
    ] {
        let v = reply.json();
        assert!(v["success"].is_boolean(), "{v}");
    }
    // logout must be a POST, as on the real server.
    let v = get(&server.url(&format!("?operation=logout&sessionName={s}"))).json();
    assert_eq!(code(&v), "OPERATION_NOT_SUPPORTED");

    let v = get(&server.url(&format!("?operation=frobnicate&sessionName={s}"))).json();
    assert_eq!(code(&v), "UNKNOWN_OPERATION");
    let v = get(&server.url("")).json();
    assert_eq!(v["success"], false, "{v}");

    let r = get(&format!(
        "http://{}/index.php?operation=getchallenge",
        server.addr
    ));
    assert_eq!(r.status, 404, "{r:?}");
    assert!(serde_json::from_str::<Value>(&r.body).is_ok(), "{r:?}");
}

#[test]
fn malformed_percent_encoding_is_read_literally() {
    let server = TestServer::start(|_| {});
    let s = login(&server);
    // `%ZZ` stays `%ZZ`: inside a quoted value it is data.
    let v = raw_get(
        &server,
        &format!("/webservice.php?operation=query&sessionName={s}&query=select+count(*)+from+Contacts+where+lastname+%3D+'%ZZ'%3B"),
    );
    assert_eq!(ok(&v)[0]["count"], "0", "{v}");
    // Outside quotes it is a syntax error, answered as such.
    let v = raw_get(
        &server,
        &format!(
            "/webservice.php?operation=query&sessionName={s}&query=select+%ZZ+from+Contacts%3B"
        ),
    );
    // Outside quotes `%` is an invalid character, answered as the real server does.
    assert_eq!(code(&v), "INTERNAL_SERVER_ERROR", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("1:8")),
        "{v}"
    );
    // Truncated escapes, a lone surrogate, a bare `%`.
    for tail in ["%u12", "%", "%4", "%uD83D"] {
        let v = raw_get(
            &server,
            &format!("/webservice.php?operation=query&sessionName={s}&query=select+*+from+Contacts{tail}"),
        );
        assert_eq!(v["success"], false, "{tail}: {v}");
    }
    let v = raw_get(
        &server,
        "/webservice.php?operation=getchallenge&username=adm%ZZin",
    );
    // The user `adm%ZZin` does not exist.
    assert_eq!(code(&v), "ACCESS_DENIED");
}

#[test]
fn requests_over_the_size_limits() {
    let server = TestServer::start(|o| {
        o.limits.max_body_bytes = 1024;
        o.limits.max_url_bytes = 2048;
    });
    let big = format!("operation=getchallenge&username={}", "a".repeat(2000));
    let v = post_raw(
        &server.url(""),
        "application/x-www-form-urlencoded",
        big.as_bytes(),
    )
    .json();
    assert_eq!(code(&v), "REQUEST_TOO_LARGE");

    // A declared length far over the limit is answered before the body is sent.
    let text = raw(
        server.addr,
        b"POST /webservice.php HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000000\r\n\r\n",
        Duration::from_secs(10),
    );
    let (status, body) = split_response(&text);
    assert_eq!(status, 200, "{text}");
    assert!(body.contains("REQUEST_TOO_LARGE"), "{text}");

    let v = get(&server.url(&format!(
        "?operation=getchallenge&username={}",
        "a".repeat(3000)
    )))
    .json();
    assert_eq!(code(&v), "REQUEST_TOO_LARGE");
    // A request head past what the server buffers: refused by the HTTP layer, no panic.
    let huge = format!(
        "GET /webservice.php?x={} HTTP/1.1\r\nHost: t\r\n\r\n",
        "a".repeat(200_000)
    );
    let text = raw(server.addr, huge.as_bytes(), Duration::from_secs(10));
    assert!(text.is_empty() || text.starts_with("HTTP/1.1 4"), "{text}");

    // The server is still fine.
    get(&server.url("?operation=getchallenge&username=admin")).json();
}

#[test]
fn slow_loris_does_not_block_others() {
    let server = TestServer::start(|o| o.limits.header_read_timeout = Duration::from_secs(1));
    let addr = server.addr;
    let slow = std::thread::spawn(move || {
        let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect: {e}"));
        let started = Instant::now();
        for b in
            b"GET /webservice.php?operation=getchallenge&username=admin HTTP/1.1\r\nHost: t\r\n\r\n"
        {
            if s.write_all(&[*b]).is_err() {
                break; // Closed by the server.
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        (started.elapsed(), buf)
    });
    // Meanwhile, normal clients are served promptly.
    let t = Instant::now();
    for _ in 0..20 {
        get(&server.url("?operation=getchallenge&username=admin")).json();
    }
    // Long before the slow client could finish its headers (8 s).
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());
    let (elapsed, answer) = slow.join().unwrap_or_else(|_| panic!("slow client thread"));
    // Disconnected after about a second, long before it finished its headers (8 s).
    assert!(elapsed < Duration::from_secs(6), "{elapsed:?}");
    assert!(!String::from_utf8_lossy(&answer).contains("token"));
}

#[test]
fn clients_that_vanish_disturb_nobody() {
    let server = TestServer::start(|_| {});
    let s = login(&server);
    // Mid-request: half a body, then gone.
    for _ in 0..20 {
        let mut c = TcpStream::connect(server.addr).unwrap_or_else(|e| panic!("connect: {e}"));
        let _ = c.write_all(b"POST /webservice.php HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\noperation=lo");
    }
    // Mid-response: many pipelined queries with large answers, nothing read.
    let q = form_encode("select * from Contacts limit 100;");
    let one = format!(
        "GET /webservice.php?operation=query&sessionName={s}&query={q} HTTP/1.1\r\nHost: t\r\n\r\n"
    );
    for _ in 0..5 {
        let mut c = TcpStream::connect(server.addr).unwrap_or_else(|e| panic!("connect: {e}"));
        let _ = c.write_all(one.repeat(30).as_bytes());
        let mut first = [0u8; 64];
        let _ = c.read(&mut first);
    }
    // Everyone else is still served.
    for _ in 0..10 {
        let v = query(&server, &s, "select count(*) from Leads;");
        assert!(count(&v) > 0, "{v}");
    }
}

#[test]
fn graceful_shutdown_finishes_in_flight_requests() {
    let mut server = TestServer::start(|_| {});
    let mut c = TcpStream::connect(server.addr).unwrap_or_else(|e| panic!("connect: {e}"));
    let body = b"operation=getchallenge&username=admin";
    let head = format!(
        "POST /webservice.php?operation=getchallenge&username=admin HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    c.write_all(head.as_bytes())
        .unwrap_or_else(|e| panic!("write: {e}"));
    c.write_all(&body[..10])
        .unwrap_or_else(|e| panic!("write: {e}"));
    std::thread::sleep(Duration::from_millis(200));
    server.signal_stop();
    std::thread::sleep(Duration::from_millis(300));
    // New connections are refused once the server stopped accepting.
    assert!(TcpStream::connect_timeout(&server.addr, Duration::from_secs(1)).is_err());
    c.write_all(&body[10..])
        .unwrap_or_else(|e| panic!("write: {e}"));
    let _ = c.set_read_timeout(Some(Duration::from_secs(10)));
    let mut out = Vec::new();
    let _ = c.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out);
    let (status, answer) = split_response(&text);
    assert_eq!(status, 200, "{text}");
    assert!(answer.contains("\"token\""), "{text}");
    server.stop();
}

#[test]
fn log_lines_hold_no_secrets() {
    let server = TestServer::start(|_| {});
    let challenge = get(&server.url("?operation=getchallenge&username=admin")).json();
    let token = ok(&challenge)["token"].as_str().unwrap_or("").to_owned();
    let s = login(&server);
    let q = "select lastname from Contacts where lastname = 'O''Brien';";
    query(&server, &s, q);
    let v = get(&server.url(&format!("?operation=query&sessionName={s}&query=nonsense"))).json();
    assert_eq!(code(&v), "QUERY_SYNTAX_ERROR");
    let lines = server.log_lines();
    assert!(lines.len() >= 5, "{lines:?}");
    for line in &lines {
        for secret in [
            KEY,
            token.as_str(),
            s.as_str(),
            "O''Brien",
            "Brien",
            "nonsense",
        ] {
            assert!(!line.contains(secret), "{secret} in {line}");
        }
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(v["duration_us"].is_u64() && v["time"].is_string(), "{line}");
    }
    let query_line = lines
        .iter()
        .find(|l| l.contains("\"operation\":\"query\"") && l.contains("\"outcome\":\"ok\""))
        .unwrap_or_else(|| panic!("no query line in {lines:?}"));
    assert!(query_line.contains("\"user\":\"admin\""), "{query_line}");
    assert!(
        query_line.contains(&format!("\"query_len\":{}", q.len())),
        "{query_line}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("\"outcome\":\"QUERY_SYNTAX_ERROR\"")),
        "{lines:?}"
    );
}
