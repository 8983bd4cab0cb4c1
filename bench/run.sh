#!/usr/bin/env bash
# The benchmark (not part of the tests): the native CLI against native
# DuckDB, and the wasm engine against DuckDB-wasm in headless Chromium, on
# the project's generator output at 100k and 1M deals (+ their activities
# and stage history), same bytes, same run, alternating order, several
# iterations; the engine's own phases (load, report, re-filter); and the CLI
# on the 1M deals written as Indonesian (`;`, 19/05/2023, 1.234,56) and US
# (5/19/2023, "$1,234.56") exports.
# Writes bench/results.md. Usage: bench/run.sh [RUNS] (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
./scripts/setup.sh >/dev/null
./scripts/build-web.sh >/dev/null 2>&1
cargo build --release --locked --bin sales-kpi --example phases 2>/dev/null
DATA=bench/data
for n in 100000 1000000; do
    if [ ! -f "$DATA/$n/deals.csv" ]; then
        target/release/sales-kpi generate --seed 42 --deals "$n" --out "$DATA/$n" >/dev/null 2>&1
    fi
done
exec .venv/bin/python bench/compare.py "$RUNS" "$DATA"
