#!/usr/bin/env bash
# The parser's cost of each production, in instructions (valgrind, callgrind): each row
# parses two queries that differ by one production and prints the difference per parse.
# The figures include lexing the production's tokens and, where a list starts, its first
# allocation; they do not depend on the machine's load.
#
#   bash benches/productions.sh                 # this checkout's parser
#   bash benches/productions.sh OTHER_PARSE_LOOP
#
# OTHER_PARSE_LOOP is a parse_loop binary built from another commit (e.g. a worktree's
# target/release/examples/parse_loop); its costs are printed beside this one's.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)"; exit 2; }
cargo build --release -q -p vtql-bench --example parse_loop
bins=("$PWD/target/release/examples/parse_loop")
[ $# -gt 0 ] && bins+=("$(realpath "$1")")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# name|query; parse_loop reads DIR/name.vtql (an absolute path replaces its queries/).
cat >"$dir/queries" <<'EOF'
base|select * from Contacts;
no_semicolon|select * from Contacts
one_column|select a from Contacts;
two_columns|select a, b from Contacts;
count|select count(*) from Contacts;
where_str|select * from Contacts where a = 'x';
where_int|select * from Contacts where a = 5;
where_id|select * from Contacts where a = '12x34';
where_like|select * from Contacts where a like 'x%';
where_escaped|select * from Contacts where a = 'O''Brien';
chain2|select * from Contacts where a = 'x' and b = 'y';
chain3|select * from Contacts where a = 'x' or b = 'y' and c = 'z';
in1|select * from Contacts where a in ('x');
in2|select * from Contacts where a in ('x', 'y');
in1_int|select * from Contacts where a in (1);
in2_int|select * from Contacts where a in (1, 2);
order1|select * from Contacts order by a;
order2|select * from Contacts order by a, b;
order_desc|select * from Contacts order by a desc;
limit1|select * from Contacts limit 5;
limit2|select * from Contacts limit 5, 10;
EOF
while IFS='|' read -r name query; do
  printf '%s' "$query" >"$dir/$name.vtql"
done <"$dir/queries"

count() { # bin file n
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" vtql "$dir/$2" "$3" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
declare -A cost
for b in "${!bins[@]}"; do
  while IFS='|' read -r name _; do
    a=$(count "${bins[$b]}" "$name" 1000)
    c=$(count "${bins[$b]}" "$name" 2000)
    cost[$b,$name]=$(((c - a) / 1000))
  done <"$dir/queries"
done

# production|with|without (without empty: the whole query)
rows='the whole query: select * from M;|base|
the terminator ;|base|no_semicolon
a column list of one instead of *|one_column|base
each further column|two_columns|one_column
count(*) instead of *|count|base
where with one condition (string)|where_str|base
an integer instead of a string|where_int|where_str
a record id instead of a string|where_id|where_str
like instead of =|where_like|where_str
a string with a doubled quote|where_escaped|where_str
the first link: and, condition|chain2|where_str
each further link|chain3|chain2
in with a list of one string instead of =|in1|where_str
each further string in a list|in2|in1
each further integer in a list|in2_int|in1_int
order by one column|order1|base
each further order column|order2|order1
desc|order_desc|order1
limit n|limit1|base
the offset: limit m, n|limit2|limit1'
if [ ${#bins[@]} -eq 2 ]; then
  echo "| production | this parser | other parser | this / other |"
  echo "|---|---:|---:|---:|"
else
  echo "| production | instructions |"
  echo "|---|---:|"
fi
while IFS='|' read -r what with without; do
  line="| $what"
  for b in "${!bins[@]}"; do
    v=${cost[$b,$with]}
    [ -n "$without" ] && v=$((v - ${cost[$b,$without]}))
    vals[$b]=$v
    line+=" | $v"
  done
  if [ ${#bins[@]} -eq 2 ]; then
    line+=" | $(python3 -c "print(f'{${vals[0]}/${vals[1]}:.2f}×' if ${vals[1]} else '–')")"
  fi
  echo "$line |"
done <<<"$rows"
