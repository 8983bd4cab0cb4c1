// Shared set-up for the browser tests: a static server for www/, Debian's
// Chromium driven by playwright-core, a network watch, and the CLI as the
// reference the page's numbers must equal.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../scripts/chromium.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHOTS = path.join(ROOT, 'test-output', 'screenshots');
export const MAVEN = process.env.MAVEN_DIR || path.resolve(ROOT, '..', 'shared', 'datasets', 'maven-crm');
const CLI = path.join(ROOT, 'target', 'release', 'sales-kpi');

export const DASHBOARDS = ['state-of-the-union', 'pipeline', 'team-activity', 'performance', 'stage-analysis', 'reps'];

/** Serves www/ (or `root`); `offset` gives a second server its own port (origin). */
export async function startServer({ root = null, offset = 0, env: extra = {} } = {}) {
  const port = 18000 + ((process.pid + offset * 7) % 2000);
  const env = { ...process.env, SERVE_QUIET: '1', ...(root ? { SERVE_ROOT: root } : {}), ...extra };
  const server = spawn('python3', [path.join(ROOT, 'scripts', 'serve.py'), String(port)], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      if (String(chunk).includes('serving')) resolve();
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => server.kill() };
}

export async function launch() {
  mkdirSync(SHOTS, { recursive: true });
  return launchChromium();
}

/** A fresh page that records console errors, page errors and every request. */
export async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  const watch = { errors: [], requests: [], dialogs: 0 };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.errors.push(message.text());
  });
  page.on('pageerror', (error) => watch.errors.push(error.message));
  page.on('dialog', (dialog) => {
    watch.dialogs += 1;
    dialog.dismiss();
  });
  context.on('request', (request) => watch.requests.push(request.url()));
  // Counts the page's Content-Security-Policy violations (read back as window.__cspViolations).
  await context.addInitScript(() =>
    addEventListener('securitypolicyviolation', () => {
      window.__cspViolations = (window.__cspViolations || 0) + 1;
    }),
  );
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
  return { context, page, watch };
}

/** Runs `action`, then waits for the page to draw a new report. */
export async function afterRefresh(page, action) {
  const before = await page.evaluate(() => document.body.dataset.generation);
  await action();
  await page.waitForFunction((gen) => document.body.dataset.generation !== gen, before, { timeout: 60000 });
}

/** Opens a dashboard's tab and waits until the page has drawn it (a dashboard is computed when its tab is opened). */
export async function openTab(page, name) {
  await page.click(`[data-tab="${name}"]`);
  await page.locator(`[data-dashboard="${name}"]`).waitFor({ state: 'visible', timeout: 60000 });
}

export async function upload(page, files) {
  await afterRefresh(page, () => page.setInputFiles('#file-input', files));
}

/** data-kpi → data-value (as numbers, null when empty) of one dashboard's tiles. */
export async function tileValues(page, dashboard) {
  return page.$$eval(`[data-dashboard="${dashboard}"] .tile[data-kpi]:not([data-rep])`, (tiles) =>
    Object.fromEntries(
      tiles.map((tile) => [tile.dataset.kpi, tile.dataset.value === '' ? null : Number(tile.dataset.value)]),
    ),
  );
}

/** The CLI's report for the same files and configuration. */
export function cliReport(files, config) {
  const args = ['report'];
  if (config) {
    const dir = mkdtempSync(path.join(tmpdir(), 'sales-kpi-'));
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    args.push('--config', path.join(dir, 'config.json'));
  }
  return JSON.parse(execFileSync(CLI, [...args, ...files], { maxBuffer: 1 << 28 }).toString());
}

export function demoFiles() {
  const dir = path.join(ROOT, 'www', 'demo');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function assertSameNumber(assert, actual, expected, what) {
  if (expected === null || expected === undefined) {
    assert.equal(actual, null, `${what}: expected null`);
    return;
  }
  assert.ok(
    actual !== null && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
    `${what}: page ${actual}, CLI ${expected}`,
  );
}

export function offOrigin(watch, url) {
  return watch.requests.filter((r) => !r.startsWith(url) && !r.startsWith('data:') && !r.startsWith('blob:'));
}
