#!/usr/bin/env python3
"""Fault injection against a running `vtql serve` (driven by scripts/faults.sh).
Standard library only: raw sockets where a client must misbehave, http.client elsewhere.

  faults.py --url URL --user admin --key KEY [--idle-url URL2] [--db-stop CMD --db-start CMD]
            [--sessions 10000] [--max-body BYTES] [--log SERVER_LOG]

Every request made here is classified: a JSON answer (its success flag and error code), a
non-JSON HTTP answer (status noted), a clean close (EOF or reset before any byte), or a
hang (timeout). Apart from the disconnects this script provokes, anything but a JSON
answer or a clean close is a failure. Prints one summary table; exit status 1 on failure.
"""

import argparse
import hashlib
import http.client
import json
import os
import random
import socket
import struct
import subprocess
import threading
import time
import urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("--url", required=True)
ap.add_argument("--user", default="admin")
ap.add_argument("--key", required=True)
ap.add_argument("--idle-url", help="a server started with --session-idle 1")
ap.add_argument("--db-stop")
ap.add_argument("--db-start")
ap.add_argument("--sessions", type=int, default=10000)
ap.add_argument("--max-body", type=int, default=1 << 20)
ap.add_argument("--log", help="the server's log, checked for secrets")
args = ap.parse_args()

HOST, PORT = urllib.parse.urlsplit(args.url).hostname, urllib.parse.urlsplit(args.url).port
rows = []  # (fault, outcome, pass?)
secrets = set()  # access key, tokens and session ids that must never reach the log


def record(fault, outcome, ok):
    rows.append((fault, outcome, ok))
    print(("ok   " if ok else "FAIL ") + fault + ": " + outcome, flush=True)


def raw(data, timeout=10.0, host=None, port=None):
    """Sends bytes on a fresh connection and reads one answer (up to its Content-Length, or
    to EOF); returns (status, body bytes, kind) where kind is 'json', 'http' (a non-JSON
    answer), 'closed' (EOF or reset before any byte) or 'hang' (nothing within timeout)."""
    s = socket.create_connection((host or HOST, port or PORT), timeout=timeout)
    try:
        try:
            s.sendall(data)
        except OSError:
            pass  # the server may answer and close before reading everything: read that
        buf = b""
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                return None, buf, "hang"
            except ConnectionResetError:
                break
            if not chunk:
                break
            buf += chunk
            if b"\r\n\r\n" in buf:
                head, _, body = buf.partition(b"\r\n\r\n")
                length = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                if length and len(body) >= int(length[0].split(b":")[1]):
                    break
    finally:
        s.close()
    if not buf:
        return None, b"", "closed"
    head, _, body = buf.partition(b"\r\n\r\n")
    try:
        status = int(head.split(b" ")[1])
    except (IndexError, ValueError):
        return None, buf, "http"
    try:
        json.loads(body)
        return status, body, "json"
    except ValueError:
        return status, body, "http"


def get(path, timeout=10.0):
    return raw(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path).encode(), timeout)


def ws(params, method="GET", body=None, timeout=30.0, conn=None):
    """A web-service request through http.client; returns the decoded JSON (raises on a
    non-JSON answer)."""
    c = conn or http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    path = "/webservice.php"
    headers = {}
    if method == "GET":
        path += "?" + urllib.parse.urlencode(params)
    else:
        body = urllib.parse.urlencode(params) if body is None else body
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse()
    data = r.read()
    if conn is None:
        c.close()
    if r.status != 200:
        raise RuntimeError("HTTP %d" % r.status)
    return json.loads(data)


def code(answer):
    return "ok" if answer.get("success") is True else answer.get("error", {}).get("code", "?")


def login(conn=None, url_host=None):
    t = ws({"operation": "getchallenge", "username": args.user}, conn=conn)["result"]["token"]
    secrets.add(t)
    proof = hashlib.md5((t + args.key).encode()).hexdigest()
    a = ws({"operation": "login", "username": args.user, "accessKey": proof}, "POST", conn=conn)
    s = a["result"]["sessionName"]
    secrets.add(s)
    return s


def q(session, text="select count(*) from Contacts;", conn=None):
    return ws({"operation": "query", "sessionName": session, "query": text}, conn=conn)


secrets.add(args.key)
SESSION = login()


def alive(label):
    a = q(SESSION)
    record(label + ": still served", code(a), code(a) == "ok")


# --- database outage mid-load -------------------------------------------------------------
def outage():
    results = []  # (time, code or kind, latency)
    stop = threading.Event()

    def worker():
        conn = None
        while not stop.is_set():
            t0 = time.monotonic()
            try:
                conn = conn or http.client.HTTPConnection(HOST, PORT, timeout=30)
                a = q(SESSION, "select lastname from Contacts limit 5;", conn=conn)
                results.append((t0, code(a), time.monotonic() - t0))
            except (ValueError, RuntimeError) as e:
                results.append((t0, "non-json: %s" % e, time.monotonic() - t0))
                conn = None
            except OSError as e:
                results.append((t0, "closed: %s" % type(e).__name__, time.monotonic() - t0))
                conn = None
            time.sleep(0.01)

    workers = [threading.Thread(target=worker) for _ in range(4)]
    for w in workers:
        w.start()
    time.sleep(2)
    t_stop = time.monotonic()
    subprocess.run(args.db_stop, shell=True, check=True)
    t_stopped = time.monotonic()
    time.sleep(4)
    t_start = time.monotonic()
    subprocess.run(args.db_start, shell=True, check=True)
    t_started = time.monotonic()
    time.sleep(6)
    stop.set()
    for w in workers:
        w.join()
    during = [r for r in results if t_stopped + 0.5 <= r[0] < t_start]
    after = [r for r in results if r[0] >= t_started]
    codes = {}
    for r in during:
        codes[r[1]] = codes.get(r[1], 0) + 1
    slowest = max((r[2] for r in during), default=0)
    record("db outage: answers while the database is down",
           "%d answers %s, slowest %.2f s" % (len(during), json.dumps(codes), slowest),
           len(during) > 0 and set(codes) == {"DATABASE_QUERY_ERROR"} and slowest < 5)
    first_ok = next((r[0] for r in after if r[1] == "ok"), None)
    bad_after = [r for r in after if first_ok is not None and r[0] > first_ok + 1 and r[1] != "ok"]
    record("db outage: service resumes by itself",
           "first success %.2f s after the restart, %d failures after that (+1 s)"
           % ((first_ok - t_started) if first_ok else -1, len(bad_after)),
           first_ok is not None and first_ok - t_started < 5 and not bad_after)
    other = [r for r in results if not (r[1] == "ok" or r[1] == "DATABASE_QUERY_ERROR")]
    record("db outage: every request got JSON", "%d requests, %d otherwise" % (len(results), len(other)), not other)


# --- client disconnecting mid-response ---------------------------------------------------
def disconnects():
    path = "/webservice.php?" + urllib.parse.urlencode(
        {"operation": "query", "sessionName": SESSION, "query": "select * from Contacts limit 100;"})
    for i in range(50):
        s = socket.create_connection((HOST, PORT), timeout=10)
        s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path).encode())
        if i % 2:
            s.recv(100)  # read the start of the answer, then reset
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    time.sleep(0.5)
    alive("50 clients reset mid-response")


# --- slow-loris --------------------------------------------------------------------------
def slow_loris():
    slow = []
    for _ in range(20):
        s = socket.create_connection((HOST, PORT), timeout=30)
        s.sendall(b"GET /webservice.php?operation=getchallenge&username=admin HTTP/1.1\r\nHost: x\r\n")
        slow.append(s)
    t_end = time.monotonic() + 3
    lat = []
    conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
    while time.monotonic() < t_end:
        for s in slow:
            try:
                s.sendall(b"X")  # a byte of a header line now and then, never the end
            except OSError:
                pass
        t0 = time.monotonic()
        a = q(SESSION, conn=conn)
        lat.append(time.monotonic() - t0)
        if code(a) != "ok":
            lat.append(99)
        time.sleep(0.05)
    lat.sort()
    record("slow-loris: 20 slow connections while others are served",
           "%d queries meanwhile, p99 %.1f ms" % (len(lat), lat[int(len(lat) * 0.99) - 1] * 1000),
           len(lat) > 10 and lat[-1] < 1.0)
    # The server cuts them off after its header read timeout (10 s by default).
    t0 = time.monotonic()
    closed = 0
    for s in slow:
        s.settimeout(max(1.0, 20 - (time.monotonic() - t0)))
        try:
            while s.recv(4096):
                pass
            closed += 1
        except ConnectionResetError:
            closed += 1
        except socket.timeout:
            pass
        s.close()
    record("slow-loris: slow connections are closed by the server",
           "%d of 20 closed within %.1f s" % (closed, time.monotonic() - t0), closed == 20)


# --- many sessions -----------------------------------------------------------------------
def many_sessions():
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    t0 = time.monotonic()
    first = last = None
    for i in range(args.sessions):
        s = login(conn)
        first = first or s
        last = s
    dt = time.monotonic() - t0
    a, b = q(first, conn=conn), q(last, conn=conn)
    record("%d sessions" % args.sessions,
           "%d logins in %.1f s (%.0f/s); first session %s, last %s" % (args.sessions, dt, args.sessions / dt, code(a), code(b)),
           code(a) == "ok" and code(b) == "ok")
    conn.close()


# --- hostile requests --------------------------------------------------------------------
def expect_json(fault, result, codes=None, allow_close=False, any_status=False):
    """A JSON answer (HTTP 200 unless any_status; with one of codes if given). With
    allow_close, a clean close or the HTTP layer's bare refusal (a 4xx status with an empty
    body, for a request head it cannot or will not parse) passes too."""
    status, body, kind = result
    detail = kind if kind != "json" else code(json.loads(body))
    refusal = kind == "http" and status is not None and 400 <= status < 500 and not body.strip()
    if refusal:
        detail = "HTTP %s with an empty body (the HTTP layer's refusal), connection closed" % status
    elif kind == "http":
        detail = "HTTP %s, non-JSON %r" % (status, body[:60])
    ok = (kind == "json" and (status == 200 or any_status) and (codes is None or detail in codes)) or \
        (allow_close and (kind == "closed" or refusal))
    record(fault, detail if kind != "json" else "HTTP %s %s" % (status, detail), ok)


def hostile():
    big = "operation=query&sessionName=%s&query=" % SESSION + "x" * (args.max_body + 10)
    expect_json("body over the size limit",
                raw(("POST /webservice.php HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(big), big)).encode()), allow_close=True)
    expect_json("chunked body over the size limit",
                raw(("POST /webservice.php HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n%x\r\n%s\r\n0\r\n\r\n" % (len(big), big)).encode()), allow_close=True)
    expect_json("URL over the size limit", get("/webservice.php?operation=query&query=" + "y" * 70000), allow_close=True)
    expect_json("headers over the size limit",
                raw(b"GET /webservice.php HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + b"X-Junk: " + b"z" * 500000 + b"\r\n\r\n"),
                allow_close=True)
    # Inside a quoted value the decoded text is data: the query runs (and finds nothing).
    for enc in ("%ZZ", "%", "%4", "%u12", "%uZZZZ", "%FF%FE", "%C3%28", "%uD800"):
        expect_json("malformed percent-encoding %s in a value" % enc,
                    get("/webservice.php?operation=query&sessionName=%s&query=select%%20lastname%%20from%%20Contacts"
                        "%%20where%%20lastname%%20%%3D%%20%%27x%s%%27%%3B" % (SESSION, enc)), codes=("ok",))
    # Outside quotes it is whatever the real server makes of such characters: an error.
    for enc in ("%ZZ", "%FF%FE", "%00", "%"):
        expect_json("malformed percent-encoding %s outside quotes" % enc,
                    get("/webservice.php?operation=query&sessionName=%s&query=select%%20lastname%%20from%%20Contacts%s;"
                        % (SESSION, enc)))
    expect_json("malformed percent-encoding in a name and the operation",
                get("/webservice.php?op%ZZ=1&operation=list%FFtypes&sessionName=" + SESSION))
    for m in ("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"):
        expect_json("method %s" % m,
                    raw(("%s /webservice.php?operation=listtypes&sessionName=%s HTTP/1.1\r\nHost: x\r\n"
                         "Content-Length: 0\r\nConnection: close\r\n\r\n" % (m, SESSION)).encode()), allow_close=True)
    expect_json("garbage request line", raw(b"\x16\x03\x01\x00\xa5 TLS hello?\r\n\r\n"), allow_close=True)
    expect_json("unknown operation", get("/webservice.php?operation=frobnicate&sessionName=" + SESSION))
    expect_json("no operation", get("/webservice.php"))
    expect_json("empty operation", get("/webservice.php?operation="))
    expect_json("unknown path", get("/index.php?operation=listtypes"), allow_close=True, any_status=True)
    # Sessions: forged, odd, and (with --idle-url) expired.
    for label, s in (("random hex", "%021x" % random.getrandbits(84)), ("SQL", "' or '1'='1"),
                     ("10 kB", "a" * 10000), ("null", "null"), ("empty", "")):
        a = ws({"operation": "query", "sessionName": s, "query": "select count(*) from Contacts;"})
        record("forged session (%s)" % label, code(a), code(a) in ("INVALID_SESSIONID", "AUTHENTICATION_REQUIRED"))
    if args.idle_url:
        host, port = urllib.parse.urlsplit(args.idle_url).hostname, urllib.parse.urlsplit(args.idle_url).port
        global HOST, PORT
        saved = HOST, PORT
        HOST, PORT = host, port
        try:
            s = login()
            before = code(q(s))
            time.sleep(2.5)
            after = code(q(s))
            record("expired (idle) session", "%s, then after 2.5 s idle %s" % (before, after),
                   before == "ok" and after in ("INVALID_SESSIONID", "SESSION_LEFT_IDLE", "SESSION_EXPIRED"))
        finally:
            HOST, PORT = saved
    # Credentials.
    t = ws({"operation": "getchallenge", "username": args.user})["result"]["token"]
    secrets.add(t)
    wrong = hashlib.md5((t + args.key + "x").encode()).hexdigest()
    a = ws({"operation": "login", "username": args.user, "accessKey": wrong}, "POST")
    record("wrong access key", code(a), code(a) == "INVALID_USER_CREDENTIALS")
    a = ws({"operation": "login", "username": args.user, "accessKey": wrong.upper()}, "POST")
    record("wrong access key (upper-case hex)", code(a), code(a) == "INVALID_USER_CREDENTIALS")
    a = ws({"operation": "login", "username": args.user, "accessKey": ""}, "POST")
    record("empty access key", code(a), code(a) in ("INVALID_USER_CREDENTIALS", "INVALID_AUTH_TOKEN"))
    a = ws({"operation": "login", "username": "nobody", "accessKey": wrong}, "POST")
    record("unknown user", code(a), code(a) in ("INVALID_AUTH_TOKEN", "INVALID_USER_CREDENTIALS"))
    a = ws({"operation": "getchallenge", "username": "nobody"})
    record("challenge for an unknown user", code(a), code(a) == "ACCESS_DENIED")
    # Timing of the access-key comparison: right length, first byte right vs wrong.
    right = hashlib.md5((t + args.key).encode()).hexdigest()
    conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
    timings = {"first char right": [], "first char wrong": []}
    for i in range(400):
        guess = right[0] + ("0" * 31 if right[1] != "0" else "1" * 31) if i % 2 else \
            ("0" if right[0] != "0" else "1") + right[1:]
        t0 = time.perf_counter()
        ws({"operation": "login", "username": args.user, "accessKey": guess}, "POST", conn=conn)
        timings["first char right" if i % 2 else "first char wrong"].append(time.perf_counter() - t0)
    med = {k: sorted(v)[len(v) // 2] * 1e6 for k, v in timings.items()}
    record("wrong keys: response time does not depend on the matching prefix (informative)",
           ", ".join("%s %.0f us" % kv for kv in med.items()), True)


def log_checks():
    if not args.log:
        return
    text = open(args.log, encoding="utf-8", errors="replace").read()
    leaked = [s for s in secrets if s and len(s) >= 8 and s in text]
    record("server log holds no key, token or session id", "%d secrets checked, %d found" % (len(secrets), len(leaked)),
           not leaked)
    record("server log shows no panic", "panic" if "panick" in text.lower() else "none", "panick" not in text.lower())


steps = [("disconnects", disconnects), ("slow-loris", slow_loris), ("hostile", hostile),
         ("sessions", many_sessions)]
if args.db_stop and args.db_start:
    steps.insert(0, ("outage", outage))
for name, step in steps:
    t0 = time.monotonic()
    try:
        step()
    except Exception as e:  # a crash of one step is a failure of that step; go on
        record(name, "crashed: %s: %s" % (type(e).__name__, e), False)
    print("   (%s: %.1f s)" % (name, time.monotonic() - t0), flush=True)
alive("after every fault")
log_checks()

print()
print("%-72s %-6s %s" % ("fault", "result", "outcome"))
for fault, outcome, ok in rows:
    print("%-72s %-6s %s" % (fault[:72], "ok" if ok else "FAIL", outcome[:120]))
bad = [r for r in rows if not r[2]]
print("\n%d checks, %d failed" % (len(rows), len(bad)))
raise SystemExit(1 if bad else 0)
