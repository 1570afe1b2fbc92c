//! `vtql serve` configurations over real HTTP: a users file with field-level access,
//! start-up errors, and the demo loaded into PostgreSQL (`VTQL_PG_URL`) and sessions in
//! MariaDB (`VTQL_MYSQL_URL`) when those are set.

mod common;

use std::path::PathBuf;

use common::*;
use serde_json::Value;
use vtql_server::{ServeOptions, Server};

/// A file in the target directory's temporary area, unique to this test and process.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vtql-server-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("write: {e}"));
    path
}

/// Logs `user` in with `key`.
fn login_as(server: &TestServer, user: &str, key: &str) -> Value {
    let challenge = get(&server.url(&format!("?operation=getchallenge&username={user}"))).json();
    let token = ok(&challenge)["token"].as_str().unwrap_or("").to_owned();
    post_form(
        &server.url(""),
        &[
            ("operation", "login"),
            ("username", user),
            ("accessKey", &proof(&token, key)),
        ],
    )
    .json()
}

#[test]
fn users_file_hides_fields() {
    let users = temp_file(
        "users.json",
        r#"{"users":[
            {"user_name":"admin","id":1,"access_key":"adminkey","is_admin":true},
            {"user_name":"reader","id":2,"access_key":"readerkey",
             "modules":["Contacts","Accounts"],"hidden_fields":{"Contacts":["email"]}}]}"#,
    );
    let server = TestServer::start(|o| o.users = Some(users));
    // The demo key of the options no longer applies.
    assert_eq!(
        code(&login_as(&server, "admin", KEY)),
        "INVALID_USER_CREDENTIALS"
    );
    let v = login_as(&server, "reader", "readerkey");
    let s = ok(&v)["sessionName"].as_str().unwrap_or("").to_owned();
    let v = query(&server, &s, "select email from Contacts limit 1;");
    assert_eq!(code(&v), "ACCESS_DENIED", "{v}");
    let v = query(&server, &s, "select lastname from Contacts limit 1;");
    assert_eq!(ok(&v).as_array().map(Vec::len), Some(1), "{v}");
    let v = get(&server.url(&format!(
        "?operation=describe&sessionName={s}&elementType=Contacts"
    )))
    .json();
    let fields = ok(&v)["fields"].as_array().cloned().unwrap_or_default();
    assert!(
        !fields.is_empty() && fields.iter().all(|f| f["name"] != "email"),
        "{v}"
    );
    let v = get(&server.url(&format!(
        "?operation=describe&sessionName={s}&elementType=HelpDesk"
    )))
    .json();
    assert_eq!(code(&v), "ACCESS_DENIED", "{v}");
}

#[test]
fn start_up_errors_are_sentences() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
    let bind = |o: ServeOptions| rt.block_on(Server::bind(o)).err().map(|e| e.to_string());
    let base = || {
        let mut o = ServeOptions::default();
        o.listen = "127.0.0.1:0".into();
        o
    };

    let mut o = base();
    o.users = Some(temp_file(
        "typo.json",
        r#"{"users":[{"user_name":"x","id":2,"access_key":"k","hidden_fields":{"Contacts":["emial"]}}]}"#,
    ));
    let e = bind(o).unwrap_or_default();
    assert!(
        e.contains("users[0].hidden_fields.Contacts[0]") && e.contains("emial"),
        "{e}"
    );

    let mut o = base();
    o.users = Some(PathBuf::from("/nonexistent/users.json"));
    let e = bind(o).unwrap_or_default();
    assert!(
        e.contains("cannot read the users file") && e.contains("no such file"),
        "{e}"
    );

    let mut o = base();
    o.db = Some("postgres://someone:s3cr3t@127.0.0.1:1/x".into());
    o.database = o
        .database
        .connect_timeout(std::time::Duration::from_secs(2));
    let e = bind(o).unwrap_or_default();
    assert!(!e.is_empty() && !e.contains("s3cr3t"), "{e}");

    let mut o = base();
    o.listen = "256.0.0.1:80".into();
    let e = bind(o).unwrap_or_default();
    assert!(e.starts_with("cannot listen on 256.0.0.1:80"), "{e}");
}

/// The session flow and a query on `url`, optionally loading the demo first.
fn engine_round_trip(url: &str, load_demo: bool) {
    let url = url.to_owned();
    let server = TestServer::start(move |o| {
        o.db = Some(url);
        o.load_demo = load_demo;
    });
    let s = login(&server);
    let v = get(&server.url(&format!("?operation=listtypes&sessionName={s}"))).json();
    assert!(
        ok(&v)["types"].as_array().is_some_and(|t| !t.is_empty()),
        "{v}"
    );
    if load_demo {
        let v = query(
            &server,
            &s,
            "select lastname, account_id from Contacts where lastname = 'O''Brien' limit 3;",
        );
        let rows = ok(&v).as_array().cloned().unwrap_or_default();
        assert!(!rows.is_empty(), "{v}");
        assert!(
            rows.iter()
                .all(|r| r["id"].as_str().is_some_and(|id| id.starts_with("12x"))),
            "{v}"
        );
        let v = query(
            &server,
            &s,
            "select count(*) from Accounts where bill_city = 'Zürich';",
        );
        assert!(ok(&v)[0]["count"].is_string(), "{v}");
    }
    let v = post_form(
        &server.url(""),
        &[("operation", "logout"), ("sessionName", &s)],
    )
    .json();
    assert_eq!(ok(&v)["message"], "successfull", "{v}");
    let v = query(&server, &s, "select count(*) from Accounts;");
    assert_eq!(code(&v), "INVALID_SESSIONID", "{v}");
}

#[test]
fn postgres_with_the_demo_loaded() {
    let Ok(url) = std::env::var("VTQL_PG_URL") else {
        eprintln!("VTQL_PG_URL unset: PostgreSQL not tested");
        return;
    };
    // Its own database (created here if missing), so that loading the demo disturbs no
    // other test.
    let Some((base, _)) = url.rsplit_once('/') else {
        panic!("VTQL_PG_URL has no database name");
    };
    let own = format!("{base}/vtql_server");
    if vtql_exec::Database::open(&own, &vtql_exec::Options::default()).is_err() {
        let db = vtql_exec::Database::open(&url, &vtql_exec::Options::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let create = vtql::sql::SqlQuery {
            sql: "CREATE DATABASE vtql_server".into(),
            params: vec![],
            target: vtql::sql::Target::Postgres,
        };
        db.execute(&create).unwrap_or_else(|e| panic!("{e}"));
    }
    engine_round_trip(&own, true);
}

#[test]
fn mariadb_sessions() {
    let Ok(url) = std::env::var("VTQL_MYSQL_URL") else {
        eprintln!("VTQL_MYSQL_URL unset: MariaDB not tested");
        return;
    };
    // Sessions only (no demo load: the shared database's tables are left alone).
    engine_round_trip(&url, false);
}
