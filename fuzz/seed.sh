#!/usr/bin/env bash
# Writes the seed corpus of every fuzz target into fuzz/corpus/<target>/ (gitignored):
# the standard query files (benches/queries/*.vtql) and every query string literal in
# the tests (tests/**/*.rs, src/**/*.rs: string literals starting with `select`).
# The structured targets (roundtrip, builder, eval_vs_sqlite) get the same bytes: they are
# valid `arbitrary` input too, and give libFuzzer a varied start.
# Usage: fuzz/seed.sh            (idempotent; files are named by content hash)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
python3 - "$root" <<'PY'
import hashlib, os, re, sys, glob
root = sys.argv[1]
seeds = set()
for path in glob.glob(os.path.join(root, "benches/queries/*.vtql")):
    text = open(path, encoding="utf-8").read()
    seeds.add(text)
    # Each line that is a query on its own, too (small seeds mutate better).
    for line in text.splitlines():
        if line.strip().lower().startswith("select"):
            seeds.add(line.strip())
lit = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)
for path in glob.glob(os.path.join(root, "tests/**/*.rs"), recursive=True) + \
            glob.glob(os.path.join(root, "src/**/*.rs"), recursive=True):
    for m in lit.finditer(open(path, encoding="utf-8").read()):
        s = m.group(1)
        if not s.lower().lstrip().startswith("select"):
            continue
        # Undo the common Rust escapes; skip format strings with placeholders.
        if "{" in s and "}" in s:
            continue
        s = re.sub(r"\\\n\s*", "", s)
        s = s.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")
        if len(s) <= 4096:
            seeds.add(s)
targets = ["parse", "roundtrip", "validate_sql", "builder", "eval_vs_sqlite"]
for t in targets:
    d = os.path.join(root, "fuzz", "corpus", t)
    os.makedirs(d, exist_ok=True)
    for s in seeds:
        data = s.encode("utf-8")
        name = hashlib.sha1(data).hexdigest()
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
print(f"seeded {len(seeds)} inputs into fuzz/corpus/{{{','.join(targets)}}}")
PY
