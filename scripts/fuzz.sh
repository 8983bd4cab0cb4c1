#!/usr/bin/env bash
# The fuzz campaign (not part of the tests): libFuzzer over the whole path a
# drop takes (bytes of up to four files + a configuration → load and
# the full report as JSON). Usage: scripts/fuzz.sh [SECONDS] [TARGET]
# (default 1800 s, target `report`; target `chunked` checks that files read
# in chunks cut anywhere give the same report as files read whole).
# The corpus grows in fuzz/corpus (not committed); every crash or hang is
# copied to tests/fixtures/fuzz/, which the test command replays
# (tests/fuzz_replay.rs): fix it, keep the file.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-1800}"
FUZZ_TARGET="${2:-report}"
TARGET=x86_64-unknown-linux-gnu
# libFuzzer's coverage instrumentation, as cargo-fuzz sets it; the stable
# toolchain accepts these flags with RUSTC_BOOTSTRAP=1.
export RUSTC_BOOTSTRAP=1
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks --cfg fuzzing"
cargo build --release --locked --manifest-path fuzz/Cargo.toml --target "$TARGET" --bin "$FUZZ_TARGET" 1>&2
BIN="fuzz/target/$TARGET/release/$FUZZ_TARGET"
mkdir -p fuzz/corpus fuzz/artifacts
cp tests/fixtures/fuzz/* fuzz/corpus/ 2>/dev/null || true
find tests/fixtures -name '*.csv' -size -64k | while read -r csv; do
    { printf '\000'; cat "$csv"; } > "fuzz/corpus/seed-$(basename "$csv")"
done
set +e
"$BIN" fuzz/corpus -artifact_prefix=fuzz/artifacts/ -max_total_time="$SECONDS_TO_RUN" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 | tee "fuzz/last-run-$FUZZ_TARGET.log" | grep -E '^#[0-9]+.*(pulse|DONE)|stat::|ERROR|panicked'
set -e
found=0
for artifact in fuzz/artifacts/*; do
    [ -e "$artifact" ] || continue
    cp "$artifact" tests/fixtures/fuzz/
    found=$((found + 1))
done
echo "corpus: $(ls fuzz/corpus | wc -l) inputs; findings copied to tests/fixtures/fuzz: $found"
