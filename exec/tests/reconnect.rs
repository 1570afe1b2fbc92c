//! A pooled connection killed by the server (as on a restart) is replaced on the next
//! request, without an error to the caller.

mod common;

use common::*;
use vtql_exec::{Database, Options};

/// The server's id of the connection that serves `db`'s next statement.
fn session_id(db: &Database, text: &str) -> String {
    rows(db, text).rows[0][0].clone().unwrap()
}

fn survives_a_kill(name: &str, url: &str, whoami: &str, kill: &dyn Fn(&str) -> String) {
    let db = Database::open(url, &Options::default().pool_size(1)).unwrap();
    let admin = open(url);
    let before = session_id(&db, whoami);
    let killed = kill(&before);
    // MariaDB's KILL returns no rows; PostgreSQL's pg_terminate_backend returns one.
    match admin.query(&sql(db.target(), &killed)) {
        Ok(_) => {}
        Err(e) => panic!("{name}: {killed}: {e}"),
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    let after = session_id(&db, whoami);
    assert_ne!(before, after, "{name}: a new connection serves the request");
    assert_eq!(rows(&db, "SELECT 1").rows, vec![vec![Some("1".to_owned())]]);
}

#[test]
fn postgres_replaces_a_terminated_connection() {
    let Some(url) = pg_url() else { return };
    survives_a_kill("postgres", &url, "SELECT pg_backend_pid()", &|id| {
        format!("SELECT pg_terminate_backend({id})")
    });
}

#[test]
fn mariadb_replaces_a_killed_connection() {
    let Some(url) = mysql_url() else { return };
    survives_a_kill("mariadb", &url, "SELECT CONNECTION_ID()", &|id| {
        format!("KILL {id}")
    });
}
