#!/usr/bin/env python3
"""The third-party Python client vtigerpy (PyPI 0.0.1), unchanged, against a running
`vtql serve` loaded with the demo CRM.

Environment:
  VTQL_URL          the server, e.g. http://127.0.0.1:8080 (vtigerpy appends /webservice.php)
  VTQL_USER         the full-access user (default admin)
  VTQL_ACCESS_KEY   its access key
  VTQL_FACTS        JSON of the demo's live records (`cargo run --example demo_facts`): the
                    expected values, computed from the generator, not through the server
  VTQL_LIMITED_USER / VTQL_LIMITED_KEY
                    optional: a user who may not see Contacts.email nor HelpDesk
                    (tests/clients/users.json)

Exit status 0 when every check passes, 1 otherwise; one line per check.

vtigerpy's surface: Vtiger(endpoint, username, accessKey) logs in (getchallenge as a POST
with its parameters in the URL, login as a POST form); .get(operation, **params) and
.post(operation, **params) return the raw requests.Response. Those are the only calls.
"""

import json
import os
import sys

from vtigerpy.core import Vtiger

URL = os.environ["VTQL_URL"]
USER = os.environ.get("VTQL_USER", "admin")
KEY = os.environ["VTQL_ACCESS_KEY"]
FACTS = json.load(open(os.environ["VTQL_FACTS"], encoding="utf-8"))["modules"]
LIMITED_USER = os.environ.get("VTQL_LIMITED_USER")
LIMITED_KEY = os.environ.get("VTQL_LIMITED_KEY")

failures = []


def check(name, ok, detail=""):
    """Records one check; prints it."""
    print(("ok   " if ok else "FAIL ") + name + ("" if ok or not detail else ": " + detail))
    if not ok:
        failures.append(name)


def records(module):
    return FACTS[module]["records"]


def fold(text):
    """vtql's case fold (each character lower-cased on its own)."""
    return "".join(c.lower() for c in text)


def ids_where(module, pred):
    return sorted(r["id"] for r in records(module) if pred(r))


def answer(response):
    """The JSON envelope of a response, checking HTTP 200 and a JSON body."""
    if response.status_code != 200:
        raise AssertionError("HTTP %d" % response.status_code)
    return response.json()


def query(client, text):
    """The rows of a successful query (raises on an error envelope)."""
    body = answer(client.get("query", query=text))
    if body.get("success") is not True:
        raise AssertionError("query failed: %s: %s" % (text, json.dumps(body.get("error"))))
    return body["result"]


def error_code(response):
    body = answer(response)
    if body.get("success") is not False:
        return None
    return body["error"]["code"]


def same_ids(name, rows, expected):
    got = sorted(r["id"] for r in rows)
    check(name, got == expected, "got %d ids, expected %d (%s...)" % (len(got), len(expected), got[:3]))


def main():
    # --- login -------------------------------------------------------------------------
    client = Vtiger(URL, USER, KEY)
    check("login gives a session", isinstance(client.sessionName, str) and len(client.sessionName) > 0)

    # --- listtypes -------------------------------------------------------------------------
    body = answer(client.get("listtypes"))
    check("listtypes succeeds", body.get("success") is True, json.dumps(body)[:200])
    types = body.get("result", {}).get("types", [])
    check("listtypes lists the demo modules", all(m in types for m in FACTS), str(types))
    info = body.get("result", {}).get("information", {})
    check("listtypes information per type", all(m in info for m in FACTS), str(list(info)[:10]))

    # --- describe ------------------------------------------------------------------------
    body = answer(client.get("describe", elementType="Contacts"))
    d = body.get("result", {})
    check("describe Contacts succeeds", body.get("success") is True, json.dumps(body)[:200])
    names = [f["name"] for f in d.get("fields", [])]
    check("describe name", d.get("name") == "Contacts", str(d.get("name")))
    check("describe idPrefix is the string 12", d.get("idPrefix") == "12", repr(d.get("idPrefix")))
    check("describe id field last", names[-1:] == ["id"], str(names[-3:]))
    check("describe lists lastname, email, account_id", all(n in names for n in ("lastname", "email", "account_id")))
    account = next((f for f in d.get("fields", []) if f["name"] == "account_id"), {})
    check(
        "describe account_id refers to Accounts",
        account.get("type", {}).get("name") == "reference" and "Accounts" in account.get("type", {}).get("refersTo", []),
        json.dumps(account),
    )
    check(
        "describe of an unknown module is ACCESS_DENIED",
        error_code(client.get("describe", elementType="NoSuchModule")) == "ACCESS_DENIED",
    )

    contacts = records("Contacts")
    accounts = records("Accounts")

    # --- count(*) ---------------------------------------------------------------------------
    for module in FACTS:
        rows = query(client, "select count(*) from %s;" % module)
        check("count(*) of %s" % module, rows == [{"count": str(len(records(module)))}], json.dumps(rows))

    # --- quotes, backslash, %, _, +, non-ASCII --------------------------------------------------
    rows = query(client, "select lastname, firstname from Contacts where lastname = 'O''Brien';")
    # Comparisons ignore case, as on a real server's MySQL collation: o'brien matches too.
    same_ids("O''Brien (doubled quote; case-insensitive)", rows,
             ids_where("Contacts", lambda r: fold(r.get("lastname", "")) == "o'brien"))
    check("O''Brien rows read O'Brien or o'brien", len(rows) > 0 and {r["lastname"] for r in rows} == {"O'Brien", "o'brien"},
          str({r["lastname"] for r in rows}))
    check("keys in select order, id last", len(rows) > 0 and list(rows[0]) == ["lastname", "firstname", "id"], str(rows[:1]))

    rows = query(client, "select lastname from Contacts where lastname = 'Back\\slash';")
    same_ids("backslash kept", rows, ids_where("Contacts", lambda r: r.get("lastname") == "Back\\slash"))

    rows = query(client, "select lastname from Contacts where lastname = '100% Juice';")
    same_ids("% in =", rows, ids_where("Contacts", lambda r: r.get("lastname") == "100% Juice"))
    rows = query(client, "select lastname from Contacts where lastname like '%\\%%';")
    same_ids("escaped % in like", rows, ids_where("Contacts", lambda r: "%" in r.get("lastname", "")))
    rows = query(client, "select lastname from Contacts where lastname like 'Sm\\_th';")
    same_ids("escaped _ in like", rows, ids_where("Contacts", lambda r: r.get("lastname") == "Sm_th"))
    rows = query(client, "select lastname from Contacts where lastname = 'under_score';")
    same_ids("_ in =", rows, ids_where("Contacts", lambda r: r.get("lastname") == "under_score"))

    phone = next(r["phone"] for r in contacts if r.get("phone", "").startswith("+"))
    rows = query(client, "select phone from Contacts where phone = '%s';" % phone)
    same_ids("+ in a value (%s)" % phone, rows, ids_where("Contacts", lambda r: r.get("phone") == phone))

    rows = query(client, "select mailingcity from Contacts where mailingcity = 'Zürich';")
    same_ids("Zürich", rows, ids_where("Contacts", lambda r: r.get("mailingcity") == "Zürich"))
    check("Zürich rows read Zürich", len(rows) > 0 and all(r["mailingcity"] == "Zürich" for r in rows))
    rows = query(client, "select count(*) from Contacts where mailingcity = '東京';")
    n = len(ids_where("Contacts", lambda r: r.get("mailingcity") == "東京"))
    check("CJK in a count(*) filter", rows == [{"count": str(n)}], json.dumps(rows))
    rows = query(client, "select accountname, bill_city from Accounts where accountname = '東京 Trading';")
    same_ids("CJK account name", rows, ids_where("Accounts", lambda r: r.get("accountname") == "東京 Trading"))
    rows = query(client, "select firstname from Contacts where firstname in ('Дмитрий', 'Σοφία', '李');")
    same_ids("Cyrillic, Greek, CJK in an in-list", rows,
             ids_where("Contacts", lambda r: r.get("firstname") in ("Дмитрий", "Σοφία", "李")))

    # --- ids and references ------------------------------------------------------------------
    one = next(r for r in contacts if r.get("account_id"))
    rows = query(client, "select lastname, account_id from Contacts where id = '%s';" % one["id"])
    check("id = '12x...'", rows == [{"lastname": one.get("lastname", ""), "account_id": one["account_id"], "id": one["id"]}],
          json.dumps(rows))
    rows = query(client, "select lastname from Contacts where account_id = '%s';" % one["account_id"])
    same_ids("reference filter account_id = '11x...'", rows,
             ids_where("Contacts", lambda r: r.get("account_id") == one["account_id"]))
    rows = query(client, "select account_id from Contacts order by id limit 0, 100;")
    by_id = {r["id"]: r for r in contacts}
    check("account_id rendered 11x... or '' (deleted target)",
          len(rows) == 100 and all(r["account_id"] == by_id[r["id"]].get("account_id", "") for r in rows),
          json.dumps([r for r in rows if r["account_id"] != by_id.get(r["id"], {}).get("account_id", "")][:3]))
    tickets = {r["id"]: r for r in records("HelpDesk")}
    rows = query(client, "select ticket_title, parent_id, contact_id from HelpDesk order by id limit 0, 100;")
    check("HelpDesk parent_id and contact_id rendered with their module's prefix",
          len(rows) == 100 and all(r["parent_id"] == tickets[r["id"]].get("parent_id", "")
                                   and r["contact_id"] == tickets[r["id"]].get("contact_id", "") for r in rows),
          json.dumps(rows[:2]))

    # --- select *: every field of a page of each module, in describe order ------------------
    for module in FACTS:
        fields = [f["name"] for f in answer(client.get("describe", elementType=module))["result"]["fields"]]
        expected = {r["id"]: r for r in records(module)}
        rows = query(client, "select * from %s order by id limit 200, 100;" % module)
        bad = []
        for row in rows:
            want = expected.get(row.get("id"), {})
            for k, v in row.items():
                if k == "product_id":
                    continue  # refers to Products, which has no data: left out of the facts
                w = want.get(k, "")  # absent from the facts: NULL, rendered ""
                same = (v != "" and abs(float(v) - w) < 0.005) if isinstance(w, float) else v == w
                if not same:
                    bad.append((row.get("id"), k, w, v))
        check("select * from %s: keys in describe order, id last" % module,
              len(rows) == 100 and all(list(r) == [f for f in fields if f in r] for r in rows) and list(rows[0])[-1] == "id",
              str(list(rows[0])[:5]) if rows else "no rows")
        check("select * from %s: every value as generated (%d rows)" % (module, len(rows)),
              not bad and all(isinstance(v, str) for r in rows for v in r.values()),
              json.dumps(bad[:4], ensure_ascii=False))

    # --- row cap and a pager ----------------------------------------------------------------
    rows = query(client, "select lastname from Contacts;")
    check("row cap: 100 rows without limit", len(rows) == 100, str(len(rows)))
    for module in FACTS:
        total = int(query(client, "select count(*) from %s;" % module)[0]["count"])
        seen = []
        offset = 0
        while offset < total + 100:
            page = query(client, "select id from %s order by id limit %d, 100;" % (module, offset))
            seen.extend(r["id"] for r in page)
            if len(page) < 100:
                break
            offset += 100
        expected = ids_where(module, lambda r: True)
        check("pager over %s: %d pages, %d ids, no duplicate" % (module, offset // 100 + 1, len(seen)),
              len(seen) == len(set(seen)) == total and sorted(seen) == expected,
              "seen %d (%d distinct), count %d, expected %d" % (len(seen), len(set(seen)), total, len(expected)))

    # --- retrieve ---------------------------------------------------------------------------
    body = answer(client.get("retrieve", id=one["id"]))
    rec = body.get("result", {})
    check("retrieve succeeds", body.get("success") is True, json.dumps(body)[:300])
    wrong = [k for k, v in one.items()
             if isinstance(v, str) and rec.get(k) != v]
    check("retrieve gives the record's text, ids and references", not wrong,
          json.dumps({k: [one[k], rec.get(k)] for k in wrong[:5]}, ensure_ascii=False))
    numbers = [k for k, v in one.items() if isinstance(v, float)
               and not (rec.get(k) and abs(float(rec[k]) - v) < 0.005)]
    check("retrieve gives decimals as text of the same number", not numbers, str(numbers))
    check("retrieve: every value a string", all(isinstance(v, str) for v in rec.values()))
    check("retrieve of a wrong prefix is INVALID_ID_ATTRIBUTE",
          error_code(client.get("retrieve", id="11x" + one["id"].split("x")[1])) == "INVALID_ID_ATTRIBUTE")
    check("retrieve of a missing record is ACCESS_DENIED",
          error_code(client.get("retrieve", id="12x99999999")) == "ACCESS_DENIED")

    # --- errors -----------------------------------------------------------------------------
    check("syntax error is QUERY_SYNTAX_ERROR",
          error_code(client.get("query", query="select from Contacts;")) == "QUERY_SYNTAX_ERROR")
    check("unknown field is a web-service error",
          error_code(client.get("query", query="select nosuchfield from Contacts;")) is not None)

    # --- a user without access to a field ---------------------------------------------------
    if LIMITED_USER and LIMITED_KEY:
        limited = Vtiger(URL, LIMITED_USER, LIMITED_KEY)
        body = answer(limited.get("describe", elementType="Contacts"))
        fields = [f["name"] for f in body.get("result", {}).get("fields", [])]
        check("limited user: describe succeeds", body.get("success") is True, json.dumps(body)[:200])
        check("limited user: email not in describe", "email" not in fields and "lastname" in fields, str(fields))
        check("limited user: querying email is ACCESS_DENIED",
              error_code(limited.get("query", query="select email from Contacts;")) == "ACCESS_DENIED")
        check("limited user: email in where is ACCESS_DENIED",
              error_code(limited.get("query", query="select lastname from Contacts where email = 'x';")) == "ACCESS_DENIED")
        rows = query(limited, "select * from Contacts where id = '%s';" % one["id"])
        check("limited user: select * leaves email out", len(rows) == 1 and "email" not in rows[0] and "lastname" in rows[0],
              json.dumps(rows)[:200])
        body = answer(limited.get("listtypes"))
        check("limited user: HelpDesk not in listtypes", "HelpDesk" not in body.get("result", {}).get("types", []))
        check("limited user: querying HelpDesk is ACCESS_DENIED",
              error_code(limited.get("query", query="select count(*) from HelpDesk;")) == "ACCESS_DENIED")
        check("limited user: retrieve of the record leaves email out",
              "email" not in answer(limited.get("retrieve", id=one["id"])).get("result", {"email": 1}))
        check("limited user: logout", answer(limited.post("logout")).get("success") is True)

    # --- logout -----------------------------------------------------------------------------
    body = answer(client.post("logout"))
    check("logout succeeds", body.get("success") is True, json.dumps(body))
    check("the session is gone after logout",
          error_code(client.get("query", query="select count(*) from Contacts;")) == "INVALID_SESSIONID")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a crash is a failure with its reason, not a traceback only
        import traceback
        traceback.print_exc()
        failures.append("crashed: %s" % e)
    if failures:
        print("vtigerpy: %d check(s) FAILED: %s" % (len(failures), "; ".join(failures)))
        sys.exit(1)
    print("vtigerpy: all checks passed")
