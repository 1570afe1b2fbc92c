#!/usr/bin/env python3
"""Scale-out: three `vtql serve` processes on one PostgreSQL or MariaDB database share
challenges and sessions. With the real client vtigerpy (and plain requests where a step
must cross servers inside vtigerpy's own login):

  python3 scale_out.py URL_A URL_B URL_C     (VTQL_USER, VTQL_ACCESS_KEY in the environment)

1. vtigerpy logs in through A; the session queries through B and describes through C;
2. a challenge from B is answered with a login at C;
3. logout through C; then A, B and C all refuse the session with INVALID_SESSIONID.
Exit status 0 when every check passes.
"""

import hashlib
import os
import sys

import requests
from vtigerpy.core import Vtiger

A, B, C = sys.argv[1:4]
USER = os.environ.get("VTQL_USER", "admin")
KEY = os.environ["VTQL_ACCESS_KEY"]
failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok or not detail else ": " + str(detail)))
    if not ok:
        failures.append(name)


def code(response):
    body = response.json()
    return "ok" if body.get("success") is True else body.get("error", {}).get("code")


def main():
    a = Vtiger(A, USER, KEY)
    session = a.sessionName
    check("login through A", bool(session))
    b = Vtiger(B, USER, KEY, sessionName=session)
    c = Vtiger(C, USER, KEY, sessionName=session)

    r = b.get("query", query="select count(*) from Contacts;")
    check("query through B with A's session", code(r) == "ok" and int(r.json()["result"][0]["count"]) > 0, r.text[:200])
    r = c.get("describe", elementType="Accounts")
    check("describe through C with A's session", code(r) == "ok", r.text[:200])
    r = a.get("query", query="select id from Accounts limit 1;")
    check("A still serves it", code(r) == "ok", r.text[:200])

    # A challenge handed out by B, answered at C.
    token = requests.get(B + "/webservice.php", params={"operation": "getchallenge", "username": USER}).json()
    token = token["result"]["token"]
    proof = hashlib.md5((token + KEY).encode()).hexdigest()
    r = requests.post(C + "/webservice.php", data={"operation": "login", "username": USER, "accessKey": proof})
    check("challenge from B, login at C", code(r) == "ok", r.text[:200])
    other = r.json().get("result", {}).get("sessionName")

    r = c.post("logout")
    check("logout through C", code(r) == "ok", r.text[:200])
    for name, client in (("A", a), ("B", b), ("C", c)):
        r = client.get("query", query="select count(*) from Contacts;")
        check("%s refuses the logged-out session" % name, code(r) == "INVALID_SESSIONID", r.text[:200])

    # The other session (login at C) is untouched by the logout and serves through A.
    if other:
        r = Vtiger(A, USER, KEY, sessionName=other).get("query", query="select count(*) from Leads;")
        check("the second session still serves through A", code(r) == "ok", r.text[:200])
        Vtiger(B, USER, KEY, sessionName=other).post("logout")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        import traceback
        traceback.print_exc()
        failures.append("crashed: %s" % e)
    if failures:
        print("scale-out: %d check(s) FAILED: %s" % (len(failures), "; ".join(failures)))
        sys.exit(1)
    print("scale-out: all checks passed")
