#!/usr/bin/env bash
# The CLI's contract for unusable input: exit non-zero with one clear line
# on stderr naming the file and the problem. Usage: tests/cli.sh BIN
set -uo pipefail
BIN=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

expect_error() {
    local expected=$1; shift
    local stderr status
    stderr=$("$BIN" "$@" 2>&1 >/dev/null); status=$?
    if [ "$status" -eq 0 ] || [ "$(printf '%s\n' "$stderr" | wc -l)" -ne 1 ] || [[ "$stderr" != *"$expected"* ]]; then
        printf 'FAIL: %s -> exit %s, stderr: %s\n' "$*" "$status" "$stderr"; failures=$((failures + 1))
    else
        printf 'ok: %s\n' "$stderr"
    fi
}

: > "$tmp/empty.csv"
printf 'Owner,Stage,Amount,Created Date\nAna,Won,"10,2024-01-01\n' > "$tmp/quote.csv"
printf 'Owner,Stage,Amont,Created Date\nAna,Won,10,2024-01-01\n' > "$tmp/missing.csv"
printf 'Rep,Team\nAna,East\n' > "$tmp/reps.csv"
expect_error "empty.csv: file is empty" report "$tmp/empty.csv"
expect_error "quote.csv line 2: unterminated quote" report "$tmp/quote.csv"
expect_error 'missing.csv, column "amount"' report "$tmp/missing.csv"
expect_error "no deals file" report "$tmp/reps.csv"
expect_error "nope.csv: cannot read the file" report "$tmp/nope.csv"
expect_error "as_of" report --as-of 2024-13-45 "$tmp/reps.csv"

printf 'Owner,Stage,Amount,Created Date,Close Date\nAna,Won,10,2024-01-01,2024-02-01\n' > "$tmp/deals.csv"
if "$BIN" report --as-of 2024-03-01 "$tmp/deals.csv" | grep -q '"as_of": "2024-03-01"'; then
    echo "ok: --as-of sets the as-of date"
else
    echo "FAIL: --as-of"; failures=$((failures + 1))
fi
# One unusable file among good ones: the report of the others on stdout,
# the unusable file named on stderr, and exit status 2.
"$BIN" report "$tmp/deals.csv" "$tmp/quote.csv" >"$tmp/partial.json" 2>"$tmp/partial.err"
status=$?
if [ "$status" -eq 2 ] && grep -q '"win_rate"' "$tmp/partial.json" && grep -q '"unusable"' "$tmp/partial.json" \
    && [ "$(wc -l < "$tmp/partial.err")" -eq 1 ] && grep -q "quote.csv line 2: unterminated quote.*left out" "$tmp/partial.err"; then
    echo "ok: one unusable file is left out, the others make the report, exit 2"
else
    echo "FAIL: one unusable file among good ones -> exit $status, stderr: $(cat "$tmp/partial.err")"; failures=$((failures + 1))
fi
# A reader that closes the pipe early is no error (no panic, exit 0). The
# report must be larger than a pipe's buffer for the write to meet it.
"$BIN" generate --seed 1 --deals 3000 --out "$tmp/demo" 2>/dev/null
"$BIN" report "$tmp"/demo/*.csv 2>"$tmp/pipe.err" | head -c1 >/dev/null
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ] && [ ! -s "$tmp/pipe.err" ]; then
    echo "ok: a closed pipe ends the CLI quietly"
else
    echo "FAIL: closed pipe -> exit $status, stderr: $(cat "$tmp/pipe.err")"; failures=$((failures + 1))
fi
[ "$failures" -eq 0 ] || { echo "$failures CLI check(s) failed"; exit 1; }
