import { el } from '../dom.js';
import { t } from '../i18n.js';
import { tableCard } from '../dom.js';
import { chartCard, COLORS, moneyAxis } from '../charts.js';
import { dealColumns, money, pct } from '../columns.js';
import { frame, kpiTiles } from './common.js';

export const name = 'state-of-the-union';
const TILES = ['win_rate', 'conversion_rate', 'avg_deal_size', 'acv', 'clv', 'new_leads', 'pipeline_value', 'quota_attainment', 'customer_retention', 'rep_retention'];

export function render(app, report) {
  const months = report.dashboards.monthly;
  const datasets = [
    { label: t('chart.wonCum'), data: months.map((m) => m.cumulative_won), borderColor: COLORS[0], backgroundColor: COLORS[0] },
    { label: t('chart.forecastLine'), data: months.map((m) => m.cumulative_forecast), borderColor: COLORS[1], backgroundColor: COLORS[1], borderDash: [6, 4] },
  ];
  if (months.some((m) => m.cumulative_target !== null)) {
    datasets.push({ label: t('chart.targetLine'), data: months.map((m) => m.cumulative_target), borderColor: COLORS[3], backgroundColor: COLORS[3], borderDash: [2, 3] });
  }
  // The leaderboard is ranked by quota attainment, then won amount.
  const topReps = report.dashboards.leaderboard.slice(0, 5);
  return frame(name,
    kpiTiles(app, report, TILES),
    el('div', { class: 'grid' },
      chartCard(t('chart.forecast'), 'forecast', { type: 'line', data: { labels: months.map((m) => m.month), datasets }, options: { scales: moneyAxis } }),
      tableCard(t('table.topReps'), [
        { key: 'rep', label: t('col.rep') },
        { key: 'won_amount', label: t('col.wonAmount'), num: true, format: money },
        { key: 'quota_attainment', label: t('col.attainment'), num: true, format: pct },
      ], topReps, { id: 'top-reps' }),
      tableCard(t('table.topOpen'), dealColumns(), report.dashboards.top_open_deals, { id: 'top-open-deals' }),
      tableCard(t('table.topWon'), dealColumns(), report.dashboards.top_won_deals, { id: 'top-won-deals' })));
}
