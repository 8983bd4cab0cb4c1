#!/usr/bin/env bash
# Installs what the project needs, idempotently and with pinned versions.
# A second run only checks and takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

DUCKDB_VERSION=1.1.3
WASM_PACK_VERSION=0.15.1
# Must equal the wasm-bindgen version pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=0.2.130

say() { printf '[setup] %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# Rust: the wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

# wasm-pack and the matching wasm-bindgen CLI (wasm-pack cannot download it here).
if ! wasm-pack --version 2>/dev/null | grep -q " $WASM_PACK_VERSION$"; then
    say "installing wasm-pack $WASM_PACK_VERSION"
    cargo install --locked wasm-pack --version "$WASM_PACK_VERSION"
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Without --locked: the registry mirror lacks one locked transitive version.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Python venv with DuckDB: the independent oracle of the KPI tests.
if ! .venv/bin/python -c "import duckdb, sys; sys.exit(duckdb.__version__ != '$DUCKDB_VERSION')" 2>/dev/null; then
    say "creating .venv with duckdb==$DUCKDB_VERSION"
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check "duckdb==$DUCKDB_VERSION"
fi

# Debian's Chromium for the browser tests (Playwright's own browsers cannot be downloaded here).
if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# npm packages (the chart library, playwright-core), exactly as package-lock.json says.
LOCK_STAMP=node_modules/.sales-kpi-lock.sha256
if [ ! -f "$LOCK_STAMP" ] || ! sha256sum --check --status "$LOCK_STAMP" 2>/dev/null; then
    say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    sha256sum package-lock.json package.json > "$LOCK_STAMP"
fi
say "toolchain ready"
