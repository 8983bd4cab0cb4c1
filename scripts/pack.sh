#!/usr/bin/env bash
# Makes the npm package dist/sales-kpi-<version>.tgz from the built www/:
# the element (sales-kpi-dashboard.js) and every module it loads, the iframe
# page, the wasm engine and its JS glue, the worker, the chart library, the
# styles and the TypeScript types. Prints the package's path.
#   npm install ./dist/sales-kpi-<version>.tgz
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f www/pkg/sales_kpi_bg.wasm ] || ./scripts/build-web.sh 1>&2
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
stage=target/npm/package
rm -rf target/npm
mkdir -p "$stage" dist
# The page's own files (index.html, app.js, its loader, settings and files panel) and the demo
# data stay out: the element does not use them.
files=(sales-kpi-dashboard.js sales-kpi-dashboard.d.ts sales-kpi-dashboard.css styles.css
       embed.html embed.js embed.css engine-client.js worker.js warmup.js dom.js csv.js i18n.js kpi-text.js charts.js
       explain.js columns.js tiles.js periods.js records.js dashboards pkg vendor)
for file in "${files[@]}"; do cp -r "www/$file" "$stage/"; done
cat > "$stage/package.json" <<JSON
{
  "name": "sales-kpi",
  "version": "$version",
  "description": "Sales KPI dashboards computed in the browser (WebAssembly): a <sales-kpi-dashboard> element for CRM pages",
  "license": "MIT",
  "type": "module",
  "main": "./sales-kpi-dashboard.js",
  "types": "./sales-kpi-dashboard.d.ts",
  "exports": {
    ".": { "types": "./sales-kpi-dashboard.d.ts", "default": "./sales-kpi-dashboard.js" },
    "./engine": { "types": "./pkg/sales_kpi.d.ts", "default": "./pkg/sales_kpi.js" },
    "./records": "./records.js",
    "./embed.html": "./embed.html",
    "./*": "./*"
  },
  "files": [$(printf '"%s", ' "${files[@]}")"README.md"],
  "sideEffects": ["./sales-kpi-dashboard.js", "./embed.js"]
}
JSON
cat > "$stage/README.md" <<'MD'
# sales-kpi

Sales KPI dashboards computed in the browser: nothing leaves the page. Serve this folder's files
together (for example under `/sales-kpi/`), then:

```html
<script type="module" src="/sales-kpi/sales-kpi-dashboard.js"></script>
<sales-kpi-dashboard dashboard="pipeline" lang="id"></sales-kpi-dashboard>
```

`await el.loadRecords({deals: [...]})` or `await el.load(files)`; events `sales-kpi-ready`,
`sales-kpi-change`, `sales-kpi-select`. The iframe mode is `embed.html?origin=<your origin>`.
The full documentation is the project's README ("Embed in a CRM page").
MD
(cd "$stage" && npm pack --pack-destination ../../../dist --loglevel=error >/dev/null)
echo "dist/sales-kpi-$version.tgz"
