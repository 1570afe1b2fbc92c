#!/usr/bin/env python3
"""Walks every page of a module through a running `vtql serve`, again and again, checking
that no row is lost or duplicated: each walk's ids must be distinct, as many as
`count(*)`, and the same set every time. Standard library only.

  walk.py URL SESSION MODULE SECONDS

Prints one JSON line {"walks":N,"pages":P,"rows":R,"problems":K,"first_problem":...};
exit status 1 when a problem was seen or no walk completed.
"""

import json
import sys
import time
import urllib.parse
import urllib.request

URL, SESSION, MODULE, SECONDS = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])


def query(text):
    qs = urllib.parse.urlencode({"operation": "query", "sessionName": SESSION, "query": text})
    with urllib.request.urlopen(URL + "/webservice.php?" + qs, timeout=30) as r:
        body = json.loads(r.read())
    if body.get("success") is not True:
        raise RuntimeError("%s: %s" % (text, body.get("error")))
    return body["result"]


def main():
    walks = pages = rows = problems = 0
    first = None
    reference = None
    end = time.monotonic() + SECONDS
    while time.monotonic() < end or walks == 0:
        try:
            total = int(query("select count(*) from %s;" % MODULE)[0]["count"])
            ids = []
            offset = 0
            while True:
                page = query("select id from %s order by id limit %d, 100;" % (MODULE, offset))
                pages += 1
                ids.extend(r["id"] for r in page)
                if len(page) < 100:
                    break
                offset += 100
            rows += len(ids)
            problem = None
            if len(ids) != len(set(ids)):
                problem = "duplicated ids: %d rows, %d distinct" % (len(ids), len(set(ids)))
            elif len(ids) != total:
                problem = "%d rows walked, count(*) says %d" % (len(ids), total)
            elif reference is not None and set(ids) != reference:
                problem = "the set of ids changed between walks"
            reference = reference or set(ids)
        except Exception as e:  # every failure is a finding, reported in the JSON line
            problem = "request failed: %s" % e
        walks += 1
        if problem:
            problems += 1
            first = first or problem
    print(json.dumps({"walks": walks, "pages": pages, "rows": rows, "problems": problems, "first_problem": first}))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
