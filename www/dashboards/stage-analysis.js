import { el, tableCard } from '../dom.js';
import { t, formatPercent, formatNumber } from '../i18n.js';
import { chartCard, emptyCard, COLORS } from '../charts.js';
import { pct, num, dealColumns } from '../columns.js';
import { frame, kpiTiles } from './common.js';

export const name = 'stage-analysis';

function bottleneck(stages) {
  const converting = stages.filter((s) => s.conversion !== null);
  const timed = stages.filter((s) => s.days !== null);
  if (!converting.length || !timed.length) return null;
  const lowest = converting.reduce((a, b) => (b.conversion < a.conversion ? b : a));
  const slowest = timed.reduce((a, b) => (b.days > a.days ? b : a));
  return el(
    'div',
    { class: 'callout', 'data-bottleneck': lowest.stage },
    t('stage.bottleneck', {
      s: lowest.stage,
      v: formatPercent(lowest.conversion),
      t: slowest.stage,
      d: t('unit.days', { v: formatNumber(slowest.days, 1) }),
    }),
  );
}

export function render(app, report) {
  const conversion = report.kpis.stage_conversion.by_stage || [];
  const time = new Map((report.kpis.avg_time_in_stage_days.by_stage || []).map((s) => [s.stage, s]));
  const stages = conversion.map((s) => ({
    stage: s.stage,
    entered: s.inputs.entered ?? 0,
    advanced: s.inputs.advanced_or_won ?? 0,
    conversion: s.value,
    days: time.get(s.stage)?.value ?? null,
  }));
  // The reasons as sentences in the page's language (the report's own `reason` is English).
  const sentence = (r) =>
    t(`risk.${r.kind}`, { days: formatNumber(r.days, 0), stage: r.stage ?? '', usual: formatNumber(r.usual ?? 0, 0) });
  const risk = report.dashboards.at_risk_deals.map((r) => ({
    ...r.deal,
    reason: r.reasons ? r.reasons.map(sentence).join(' ') : r.reason,
  }));
  const charts = stages.length
    ? [
        chartCard(t('chart.funnel'), 'funnel', {
          type: 'bar',
          data: {
            labels: stages.map((s) => s.stage),
            datasets: [
              { label: t('col.entered'), data: stages.map((s) => s.entered), backgroundColor: COLORS[0] },
              { label: t('col.advanced'), data: stages.map((s) => s.advanced), backgroundColor: COLORS[1] },
            ],
          },
          options: { indexAxis: 'y' },
        }),
        chartCard(t('chart.timeInStage'), 'time-in-stage', {
          type: 'bar',
          data: {
            labels: stages.map((s) => s.stage),
            datasets: [{ label: t('col.days'), data: stages.map((s) => s.days), backgroundColor: COLORS[2] }],
          },
        }),
      ]
    : [emptyCard(t('chart.funnel'), t('stage.none'))];
  return frame(
    name,
    kpiTiles(app, report, ['stage_conversion', 'avg_time_in_stage_days']),
    bottleneck(stages),
    el(
      'div',
      { class: 'grid' },
      ...charts,
      tableCard(
        t('table.stages'),
        [
          { key: 'stage', label: t('col.stageName') },
          { key: 'entered', label: t('col.entered'), num: true, format: num() },
          { key: 'advanced', label: t('col.advanced'), num: true, format: num() },
          { key: 'conversion', label: t('col.conversion'), num: true, format: pct },
          { key: 'days', label: t('col.days'), num: true, format: num(1) },
        ],
        stages,
        { id: 'stages' },
      ),
      tableCard(
        t('table.atRisk', { n: report.dashboards.at_risk_count }),
        [...dealColumns(), { key: 'reason', label: t('col.reason'), wrap: true }],
        risk,
        { id: 'at-risk' },
      ),
    ),
  );
}
