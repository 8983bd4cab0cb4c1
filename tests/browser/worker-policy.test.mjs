// Issue 7 defect 9: the worker, which holds all the data, lives under the
// page's Content-Security-Policy even on a static host that sends no headers
// (here `python3 -m http.server`): a fetch to another origin from inside the
// worker is blocked, and the other origin receives nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { ROOT, launch, openPage } from './harness.mjs';

let browser;
let plain;
let other;
const hits = [];

async function plainServer(port) {
  const server = spawn(
    'python3',
    ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', path.join(ROOT, 'www')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const url = `http://127.0.0.1:${port}/`;
  for (let tries = 0; tries < 100; tries += 1) {
    try {
      await fetch(url);
      return { url, stop: () => server.kill() };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('python3 -m http.server did not start');
}

before(async () => {
  const port = 20000 + (process.pid % 2000);
  plain = await plainServer(port);
  other = http.createServer((request, response) => {
    hits.push(request.url);
    response.end('leaked');
  });
  await new Promise((resolve) => other.listen(port + 1, '127.0.0.1', resolve));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  plain?.stop();
  other?.close();
});

test('on a host without our headers the worker still cannot reach another origin', async () => {
  const { page, watch, context } = await openPage(browser, plain.url);
  // The page works: the demo's tiles are drawn from the worker's report.
  assert.ok(await page.getAttribute('[data-dashboard="state-of-the-union"] [data-kpi="new_leads"]', 'data-value'));
  const workers = page.workers();
  assert.equal(workers.length, 1, 'one engine worker');
  const target = `http://localhost:${other.address().port}/steal`;
  const outcome = await workers[0].evaluate(async (url) => {
    let violation = null;
    self.addEventListener('securitypolicyviolation', (event) => {
      violation = event.effectiveDirective;
    });
    try {
      await fetch(url, { mode: 'no-cors' });
      return { fetched: true, violation };
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { fetched: false, violation, error: String(error) };
    }
  }, target);
  assert.equal(outcome.fetched, false, `the worker reached ${target}`);
  assert.equal(outcome.violation, 'connect-src', JSON.stringify(outcome));
  assert.deepEqual(hits, [], 'the other origin received nothing');
  // With the worker created from ./worker.js instead, this fetch went
  // through (`fetched: true`): the test fails without the blob: worker.
  assert.deepEqual(
    watch.errors.filter((e) => !e.includes('Content Security Policy')),
    [],
  );
  await context.close();
});
