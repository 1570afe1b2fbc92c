//! `vtql serve` as a process: the start-up lines, one request over HTTP, and a graceful
//! stop with exit status 0 on SIGTERM and SIGINT.

#![cfg(unix)]

use std::io::Lines;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

/// Starts `vtql serve` on a free port; returns the child, the `host:port` it printed and
/// the rest of its standard output.
fn start(extra_env: &[(&str, &str)]) -> (Child, String, Lines<BufReader<ChildStdout>>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vtql"));
    cmd.args(["serve", "--listen", "127.0.0.1:0"])
        .env_remove("VTQL_ACCESS_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("spawn: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut lines = BufReader::new(stdout).lines();
    let first = lines
        .next()
        .and_then(Result::ok)
        .unwrap_or_else(|| panic!("no start-up line"));
    let addr = first
        .strip_prefix("vtql serve: listening on http://")
        .and_then(|rest| rest.strip_suffix("/webservice.php"))
        .unwrap_or_else(|| panic!("unexpected start-up line: {first}"))
        .to_owned();
    (child, addr, lines)
}

fn get(addr: &str, target: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect: {e}"));
    let _ = s.set_read_timeout(Some(Duration::from_secs(20)));
    let req = format!("GET {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes())
        .unwrap_or_else(|e| panic!("write: {e}"));
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

fn stop(mut child: Child, signal: &str) -> Option<i32> {
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap_or_else(|e| panic!("kill: {e}"));
    assert!(status.success());
    child.wait().ok().and_then(|s| s.code())
}

#[test]
fn serves_and_stops_on_sigterm() {
    let (child, addr, mut rest) = start(&[]);
    // A generated key is printed once, as 32 hex digits.
    let key_line = rest.next().and_then(Result::ok).unwrap_or_default();
    let key = key_line
        .strip_prefix("vtql serve: user admin, access key ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("no key line: {key_line}"));
    assert!(
        key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()),
        "{key_line}"
    );
    let answer = get(
        &addr,
        "/webservice.php?&operation=getchallenge&username=admin",
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{answer}"
    );
    assert!(answer.contains("\"token\""), "{answer}");
    assert_eq!(stop(child, "-TERM"), Some(0));
    let more: Vec<String> = rest.map_while(Result::ok).collect();
    assert!(more.is_empty(), "{more:?}");
}

#[test]
fn access_key_from_the_environment_is_not_printed_and_sigint_stops() {
    let (child, addr, rest) = start(&[("VTQL_ACCESS_KEY", "fromenv")]);
    let answer = get(&addr, "/nothing");
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert_eq!(stop(child, "-INT"), Some(0));
    // Nothing but the address was printed: no key.
    let more: Vec<String> = rest.map_while(Result::ok).collect();
    assert!(more.is_empty(), "{more:?}");
}
