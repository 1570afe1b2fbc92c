//! The session store: processes on separate pools of one database see each other's
//! challenges and sessions; idle sessions expire; a new challenge replaces the old.

mod common;

use std::sync::Arc;

use common::*;
use vtql_exec::{Database, SqlStore};
use vtql_service::{Challenge, SessionStore};

/// Two stores as two server processes would have them: separate pools, one database.
fn pair(url: &str) -> (SqlStore, SqlStore) {
    (
        SqlStore::new(open(url)).unwrap(),
        SqlStore::new(open(url)).unwrap(),
    )
}

fn shares_sessions(name: &str, url: &str) {
    let (a, b) = pair(url);
    let user = unique("user");
    let now = 1_700_000_000;

    // A challenge put through one process is read through the other, and replaced.
    assert_eq!(b.challenge(&user).unwrap(), None, "{name}");
    let first = Challenge {
        token: "t1".into(),
        expires_at: now + 300,
    };
    a.put_challenge(&user, &first).unwrap();
    assert_eq!(b.challenge(&user).unwrap(), Some(first), "{name}");
    let second = Challenge {
        token: "t2".into(),
        expires_at: now + 600,
    };
    b.put_challenge(&user, &second).unwrap();
    assert_eq!(
        a.challenge(&user).unwrap(),
        Some(second),
        "{name}: replaced"
    );

    // A session created through one process is used through the other.
    let id = unique("session");
    a.create_session(&id, &user, now).unwrap();
    let seen = b.touch_session(&id, now + 10, 60).unwrap().unwrap();
    assert_eq!(
        (seen.user_name.as_str(), seen.last_seen),
        (user.as_str(), now + 10),
        "{name}"
    );
    // Seen at now + 10, so still live at now + 70 with 60 s of idle allowed.
    assert!(
        a.touch_session(&id, now + 70, 60).unwrap().is_some(),
        "{name}"
    );
    // Idle for 61 s: expired, and deleted.
    assert_eq!(
        b.touch_session(&id, now + 131, 60).unwrap(),
        None,
        "{name}: idle"
    );
    assert_eq!(
        a.touch_session(&id, now + 131, 1_000).unwrap(),
        None,
        "{name}: deleted"
    );

    // Logout through either process.
    let id2 = unique("session");
    b.create_session(&id2, &user, now).unwrap();
    assert!(a.delete_session(&id2).unwrap(), "{name}");
    assert!(!b.delete_session(&id2).unwrap(), "{name}");
    assert_eq!(b.touch_session(&id2, now, 60).unwrap(), None, "{name}");

    // Purge drops expired challenges and idle sessions only.
    let id3 = unique("session");
    a.create_session(&id3, &user, now + 1000).unwrap();
    b.purge(now + 1000, 60).unwrap();
    assert_eq!(
        a.challenge(&user).unwrap(),
        None,
        "{name}: expired challenge purged"
    );
    assert!(
        b.touch_session(&id3, now + 1001, 60).unwrap().is_some(),
        "{name}"
    );
    a.delete_session(&id3).unwrap();
}

#[test]
fn on_sqlite() {
    shares_sessions("sqlite", &sqlite_file("store"));
}

#[test]
fn on_postgres() {
    if let Some(url) = pg_url() {
        shares_sessions("postgres", &url);
    }
}

#[test]
fn on_mariadb() {
    if let Some(url) = mysql_url() {
        shares_sessions("mariadb", &url);
    }
}

#[test]
fn tables_are_created_once_by_concurrent_starts() {
    for (name, url) in servers() {
        if name == "postgres" {
            // The tests' own database: start from no tables. (The MariaDB database is
            // shared with the server's tests, whose sessions must survive.)
            let db = open(&url);
            exec(&db, "DROP TABLE IF EXISTS vtql_ws_challenge");
            exec(&db, "DROP TABLE IF EXISTS vtql_ws_session");
        }
        let url = Arc::new(url);
        let starts: Vec<_> = (0..6)
            .map(|_| {
                let url = Arc::clone(&url);
                std::thread::spawn(move || SqlStore::new(open(&url)).map(|_| ()))
            })
            .collect();
        for s in starts {
            s.join().unwrap().unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

#[test]
fn the_demo_database_is_refused() {
    let db = Database::demo(&vtql_exec::Options::default()).unwrap();
    let e = SqlStore::new(db).unwrap_err();
    assert!(e.to_string().contains("own copy"), "{e}");
}
