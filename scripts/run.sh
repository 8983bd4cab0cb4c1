#!/usr/bin/env bash
# The run command: sets everything up, builds the engine, the wasm package
# and the page with its built-in demo dataset, and serves the dashboards at
# http://127.0.0.1:${PORT:-8080}/ (after one build, www/ is a static site
# any static server can host).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build-web.sh
target/release/sales-kpi summary www/demo/*.csv | head -22
echo
exec python3 scripts/serve.py "${PORT:-8080}"
