// <sales-kpi-dashboard> embedded in a host page on another origin, as a CRM
// admin would: the packed npm package unpacked into the host's site, one
// script tag, two elements. Records and the same facts as CSV give the CLI's
// numbers; filters, selection events, style isolation and storage are
// checked in the DOM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, SHOTS, startServer, launch, cliReport, assertSameNumber, offOrigin, demoFiles } from './harness.mjs';

const DEALS = [
  ['D1', 'Siti', 'PT Alam', 'Jakarta', 'Closed Won', 1000, '2024-01-05', '2024-02-10'],
  ['D2', 'Siti', 'PT Bumi', 'Jakarta', 'Closed Lost', 500, '2024-01-10', '2024-03-01'],
  ['D3', 'Budi', 'PT Cakra', 'Bandung', 'Closed Won', 3000.5, '2024-02-01', '2024-04-15'],
  ['D4', 'Budi', 'PT Alam', 'Bandung', 'Proposal', 2000, '2024-03-01', null],
  ['D5', 'Budi', 'PT Dirga', 'Jakarta', 'Closed Won', 750.25, '2024-03-03', '2024-05-20'],
  ['D6', 'Siti', 'PT Bumi', 'Bandung', 'Negotiation', 1200, '2024-04-11', null],
];
const RECORDS = {
  deals: DEALS.map(([deal_id, owner, account, region, stage, amount, created_date, close_date]) => ({
    deal_id,
    owner,
    account,
    region,
    stage,
    amount,
    created_date,
    close_date,
  })),
};
/** The same facts as a report export would have them: its own headers. */
const CSV = [
  'Deal ID,Deal Owner,Account Name,Region,Stage,Amount,Created Date,Close Date',
  ...DEALS.map((deal) => deal.map((cell) => cell ?? '').join(',')),
].join('\n');

let widgetSite;
let browser;
let csvPath;

const HOST_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>CRM — deals</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="host.css">
<script type="module" src="/sales-kpi/sales-kpi-dashboard.js"></script>
<script type="module" src="host.js"></script></head>
<body><h1>Deals</h1><p id="host-text" class="tile">The host's own text.</p>
<sales-kpi-dashboard id="union" dashboard="state-of-the-union" remember></sales-kpi-dashboard>
<sales-kpi-dashboard id="pipe" dashboard="pipeline" controls="none" lang="id"></sales-kpi-dashboard>
</body></html>`;
// Hostile host CSS: it must not reach inside the widget.
const HOST_CSS =
  '* { color: red !important; font-size: 40px !important; }\nsales-kpi-dashboard { display: block; margin: 8px 0; }';
const HOST_JS = `window.events = [];
for (const type of ['sales-kpi-ready', 'sales-kpi-change', 'sales-kpi-select']) {
  document.addEventListener(type, (e) => window.events.push({ type, target: e.target.id, detail: e.detail }));
}
localStorage.setItem('host-key', 'kept');`;

before(async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'sales-kpi-host-'));
  // Installed as a CRM admin would: the packed npm package, unpacked into the site.
  const tgz = execFileSync(path.join(ROOT, 'scripts', 'pack.sh'), { cwd: ROOT })
    .toString()
    .trim();
  execFileSync('tar', ['-xzf', path.join(ROOT, tgz), '-C', site]);
  renameSync(path.join(site, 'package'), path.join(site, 'sales-kpi'));
  writeFileSync(path.join(site, 'index.html'), HOST_HTML);
  writeFileSync(path.join(site, 'host.css'), HOST_CSS);
  writeFileSync(path.join(site, 'host.js'), HOST_JS);
  csvPath = path.join(site, 'deals.csv');
  writeFileSync(csvPath, `${CSV}\n`);
  widgetSite = await startServer({ root: site, offset: 1 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  widgetSite?.stop();
});

async function openHost() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const watch = { errors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') watch.errors.push(m.text());
  });
  page.on('pageerror', (e) => watch.errors.push(e.message));
  context.on('request', (r) => watch.requests.push(r.url()));
  await page.goto(widgetSite.url);
  await page.waitForFunction(() => customElements.get('sales-kpi-dashboard') && window.events);
  return { context, page, watch };
}

/** data-kpi → number of one widget's tiles (Playwright's CSS reaches into open shadow roots). */
function widgetTiles(page, id) {
  return page.$$eval(`#${id} .tile[data-kpi]:not([data-rep])`, (tiles) =>
    Object.fromEntries(tiles.map((t) => [t.dataset.kpi, t.dataset.value === '' ? null : Number(t.dataset.value)])),
  );
}

async function waitForGeneration(page, id, before) {
  await page.waitForFunction(
    ([id, before]) => {
      const gen = document.getElementById(id).dataset.generation;
      return gen !== undefined && gen !== before;
    },
    [id, before],
    { timeout: 60000 },
  );
}

function assertTiles(values, report, where) {
  assert.ok(Object.keys(values).length > 0, `${where}: no tiles`);
  for (const [kpi, value] of Object.entries(values))
    assertSameNumber(assert, value, report.kpis[kpi].value, `${where} ${kpi}`);
}

test('records and CSV give the CLI numbers; filters, events, isolation and storage in one host page', async () => {
  const { context, page, watch } = await openHost();
  const expected = cliReport([csvPath]);

  // Records into one widget, the CSV's bytes into the other.
  await page.evaluate((records) => document.getElementById('union').loadRecords(records), RECORDS);
  await page.evaluate(
    (text) => document.getElementById('pipe').load([{ name: 'deals.csv', bytes: new TextEncoder().encode(text) }]),
    CSV,
  );
  await waitForGeneration(page, 'union', undefined);
  await waitForGeneration(page, 'pipe', undefined);
  assertTiles(await widgetTiles(page, 'union'), expected, 'records, state of the union');
  assertTiles(await widgetTiles(page, 'pipe'), expected, 'csv, pipeline');
  assert.equal(await page.locator('#pipe .skd-filters').isVisible(), false, 'controls="none" hides the filters');

  // A filter inside one widget changes its numbers and tells the host; the other stays.
  const pipeBefore = await widgetTiles(page, 'pipe');
  const generation = await page.evaluate(() => document.getElementById('union').dataset.generation);
  await page.selectOption('#union select[data-filter="region"]', 'Jakarta');
  await waitForGeneration(page, 'union', generation);
  const jakarta = cliReport([csvPath], { filters: { regions: ['Jakarta'] } });
  assertTiles(await widgetTiles(page, 'union'), jakarta, 'records, Jakarta');
  assert.notEqual((await widgetTiles(page, 'union')).win_rate, expected.kpis.win_rate.value);
  assert.deepEqual(await widgetTiles(page, 'pipe'), pipeBefore, 'the other widget is independent');
  const change = await page.evaluate(() => window.events.find((e) => e.type === 'sales-kpi-change'));
  assert.deepEqual(change.detail.config.filters.regions, ['Jakarta']);
  assert.equal(change.target, 'union');

  // A click on a deal tells the host which one; a click on a tile, which KPI.
  await page.locator('#union [data-table="top-won-deals"] tr[data-deal-id]').first().click();
  const select = await page.evaluate(() => window.events.find((e) => e.type === 'sales-kpi-select'));
  assert.ok(['D1', 'D5'].includes(select.detail.deal_id), JSON.stringify(select));
  assert.ok(select.detail.account.startsWith('PT '));
  await page.locator('#union .tile[data-kpi="win_rate"]').click();
  const tileEvent = await page.evaluate(() => window.events.filter((e) => e.type === 'sales-kpi-select').pop());
  assert.equal(tileEvent.detail.kpi, 'win_rate');
  assert.equal(await page.locator('#union #explain').isVisible(), true, 'the tile explains itself inside the widget');

  // Host CSS does not reach in; the widget's CSS does not reach out.
  const style = await page.$eval('#union .tile[data-kpi="win_rate"] .value', (n) => {
    const s = getComputedStyle(n);
    return { color: s.color, fontSize: s.fontSize };
  });
  assert.notEqual(style.color, 'rgb(255, 0, 0)');
  assert.equal(style.fontSize, '26px');
  const host = await page.$eval('#host-text', (n) => ({
    radius: getComputedStyle(n).borderTopLeftRadius,
    color: getComputedStyle(n).color,
  }));
  assert.deepEqual(host, { radius: '0px', color: 'rgb(255, 0, 0)' });
  await page.screenshot({ path: path.join(SHOTS, 'embed-host.png'), fullPage: true });

  // Storage: only the element that opted in saved, under its own key; forget removes only that.
  const keys = await page.evaluate(() => Object.keys(localStorage).sort());
  assert.deepEqual(keys, ['host-key', 'sales-kpi-dashboard:union']);
  await page.evaluate(() => document.getElementById('union').forget());
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), ['host-key']);

  assert.deepEqual(watch.errors, []);
  assert.deepEqual(offOrigin(watch, widgetSite.url), []);
  await context.close();
});

test('attributes: rep locks the view to one rep, period and as-of choose the selection', async () => {
  const { context, page, watch } = await openHost();
  await page.evaluate((records) => {
    const widget = document.createElement('sales-kpi-dashboard');
    Object.entries({
      id: 'mine',
      dashboard: 'state-of-the-union',
      rep: 'Budi',
      period: '2024-Q1',
      'as-of': '2024-06-30',
      currency: 'IDR',
    }).forEach(([name, value]) => widget.setAttribute(name, value));
    document.body.append(widget);
    return widget.loadRecords(records);
  }, RECORDS);
  await waitForGeneration(page, 'mine', undefined);
  const expected = cliReport([csvPath], {
    filters: { reps: ['Budi'] },
    from: '2024-01-01',
    to: '2024-03-31',
    as_of: '2024-06-30',
  });
  assertTiles(await widgetTiles(page, 'mine'), expected, 'rep Budi, 2024-Q1');
  assert.equal(await page.locator('#mine select[data-filter="rep"]').count(), 0, 'the locked rep has no picker');
  assert.match(await page.locator('#mine .tile[data-kpi="pipeline_value"] .value').innerText(), /Rp|IDR/);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('bad records: a rejected value names its record and field; a wrong field is refused by name', async () => {
  const { context, page } = await openHost();
  // An element may be loaded before it is attached, and then draws on attach.
  await page.evaluate(async (records) => {
    const detached = document.createElement('sales-kpi-dashboard');
    detached.id = 'detached';
    await detached.loadRecords(records);
    document.body.append(detached);
  }, RECORDS);
  await page.waitForSelector('#detached [data-chart="forecast"] canvas');
  await page.waitForFunction(() => document.querySelector('#detached').dataset.generation === '2');
  const bad = { deals: [...RECORDS.deals.slice(0, 2), { ...RECORDS.deals[2], amount: 'tiga ribu' }] };
  await page.evaluate((records) => document.getElementById('union').loadRecords(records), bad);
  const report = await page.evaluate(() => document.getElementById('union').report());
  const file = report.quality.files.find((f) => f.name === 'deals records');
  assert.equal(file.rows_rejected, 1);
  assert.deepEqual(
    { record: file.rejected[0].record, column: file.rejected[0].column },
    { record: 3, column: 'amount' },
  );
  const refused = await page.evaluate(() =>
    document
      .getElementById('union')
      .loadRecords({ deals: [{ deal_id: 'D1', amout: 5 }] })
      .then(
        () => null,
        (error) => ({ name: error.name, record: error.record, field: error.field }),
      ),
  );
  assert.deepEqual(refused, { name: 'SalesKpiRecordsError', record: 1, field: 'amout' });
  await context.close();
});

test('iframe mode: the allowed parent loads records; another origin or another window changes nothing', async () => {
  const hostRoot = mkdtempSync(path.join(tmpdir(), 'sales-kpi-frame-host-'));
  const evilRoot = mkdtempSync(path.join(tmpdir(), 'sales-kpi-frame-evil-'));
  const origin = (url) => new URL(url).origin;
  const framesOrigin = `http://127.0.0.1:${18000 + ((process.pid + 5 * 7) % 2000)}`;
  const host = await startServer({ root: hostRoot, offset: 3, env: { SERVE_FRAME_SRC: `'self' ${framesOrigin}` } });
  const evil = await startServer({ root: evilRoot, offset: 4, env: { SERVE_FRAME_SRC: framesOrigin } });
  // Both may frame it (so that the evil page can try); only the host is allowed to talk to it.
  const frames = await startServer({
    offset: 5,
    env: { SALES_KPI_FRAME_ANCESTORS: `${origin(host.url)} ${origin(evil.url)}` },
  });
  assert.equal(origin(frames.url), framesOrigin);
  const src = `${frames.url}embed.html?origin=${encodeURIComponent(origin(host.url))}&dashboard=state-of-the-union`;
  const page = (extra = '') => `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="page.js"></script></head><body><iframe id="frame" src="${src}" width="1200" height="900"></iframe>${extra}</body></html>`;
  const listen =
    'window.received = []; window.addEventListener("message", (e) => window.received.push({ origin: e.origin, data: e.data }));';
  writeFileSync(path.join(hostRoot, 'index.html'), page('<iframe id="other" src="other.html"></iframe>'));
  writeFileSync(
    path.join(hostRoot, 'other.html'),
    '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>another window</body></html>',
  );
  writeFileSync(path.join(hostRoot, 'page.js'), listen);
  writeFileSync(path.join(evilRoot, 'index.html'), page());
  writeFileSync(path.join(evilRoot, 'page.js'), listen);
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const watch = { errors: [], requests: [] };
  context.on('request', (r) => watch.requests.push(r.url()));
  const frameOf = (p) => p.frames().find((f) => f.url().startsWith(frames.url));
  const generation = (p) => frameOf(p).evaluate(() => document.getElementById('widget').dataset.generation ?? null);
  try {
    // The evil page frames it and posts records: nothing loads, nothing comes back.
    const evilPage = await context.newPage();
    evilPage.on('pageerror', (e) => watch.errors.push(e.message));
    await evilPage.goto(evil.url);
    await evilPage.waitForFunction(() => document.getElementById('frame').contentWindow && window.received);
    await evilPage.waitForTimeout(500);
    await evilPage.evaluate(
      (records) =>
        document.getElementById('frame').contentWindow.postMessage({ type: 'sales-kpi:records', id: 1, records }, '*'),
      RECORDS,
    );
    await evilPage.waitForTimeout(1500);
    assert.equal(await generation(evilPage), null, 'no data from another origin');
    assert.deepEqual(await evilPage.evaluate(() => window.received), [], 'nothing is posted to another origin');
    assert.equal(await frameOf(evilPage).isVisible('#embed-notice'), true);

    // The host: another window of the host's own origin posts first, and is ignored too.
    const hostPage = await context.newPage();
    hostPage.on('pageerror', (e) => watch.errors.push(e.message));
    hostPage.on('console', (m) => {
      if (m.type() === 'error') watch.errors.push(m.text());
    });
    await hostPage.goto(host.url);
    await hostPage.waitForFunction(() => window.received?.some((m) => m.data.type === 'sales-kpi:listening'));
    const other = hostPage.frames().find((f) => f.url().endsWith('other.html'));
    await other.evaluate(
      (records) =>
        window.parent.document
          .getElementById('frame')
          .contentWindow.postMessage({ type: 'sales-kpi:records', id: 2, records }, '*'),
      RECORDS,
    );
    await hostPage.waitForTimeout(1500);
    assert.equal(await generation(hostPage), null, 'no data from another window');
    // The parent itself, from the allowed origin: the records load and the numbers are the CLI's.
    await hostPage.evaluate(
      (records) =>
        document.getElementById('frame').contentWindow.postMessage({ type: 'sales-kpi:records', id: 3, records }, '*'),
      RECORDS,
    );
    await hostPage.waitForFunction(
      () => window.received.some((m) => m.data.type === 'sales-kpi:done' && m.data.id === 3),
      null,
      { timeout: 60000 },
    );
    const received = await hostPage.evaluate(() => window.received);
    assert.ok(received.every((m) => m.origin === origin(frames.url)));
    assert.ok(received.some((m) => m.data.type === 'sales-kpi:ready'));
    assert.ok(!received.some((m) => m.data.id === 2), 'the other window got no answer');
    const frame = frameOf(hostPage);
    const values = await frame.$$eval('#widget .tile[data-kpi]:not([data-rep])', (tiles) =>
      Object.fromEntries(tiles.map((t) => [t.dataset.kpi, t.dataset.value === '' ? null : Number(t.dataset.value)])),
    );
    const csv = path.join(hostRoot, 'deals.csv');
    writeFileSync(csv, `${CSV}\n`);
    assertTiles(values, cliReport([csv]), 'iframe');
    await hostPage.screenshot({ path: path.join(SHOTS, 'embed-iframe.png') });
    assert.deepEqual(watch.errors, []);
    const known = [host.url, evil.url, frames.url];
    assert.deepEqual(
      watch.requests.filter(
        (r) => !known.some((k) => r.startsWith(k)) && !r.startsWith('blob:') && !r.startsWith('data:'),
      ),
      [],
    );
  } finally {
    await context.close();
    host.stop();
    evil.stop();
    frames.stop();
  }
});

test('the demo host page: the CRM records give the numbers of the demo CSVs; a deal clicked opens in the CRM list', async () => {
  const server = await startServer({ offset: 6 });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1100 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  try {
    await page.goto(`${server.url}embed-demo.html`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
    await waitForGeneration(page, 'kpis', undefined);
    assertTiles(await widgetTiles(page, 'kpis'), cliReport(demoFiles()), 'demo host records');
    const row = page.locator('#kpis [data-table="top-won-deals"] tr[data-deal-id]').first();
    const id = await row.getAttribute('data-deal-id');
    await row.click();
    await page.waitForSelector(`#crm-deal[data-deal="${id}"]`);
    assert.equal(await page.locator(`#crm-deals tr.chosen[data-crm-deal="${id}"]`).count(), 1);
    await page.screenshot({ path: path.join(SHOTS, 'embed-demo.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    server.stop();
  }
});
