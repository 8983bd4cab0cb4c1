// Two builds of the page's engine side by side, as the benchmark drives it, to judge a change a
// few percent wide: for each pair, a fresh page and worker per build (which goes first
// alternates), the worker warmed up, then the files added (their bytes handed over) and the full
// report asked for twice; then the files cleared and the same bytes added again, with a report,
// in the same worker, its memory already grown ("again_*": what the load and report cost when no
// memory is touched for the first time). It prints and writes each phase's medians and the paired
// ratios B / A (median, and the middle half of them). Absolute times drift from run to run on
// this machine, and a fresh worker pays for first touching its memory (about 1 ms per MB of its
// high mark here), which loads repeated in one Node process never pay: measure here before keeping
// a change.
// Usage: node bench/ab.mjs WWW_A WWW_B DATA_DIR [PAIRS=10] [OUT=bench/ab-results.json]
// WWW_A and WWW_B are copies of www/ (each with its pkg/) under the repository, e.g. www-old/.
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../scripts/chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [wwwA, wwwB, dir, pairs = '10', out = 'bench/ab-results.json'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench/ab.mjs WWW_A WWW_B DATA_DIR [PAIRS] [OUT]');
  process.exit(2);
}
const PORT = 18500 + (process.pid % 400);
const PHASES = [
  'add_ms',
  'first_report_ms',
  'again_report_ms',
  'add_and_first_ms',
  'again_add_ms',
  'again_add_and_first_ms',
];
const builds = [wwwA, wwwB].map((www) => `/${path.relative(ROOT, path.resolve(www))}`);
const urls = readdirSync(dir)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((f) => `/${path.relative(ROOT, path.resolve(dir, f))}`);

/** One run of one build in a page of its own: what each phase took, in ms. */
async function runOnce(browser, www) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/bench/browser/index.html`);
  const times = await page.evaluate(
    async ([www, urls]) => {
      const { EngineClient } = await import(`${www}/engine-client.js`);
      const fetched = (url) => fetch(url).then((r) => r.arrayBuffer());
      const fetchAll = () =>
        Promise.all(urls.map(async (url) => ({ name: url.split('/').pop(), buffer: await fetched(url) })));
      // Each add hands its buffers over: the second add gets bytes of its own.
      const [files, filesAgain] = [await fetchAll(), await fetchAll()];
      const engine = new EngineClient();
      await engine.call('warmUp');
      // The page's worker warms up seconds before a user can drop a file.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const t0 = performance.now();
      await engine.add(files, {});
      const t1 = performance.now();
      await engine.report({});
      const t2 = performance.now();
      await engine.report({});
      const t3 = performance.now();
      await engine.clear();
      const t4 = performance.now();
      await engine.add(filesAgain, {});
      const t5 = performance.now();
      await engine.report({});
      const t6 = performance.now();
      engine.worker.terminate();
      return {
        add_ms: t1 - t0,
        first_report_ms: t2 - t1,
        again_report_ms: t3 - t2,
        add_and_first_ms: t2 - t0,
        again_add_ms: t5 - t4,
        again_add_and_first_ms: t6 - t4,
      };
    },
    [www, urls],
  );
  await context.close();
  return times;
}

const sorted = (values) => [...values].sort((a, b) => a - b);
const at = (values, share) => sorted(values)[Math.min(values.length - 1, Math.floor(values.length * share))];

const server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1'], {
  cwd: ROOT,
  stdio: 'ignore',
});
await new Promise((resolve) => setTimeout(resolve, 800));
const browser = await launchChromium();
const runs = [[], []];
try {
  for (let i = 0; i < Number(pairs); i++) {
    for (const which of i % 2 ? [1, 0] : [0, 1]) runs[which].push(await runOnce(browser, builds[which]));
    process.stderr.write(`pair ${i + 1} of ${pairs}\n`);
  }
} finally {
  await browser.close();
  server.kill();
}
const result = { date: new Date().toISOString(), a: builds[0], b: builds[1], data: dir, pairs: Number(pairs) };
for (const phase of PHASES) {
  const [a, b] = runs.map((list) => list.map((run) => run[phase]));
  const ratios = b.map((value, i) => value / a[i]);
  result[phase] = {
    a_median: Math.round(at(a, 0.5)),
    b_median: Math.round(at(b, 0.5)),
    ratio_median: Number(at(ratios, 0.5).toFixed(3)),
    ratio_middle_half: [Number(at(ratios, 0.25).toFixed(3)), Number(at(ratios, 0.75).toFixed(3))],
  };
}
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
