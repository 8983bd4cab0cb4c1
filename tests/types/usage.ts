// A host page's code, typed: compiled with `tsc --noEmit` against the
// installed package (tests/js/package.test.mjs). A wrong name or shape here
// fails the test command.
import 'sales-kpi';
import type { Records, SelectDetail, Config, Report } from 'sales-kpi';
import init, { Engine } from 'sales-kpi/engine';

const widget = document.createElement('sales-kpi-dashboard');
widget.setAttribute('dashboard', 'pipeline');
document.body.append(widget);

const records: Records = {
  deals: [{ deal_id: 'D1', owner: 'Siti', stage: 'Closed Won', amount: 1500, created_date: '2024-01-05', close_date: new Date() }],
  reps: [{ rep: 'Siti', quota: 5000 }],
};
const config: Config = { filters: { regions: ['Jakarta'] }, targets: [{ kpi: 'win_rate', target: 40 }], locale: 'id' };

async function show(): Promise<number | null> {
  const errors = await widget.loadRecords(records);
  errors.forEach((error) => console.log(error.file, error.line, error.message));
  await widget.setConfig(config);
  const report: Report = await widget.report();
  const rejected = report.quality.files.flatMap((file) => file.rejected.map((r) => r.record ?? r.row));
  console.log(rejected, widget.config.filters?.regions);
  return report.kpis.win_rate.value;
}

widget.addEventListener('sales-kpi-select', (event) => {
  const detail: SelectDetail = event.detail;
  if ('deal_id' in detail) console.log('open deal', detail.deal_id, detail.account);
  else console.log('explain', detail.kpi);
});
widget.addEventListener('sales-kpi-change', (event) => console.log(event.detail.config.filters));

async function engineDirectly(bytes: Uint8Array): Promise<void> {
  await init();
  const engine = new Engine();
  engine.addFiles([{ name: 'deals.csv', bytes }], {});
  console.log(engine.report({}));
}

void show();
void engineDirectly(new Uint8Array());
