#!/usr/bin/env bash
# Instructions per parse of each standard query file, counted by valgrind (callgrind):
# unlike times, the counts do not depend on the machine's load. Each figure is
# (count for 2N runs - count for N runs) / N, which removes the start-up cost.
#
#   bash benches/icount.sh            # every file, vtql / byte scan / sqlparser
#   bash benches/icount.sh tiny typical
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)"; exit 2; }
cargo build --release -q -p vtql-bench --example parse_loop
bin=target/release/examples/parse_loop
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(tiny typical in1k chain200 big64k)
count() { # mode file n
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" "$3" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_run() { # mode file n
  local a b
  a=$(count "$1" "$2" "$3")
  b=$(count "$1" "$2" $(($3 * 2)))
  echo $(((b - a) / $3))
}
echo "| file | vtql parse | byte scan | sqlparser parse | sqlparser / vtql | vtql / scan |"
echo "|---|---:|---:|---:|---:|---:|"
for f in "${files[@]}"; do
  case $f in tiny | typical) n=2000 ;; *) n=50 ;; esac
  v=$(per_run vtql "$f" $n)
  s=$(per_run scan "$f" $n)
  p=$(per_run sqlparser "$f" $((n / 10 > 0 ? n / 10 : 1)))
  printf '| %s | %s | %s | %s | %s× | %s× |\n' "$f" "$v" "$s" "$p" \
    "$(python3 -c "print(f'{$p/$v:.1f}')")" "$(python3 -c "print(f'{$v/$s:.1f}')")"
done
