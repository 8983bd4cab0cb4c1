// Issue 7 defect 3: after a trap the engine would answer every later call
// with "recursive use of an object…". The worker reports a trap, the page
// starts a fresh worker, gives it the files again, recomputes, and says so
// in one message. The trap is simulated: a WebAssembly.RuntimeError thrown
// while the worker answers a request, as a panic inside the engine throws.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, afterRefresh, tileValues } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test('after a trap the worker restarts, reloads the files and the numbers are right', async () => {
  const { page, watch, context } = await openPage(browser, server.url);
  const rep = await page.$eval('#f-rep', (select) => [...select.options].map((o) => o.value).find((v) => v !== ''));
  await afterRefresh(page, () => page.selectOption('#f-rep', rep));
  const expected = await tileValues(page, 'state-of-the-union');
  await afterRefresh(page, () => page.selectOption('#f-rep', ''));

  const [old] = page.workers();
  await old.evaluate(() => {
    self.__old = true;
    const post = self.postMessage.bind(self);
    self.postMessage = () => {
      self.postMessage = post;
      throw new WebAssembly.RuntimeError('unreachable executed');
    };
  });
  await afterRefresh(page, () => page.selectOption('#f-rep', rep));
  await page.waitForSelector('#errors .error');
  const messages = await page.locator('#errors .error').allInnerTexts();
  assert.equal(messages.length, 1, String(messages));
  assert.match(messages[0], /restarted with your files/);
  assert.deepEqual(await tileValues(page, 'state-of-the-union'), expected, 'the fresh engine gives the same numbers');

  const workers = page.workers();
  assert.equal(workers.length, 1, 'the trapped worker is gone');
  assert.equal(await workers[0].evaluate(() => self.__old ?? null), null, 'a fresh worker');
  await afterRefresh(page, () => page.selectOption('#f-rep', ''));
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('a browser that cannot compile the engine is told what it needs', async () => {
  const context = await browser.newContext();
  // A module this browser cannot compile, as an older browser without
  // WebAssembly SIMD finds ours: the header of a wasm module, then bytes
  // that are no section.
  await context.route('**/sales_kpi_bg.wasm', (route) =>
    route.fulfill({
      contentType: 'application/wasm',
      body: Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff]),
    }),
  );
  const page = await context.newPage();
  await page.goto(server.url);
  const error = page.locator('#errors .error').first();
  await error.waitFor({ timeout: 60000 });
  assert.match(await error.innerText(), /This browser cannot run the engine: it needs WebAssembly with SIMD/);
  await context.close();
});
