//! The web-service contract end to end: `Service::handle` on the real embedded SQLite demo
//! CRM (vtql-exec), checked against the demo dataset.

use std::sync::Arc;

use serde_json::Value;
use vtql::demo::{dataset, Dataset};
use vtql_exec::{Database, Options};
use vtql_service::users::Directory;
use vtql_service::{Config, MemoryStore, Method, Request, Service};

const KEY: &str = "s3cret-Key";
const NOW: i64 = 1_700_000_000;

fn service_with(config: Config) -> Service {
    let db = Database::demo(&Options::default()).expect("demo database");
    Service::new(config, Arc::new(db), Arc::new(MemoryStore::new()))
}

fn service() -> Service {
    service_with(Config::demo(KEY))
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn get(s: &Service, p: &[(&str, &str)]) -> Value {
    let r = Request {
        method: Method::Get,
        url: pairs(p),
        body: Vec::new(),
    };
    serde_json::from_str(&s.handle(&r, NOW).json).unwrap()
}

fn post(s: &Service, url: &[(&str, &str)], body: &[(&str, &str)], now: i64) -> Value {
    let r = Request {
        method: Method::Post,
        url: pairs(url),
        body: pairs(body),
    };
    serde_json::from_str(&s.handle(&r, now).json).unwrap()
}

fn md5(text: &str) -> String {
    use md5::{Digest, Md5};
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Logs `user` in with `key`; the session name.
fn login_as(s: &Service, user: &str, key: &str) -> String {
    let c = get(s, &[("operation", "getchallenge"), ("username", user)]);
    let token = c["result"]["token"].as_str().unwrap().to_owned();
    let r = post(
        s,
        &[],
        &[
            ("operation", "login"),
            ("username", user),
            ("accessKey", &md5(&format!("{token}{key}"))),
        ],
        NOW,
    );
    assert_eq!(r["success"], true, "{r}");
    r["result"]["sessionName"].as_str().unwrap().to_owned()
}

fn query(s: &Service, session: &str, q: &str) -> Value {
    get(
        s,
        &[
            ("operation", "query"),
            ("sessionName", session),
            ("query", q),
        ],
    )
}

fn error_code(v: &Value) -> &str {
    assert_eq!(v["success"], false, "{v}");
    v["error"]["code"].as_str().unwrap()
}

fn rows(v: &Value) -> &Vec<Value> {
    assert_eq!(v["success"], true, "{v}");
    v["result"].as_array().unwrap()
}

#[test]
fn challenge_and_login_follow_the_real_server() {
    let s = service();
    let c = get(&s, &[("operation", "getchallenge"), ("username", "admin")]);
    let result = &c["result"];
    assert_eq!(result["serverTime"], NOW);
    assert_eq!(result["expireTime"], NOW + 300);
    let token = result["token"].as_str().unwrap();
    assert_eq!(token.len(), 32);
    let proof = md5(&format!("{token}{KEY}"));
    // Login fields in the URL are refused; a wrong key too; then the right one works.
    let in_url = post(
        &s,
        &[("username", "admin"), ("accessKey", &proof)],
        &[("operation", "login")],
        NOW,
    );
    assert_eq!(error_code(&in_url), "INVALID_AUTH_TOKEN");
    let wrong = post(
        &s,
        &[],
        &[
            ("operation", "login"),
            ("username", "admin"),
            ("accessKey", &md5("nope")),
        ],
        NOW,
    );
    assert_eq!(error_code(&wrong), "INVALID_USER_CREDENTIALS");
    assert_eq!(wrong["error"]["message"], "Invalid username or password");
    let late = post(
        &s,
        &[],
        &[
            ("operation", "login"),
            ("username", "admin"),
            ("accessKey", &proof),
        ],
        NOW + 301,
    );
    assert_eq!(error_code(&late), "INVALID_AUTH_TOKEN");
    let ok = post(
        &s,
        &[],
        &[
            ("operation", "login"),
            ("username", "admin"),
            ("accessKey", &proof),
        ],
        NOW + 10,
    );
    let keys: Vec<&str> = ok["result"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        &keys[..4],
        ["sessionName", "userId", "version", "vtigerVersion"]
    );
    assert_eq!(ok["result"]["userId"], "19x1");
    assert_eq!(ok["result"]["version"], "0.22");
    // Unknown and missing user names.
    let unknown = get(&s, &[("operation", "getchallenge"), ("username", "nobody")]);
    assert_eq!(unknown["error"]["message"], "username does not exists");
    let missing = get(&s, &[("operation", "getchallenge")]);
    assert_eq!(missing["error"]["message"], "No username given");
}

#[test]
fn sessions_are_required_checked_and_ended() {
    let s = service();
    let q = "select lastname from Contacts limit 1;";
    assert_eq!(
        error_code(&get(&s, &[("operation", "query"), ("query", q)])),
        "AUTHENTICATION_REQUIRED"
    );
    assert_eq!(error_code(&query(&s, "null", q)), "AUTHENTICATION_REQUIRED");
    assert_eq!(
        error_code(&query(&s, "forged0123456789", q)),
        "INVALID_SESSIONID"
    );
    let session = login_as(&s, "admin", KEY);
    assert_eq!(rows(&query(&s, &session, q)).len(), 1);
    // Logout must be a POST.
    let as_get = get(&s, &[("operation", "logout"), ("sessionName", &session)]);
    assert_eq!(error_code(&as_get), "OPERATION_NOT_SUPPORTED");
    let out = post(
        &s,
        &[],
        &[("operation", "logout"), ("sessionName", &session)],
        NOW,
    );
    assert_eq!(out["result"]["message"], "successfull");
    assert_eq!(error_code(&query(&s, &session, q)), "INVALID_SESSIONID");
    // Unknown operations answer JSON.
    let unknown = get(&s, &[("operation", "frobnicate")]);
    assert_eq!(error_code(&unknown), "UNKNOWN_OPERATION");
}

#[test]
fn idle_sessions_expire() {
    let s = service_with(Config::demo(KEY).session_idle_seconds(60));
    let session = login_as(&s, "admin", KEY);
    let at = |now: i64| {
        let r = Request {
            method: Method::Get,
            url: pairs(&[("operation", "listtypes"), ("sessionName", &session)]),
            body: Vec::new(),
        };
        serde_json::from_str::<Value>(&s.handle(&r, now).json).unwrap()
    };
    assert_eq!(at(NOW + 50)["success"], true);
    assert_eq!(at(NOW + 100)["success"], true); // 50 s after the last use
    assert_eq!(error_code(&at(NOW + 200)), "INVALID_SESSIONID");
}

fn live<'d>(
    data: &'d Dataset,
    module: &'d str,
) -> impl Iterator<Item = &'d vtql::demo::DemoRecord> {
    data.live(module)
}

#[test]
fn records_are_encoded_as_the_real_server_does() {
    let s = service();
    let session = login_as(&s, "admin", KEY);
    let data = dataset();
    // Keys in select order, id last; ids and references with their module's prefix.
    let r = query(
        &s,
        &session,
        "select lastname, account_id, assigned_user_id from Contacts order by id limit 30;",
    );
    let records = rows(&r);
    assert_eq!(records.len(), 30);
    let first = live(&data, "Contacts").next().unwrap();
    let keys: Vec<&String> = records[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["lastname", "account_id", "assigned_user_id", "id"]);
    assert_eq!(records[0]["id"], format!("12x{}", first.id));
    for rec in records {
        for v in rec.as_object().unwrap().values() {
            assert!(v.is_string(), "{rec}");
        }
        let account = rec["account_id"].as_str().unwrap();
        assert!(account.is_empty() || account.starts_with("11x"), "{rec}");
        let owner = rec["assigned_user_id"].as_str().unwrap();
        assert!(
            owner.starts_with("19x") || owner.starts_with("20x"),
            "{rec}"
        );
    }
    // A reference to a deleted account is "", to a live one its id.
    let accounts: std::collections::HashMap<i64, bool> =
        data.all("Accounts").map(|a| (a.id, a.deleted)).collect();
    for (rec, src) in records.iter().zip(live(&data, "Contacts")) {
        let want = match src.fields.get("account_id") {
            Some(vtql::eval::FieldValue::Text(t)) => {
                let n: i64 = t.split_once('x').unwrap().1.parse().unwrap();
                if accounts.get(&n) == Some(&false) {
                    format!("11x{n}")
                } else {
                    String::new()
                }
            }
            _ => String::new(),
        };
        assert_eq!(rec["account_id"], want.as_str(), "{rec}");
    }
    // count(*) is a string.
    let n = live(&data, "Contacts").count();
    assert_eq!(
        query(&s, &session, "select count(*) from Contacts;")["result"],
        serde_json::json!([{ "count": n.to_string() }])
    );
}

#[test]
fn a_reference_to_several_modules_names_each_records_real_module() {
    let s = service();
    let session = login_as(&s, "admin", KEY);
    let r = query(&s, &session, "select parent_id from HelpDesk limit 100;");
    let prefixes: std::collections::BTreeSet<String> = rows(&r)
        .iter()
        .filter_map(|rec| {
            rec["parent_id"]
                .as_str()?
                .split_once('x')
                .map(|(p, _)| p.to_owned())
        })
        .collect();
    assert_eq!(prefixes.into_iter().collect::<Vec<_>>(), ["11", "12"]);
    // Every encoded target is a live record of the module its prefix names.
    let data = dataset();
    for rec in rows(&r) {
        let Some((p, n)) = rec["parent_id"].as_str().unwrap().split_once('x') else {
            continue;
        };
        let module = if p == "11" { "Accounts" } else { "Contacts" };
        let n: i64 = n.parse().unwrap();
        assert!(data.live(module).any(|x| x.id == n), "{rec}");
    }
}

#[test]
fn select_star_lists_every_visible_field_in_describe_order_with_id_last() {
    let s = service();
    let session = login_as(&s, "admin", KEY);
    let d = get(
        &s,
        &[
            ("operation", "describe"),
            ("sessionName", &session),
            ("elementType", "Leads"),
        ],
    );
    let fields: Vec<&str> = d["result"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(fields.last(), Some(&"id"));
    assert!(d["result"]["idPrefix"].is_string());
    let r = query(&s, &session, "select * from Leads limit 3;");
    let keys: Vec<&str> = rows(&r)[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, fields);
}

#[test]
fn hidden_fields_are_denied_and_not_described() {
    let users = r#"{"users":[{"user_name":"sam","id":2,"access_key":"k2",
        "modules":["Contacts","Accounts"],"hidden_fields":{"Contacts":["email"]}}]}"#;
    let dir = Directory::from_json_str(users, &vtql::demo::schema()).unwrap();
    let s = service_with(Config::new(dir, vtql::demo::mapping()));
    let session = login_as(&s, "sam", "k2");
    let r = query(&s, &session, "select lastname, email from Contacts;");
    assert_eq!(error_code(&r), "ACCESS_DENIED");
    assert!(
        r["error"]["message"].as_str().unwrap().contains("email"),
        "{r}"
    );
    let d = get(
        &s,
        &[
            ("operation", "describe"),
            ("sessionName", &session),
            ("elementType", "Contacts"),
        ],
    );
    let names: Vec<&str> = d["result"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"lastname") && !names.contains(&"email"),
        "{names:?}"
    );
    let leads = query(&s, &session, "select lastname from Leads;");
    assert_eq!(error_code(&leads), "ACCESS_DENIED");
    let types = get(&s, &[("operation", "listtypes"), ("sessionName", &session)]);
    assert_eq!(
        types["result"]["types"],
        serde_json::json!(["Accounts", "Contacts"])
    );
}

#[test]
fn retrieve_by_web_service_id() {
    let s = service();
    let session = login_as(&s, "admin", KEY);
    let data = dataset();
    let contact = live(&data, "Contacts").next().unwrap();
    let id = format!("12x{}", contact.id);
    let r = get(
        &s,
        &[
            ("operation", "retrieve"),
            ("sessionName", &session),
            ("id", &id),
        ],
    );
    let rec = r["result"].as_object().unwrap();
    let keys: Vec<&String> = rec.keys().collect();
    assert_eq!(keys[keys.len() - 2..], ["id", "label"]);
    assert_eq!(rec["id"], id.as_str());
    let ask = |id: &str| {
        get(
            &s,
            &[
                ("operation", "retrieve"),
                ("sessionName", &session),
                ("id", id),
            ],
        )
    };
    // The record of another module under this prefix; a deleted one; nonsense.
    assert_eq!(
        error_code(&ask(&format!("11x{}", contact.id))),
        "INVALID_ID_ATTRIBUTE"
    );
    let deleted = data.all("Contacts").find(|c| c.deleted).unwrap();
    assert_eq!(
        error_code(&ask(&format!("12x{}", deleted.id))),
        "ACCESS_DENIED"
    );
    assert_eq!(error_code(&ask("99x1")), "ACCESS_DENIED");
    assert_eq!(error_code(&ask("banana")), "INVALID_ID_ATTRIBUTE");
}

#[test]
fn query_errors_carry_vtqls_code_and_message() {
    let s = service();
    let session = login_as(&s, "admin", KEY);
    let r = query(&s, &session, "select emial from Contacts;");
    assert_eq!(error_code(&r), "ACCESS_DENIED");
    assert!(
        r["error"]["message"].as_str().unwrap().contains("E0204"),
        "{r}"
    );
    let r = query(
        &s,
        &session,
        "select * from Contacts where lastname = Smith;",
    );
    assert_eq!(error_code(&r), "QUERY_SYNTAX_ERROR");
    // A query sent in the body is not read (the real server's answer).
    let r = post(
        &s,
        &[("operation", "query"), ("sessionName", &session)],
        &[("query", "select * from Contacts;")],
        NOW,
    );
    assert_eq!(
        r["error"]["message"],
        "Permission to perform the operation is denied for query"
    );
    // Values with quotes, wildcards and non-ASCII text are bound, never pasted.
    let r = query(
        &s,
        &session,
        "select lastname from Contacts where lastname = 'O''Brien';",
    );
    for rec in rows(&r) {
        assert_eq!(rec["lastname"].as_str().unwrap().to_lowercase(), "o'brien");
    }
}
