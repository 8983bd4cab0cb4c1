#!/usr/bin/env bash
# Builds the static site in www/: the wasm package (wasm-pack, --target web),
# the chart library copied from node_modules, and the demo dataset made by
# the project's own generator. Afterwards www/ is self-contained.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# The wasm module is built for speed (Cargo.toml's profile `wasm`: opt-level
# 2, as fast as 3 here and smaller), then run through wasm-opt -O3 from the
# pinned npm package binaryen (never Debian's). Measured: opt-level "s" is
# 22 KB smaller gzipped but loads a million deals about 30 % slower (Node,
# side by side); "z" + -Oz was 1.4-1.6x slower.
# The code generation flags of every wasm build (the inlining threshold,
# wasm's vectors) are in .cargo/config.toml.
wasm-pack build --profile wasm --target web --out-dir www/pkg --no-pack --mode no-install 1>&2
rm -f www/pkg/.gitignore
# --no-inline: wasm-opt would inline each `call_apart` back into its only
# caller, and the loop it keeps apart would again run unoptimised in the
# browser (see src/blocks.rs).
# --low-memory-unused: a load or store at `address + constant` (constant
# under 1 KB) takes the constant as its offset. That differs only where the
# addition would wrap past 4 GB into the lowest kilobyte, which holds no
# value of ours: Rust links the stack first, so that kilobyte is the far end
# of the 1 MB stack, and the engine's deepest recursion (the JSON reader's,
# at most 128 levels) stays far from it. 1.6 KB smaller gzipped, as fast
# (40 alternating loads of 100k deals in Node: paired ratio 0.98-1.00).
# --converge repeats -O3 while the module shrinks: 0.2 KB, 16 s of build.
# --strip-producers, --strip-target-features: two custom sections no browser
# reads (the toolchain's names, the features it was built with): 0.2 KB.
node_modules/.bin/wasm-opt --no-inline='*call_apart*' -O3 --converge --strip-producers --strip-target-features --low-memory-unused --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
    --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
    www/pkg/sales_kpi_bg.wasm -o www/pkg/sales_kpi_bg.wasm
mkdir -p www/vendor
cp node_modules/chart.js/dist/chart.umd.min.js www/vendor/chart.umd.min.js
cp node_modules/chart.js/LICENSE.md www/vendor/chart.js-LICENSE.md

cargo build --release --locked --bin sales-kpi
rm -rf www/demo
target/release/sales-kpi generate --seed 7 --deals 1500 --out www/demo 2>/dev/null
(cd www/demo && ls *.csv | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify(s.trim().split("\n"))))' > manifest.json)
echo "built www/ ($(wc -c < www/pkg/sales_kpi_bg.wasm) bytes of wasm, $(gzip -9c www/pkg/sales_kpi_bg.wasm | wc -c) gzipped)" 1>&2
