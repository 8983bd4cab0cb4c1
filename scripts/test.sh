#!/usr/bin/env bash
# The test command: sets everything up, then runs every check and test.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --check
step "clippy (native, all targets)"
cargo clippy --all-targets --locked -- -D warnings
step "clippy (wasm32: the core and the binding)"
cargo clippy --lib --target wasm32-unknown-unknown --locked -- -D warnings
step "API documentation (rustdoc, warnings are errors: no broken or private links)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib --locked
step "JS lint (ESLint) and format (Prettier): the page, the embed, the worker, the tests, the benchmark"
node_modules/.bin/eslint .
node_modules/.bin/prettier --check "www/**/*.js" "tests/**/*.mjs" "bench/**/*.{js,mjs}" "scripts/*.mjs" eslint.config.js
step "Rust unit, integration and property tests"
cargo test --locked --release
step "DuckDB oracle tests (generated data, the Maven CRM export, forecast categories)"
cargo build --release --locked --bin sales-kpi
if [ ! -d ../shared/datasets/maven-crm ] && [ -z "${MAVEN_DIR:-}" ]; then
    printf '\n!!! ../shared/datasets/maven-crm is ABSENT: the Maven CRM suites will be SKIPPED !!!\n\n'
fi
SALES_KPI_BIN=target/release/sales-kpi .venv/bin/python -m unittest -v tests/oracle/test_generated.py tests/oracle/test_maven.py tests/oracle/test_forecast.py
step "CLI: unusable input gives one clear message and a non-zero exit"
./tests/cli.sh target/release/sales-kpi
step "wasm tests (what crosses the JS boundary), in Node"
wasm-pack test --node --test wasm_boundary
step "build the page (wasm package, chart library, demo data)"
./scripts/build-web.sh
step "JS unit tests (Node)"
node --test tests/js/
step "browser tests (headless Chromium; screenshots in test-output/screenshots)"
node --test --test-concurrency=1 tests/browser/
printf '\nall tests passed\n'
