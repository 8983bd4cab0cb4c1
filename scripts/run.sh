#!/usr/bin/env bash
# The run command: sets everything up, builds the engine, generates the
# built-in demo dataset and prints its KPI report summary.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo build --release --locked --bin sales-kpi
DEMO=demo-data
if [ ! -f "$DEMO/deals.csv" ]; then
    target/release/sales-kpi generate --seed 7 --deals 2000 --out "$DEMO"
fi
target/release/sales-kpi summary "$DEMO"/*.csv
echo
echo "Full JSON report: target/release/sales-kpi report $DEMO/*.csv"
