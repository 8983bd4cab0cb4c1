import { el, tableCard } from '../dom.js';
import { t } from '../i18n.js';
import { tile } from '../tiles.js';
import { money, pct, num } from '../columns.js';
import { frame } from './common.js';

export const name = 'reps';
const REP_TILES = [
  'quota_attainment',
  'pipeline_value',
  'new_leads',
  'win_rate',
  'avg_sales_cycle_days',
  'tasks_overdue',
];

export function render(app, report) {
  const board = report.dashboards.leaderboard;
  const reps = report.selection.reps;
  const chosen = reps.includes(app.view.rep) ? app.view.rep : (board[0]?.rep ?? reps[0]);
  const picker = el(
    'select',
    { id: 'rep-picker', onchange: (e) => app.chooseRep(e.target.value) },
    reps.map((r) => el('option', { value: r, text: r, selected: r === chosen })),
  );
  const repTiles = REP_TILES.filter((id) => report.kpis[id]?.by_rep).map((id) => {
    const kpi = report.kpis[id];
    const entry = kpi.by_rep.find((row) => row.rep === chosen) || { value: null, inputs: {}, note: null };
    return tile(kpi, { entry, rep: chosen, onExplain: (k, e, r) => app.explain(k, e, r) });
  });
  const mine = board.find((row) => row.rep === chosen);
  return frame(
    name,
    el(
      'div',
      { class: 'filters' },
      el('label', {}, t('rep.choose'), picker),
      mine
        ? el('span', {
            class: 'tag',
            'data-rep-activities': mine.activities,
            text: `${t('col.activities')}: ${mine.activities} · ${t('col.won')}: ${mine.won_deals} · ${t('col.pipelineCreated')}: ${money(mine.pipeline_created)}`,
          })
        : null,
    ),
    el('div', { class: 'tiles', 'data-rep-tiles': chosen || '' }, repTiles),
    tableCard(
      t('table.leaderboard'),
      [
        { key: 'rank', label: t('col.rank'), num: true },
        { key: 'rep', label: t('col.rep') },
        { key: 'team', label: t('col.team') },
        { key: 'quota_attainment', label: t('col.attainment'), num: true, format: pct },
        { key: 'won_amount', label: t('col.wonAmount'), num: true, format: money },
        { key: 'won_deals', label: t('col.won'), num: true, format: num() },
        { key: 'open_value', label: t('col.openValue'), num: true, format: money },
        { key: 'pipeline_created', label: t('col.pipelineCreated'), num: true, format: money },
        { key: 'avg_sales_cycle_days', label: t('col.cycle'), num: true, format: num(1) },
        { key: 'win_rate', label: t('col.winRate'), num: true, format: pct },
        { key: 'activities', label: t('col.activities'), num: true, format: num() },
      ],
      board,
      { id: 'leaderboard', onRow: (row) => app.chooseRep(row.rep) },
    ),
  );
}
