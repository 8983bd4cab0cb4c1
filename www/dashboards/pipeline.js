import { el, tableCard } from '../dom.js';
import { t } from '../i18n.js';
import { chartCard, COLORS, moneyAxis } from '../charts.js';
import { money, pct, num } from '../columns.js';
import { frame, kpiTiles, byRep } from './common.js';

export const name = 'pipeline';
const TILES = [
  'pipeline_value',
  'new_leads',
  'avg_lead_age_days',
  'avg_sales_cycle_days',
  'avg_deal_size',
  'conversion_rate',
];

export function render(app, report) {
  const stages = report.dashboards.pipeline_by_stage;
  const pipeline = byRep(report, 'pipeline_value');
  const cycle = byRep(report, 'avg_sales_cycle_days');
  const size = byRep(report, 'avg_deal_size');
  const conversion = byRep(report, 'conversion_rate');
  const rows = report.selection.reps
    .map((rep) => ({
      rep,
      open_deals: pipeline.get(rep)?.inputs.open_deals ?? 0,
      open_value: pipeline.get(rep)?.value ?? null,
      cycle: cycle.get(rep)?.value ?? null,
      size: size.get(rep)?.value ?? null,
      conversion: conversion.get(rep)?.value ?? null,
    }))
    .sort((a, b) => (b.open_value ?? 0) - (a.open_value ?? 0));
  return frame(
    name,
    kpiTiles(app, report, TILES),
    el(
      'div',
      { class: 'grid' },
      chartCard(t('chart.pipelineByStage'), 'pipeline-by-stage', {
        type: 'bar',
        data: {
          labels: stages.map((s) => s.stage),
          datasets: [
            { label: t('col.openValue'), data: stages.map((s) => s.amount), backgroundColor: COLORS[0] },
            { label: t('col.weighted'), data: stages.map((s) => s.weighted), backgroundColor: COLORS[1] },
          ],
        },
        options: { scales: moneyAxis },
      }),
      tableCard(
        t('table.repPipeline'),
        [
          { key: 'rep', label: t('col.rep') },
          { key: 'open_deals', label: t('col.open'), num: true, format: num() },
          { key: 'open_value', label: t('col.openValue'), num: true, format: money },
          { key: 'cycle', label: t('col.cycle'), num: true, format: num(1) },
          { key: 'size', label: t('col.dealSize'), num: true, format: money },
          { key: 'conversion', label: t('col.conversion'), num: true, format: pct },
        ],
        rows,
        { id: 'rep-pipeline', onRow: (row) => app.showDeals({ kpi: 'pipeline_value', rep: row.rep }, row.rep) },
      ),
    ),
  );
}
