#!/usr/bin/env bash
# Installs what the project needs, idempotently and with pinned versions.
# A second run only checks and takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

DUCKDB_VERSION=1.1.3

say() { printf '[setup] %s\n' "$*"; }

# Rust: the wasm target, so the core is checked to build for the browser.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

# Python venv with DuckDB: the independent oracle of the KPI tests.
if ! .venv/bin/python -c "import duckdb, sys; sys.exit(duckdb.__version__ != '$DUCKDB_VERSION')" 2>/dev/null; then
    say "creating .venv with duckdb==$DUCKDB_VERSION"
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check "duckdb==$DUCKDB_VERSION"
fi
say "toolchain ready"
