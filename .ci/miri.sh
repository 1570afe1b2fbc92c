#!/usr/bin/env bash
# Miri over the one module with `unsafe` code (src/ast/literal.rs: a literal's text packed
# into 16 bytes): its unit tests, which parse, print, detach (into_owned), clone and drop
# packed literals. Needs the nightly toolchain with the miri component; installs the
# component when rustup can; says so and skips when it cannot (no nightly, no component).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup toolchain list | grep -q nightly; then
  echo "skipping Miri: no nightly toolchain"
  exit 0
fi
if ! cargo +nightly miri --version >/dev/null 2>&1; then
  if ! rustup component add miri rust-src --toolchain nightly; then
    echo "WARNING: the miri component cannot be installed here; Miri did not run"
    exit 0
  fi
fi
# A target dir of its own: Miri's builds never share artifacts with the normal ones.
export CARGO_TARGET_DIR=${VTQL_MIRI_TARGET_DIR:-target/miri-ci}
cargo +nightly miri setup
cargo +nightly miri test -p vtql --lib ast::literal
