// The worker's warm-up (www/warmup.js) in Node, against the built engine:
// its made-up export must load whole, as the kinds of file it stands for, or
// it would leave the code paths of real files unoptimised; and the npm
// package must ship every module the worker imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PKG = path.join(ROOT, 'www', 'pkg');

test('the warm-up loads every row of its made-up export, each file as its kind', async () => {
  const { initSync, Engine } = await import(path.join(PKG, 'sales_kpi.js'));
  initSync({ module: readFileSync(path.join(PKG, 'sales_kpi_bg.wasm')) });
  const { warmUp } = await import(path.join(ROOT, 'www', 'warmup.js'));
  const { ms, quality } = warmUp(Engine);
  assert.ok(ms > 0);
  const files = Object.fromEntries(quality.files.map((file) => [file.name, file]));
  const kinds = Object.fromEntries(quality.files.map((file) => [file.name, file.kind]));
  assert.deepEqual(kinds, {
    'deals.csv': 'deals',
    'stage_history.csv': 'stage_history',
    'activities.csv': 'activities',
    'leads.csv': 'leads',
    'accounts.csv': 'accounts',
    'reps.csv': 'reps',
    'targets.csv': 'targets',
  });
  for (const file of quality.files) {
    assert.ok(file.rows_read > 0, `${file.name} has rows`);
    assert.equal(file.rows_used, file.rows_read, `${file.name}: every row used`);
    assert.deepEqual([file.rows_rejected, file.rows_skipped, file.warnings], [0, 0, []], file.name);
  }
  // One row per deal and per activity; each deal's history: a row per open
  // stage it went through, and its closing stage when closed.
  assert.equal(files['deals.csv'].rows_read, 2500);
  assert.equal(files['activities.csv'].rows_read, 2500);
  assert.ok(files['stage_history.csv'].rows_read >= 2500, 'at least one history row per deal');
  assert.equal(quality.counts.deals, 2500);
  // Every owner is a rep of the reps file, every account one of the accounts file: nothing flagged.
  assert.deepEqual([quality.orphans, quality.near_misses, quality.warnings], [[], [], []]);
});

test('the npm package ships every module the worker imports', () => {
  const worker = readFileSync(path.join(ROOT, 'www', 'worker.js'), 'utf8');
  const pack = readFileSync(path.join(ROOT, 'scripts', 'pack.sh'), 'utf8');
  const imports = [...worker.matchAll(/from '\.\/([^'/]+)(?:\/[^']*)?'/g)].map((match) => match[1]);
  assert.ok(imports.includes('warmup.js') && imports.includes('pkg'), imports.join(', '));
  const files = pack.match(/files=\(([^)]*)\)/)[1].split(/\s+/);
  for (const module of imports) assert.ok(files.includes(module), `${module} is packed`);
});

test('a later warm-up round loads the made-up export again and asks for what the page asks for', async () => {
  const { initSync, Engine } = await import(path.join(PKG, 'sales_kpi.js'));
  initSync({ module: readFileSync(path.join(PKG, 'sales_kpi_bg.wasm')) });
  const { MORE_ROUNDS, warmUpAgain, warmUpFiles } = await import(path.join(ROOT, 'www', 'warmup.js'));
  assert.ok(MORE_ROUNDS > 0);
  // The worker ignores a failed round (the user's data then runs as it would have): only this
  // test sees one, such as a view the engine no longer knows.
  const files = warmUpFiles();
  const rounds = [warmUpAgain(Engine, files), warmUpAgain(Engine, files)];
  assert.ok(rounds.every((ms) => ms > 0));
});
