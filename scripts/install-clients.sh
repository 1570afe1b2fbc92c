#!/usr/bin/env bash
# Installs the third-party clients and the load tool outside the repository (their code is
# never committed) and prints the environment lines clients.sh and load.sh read:
#
#   eval "$(scripts/install-clients.sh [DIR])"     # DIR default /tmp/vtql-clients
#
# - vtigerpy 0.0.1 (PyPI) with requests, which it imports but does not declare, in a venv;
# - node-vtiger 0.3.4 (npm) in DIR/node/node_modules;
# - wrk (Debian) when missing (needs root).
set -euo pipefail

DIR=${1:-/tmp/vtql-clients}
mkdir -p "$DIR/node"
log() { echo "[install-clients] $*" >&2; }

if [ ! -x "$DIR/venv/bin/python" ]; then
  python3 -m venv "$DIR/venv" >&2
fi
"$DIR/venv/bin/pip" install -q --disable-pip-version-check 'vtigerpy==0.0.1' requests >&2
log "vtigerpy $("$DIR/venv/bin/python" -c 'import importlib.metadata as m; print(m.version("vtigerpy"))'), requests $("$DIR/venv/bin/python" -c 'import requests; print(requests.__version__)')"

(cd "$DIR/node" && npm install -s --no-audit --no-fund --no-save 'node-vtiger@0.3.4' >&2)
log "node-vtiger $(node -p "require('$DIR/node/node_modules/node-vtiger/package.json').version")"

if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk from Debian"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 wrk >/dev/null
fi
log "$(wrk --version 2>&1 | head -n1)"

echo "export VTQL_CLIENTS_PYTHON=$DIR/venv/bin/python"
echo "export VTQL_CLIENTS_NODE_PATH=$DIR/node/node_modules"
