// The browser half of the benchmark: sales-kpi (wasm) and DuckDB-wasm in
// headless Chromium on the same bytes, alternating, several iterations,
// each run in a fresh page. Times come from performance.now() inside the
// page; memory from the page's renderer process (/proc/<pid>/status: VmRSS
// before the run, VmHWM after it, with the peak reset just before the run).
// Usage: node bench/browser.mjs RUNS DIR...   prints JSON, one object per DIR.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../scripts/chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [runs, ...dirs] = process.argv.slice(2);
const PORT = 18500 + (process.pid % 400);

/** Each contender's function in the page: ours from bytes in page memory, ours from Files, DuckDB-wasm. */
const RUNNERS = { ours: 'runOurs', files: 'runOursFromFiles', duck: 'runDuck' };

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function renderers() {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
      } catch {
        return false;
      }
    });
}

function status(pid, key) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(key));
  return Number(line.split(/\s+/)[1]) / 1024;
}

async function runOnce(browser, urls, which) {
  const before = new Set(renderers());
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/bench/browser/index.html`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
  await page.evaluate((list) => window.loadBytes(list), urls);
  const pid = renderers()
    .filter((p) => !before.has(p))
    .sort((a, b) => status(b, 'VmRSS') - status(a, 'VmRSS'))[0];
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const rssBefore = status(pid, 'VmRSS');
  const result = await page.evaluate((fn) => window[fn](), RUNNERS[which]);
  const peak = status(pid, 'VmHWM');
  await context.close();
  await exited(pid);
  return { ...result, peak_rss_mb: peak, delta_rss_mb: peak - rssBefore };
}

// Waits until a closed page's renderer has exited: one that freed 1.7 GB
// while the next run started slowed that run by half (2 cores).
async function exited(pid) {
  for (let waited = 0; waited < 30000 && existsSync(`/proc/${pid}`); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1'], {
  cwd: ROOT,
  stdio: 'ignore',
});
await new Promise((resolve) => setTimeout(resolve, 800));
const browser = await launchChromium();
const out = [];
try {
  for (const dir of dirs) {
    const urls = readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .map((f) => `/${path.relative(ROOT, path.join(dir, f))}`);
    const results = { ours: [], files: [], duck: [] };
    for (let i = 0; i < Number(runs); i++) {
      // Each in turn first: ours, files, duck; then files, duck, ours; …
      const order = Object.keys(RUNNERS).map((_, at, names) => names[(at + i) % names.length]);
      for (const which of order) results[which].push(await runOnce(browser, urls, which));
      process.stderr.write(`${dir}: run ${i + 1} of ${runs}\n`);
    }
    const summary = (list) =>
      Object.fromEntries(
        Object.keys(list[0])
          .filter((k) => typeof list[0][k] === 'number')
          .map((k) => [k, median(list.map((r) => r[k]))]),
      );
    const ratio = (list) => median(list.map((r, i) => r.load_report_ms / results.duck[i].load_report_ms));
    out.push({
      dir,
      ours: summary(results.ours),
      files: summary(results.files),
      duck: summary(results.duck),
      ratio: ratio(results.ours),
      files_ratio: ratio(results.files),
    });
  }
} finally {
  await browser.close();
  server.kill();
}
console.log(JSON.stringify(out));
