#!/usr/bin/env python3
"""Print a markdown table of the criterion results of `cargo bench -p vtql-bench`.

Usage: python3 benches/report.py [TARGET_DIR]

TARGET_DIR is cargo's target directory (default: $CARGO_TARGET_DIR, else ./target); the
results are read from TARGET_DIR/criterion/<file>/<function>/new/estimates.json, one
criterion group per standard query file. Standard library only.

First table (parsing): the median time of each function; vtql parse against sqlparser and
against the byte scan; time per byte of vtql parse. A line after it compares the time per
byte on big64k with that on typical (the "no quadratic path" check).

Second table (pipeline): the median time of each stage (parse, print, validate, SQL for
each dialect, evaluate) and validate, translate (the slowest of the three dialects) and
evaluate against parse.

Third table (breakdown): vtql parse next to two floors, the general lexer alone over every
token (`vtql_lex`) and the tree alone (`vtql_tree`: the parsed tree cloned and dropped),
each also in byte scans. The parser reads plain values in lists without the general lexer,
so on list-heavy files it can take less than the lexer alone.

A missing result prints as "–".
"""

import json
import os
import sys

FILES = ["tiny", "typical", "in1k", "chain200", "big64k"]
PARSE, PRINT, PEER, SCAN = "vtql_parse", "vtql_print", "sqlparser_parse", "byte_scan"
LEX, TREE = "vtql_lex", "vtql_tree"
VALIDATE, EVAL = "vtql_validate", "vtql_eval"
SQL = ["vtql_sql_mysql", "vtql_sql_postgres", "vtql_sql_sqlite"]
QUERY_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "queries")


def median_ns(criterion_dir, group, function):
    path = os.path.join(criterion_dir, group, function, "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"]
    except (OSError, KeyError, ValueError):
        return None


def fmt_time(ns):
    if ns is None:
        return "–"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_ratio(r):
    return "–" if r is None else f"{r:.1f}×"


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CARGO_TARGET_DIR", "target")
    criterion_dir = os.path.join(target, "criterion")
    if not os.path.isdir(criterion_dir):
        sys.exit(f"no criterion results in {criterion_dir}: run `cargo bench -p vtql-bench` first")

    print(
        "| file | bytes | vtql parse | vtql print | sqlparser parse | byte scan "
        "| sqlparser / vtql | vtql / scan | vtql ns/byte |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    per_byte = {}
    for name in FILES:
        size = os.path.getsize(os.path.join(QUERY_DIR, name + ".vtql"))
        parse, printed, peer, scan = (
            median_ns(criterion_dir, name, f) for f in (PARSE, PRINT, PEER, SCAN)
        )
        per_byte[name] = None if parse is None else parse / size
        print(
            f"| {name} | {size} | {fmt_time(parse)} | {fmt_time(printed)} | {fmt_time(peer)} "
            f"| {fmt_time(scan)} | {fmt_ratio(ratio(peer, parse))} "
            f"| {fmt_ratio(ratio(parse, scan))} "
            f"| {'–' if per_byte[name] is None else f'{per_byte[name]:.2f}'} |"
        )
    print()
    print(
        "Time per byte of vtql parse, big64k / typical: "
        f"{fmt_ratio(ratio(per_byte.get('big64k'), per_byte.get('typical')))}"
    )
    print()
    pipeline_table(criterion_dir)
    print()
    breakdown_table(criterion_dir)


def pipeline_table(criterion_dir):
    print(
        "| file | parse | print | validate | sql mysql | sql postgres | sql sqlite | eval "
        "| validate / parse | translate / parse | eval / parse |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in FILES:
        parse, printed, validated, evaluated = (
            median_ns(criterion_dir, name, f) for f in (PARSE, PRINT, VALIDATE, EVAL)
        )
        sql = [median_ns(criterion_dir, name, f) for f in SQL]
        # The slowest dialect; only when all three were measured.
        translate = None if None in sql else max(sql)
        times = [parse, printed, validated, *sql, evaluated]
        ratios = [ratio(validated, parse), ratio(translate, parse), ratio(evaluated, parse)]
        print(
            f"| {name} | "
            + " | ".join(fmt_time(t) for t in times)
            + " | "
            + " | ".join(fmt_ratio(r) for r in ratios)
            + " |"
        )


def breakdown_table(criterion_dir):
    print(
        "| file | vtql parse | lex alone | tree alone | lex + tree | byte scan "
        "| lex / scan | tree / scan | (lex + tree) / scan | parse / scan |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in FILES:
        parse, lex, tree, scan = (
            median_ns(criterion_dir, name, f) for f in (PARSE, LEX, TREE, SCAN)
        )
        both = None if None in (lex, tree) else lex + tree
        print(
            f"| {name} | {fmt_time(parse)} | {fmt_time(lex)} | {fmt_time(tree)} "
            f"| {fmt_time(both)} | {fmt_time(scan)} | "
            + " | ".join(fmt_ratio(ratio(t, scan)) for t in (lex, tree, both, parse))
            + " |"
        )


if __name__ == "__main__":
    main()
