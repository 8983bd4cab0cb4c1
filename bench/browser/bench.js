// The two engines side by side in one page, on the same bytes held in page
// memory. Driven by bench/browser.mjs, which times nothing itself: every
// figure here is performance.now() around the call.
import init, { Engine } from '/www/pkg/sales_kpi.js';
import * as duckdb from '/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs';

let files = [];

/** Fetches the dataset's files into page memory (outside any timing). */
window.loadBytes = async (urls) => {
  files = await Promise.all(
    urls.map(async (url) => ({
      name: url.split('/').pop(),
      bytes: new Uint8Array(await (await fetch(url)).arrayBuffer()),
    })),
  );
  return files.reduce((sum, f) => sum + f.bytes.length, 0);
};

const time = async (work) => {
  const start = performance.now();
  const value = await work();
  return [performance.now() - start, value];
};

/** sales-kpi: load + full report, then three filter changes (view and full report). */
window.runOurs = async () => {
  await init();
  const engine = new Engine();
  const [loadReport, report] = await time(() => {
    engine.addFiles(files, {});
    return engine.report({});
  });
  const rep = report.dimensions.reps[0];
  const region = report.dimensions.regions[0];
  const quarter = report.dimensions.periods.find((p) => p.includes('-Q'));
  const [y, q] = quarter.split('-Q').map(Number);
  const quarterConfig = {
    from: `${y}-${String(3 * q - 2).padStart(2, '0')}-01`,
    to: new Date(Date.UTC(y, 3 * q, 0)).toISOString().slice(0, 10),
  };
  const filters = {
    rep: rep && { filters: { reps: [rep] } },
    region: region && { filters: { regions: [region] } },
    quarter: quarterConfig,
  };
  const result = { load_report_ms: loadReport, win_rate: report.kpis.win_rate.value };
  for (const [name, config] of Object.entries(filters).filter(([, c]) => c)) {
    result[`view_${name}_ms`] = (await time(() => engine.dashboard('state-of-the-union', config)))[0];
    result[`full_${name}_ms`] = (await time(() => engine.report(config)))[0];
  }
  engine.free();
  return result;
};

/** DuckDB-wasm: register the same bytes, read the CSVs, run a comparable set of KPI queries. */
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
  const copies = files.map((f) => ({ name: f.name, bytes: f.bytes.slice() }));
  const has = (name) => copies.some((f) => f.name === name);
  const [ms, groups] = await time(async () => {
    for (const f of copies) await db.registerFileBuffer(f.name, f.bytes);
    const csv = (name) => `read_csv('${name}', header=true, all_varchar=true)`;
    await conn.query(`create table deals as select Owner as owner, Stage as stage, cast(Amount as double) as amount,
      cast("Created Date" as date) as created, cast("Close Date" as date) as closed,
      case when Stage = 'Closed Won' then 'won' when Stage = 'Closed Lost' then 'lost' else 'open' end as status
      from ${csv('deals.csv')}`);
    const asOf = (
      await conn.query("select cast(max(closed) as varchar) as d from deals where status <> 'open'")
    ).toArray()[0].d;
    const out = [];
    for (const key of ["'all'", 'owner', "date_trunc('quarter', closed)"]) {
      out.push(
        (
          await conn.query(`select ${key} as k,
        100.0 * count(*) filter (where status = 'won') / nullif(count(*) filter (where status <> 'open'), 0),
        avg(amount) filter (where status = 'won'), avg(closed - created) filter (where status = 'won'),
        count(*) filter (where created is not null) from deals group by k`)
        ).numRows,
      );
    }
    out.push(
      (
        await conn.query(`select owner, sum(amount), avg(date '${asOf}' - created), count(*) from deals
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
  });
  await conn.close();
  await db.terminate();
  return { load_report_ms: ms, groups };
};

document.getElementById('state').textContent = 'ready';
document.body.dataset.ready = 'true';
