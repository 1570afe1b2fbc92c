#!/usr/bin/env bash
# Generates the SQL-injection payload list for tests/injection.rs from sqlmap's payload
# definitions, at test time (sqlmap is GPL: its data is never committed).
#
# Usage: scripts/payloads.sh <out-dir>
# Writes <out-dir>/payloads.jsonl: one JSON string per line, every sqlmap payload
# (data/xml/payloads/*.xml) with its placeholders filled in, alone and wrapped in every
# boundary prefix/suffix of data/xml/boundaries.xml (deduplicated). Then run
#   VTQL_PAYLOADS_DIR=<out-dir> cargo test --test injection
set -euo pipefail
out="${1:?usage: scripts/payloads.sh <out-dir>}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$work/pkg" sqlmap
python3 - "$work/pkg/sqlmap/data/xml" "$out/payloads.jsonl" <<'PY'
import glob, json, os, sys
import xml.etree.ElementTree as ET

xml_dir, out_path = sys.argv[1], sys.argv[2]
# Placeholders of sqlmap's templates, filled with fixed, plausible values.
FILL = {
    "[RANDNUM]": "4821", "[RANDNUM1]": "7302", "[RANDNUM2]": "1190", "[RANDNUM3]": "5566",
    "[RANDNUM4]": "9034", "[RANDNUM5]": "2718",
    "[RANDSTR]": "qZkx", "[RANDSTR1]": "vBnm", "[RANDSTR2]": "pLoq", "[RANDSTR3]": "tRew",
    "[RANDSTR4]": "yUio", "[RANDSTR5]": "hJkl",
    "[SLEEPTIME]": "0", "[DELAYED]": "0", "[INFERENCE]": "1=1", "[ORIGVALUE]": "Smith",
    "[ORIGINAL]": "Smith", "[DELIMITER_START]": "qkvzq", "[DELIMITER_STOP]": "qxjpq",
    "[QUERY]": "SELECT 1", "[GENERIC_SQL_COMMENT]": "-- -", "[CHAR]": "NULL",
    "[COLSTART]": "1", "[COLSTOP]": "10", "[UNION]": "UNION ALL SELECT NULL",
    "[SPACE_REPLACE]": " ", "[AT_REPLACE]": "@", "[HASH_REPLACE]": "#",
    "[DOLLAR_REPLACE]": "$", "[SINGLE_QUOTE]": "'", "[DOUBLE_QUOTE]": '"',
}

def fill(s):
    for k, v in FILL.items():
        s = s.replace(k, v)
    return s

def texts(root, tag):
    return [e.text or "" for e in root.iter(tag)]

payloads = []
for path in sorted(glob.glob(os.path.join(xml_dir, "payloads", "*.xml"))):
    root = ET.parse(path).getroot()
    for test in root.iter("test"):
        req = test.find("request")
        if req is None:
            continue
        for p in req.iter("payload"):
            if p.text:
                payloads.append(fill(p.text))
        for p in req.iter("comment"):
            if p.text:
                payloads.append(fill(p.text))
broot = ET.parse(os.path.join(xml_dir, "boundaries.xml")).getroot()
bounds = []
for b in broot.iter("boundary"):
    pre = (b.findtext("prefix") or "")
    suf = (b.findtext("suffix") or "")
    bounds.append((fill(pre), fill(suf)))
seen, out = set(), []
def add(s):
    if s not in seen:
        seen.add(s)
        out.append(s)
# Destructive stacked queries aimed at the test's canary table.
payloads += ["; DROP TABLE vtql_canary; -- -", "; DELETE FROM vtql_canary; -- -",
             "; UPDATE vtql_canary SET id = 0; -- -"]
for p in payloads:
    add(p)
    for pre, suf in bounds:
        add(f"Smith{pre} {p}{suf}".replace("  ", " "))
with open(out_path, "w", encoding="utf-8") as f:
    for s in out:
        f.write(json.dumps(s, ensure_ascii=False) + "\n")
print(f"{len(out)} payloads ({len(payloads)} sqlmap payloads x {len(bounds)} boundaries) -> {out_path}")
PY
