import { el } from '../dom.js';
import { t } from '../i18n.js';
import { tableCard } from '../dom.js';
import { chartCard, COLORS, moneyAxis } from '../charts.js';
import { dealColumns, money, pct } from '../columns.js';
import { frame, kpiTiles } from './common.js';

export const name = 'state-of-the-union';
const TILES = [
  'win_rate',
  'conversion_rate',
  'avg_deal_size',
  'acv',
  'clv',
  'new_leads',
  'pipeline_value',
  'quota_attainment',
  'customer_retention',
  'rep_retention',
];

// The quarter's and the year's forecast, and how it was made (from the
// deals' forecast categories, or from the probability-weighted pipeline).
function forecastCard(forecast) {
  const byCategory = forecast.method === 'forecast_category';
  const columns = [
    { key: 'period', label: t('col.period') },
    { key: 'won', label: t('col.won'), num: true, format: money },
    ...(byCategory
      ? [
          { key: 'commit', label: t('col.commit'), num: true, format: money },
          { key: 'best_case', label: t('col.bestCase'), num: true, format: money },
        ]
      : [{ key: 'weighted_pipeline', label: t('col.weighted'), num: true, format: money }]),
    { key: 'forecast', label: t('col.forecast'), num: true, format: money },
    { key: 'target', label: t('col.target'), num: true, format: money },
    { key: 'attainment', label: t('col.attainment'), num: true, format: pct },
  ];
  const card = tableCard(t('table.forecast'), columns, forecast.periods, { id: 'forecast-summary' });
  card.setAttribute('data-forecast-method', forecast.method);
  card.append(el('p', { class: 'muted', text: t(byCategory ? 'forecast.byCategory' : 'forecast.weighted') }));
  return card;
}

export function render(app, report) {
  const months = report.dashboards.monthly;
  const forecast = report.dashboards.forecast;
  const lineLabel = forecast?.method === 'forecast_category' ? 'chart.forecastLineCategory' : 'chart.forecastLine';
  const datasets = [
    {
      label: t('chart.wonCum'),
      data: months.map((m) => m.cumulative_won),
      borderColor: COLORS[0],
      backgroundColor: COLORS[0],
    },
    {
      label: t(lineLabel),
      data: months.map((m) => m.cumulative_forecast),
      borderColor: COLORS[1],
      backgroundColor: COLORS[1],
      borderDash: [6, 4],
    },
  ];
  if (months.some((m) => m.cumulative_target !== null)) {
    datasets.push({
      label: t('chart.targetLine'),
      data: months.map((m) => m.cumulative_target),
      borderColor: COLORS[3],
      backgroundColor: COLORS[3],
      borderDash: [2, 3],
    });
  }
  // The leaderboard is ranked by quota attainment, then won amount.
  const topReps = report.dashboards.leaderboard.slice(0, 5);
  return frame(
    name,
    kpiTiles(app, report, TILES),
    el(
      'div',
      { class: 'grid' },
      chartCard(t('chart.forecast'), 'forecast', {
        type: 'line',
        data: { labels: months.map((m) => m.month), datasets },
        options: { scales: moneyAxis },
      }),
      forecast ? forecastCard(forecast) : null,
      tableCard(
        t('table.topReps'),
        [
          { key: 'rep', label: t('col.rep') },
          { key: 'won_amount', label: t('col.wonAmount'), num: true, format: money },
          { key: 'quota_attainment', label: t('col.attainment'), num: true, format: pct },
        ],
        topReps,
        { id: 'top-reps' },
      ),
      tableCard(t('table.topOpen'), dealColumns(), report.dashboards.top_open_deals, { id: 'top-open-deals' }),
      tableCard(t('table.topWon'), dealColumns(), report.dashboards.top_won_deals, { id: 'top-won-deals' }),
    ),
  );
}
