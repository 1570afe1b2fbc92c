//! Connect, statement and pool-acquire timeouts; credentials never in messages.

mod common;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use vtql::sql::Target;
use vtql_exec::{Database, ExecError, Options};

/// A listener that accepts connections and never says a word; its port.
fn silent_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    port
}

fn quick() -> Options {
    Options::default()
        .connect_timeout(Duration::from_millis(300))
        .statement_timeout(Duration::from_millis(500))
        .acquire_timeout(Duration::from_millis(200))
}

#[test]
fn a_silent_server_times_out_the_connect() {
    let port = silent_server();
    for scheme in ["postgres", "mysql"] {
        let url = format!("{scheme}://user:secret@127.0.0.1:{port}/db");
        let started = Instant::now();
        let e = Database::open(&url, &quick()).unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{scheme}: {:?}",
            started.elapsed()
        );
        assert!(
            matches!(e, ExecError::ConnectTimeout { millis: 300, .. }),
            "{scheme}: {e}"
        );
        let text = e.to_string();
        assert!(
            text.contains(&format!("{scheme}://user:***@127.0.0.1:{port}/db")),
            "{text}"
        );
        assert!(!text.contains("secret"), "{text}");
    }
}

#[test]
fn refused_connections_are_sentences_without_the_password() {
    // Port 1 on localhost: nothing listens there.
    for url in [
        "postgres://user:secret@127.0.0.1:1/db",
        "MYSQL://user:secret@127.0.0.1:1/db",
    ] {
        let e = Database::open(url, &quick()).unwrap_err();
        let text = e.to_string();
        assert!(matches!(e, ExecError::Connect { .. }), "{text}");
        assert!(text.contains("user:***@127.0.0.1:1/db"), "{text}");
        assert!(
            !text.contains("secret") && !text.contains("Error {"),
            "{text}"
        );
    }
    let e = Database::open("oracle://user:secret@h/db", &quick()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "unsupported database URL `oracle://user:***@h/db`: use `sqlite:PATH`, `postgres://...` or `mysql://...`"
    );
}

#[test]
fn wrong_passwords_are_reported_without_them() {
    for (name, url) in servers() {
        let Some((scheme, rest)) = url.split_once("://") else {
            continue;
        };
        let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
        let user = if name == "postgres" {
            "postgres"
        } else {
            "vtql"
        };
        let bad = format!("{scheme}://{user}:Wr0ngPassw0rd@{host}");
        match Database::open(&bad, &quick()) {
            // A trust-authenticated server accepts any password.
            Ok(_) => println!("{name}: the server accepts any password"),
            Err(e) => {
                let text = e.to_string();
                assert!(!text.contains("Wr0ngPassw0rd"), "{text}");
                assert!(text.contains(":***@"), "{text}");
            }
        }
    }
}

#[test]
fn long_statements_are_cancelled() {
    let sqlite = Database::demo(&quick()).unwrap();
    let slow_sqlite =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
    let mut cases = vec![(sqlite, slow_sqlite)];
    for (name, url) in servers() {
        let db = Database::open(&url, &quick()).unwrap_or_else(|e| panic!("{e}"));
        cases.push((
            db,
            if name == "postgres" {
                "SELECT pg_sleep(10)"
            } else {
                "SELECT SLEEP(10)"
            },
        ));
    }
    for (db, text) in cases {
        let started = Instant::now();
        let e = db.query(&sql(db.target(), text)).unwrap_err();
        assert_eq!(e, ExecError::Timeout { millis: 500 }, "{}", db.target());
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{}",
            db.target()
        );
        // The connection serves the next statement.
        assert_eq!(rows(&db, "SELECT 1").rows, vec![vec![Some("1".to_owned())]]);
    }
}

#[test]
fn a_busy_pool_times_out_the_wait() {
    let options = quick()
        .pool_size(1)
        .statement_timeout(Duration::from_millis(1500));
    let db = Arc::new(Database::demo(&options).unwrap());
    let busy = Arc::clone(&db);
    let slow = std::thread::spawn(move || {
        busy.query(&sql(
            Target::Sqlite,
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
        ))
    });
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let e = db.query(&sql(Target::Sqlite, "SELECT 1")).unwrap_err();
    assert_eq!(e, ExecError::PoolTimeout { millis: 200 });
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(
        e.to_string(),
        "no database connection became free within 200 ms"
    );
    assert!(matches!(
        slow.join().unwrap(),
        Err(ExecError::Timeout { .. })
    ));
    // Free again.
    assert!(db.query(&sql(Target::Sqlite, "SELECT 1")).is_ok());
}
