// The two engines side by side in one page, on the same bytes held in page
// memory. Driven by bench/browser.mjs, which times nothing itself: every
// figure here is performance.now() around the call.
import * as duckdb from '/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs';
import { EngineClient } from '/www/engine-client.js';
import { warmUpFiles } from '/www/warmup.js';

let files = [];
/** The same bytes as Files a user drops (a File is a Blob): made here, outside any timing. */
let blobs = [];

/** The six dashboards (`data-dashboard`), in the page's order. */
const DASHBOARDS = ['state-of-the-union', 'pipeline', 'team-activity', 'performance', 'stage-analysis', 'reps'];

/** Fetches the dataset's files into page memory (outside any timing). */
window.loadBytes = async (urls) => {
  files = await Promise.all(
    urls.map(async (url) => ({
      name: url.split('/').pop(),
      bytes: new Uint8Array(await (await fetch(url)).arrayBuffer()),
    })),
  );
  blobs = files.map((f) => ({ name: f.name, blob: new Blob([f.bytes]) }));
  return files.reduce((sum, f) => sum + f.bytes.length, 0);
};

/** The pause after a warm-up: the page's worker warms up when the page opens, seconds before a
 * user can drop a file; V8 finishes optimising in the background meanwhile. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

const time = async (work) => {
  const start = performance.now();
  const value = await work();
  return [performance.now() - start, value];
};

/** sales-kpi as the page runs it, in its engine's worker (each answer crossing to the page): the
 * warm-up the worker does when it starts (untimed, reported apart), then load + full report, then
 * filter changes: the first of each kind (view and full report), then up to four more of each (view
 * only). The files are the bytes in page memory (handed over to the worker), or, `fromFiles`,
 * Blobs, as a user drops them (the worker reads each slice by slice). */
async function runOurs(fromFiles) {
  const engine = new EngineClient();
  const warmUpMs = (await engine.call('warmUp')).ms;
  await settle();
  // The bytes themselves are handed over (each run has a page of its own): no copy is counted.
  const given = fromFiles ? blobs : files.map((f) => ({ name: f.name, buffer: f.bytes.buffer }));
  const [loadReport, report] = await time(async () => {
    await engine.add(given, {});
    return engine.report({});
  });
  const quarterConfig = (quarter) => {
    const [y, q] = quarter.split('-Q').map(Number);
    return {
      from: `${y}-${String(3 * q - 2).padStart(2, '0')}-01`,
      to: new Date(Date.UTC(y, 3 * q, 0)).toISOString().slice(0, 10),
    };
  };
  // Per kind of filter, the configurations of its first LATER + 1 values.
  const LATER = 4;
  const first = (list) => list.slice(0, LATER + 1);
  const filters = {
    rep: first(report.dimensions.reps).map((rep) => ({ filters: { reps: [rep] } })),
    region: first(report.dimensions.regions).map((region) => ({ filters: { regions: [region] } })),
    quarter: first(report.dimensions.periods.filter((p) => p.includes('-Q'))).map(quarterConfig),
  };
  const result = { load_report_ms: loadReport, warm_up_ms: warmUpMs, win_rate: report.kpis.win_rate.value };
  // The first change of each kind: the view, then the full report.
  for (const [name, configs] of Object.entries(filters).filter(([, c]) => c.length)) {
    result[`view_${name}_ms`] = (await time(() => engine.dashboard('state-of-the-union', configs[0])))[0];
    result[`full_${name}_ms`] = (await time(() => engine.report(configs[0])))[0];
  }
  // Then the next values, kinds taking turns (each change a new filter set),
  // the view only: the median of those in this run.
  const later = {};
  for (let i = 1; i <= LATER; i++) {
    for (const [name, configs] of Object.entries(filters).filter(([, c]) => c.length > i)) {
      const ms = (await time(() => engine.dashboard('state-of-the-union', configs[i])))[0];
      (later[name] ||= []).push(ms);
    }
  }
  for (const [name, list] of Object.entries(later)) {
    list.sort((a, b) => a - b);
    result[`later_view_${name}_ms`] = list[list.length >> 1];
  }
  // Then each dashboard alone, as the visible one on each kind of change: no filter (after the
  // previous dashboard's quarter), then a rep, a region and a quarter of its own, so that none
  // reads what the one before it worked out for the same filters or dates.
  for (const [i, name] of DASHBOARDS.entries()) {
    const pick = (list) => list.length && list[i % list.length];
    const kinds = { none: {}, rep: pick(filters.rep), region: pick(filters.region), quarter: pick(filters.quarter) };
    for (const [kind, config] of Object.entries(kinds).filter(([, c]) => c)) {
      result[`dash_${name}_${kind}_ms`] = (await time(() => engine.dashboard(name, config)))[0];
    }
  }
  engine.worker.terminate();
  return result;
}
window.runOurs = () => runOurs(false);
window.runOursFromFiles = () => runOurs(true);

/** DuckDB-wasm's load + KPI queries over `files`, its tables and files named with `prefix`. */
async function duckKpis(db, conn, files, prefix) {
  const has = (name) => files.some((f) => f.name === name);
  for (const f of files) await db.registerFileBuffer(prefix + f.name, f.bytes);
  const csv = (name) => `read_csv('${prefix}${name}', header=true, all_varchar=true)`;
  const deals = `${prefix}deals`;
  await conn.query(`create table ${deals} as select Owner as owner, Stage as stage, cast(Amount as double) as amount,
    cast("Created Date" as date) as created, cast("Close Date" as date) as closed,
    case when Stage = 'Closed Won' then 'won' when Stage = 'Closed Lost' then 'lost' else 'open' end as status
    from ${csv('deals.csv')}`);
  const asOf = (
    await conn.query(`select cast(max(closed) as varchar) as d from ${deals} where status <> 'open'`)
  ).toArray()[0].d;
  const out = [];
  for (const key of ["'all'", 'owner', "date_trunc('quarter', closed)"]) {
    out.push(
      (
        await conn.query(`select ${key} as k,
      100.0 * count(*) filter (where status = 'won') / nullif(count(*) filter (where status <> 'open'), 0),
      avg(amount) filter (where status = 'won'), avg(closed - created) filter (where status = 'won'),
      count(*) filter (where created is not null) from ${deals} group by k`)
      ).numRows,
    );
  }
  out.push(
    (
      await conn.query(`select owner, sum(amount), avg(date '${asOf}' - created), count(*) from ${deals}
    where created <= date '${asOf}' and (status = 'open' or closed > date '${asOf}') group by owner`)
    ).numRows,
  );
  if (has('activities.csv'))
    out.push((await conn.query(`select Owner, Type, count(*) from ${csv('activities.csv')} group by all`)).numRows);
  if (has('stage_history.csv')) {
    out.push(
      (
        await conn.query(`select stage, avg(next - entered) from (select Stage as stage, cast("Entered Date" as date) as entered,
      lead(cast("Entered Date" as date)) over (partition by "Deal ID" order by cast("Entered Date" as date)) as next
      from ${csv('stage_history.csv')}) group by stage`)
      ).numRows,
    );
  }
  return out;
}

/** DuckDB-wasm: the same warm-up as ours (its queries over the made-up export; untimed, reported
 * apart), then register the same bytes, read the CSVs, run a comparable set of KPI queries. */
window.runDuck = async () => {
  const bundles = {
    eh: {
      mainModule: '/node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm',
      mainWorker: '/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js',
    },
    mvp: {
      mainModule: '/node_modules/@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm',
      mainWorker: '/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js',
    },
  };
  const bundle = await duckdb.selectBundle(bundles);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker));
  await db.instantiate(bundle.mainModule);
  const conn = await db.connect();
  const [warmUpMs] = await time(() => duckKpis(db, conn, warmUpFiles(), 'warm_'));
  await settle();
  // The bytes themselves are registered (each run has a page of its own): no copy is counted.
  const [ms, groups] = await time(() => duckKpis(db, conn, files, ''));
  await conn.close();
  await db.terminate();
  return { load_report_ms: ms, warm_up_ms: warmUpMs, groups };
};

document.getElementById('state').textContent = 'ready';
document.body.dataset.ready = 'true';
