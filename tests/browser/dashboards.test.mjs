// The page, tested as a person uses it: open it, upload files, switch
// dashboards, filter, set targets, switch language, export — reading the
// numbers from data-value and comparing them with the CLI's report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ROOT,
  SHOTS,
  MAVEN,
  DASHBOARDS,
  startServer,
  launch,
  openPage,
  afterRefresh,
  openTab,
  upload,
  tileValues,
  cliReport,
  demoFiles,
  assertSameNumber,
  offOrigin,
} from './harness.mjs';

let server;
let browser;
const FIXTURES = path.join(ROOT, 'tests', 'browser', 'fixtures');

before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

function assertTilesEqualReport(values, report, where) {
  assert.ok(Object.keys(values).length > 0, `${where}: no tiles`);
  for (const [kpi, value] of Object.entries(values))
    assertSameNumber(assert, value, report.kpis[kpi].value, `${where} ${kpi}`);
}

test('the demo dashboards render, equal the CLI, with no console error', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  const report = cliReport(demoFiles());
  for (const name of DASHBOARDS) {
    await openTab(page, name);
    const dashboard = page.locator(`[data-dashboard="${name}"]`);
    await dashboard.waitFor({ state: 'visible' });
    assert.ok((await dashboard.locator('.tile').count()) > 0, `${name} has tiles`);
    if (name !== 'reps') assertTilesEqualReport(await tileValues(page, name), report, name);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `demo-${name}.png`), fullPage: true });
  }
  const repTiles = await page.$$eval('[data-dashboard="reps"] .tile[data-rep]', (tiles) =>
    tiles.map((t) => [t.dataset.kpi, t.dataset.rep, t.dataset.value]),
  );
  for (const [kpi, rep, value] of repTiles) {
    const expected = report.kpis[kpi].by_rep.find((row) => row.rep === rep).value;
    assertSameNumber(assert, value === '' ? null : Number(value), expected, `rep ${rep} ${kpi}`);
  }
  assert.deepEqual(watch.errors, []);
  assert.equal(await page.evaluate(() => window.__cspViolations || 0), 0);
  assert.deepEqual(offOrigin(watch, server.url), []);
  await context.close();
});

test(
  'the Maven CRM export as it is: every dashboard renders and equals the CLI; quality shows the gaps',
  { skip: !existsSync(MAVEN) && 'MAVEN CRM DATASET ABSENT' },
  async () => {
    const { page, watch, context } = await openPage(browser, server.url);
    const files = ['sales_pipeline.csv', 'sales_teams.csv', 'accounts.csv', 'products.csv', 'data_dictionary.csv'].map(
      (f) => path.join(MAVEN, f),
    );
    const requestsBefore = watch.requests.length;
    await upload(page, files);
    assert.equal(watch.requests.length, requestsBefore, 'no request after the upload');
    const report = cliReport(files);
    for (const name of DASHBOARDS.filter((d) => d !== 'reps')) {
      await openTab(page, name);
      assertTilesEqualReport(await tileValues(page, name), report, `maven ${name}`);
      await page.waitForTimeout(150);
      await page.screenshot({ path: path.join(SHOTS, `maven-${name}.png`), fullPage: true });
    }
    await openTab(page, 'state-of-the-union');
    assert.equal(
      await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="win_rate"]', 'data-value'),
      String(report.kpis.win_rate.value),
    );
    await page.click('#files-details summary');
    const pipelineCard = page.locator('[data-file="sales_pipeline.csv"]');
    assert.equal(await pipelineCard.locator('[data-kind-of]').inputValue(), 'deals');
    assert.equal(await pipelineCard.locator('[data-rows]').getAttribute('data-rows'), '8800/8800/0/0');
    assert.equal(await page.locator('[data-file="data_dictionary.csv"] [data-kind-of]').inputValue(), 'unknown');
    const flagged = await page.locator('[data-table="flagged-rows"]').textContent();
    assert.match(flagged, /no created date/);
    assert.match(flagged, /no account/);
    assert.match(await page.locator('#quality-warnings').innerText(), /GTXPro.*GTX Pro/);
    await page.screenshot({ path: path.join(SHOTS, 'maven-quality.png'), fullPage: true });
    assert.deepEqual(watch.errors, []);
    assert.deepEqual(offOrigin(watch, server.url), []);
    await context.close();
  },
);

test('filters, as-of date, targets, language and exports do what a user expects', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  const files = demoFiles();
  const rep = cliReport(files).dimensions.reps[0];
  await afterRefresh(page, () => page.selectOption('#f-rep', rep));
  let values = await tileValues(page, 'state-of-the-union');
  assertTilesEqualReport(values, cliReport(files, { filters: { reps: [rep] } }), 'rep filter');

  await afterRefresh(page, () => page.fill('#f-asof', '2024-06-30'));
  await openTab(page, 'pipeline');
  values = await tileValues(page, 'pipeline');
  assertTilesEqualReport(values, cliReport(files, { filters: { reps: [rep] }, as_of: '2024-06-30' }), 'as-of');
  await afterRefresh(page, () => page.click('#f-reset'));
  await openTab(page, 'state-of-the-union');

  // A target above the value shows "under", below it "over".
  const winRate = Number(
    await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="win_rate"]', 'data-value'),
  );
  await page.click('[data-dashboard="state-of-the-union"] [data-kpi="win_rate"]');
  await page.fill('#target-input', String(Math.ceil(winRate) + 5));
  await afterRefresh(page, () => page.click('#target-save'));
  assert.equal(
    await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="win_rate"]', 'data-target-state'),
    'under',
  );
  await page.click('[data-dashboard="state-of-the-union"] [data-kpi="win_rate"]');
  await page.fill('#target-input', String(Math.floor(winRate) - 5));
  await afterRefresh(page, () => page.click('#target-save'));
  assert.equal(
    await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="win_rate"]', 'data-target-state'),
    'over',
  );

  // Every number is explainable and leads to its deals.
  await page.click('[data-dashboard="state-of-the-union"] [data-kpi="avg_deal_size"]');
  const won = Number(
    (await page.locator('[data-input="won_deals_with_amount"] td.num').innerText()).replace(/[^\d]/g, ''),
  );
  await page.click('#show-deals');
  await page.waitForSelector('#explain-deals table');
  assert.match(await page.locator('#explain-deals h3').innerText(), new RegExp(`\\(${won.toLocaleString('en-US')}\\)`));
  await page.click('#explain-close');

  // Language: labels and number formats follow.
  await afterRefresh(page, () => page.selectOption('#lang', 'id'));
  assert.equal(await page.locator('[data-tab="state-of-the-union"]').innerText(), 'Kondisi Terkini');
  assert.match(
    await page.locator('[data-dashboard="state-of-the-union"] [data-kpi="win_rate"] .value').innerText(),
    /^\d+,\d%$/,
  );
  await page.screenshot({ path: path.join(SHOTS, 'demo-bahasa-indonesia.png'), fullPage: true });
  await afterRefresh(page, () => page.selectOption('#lang', 'en'));

  // CSV export: the table's rows, with a header.
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-table="top-won-deals"] [data-export="csv"]'),
  ]);
  const csv = readFileSync(await csvDownload.path(), 'utf8')
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n');
  const report = cliReport(files);
  assert.equal(csv[0], 'Account,Deal,Owner,Stage,Amount,Close date');
  assert.equal(csv.length - 1, report.dashboards.top_won_deals.length);
  assert.ok(csv[1].includes(String(report.dashboards.top_won_deals[0].amount)));

  // PNG export of a chart.
  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-chart="forecast"] [data-export="png"]'),
  ]);
  const png = readFileSync(await pngDownload.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.length > 5000, 'the PNG has content');

  // Performance drill-down: region → accounts → deals.
  await openTab(page, 'performance');
  const region = report.dashboards.won_by_region[0];
  await page.click(`[data-table="won-by-region"] tbody tr:first-child`);
  const accounts = page.locator('[data-table="region-accounts"] tbody tr');
  assert.equal(
    await accounts.count(),
    report.dashboards.won_by_region_account.filter((r) => r.parent === region.key).length,
  );
  await accounts.first().click();
  await page.waitForSelector('[data-table="drill-deals"]');
  await page.screenshot({ path: path.join(SHOTS, 'demo-performance-drill.png'), fullPage: true });
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('XSS payloads stay literal text and exported CSV neutralises formulas', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  await upload(page, [path.join(FIXTURES, 'xss-deals.csv')]);
  for (const name of DASHBOARDS) await openTab(page, name);
  await openTab(page, 'state-of-the-union');
  const table = await page.locator('[data-table="top-won-deals"]').innerText();
  assert.ok(table.includes('<img src=x onerror="window.__xss=1">'), table);
  assert.ok(table.includes('"><svg onload=window.__xss=2>'));
  assert.ok(table.includes('<script>window.__xss=3</script>'));
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator('img[src=x], svg[onload], main script').count(), 0);
  assert.equal(watch.dialogs, 0);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-table="top-won-deals"] [data-export="csv"]'),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.includes("'=HYPERLINK("), 'formula neutralised');
  assert.ok(csv.includes("'+SUM(A1:A2)"), 'plus neutralised');
  assert.ok(csv.includes("'-2+3"), 'minus neutralised');
  assert.ok(csv.includes(',2000,'), 'numbers unchanged');
  await page.screenshot({ path: path.join(SHOTS, 'xss.png'), fullPage: true });
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('nothing leaves 127.0.0.1, nothing is fetched after an upload, and it works offline', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  const loaded = watch.requests.length;
  await context.setOffline(true);
  await upload(page, [path.join(FIXTURES, 'small-deals.csv')]);
  // S1 and S3 won, S2 lost: 2 / 3.
  assertSameNumber(
    assert,
    Number(await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="win_rate"]', 'data-value')),
    200 / 3,
    'win rate',
  );
  await afterRefresh(page, () => page.selectOption('#f-region', 'West'));
  assert.equal(
    await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="win_rate"]', 'data-value'),
    '100',
  );
  assert.equal(watch.requests.length, loaded, `requests after loading: ${watch.requests.slice(loaded)}`);
  assert.deepEqual(offOrigin(watch, server.url), []);
  assert.equal(await page.evaluate(() => window.__cspViolations || 0), 0);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('a broken file gets a clear message naming it, and the page keeps working', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  await upload(page, [
    path.join(FIXTURES, 'empty.csv'),
    path.join(FIXTURES, 'unterminated.csv'),
    path.join(FIXTURES, 'small-deals.csv'),
  ]);
  const errors = await page.locator('#errors .error').allInnerTexts();
  assert.deepEqual(errors.sort(), [
    'empty.csv: file is empty',
    'unterminated.csv line 2: unterminated quote: the quote opened on this line is never closed',
  ]);
  assert.equal(
    await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="new_leads"]', 'data-value'),
    '4',
  );
  await afterRefresh(page, () => page.selectOption('#f-rep', 'Ben'));
  assert.equal(
    await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="new_leads"]', 'data-value'),
    '2',
  );
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('a file over the size limit is refused before it is read, naming the limit; the rest of the drop loads', async () => {
  // A sparse file: 513 MB on paper, nothing on disk, and never read.
  const dir = mkdtempSync(path.join(tmpdir(), 'sales-kpi-big-'));
  const big = path.join(dir, 'huge-export.csv');
  writeFileSync(big, '');
  truncateSync(big, 513 * 1024 * 1024);
  const { page, watch, context } = await openPage(browser, server.url);
  await upload(page, [big, path.join(FIXTURES, 'small-deals.csv')]);
  const errors = await page.locator('#errors .error').allInnerTexts();
  assert.deepEqual(errors, ['huge-export.csv is 513 MB; the limit is 512 MB per file. Split it into smaller exports.']);
  assert.equal(
    await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="new_leads"]', 'data-value'),
    '4',
  );
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('a file named like one already loaded replaces it, and the page says so', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  await upload(page, [path.join(FIXTURES, 'small-deals.csv')]);
  assert.equal(
    await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="new_leads"]', 'data-value'),
    '4',
  );
  const first = readFileSync(path.join(FIXTURES, 'small-deals.csv'), 'utf8').split('\n').slice(0, 2).join('\n');
  await upload(page, [{ name: 'small-deals.csv', mimeType: 'text/csv', buffer: Buffer.from(`${first}\n`) }]);
  const notices = await page.locator('#errors .notice').allInnerTexts();
  assert.deepEqual(notices, [
    'small-deals.csv replaces the file of the same name loaded before (its rows are not added twice).',
  ]);
  assert.equal(
    await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="new_leads"]', 'data-value'),
    '1',
  );
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('settings are stored only after opting in, and "forget" clears them', async () => {
  const { page, context } = await openPage(browser, server.url);
  // ACV has no target in the demo's targets file.
  assert.equal(
    await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="acv"]', 'data-target-state'),
    null,
  );
  await page.click('[data-dashboard="state-of-the-union"] [data-kpi="acv"]');
  await page.fill('#target-input', '1');
  await afterRefresh(page, () => page.click('#target-save'));
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing stored without opt-in');
  await page.click('#open-settings');
  await page.check('#remember');
  const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('sales-kpi.settings')));
  assert.deepEqual(saved.targets, [{ kpi: 'acv', target: 1 }]);
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  assert.equal(
    await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="acv"]', 'data-target-state'),
    'over',
    'restored after reload',
  );
  await page.click('#open-settings');
  await afterRefresh(page, () => page.click('#forget'));
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  assert.equal(
    await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="acv"]', 'data-target-state'),
    null,
  );
  await context.close();
});

test('a wrongly matched column can be corrected in the mapping editor', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  await upload(page, [path.join(FIXTURES, 'remap-deals.csv')]);
  await openTab(page, 'pipeline');
  const size = () => page.getAttribute('[data-dashboard="pipeline"] [data-kpi="avg_deal_size"]', 'data-value');
  assert.equal(await size(), '2000');
  await page.click('#files-details summary');
  const card = page.locator('[data-file="remap-deals.csv"]');
  assert.equal(await card.locator('[data-delimiter]').getAttribute('data-delimiter'), ',');
  assert.equal(await card.locator('select[data-field="amount"]').inputValue(), 'Amount');
  await afterRefresh(page, () => card.locator('select[data-field="amount"]').selectOption('Net Amount'));
  assert.equal(await size(), '1700');
  assert.equal(
    await page.locator('[data-file="remap-deals.csv"] select[data-field="amount"]').inputValue(),
    'Net Amount',
  );
  await page.screenshot({ path: path.join(SHOTS, 'mapping-editor.png'), fullPage: true });
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('a Salesforce data export (Opportunity, User, Account, OpportunityHistory) shows rep and account names, not ids', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  const dir = path.join(ROOT, 'tests', 'fixtures', 'salesforce');
  const files = ['Opportunity.csv', 'User.csv', 'Account.csv', 'OpportunityHistory.csv'].map((f) => path.join(dir, f));
  await upload(page, files);
  const reps = await page.$$eval('#f-rep option', (options) => options.map((o) => o.value).filter(Boolean));
  assert.deepEqual(reps, ['Ana Putri', 'Ben Santoso']);
  const report = cliReport(files);
  for (const [kpi, value] of Object.entries(await tileValues(page, 'state-of-the-union'))) {
    assertSameNumber(assert, value, report.kpis[kpi].value, `Salesforce export, ${kpi}`);
  }
  const text = await page.locator('main').innerText();
  assert.match(text, /PT Maju/);
  assert.doesNotMatch(text, /0055g|0015g/, 'no raw Salesforce id is shown');
  await page.screenshot({ path: path.join(SHOTS, 'salesforce-export.png'), fullPage: true });
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('the whole Salesforce export set, with Leads, Tasks and Events, uploaded at once equals the CLI on every dashboard', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  const dir = path.join(ROOT, 'tests', 'fixtures', 'salesforce');
  const files = [
    'Opportunity.csv',
    'User.csv',
    'Account.csv',
    'OpportunityHistory.csv',
    'Lead.csv',
    'Task.csv',
    'Event.csv',
  ].map((f) => path.join(dir, f));
  await upload(page, files);
  const report = cliReport(files);
  for (const name of ['state-of-the-union', 'pipeline', 'team-activity']) {
    await openTab(page, name);
    await page.locator(`[data-dashboard="${name}"] .tile`).first().waitFor({ state: 'visible' });
    for (const [kpi, value] of Object.entries(await tileValues(page, name))) {
      assertSameNumber(assert, value, report.kpis[kpi].value, `Salesforce set, ${name}, ${kpi}`);
    }
  }
  assert.ok(report.kpis.new_leads.note.startsWith('from the leads file'), 'the leads file is read');
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /0055g|0015g/, 'no raw Salesforce id is shown');
  await page.screenshot({ path: path.join(SHOTS, 'salesforce-full-set.png'), fullPage: true });
  assert.deepEqual(watch.errors, []);
  await context.close();
});

/** Six deals over 2023-Q2 and 2024-Q1–Q2 whose win rates are worked by hand in the tests below. */
const SIX_DEALS = [
  'Deal ID,Owner,Stage,Amount,Created Date,Close Date',
  'A,Siti,Closed Won,100,2023-04-01,2023-05-01',
  'B,Siti,Closed Lost,100,2023-04-02,2023-06-01',
  'C,Budi,Closed Won,100,2024-01-05,2024-02-01',
  'D,Budi,Closed Won,100,2024-01-06,2024-03-01',
  'E,Budi,Closed Lost,100,2024-01-07,2024-03-15',
  'F,Siti,Closed Won,100,2024-04-02,2024-05-01',
];

test('tiles show how each KPI moved against the period before and a year before, coloured by whether that is good', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  const dir = mkdtempSync(path.join(tmpdir(), 'sales-kpi-moves-'));
  const file = path.join(dir, 'deals.csv');
  writeFileSync(file, SIX_DEALS.join('\n'));
  await upload(page, [file]);
  await afterRefresh(page, () =>
    page.fill('#f-asof', '2024-06-30').then(() => page.dispatchEvent('#f-asof', 'change')),
  );
  await afterRefresh(page, () => page.selectOption('#f-period', '2024-Q2'));
  const moves = await page.$$eval('[data-dashboard="state-of-the-union"] .tile[data-kpi="win_rate"] .delta', (spans) =>
    spans.map((s) => [s.dataset.delta, s.dataset.mood, s.textContent]),
  );
  // By hand: 100 % in Q2 against 2/3 in Q1 and 50 % in 2023-Q2: up, and up is good.
  assert.deepEqual(
    moves.map(([which, mood]) => [which, mood]),
    [
      ['tile.vsPrevious', 'good'],
      ['tile.vsYearAgo', 'good'],
    ],
  );
  assert.match(moves[0][2], /^▲ \+33[.,]3 pts/);
  assert.match(moves[1][2], /^▲ \+50 pts/);
  // Sales cycle: 29 days in Q2 against (27 + 55) / 2 = 41 in Q1: down, and down is good for a cycle.
  await openTab(page, 'pipeline');
  const cycle = await page.$eval(
    '[data-dashboard="pipeline"] .tile[data-kpi="avg_sales_cycle_days"] .delta[data-delta="tile.vsPrevious"]',
    (s) => [s.dataset.mood, s.textContent],
  );
  assert.equal(cycle[0], 'good');
  assert.match(cycle[1], /^▼ -29[.,]3%/);
  await page.screenshot({ path: path.join(SHOTS, 'tile-comparisons.png') });
  assert.deepEqual(watch.errors, []);
  await context.close();
});

/** A fresh page with one deals file of `lines` uploaded and the as-of date set. */
async function openWithDeals(lines, asOf) {
  const opened = await openPage(browser, server.url);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sales-kpi-deals-')), 'deals.csv');
  writeFileSync(file, lines.join('\n'));
  await upload(opened.page, [file]);
  await afterRefresh(opened.page, () =>
    opened.page.fill('#f-asof', asOf).then(() => opened.page.dispatchEvent('#f-asof', 'change')),
  );
  return opened;
}

test('a region with many accounts drills down to them all, asked of the engine when the view leaves them out', async () => {
  // 1,200 accounts, each with one deal won in Region (i mod 3) for 100 + i: 1,200 rows of won deals by
  // region and account, more than a view carries. By hand: Region 2 has the largest won amount, and
  // its 400 accounts start with Account 1199 (1,299) and end with Account 2 (102).
  const deals = Array.from(
    { length: 1200 },
    (_, i) => `D${i},Account ${i},Region ${i % 3},Ana,Won,${100 + i},2024-01-05,2024-02-01`,
  );
  const { page, watch, context } = await openWithDeals(
    ['Deal ID,Account,Region,Owner,Stage,Amount,Created Date,Close Date', ...deals],
    '2024-06-30',
  );
  await openTab(page, 'performance');
  assert.equal(await page.locator('[data-table="won-by-account"] tbody tr').count(), 100, 'the top 100 accounts');
  await page.click('[data-table="won-by-region"] tbody tr:first-child');
  const accounts = page.locator('[data-table="region-accounts"] tbody tr');
  await accounts.first().waitFor();
  assert.equal(await accounts.count(), 400);
  assert.match(await accounts.first().innerText(), /^Account 1199\t1\t0\t/);
  assert.match(await accounts.last().innerText(), /^Account 2\t1\t0\t/);
  await page.screenshot({ path: path.join(SHOTS, 'performance-region-asked.png'), fullPage: false });
  await accounts.first().click();
  await page.waitForSelector('[data-table="drill-deals"]');
  assert.equal(await page.locator('[data-table="drill-deals"] tbody tr').count(), 1);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('each tile draws its KPI over the quarters of the selection, readable as text', async () => {
  const { page, watch, context } = await openWithDeals(SIX_DEALS, '2024-06-30');
  const trend = () =>
    page.$eval('[data-dashboard="state-of-the-union"] .tile[data-kpi="win_rate"] svg.trend', (svg) => ({
      periods: svg.dataset.periods.split(' '),
      values: svg.dataset.values.split(' '),
      label: svg.getAttribute('aria-label'),
      lines: svg.querySelectorAll('polyline').length,
      dots: svg.querySelectorAll('circle').length,
    }));
  // By hand, win rate per quarter: 2023-Q2 1 of 2, no deal closed in Q3 and Q4, 2024-Q1 2 of 3, 2024-Q2 1 of 1.
  const whole = await trend();
  assert.deepEqual(whole.periods, ['2023-Q2', '2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2']);
  assert.deepEqual(
    whole.values.map((v) => (v === '' ? null : Math.round(Number(v) * 100) / 100)),
    [50, null, null, 66.67, 100],
  );
  assert.match(
    whole.label,
    /^Trend by quarter: 2023-Q2 50\s?%, 2023-Q3 not available, 2023-Q4 not available, 2024-Q1 66[.,]7\s?%, 2024-Q2 100\s?%$/,
  );
  // The empty quarters break the line: a dot for 2023-Q2 alone, a line from 2024-Q1 to 2024-Q2.
  assert.deepEqual([whole.lines, whole.dots], [1, 1]);
  await page
    .locator('[data-dashboard="state-of-the-union"] .tiles')
    .first()
    .screenshot({ path: path.join(SHOTS, 'tile-trends.png') });
  // One quarter has no trend of quarters, and one year none of years: no sparkline.
  await afterRefresh(page, () => page.selectOption('#f-period', '2024-Q2'));
  assert.equal(
    await page.locator('[data-dashboard="state-of-the-union"] .tile[data-kpi="win_rate"] svg.trend').count(),
    0,
  );
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('with a fiscal year starting in April, the period picker offers fiscal quarters and years, and picks their dates', async () => {
  const { page, watch, context } = await openWithDeals(
    [
      'Deal ID,Owner,Stage,Amount,Created Date,Close Date',
      'C,Budi,Closed Won,100,2024-01-05,2024-02-01',
      'D,Budi,Closed Won,100,2024-01-06,2024-03-01',
      'E,Budi,Closed Lost,100,2024-01-07,2024-03-15',
      'F,Siti,Closed Won,100,2024-04-02,2024-05-01',
    ],
    '2024-06-30',
  );
  await page.click('#open-settings');
  await afterRefresh(page, () => page.selectOption('#fiscal-start', '4'));
  await page.click('#settings-close');
  const options = await page.$$eval('#f-period option', (list) =>
    list.map((o) => o.value).filter((v) => v && v !== 'custom'),
  );
  // April to March, named by the year it ends in: January 2024 is in FY2024-Q4, April 2024 starts FY2025.
  assert.deepEqual(options, ['FY2024', 'FY2024-Q4', 'FY2025', 'FY2025-Q1']);
  const pick = async (label) => {
    await afterRefresh(page, () => page.selectOption('#f-period', label));
    const winRate = await page.$eval('[data-dashboard="state-of-the-union"] .tile[data-kpi="win_rate"]', (n) =>
      Number(n.dataset.value),
    );
    return [
      await page.inputValue('#f-from'),
      await page.inputValue('#f-to'),
      await page.inputValue('#f-period'),
      Math.round(winRate * 100) / 100,
    ];
  };
  // By hand: FY2025-Q1 (April–June 2024) closes F, won; FY2024-Q4 (January–March 2024) closes C and D won, E lost.
  assert.deepEqual(await pick('FY2025-Q1'), ['2024-04-01', '2024-06-30', 'FY2025-Q1', 100]);
  assert.deepEqual(await pick('FY2024-Q4'), ['2024-01-01', '2024-03-31', 'FY2024-Q4', 66.67]);
  await page.screenshot({ path: path.join(SHOTS, 'fiscal-periods.png') });
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('a filter change computes the visible dashboard alone; a tab opened afterwards shows the same filter', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  const files = demoFiles();
  const region = cliReport(files).dimensions.regions[0];
  await afterRefresh(page, () => page.selectOption('#f-region', region));
  const drawn = () => page.$$eval('[data-dashboard]', (nodes) => nodes.map((n) => n.dataset.dashboard));
  assert.deepEqual(await drawn(), ['state-of-the-union'], 'only the visible dashboard is drawn');
  const filtered = cliReport(files, { filters: { regions: [region] } });
  for (const name of ['performance', 'pipeline']) {
    await openTab(page, name);
    assert.deepEqual(await drawn(), [name]);
    assertTilesEqualReport(await tileValues(page, name), filtered, `${name} opened after the region filter`);
  }
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('Print / PDF prints the visible dashboard alone, with its period, as-of date and filters, charts included', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  await openTab(page, 'pipeline');
  await page.locator('[data-dashboard="pipeline"] canvas').first().waitFor({ state: 'visible' });
  const rep = await page.$eval('#f-rep option:nth-child(2)', (o) => o.value);
  await afterRefresh(page, () => page.selectOption('#f-rep', rep));
  await page.locator('[data-dashboard="pipeline"] canvas').first().waitFor({ state: 'visible' });
  assert.equal(await page.title(), 'Pipeline · Sales KPI');
  await page.emulateMedia({ media: 'print' });
  const header = await page.locator('#print-header').innerText();
  const [from, to, asOf] = await Promise.all(['#f-from', '#f-to', '#f-asof'].map((id) => page.inputValue(id)));
  assert.match(header, /^Pipeline · Sales KPI/);
  assert.ok(header.includes(`Rep: ${rep}`), header);
  // The page shows dates in the language's format: the header shows the same three.
  const shown = await page.evaluate(
    async (dates) => {
      const { formatDate } = await import('/i18n.js');
      return dates.map(formatDate);
    },
    [from, to, asOf],
  );
  assert.ok(header.includes(`Period ${shown[0]} – ${shown[1]}, as of ${shown[2]}`), header);
  for (const hidden of ['#filters', '#tabs', '#data-panel', '.topbar', '[data-dashboard="state-of-the-union"]']) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
  }
  const charts = await page.$$eval('[data-dashboard="pipeline"] canvas', (list) =>
    list.map((c) => c.getBoundingClientRect().width),
  );
  assert.ok(charts.length > 0 && charts.every((width) => width > 100), `charts are printed: ${charts}`);
  await page.screenshot({ path: path.join(SHOTS, 'print-pipeline.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
  const text = pdf.toString('latin1');
  assert.ok(text.startsWith('%PDF'), 'a PDF');
  // The PDF's title is the document's: literal, or UTF-16BE in hex.
  const title = 'Pipeline · Sales KPI';
  const hex = Buffer.from(title.split('').flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 255])).toString(
    'hex',
  );
  assert.ok(
    text.includes(`/Title (${title})`) || text.toLowerCase().includes(`/title <feff${hex}>`),
    'the PDF is titled by the dashboard',
  );
  writeFileSync(path.join(SHOTS, 'print-pipeline.pdf'), pdf);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('at phone, tablet and desktop widths no dashboard scrolls the page sideways; wide tables scroll in their card', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  for (const width of [375, 768, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    for (const name of DASHBOARDS) {
      await openTab(page, name);
      await page.locator(`[data-dashboard="${name}"]`).waitFor({ state: 'visible' });
      await page.waitForTimeout(100);
      const [scrollWidth, innerWidth] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth,
      ]);
      assert.ok(scrollWidth <= innerWidth, `${name} at ${width} px: the page is ${scrollWidth} px wide`);
      // A table wider than its card is inside a box that scrolls, not cut off.
      const cut = await page.$$eval(
        `[data-dashboard="${name}"] table`,
        (tables) =>
          tables
            .filter((table) => table.scrollWidth > table.closest('.card').clientWidth)
            .filter((table) => !['auto', 'scroll'].includes(getComputedStyle(table.parentElement).overflowX)).length,
      );
      assert.equal(cut, 0, `${name} at ${width} px: a wide table does not scroll`);
      if (width !== 1440)
        await page.screenshot({ path: path.join(SHOTS, `width-${width}-${name}.png`), fullPage: true });
    }
  }
  assert.deepEqual(watch.errors, []);
  await context.close();
});

/** Runs axe-core (from node_modules, evaluated in the page: nothing is fetched) and returns its serious and critical violations. */
async function seriousViolations(page) {
  if (!(await page.evaluate(() => Boolean(window.axe))))
    await page.evaluate(readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    })),
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

test('every dashboard passes an axe-core scan with no serious or critical violation, and works from the keyboard', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  const report = cliReport(demoFiles());
  for (const name of DASHBOARDS) {
    await openTab(page, name);
    await page.locator(`[data-dashboard="${name}"]`).waitFor({ state: 'visible' });
    await page.waitForTimeout(150);
    assert.deepEqual(await seriousViolations(page), [], `${name}: axe-core`);
  }
  // Keyboard only: a tile opens its explanation with Enter, and the drawer passes the scan too.
  await openTab(page, 'state-of-the-union');
  await page.focus('[data-dashboard="state-of-the-union"] .tile[data-kpi="win_rate"]');
  await page.keyboard.press('Enter');
  await page.locator('#explain').waitFor({ state: 'visible' });
  assert.deepEqual(await seriousViolations(page), [], 'explanation drawer: axe-core');
  await page.focus('#explain-close');
  await page.keyboard.press('Enter');
  await page.locator('#explain').waitFor({ state: 'hidden' });
  // A region row drills down with Enter, as a click does.
  await openTab(page, 'performance');
  const region = report.dashboards.won_by_region[0];
  await page.focus('[data-table="won-by-region"] tbody tr:first-child');
  await page.keyboard.press('Enter');
  const accounts = page.locator('[data-table="region-accounts"] tbody tr');
  await accounts.first().waitFor();
  assert.equal(
    await accounts.count(),
    report.dashboards.won_by_region_account.filter((r) => r.parent === region.key).length,
  );
  // A scrolling table box takes the focus, so the keyboard can scroll it.
  assert.equal(await page.$eval('[data-table="region-accounts"] .table-wrap', (box) => box.tabIndex), 0);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('the at-risk reason reads as sentences in the page language, in full, under a header that stays in view', async () => {
  const { page, watch, context } = await openWithDeals(
    [
      'Deal ID,Deal Name,Owner,Stage,Amount,Created Date,Close Date',
      'W,Quick win,Siti,Closed Won,100,2024-01-01,2024-01-11',
      'X,Slow one,Budi,Negotiation,500,2024-01-01,2024-03-01',
    ],
    '2024-06-30',
  );
  await openTab(page, 'stage-analysis');
  const reason = () =>
    page.$eval('[data-table="at-risk"] tbody tr:first-child td:last-child', (td) => [
      td.textContent,
      td.className,
      td.scrollWidth <= td.clientWidth,
    ]);
  // By hand: expected to close 2024-03-01, 121 days before 2024-06-30; open since 2024-01-01, 181 days,
  // over twice the only won deal's 10-day cycle.
  assert.deepEqual(await reason(), [
    '121 days past its expected close date. Open for 181 days, over twice the usual sales cycle of 10 days.',
    'wrap',
    true,
  ]);
  assert.equal(await page.$eval('[data-table="at-risk"] thead th', (th) => getComputedStyle(th).position), 'sticky');
  await afterRefresh(page, () => page.selectOption('#lang', 'id'));
  await openTab(page, 'stage-analysis');
  assert.equal(
    (await reason())[0],
    'Lewat 121 hari dari perkiraan tanggal tutup. Terbuka selama 181 hari, lebih dari dua kali siklus penjualan biasa (10 hari).',
  );
  await page.locator('[data-table="at-risk"]').screenshot({ path: path.join(SHOTS, 'at-risk-reasons.png') });
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('Team Activity shows tasks total and completed, calls, emails and meetings beside the overdue tasks', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  const report = cliReport(demoFiles());
  await openTab(page, 'team-activity');
  await page.locator('[data-dashboard="team-activity"] .tile.stat').first().waitFor({ state: 'visible' });
  const stats = await page.$$eval('[data-dashboard="team-activity"] .tile[data-stat]', (tiles) =>
    Object.fromEntries(tiles.map((t) => [t.dataset.stat, Number(t.dataset.value)])),
  );
  const totals = report.dashboards.activity_totals;
  assert.deepEqual(stats, {
    tasks: totals.tasks,
    tasks_completed: totals.tasks_completed,
    calls: totals.calls,
    emails: totals.emails,
    meetings: totals.meetings,
  });
  // The demo's activities all have a rep: the totals are the per-rep table's sums, and the overdue ones the KPI's value.
  for (const key of Object.keys(stats)) {
    assert.equal(
      stats[key],
      report.dashboards.activity_by_rep.reduce((sum, row) => sum + row[key], 0),
      key,
    );
  }
  assert.equal(totals.tasks_overdue, report.kpis.tasks_overdue.value);
  await page
    .locator('[data-dashboard="team-activity"] .tiles')
    .screenshot({ path: path.join(SHOTS, 'team-activity-tiles.png') });
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('State of the Union forecasts the quarter and the year from the forecast category column, and says so', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  const dir = path.join(ROOT, 'tests', 'fixtures', 'forecast');
  await upload(page, [path.join(dir, 'deals.csv'), path.join(dir, 'targets.csv')]);
  await afterRefresh(page, () =>
    page.fill('#f-asof', '2024-05-15').then(() => page.dispatchEvent('#f-asof', 'change')),
  );
  const card = page.locator('[data-dashboard="state-of-the-union"] [data-table="forecast-summary"]');
  await card.waitFor({ state: 'visible' });
  const rows = () =>
    card.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  const digits = (text) => Number(text.replace(/[^0-9]/g, ''));
  // By hand (tests/forecast.rs): 2024-Q2 won 2000, commit 4000, best case 1500 → 7500 of 10 000 (75 %);
  // 2024 won 3000, commit 6500, best case 2300 → 11 800 of 40 000 (29.5 %).
  const [quarter, year] = await rows();
  assert.equal(await card.getAttribute('data-forecast-method'), 'forecast_category');
  assert.deepEqual([quarter[0], ...quarter.slice(1, 6).map(digits)], ['2024-Q2', 2000, 4000, 1500, 7500, 10000]);
  assert.deepEqual([year[0], ...year.slice(1, 6).map(digits)], ['2024', 3000, 6500, 2300, 11800, 40000]);
  assert.match(quarter[6], /^75(\.0)?\s?%$/);
  assert.match(year[6], /^29[.,]5\s?%$/);
  assert.match(await card.textContent(), /Commit and Best Case/);
  await card.screenshot({ path: path.join(SHOTS, 'forecast-by-category.png') });
  assert.deepEqual(watch.errors, []);
  await context.close();
  // Without the column the forecast weighs the open pipeline by probability, and says so:
  // 2024-Q2 won A 100, open B 200 × 50 % expected in June → 200.
  const plain = await openWithDeals(
    [
      'Deal ID,Owner,Stage,Amount,Created Date,Close Date,Probability',
      'A,Siti,Closed Won,100,2024-04-02,2024-05-01,100',
      'B,Siti,Proposal,200,2024-04-03,2024-06-20,50',
    ],
    '2024-05-15',
  );
  const weighted = plain.page.locator('[data-dashboard="state-of-the-union"] [data-table="forecast-summary"]');
  await weighted.waitFor({ state: 'visible' });
  assert.equal(await weighted.getAttribute('data-forecast-method'), 'weighted_pipeline');
  assert.match(await weighted.textContent(), /no forecast category column/);
  const first = await weighted
    .locator('tbody tr')
    .first()
    .evaluate((tr) => [...tr.cells].map((td) => td.textContent));
  assert.deepEqual([first[0], ...first.slice(1, 4).map(digits)], ['2024-Q2', 100, 100, 200]);
  assert.deepEqual(plain.watch.errors, []);
  await plain.context.close();
});

test('the explanation drawer sets the selection beside the period before and a year before, input by input', async () => {
  const { page, watch, context } = await openWithDeals(SIX_DEALS, '2024-06-30');
  await afterRefresh(page, () => page.selectOption('#f-period', '2024-Q2'));
  await page.click('[data-dashboard="state-of-the-union"] [data-kpi="win_rate"]');
  const table = page.locator('#explain .comparison table');
  await table.waitFor({ state: 'visible' });
  const cells = await table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      Object.fromEntries(
        trs.map((tr) => [tr.dataset.compared, [...tr.querySelectorAll('td[data-side]')].map((td) => td.textContent)]),
      ),
    );
  // By hand: 2024-Q2 won F of F (1 of 1); Q1 won C and D, lost E; 2023-Q2 won A, lost B.
  assert.deepEqual(cells.won, ['1', '2', '1']);
  assert.deepEqual(cells.lost, ['0', '1', '1']);
  assert.match(cells.value.join(' | '), /^100\s?% \| 66[.,]7\s?% \| 50\s?%$/);
  const heads = await table.locator('thead th[data-side]').allTextContents();
  assert.match(heads[1], /2024-01-01 – 2024-03-31/);
  assert.match(heads[2], /2023-04-01 – 2023-06-30/);
  await page.locator('#explain').screenshot({ path: path.join(SHOTS, 'explain-comparison.png') });
  assert.deepEqual(watch.errors, []);
  await context.close();
});
