// The npm package as a host project installs it: packed by scripts/pack.sh,
// installed with npm from the .tgz, its types compiled with tsc against a
// typed usage file; and the record types checked against the engine's
// canonical fields, so that the two cannot drift apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function canonicalFields() {
  const pkg = path.join(ROOT, 'www', 'pkg');
  const script = `import { readFileSync } from 'node:fs';
    const { initSync, canonicalFields } = await import(${JSON.stringify(path.join(pkg, 'sales_kpi.js'))});
    initSync({ module: readFileSync(${JSON.stringify(path.join(pkg, 'sales_kpi_bg.wasm'))}) });
    console.log(JSON.stringify(canonicalFields()));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script]).toString());
}

test('the record types list exactly the canonical fields of each kind', () => {
  const types = readFileSync(path.join(ROOT, 'www', 'sales-kpi-dashboard.d.ts'), 'utf8');
  const interfaceOf = {
    deals: 'DealRecord',
    accounts: 'AccountRecord',
    reps: 'RepRecord',
    activities: 'ActivityRecord',
    stage_history: 'StageHistoryRecord',
    targets: 'TargetRecord',
    products: 'ProductRecord',
    leads: 'LeadRecord',
  };
  const fields = canonicalFields();
  assert.deepEqual(Object.keys(interfaceOf).sort(), Object.keys(fields).sort());
  for (const [kind, name] of Object.entries(interfaceOf)) {
    const body = new RegExp(`export interface ${name} \\{([^}]*)\\}`).exec(types)?.[1];
    assert.ok(body, `${name} is declared`);
    const declared = [...body.matchAll(/(\w+)\?: Cell/g)].map((m) => m[1]);
    assert.deepEqual(declared, fields[kind], `${name} against the ${kind} fields`);
  }
});

test('the packed package installs with npm and its types compile for a typed host page', () => {
  const tgz = execFileSync(path.join(ROOT, 'scripts', 'pack.sh'), { cwd: ROOT })
    .toString()
    .trim();
  const host = mkdtempSync(path.join(tmpdir(), 'sales-kpi-npm-'));
  writeFileSync(path.join(host, 'package.json'), JSON.stringify({ name: 'crm-host', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', path.join(ROOT, tgz)], {
    cwd: host,
  });
  const installed = JSON.parse(readFileSync(path.join(host, 'node_modules', 'sales-kpi', 'package.json'), 'utf8'));
  assert.equal(installed.exports['.'].default, './sales-kpi-dashboard.js');
  for (const file of [
    'sales-kpi-dashboard.js',
    'worker.js',
    'pkg/sales_kpi_bg.wasm',
    'vendor/chart.umd.min.js',
    'embed.html',
  ]) {
    assert.ok(readFileSync(path.join(host, 'node_modules', 'sales-kpi', file)).length > 0, `${file} is in the package`);
  }
  cpSync(path.join(ROOT, 'tests', 'types', 'usage.ts'), path.join(host, 'usage.ts'));
  writeFileSync(
    path.join(host, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        module: 'es2022',
        moduleResolution: 'bundler',
        lib: ['es2022', 'esnext.disposable', 'dom'],
        skipLibCheck: false,
      },
      files: ['usage.ts'],
    }),
  );
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  try {
    execFileSync(tsc, ['-p', host], { cwd: host, stdio: 'pipe' });
  } catch (error) {
    assert.fail(`tsc: ${error.stdout}${error.stderr}`);
  }
});
