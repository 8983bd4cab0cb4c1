// Loading a large export: the progress bar moves, Cancel stops the load at
// once and leaves the previous data and dashboards as they were, and a load
// that runs to the end gives the CLI's numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ROOT,
  SHOTS,
  startServer,
  launch,
  openPage,
  afterRefresh,
  upload,
  tileValues,
  cliReport,
  demoFiles,
  assertSameNumber,
  offOrigin,
} from './harness.mjs';

let server;
let browser;
let bigDeals;

before(async () => {
  server = await startServer();
  browser = await launch();
  const dir = mkdtempSync(path.join(tmpdir(), 'sales-kpi-200k-'));
  execFileSync(
    path.join(ROOT, 'target', 'release', 'sales-kpi'),
    ['generate', '--seed', '3', '--deals', '200000', '--out', dir],
    { stdio: 'ignore' },
  );
  bigDeals = path.join(dir, 'deals.csv');
});
after(async () => {
  await browser?.close();
  server?.stop();
});

/** Records every aria-valuenow the progress bar takes. */
async function watchProgress(page) {
  await page.evaluate(() => {
    window.__progress = [];
    const bar = document.getElementById('progress-bar');
    new MutationObserver(() => window.__progress.push(Number(bar.getAttribute('aria-valuenow')))).observe(bar, {
      attributes: true,
      attributeFilter: ['aria-valuenow'],
    });
  });
}

test('a 200k-deal upload shows its progress; Cancel keeps the previous dashboards; the full load equals the CLI', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  const demo = cliReport(demoFiles());
  const before = await tileValues(page, 'state-of-the-union');
  assert.ok(Object.keys(before).length > 0);
  assert.match(await page.textContent('#file-limit'), /512 MB/);

  // Cancel while the engine reads the rows: the Cancel button is clicked
  // the moment the bar first moves (the whole file reads in well under a
  // second, less than Playwright's own click may take on a busy machine).
  await watchProgress(page);
  await page.setInputFiles('#file-input', bigDeals);
  const clicked = await page.waitForFunction(
    () => {
      if (!(Number(document.getElementById('progress-bar').getAttribute('aria-valuenow')) > 0)) return false;
      const cancel = document.getElementById('cancel-load');
      const visible = cancel.checkVisibility();
      cancel.click();
      return { visible };
    },
    null,
    { timeout: 60000 },
  );
  assert.equal((await clicked.jsonValue()).visible, true, 'Cancel is shown while the file loads');
  await page.waitForFunction(() => document.getElementById('progress').hidden, null, { timeout: 60000 });
  assert.match(await page.textContent('#status'), /cancelled/i);
  await page.screenshot({ path: path.join(SHOTS, 'progress-cancelled.png') });
  assert.deepEqual(await tileValues(page, 'state-of-the-union'), before, 'the previous dashboards are kept');
  const seen = await page.evaluate(() => window.__progress);
  assert.ok(
    seen.some((v) => v > 0 && v < 100),
    `the bar moved: ${seen}`,
  );

  // The engine holds the previous (demo) files again: a filter recomputes them.
  const rep = demo.dimensions.reps[0];
  await afterRefresh(page, () => page.selectOption('#f-rep', rep));
  const filtered = cliReport(demoFiles(), { filters: { reps: [rep] } });
  for (const [kpi, value] of Object.entries(await tileValues(page, 'state-of-the-union'))) {
    assertSameNumber(assert, value, filtered.kpis[kpi].value, `after cancel, rep ${rep}, ${kpi}`);
  }
  await afterRefresh(page, () => page.selectOption('#f-rep', ''));

  // A load that runs to the end: its numbers are the CLI's.
  await watchProgress(page);
  await upload(page, bigDeals);
  const seenFull = await page.evaluate(() => window.__progress);
  assert.ok(seenFull.filter((v) => v > 0 && v < 100).length >= 3, `progress steps: ${seenFull}`);
  const report = cliReport([bigDeals]);
  for (const [kpi, value] of Object.entries(await tileValues(page, 'state-of-the-union'))) {
    assertSameNumber(assert, value, report.kpis[kpi].value, `200k ${kpi}`);
  }
  assert.equal(await page.isVisible('#progress'), false);
  await page.screenshot({ path: path.join(SHOTS, 'progress-200k-loaded.png'), fullPage: true });
  assert.deepEqual(watch.errors, []);
  assert.deepEqual(offOrigin(watch, server.url), []);
  await context.close();
});
