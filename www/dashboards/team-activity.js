import { el, tableCard, clear } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import { chartCard, COLORS } from '../charts.js';
import { num, date } from '../columns.js';
import { frame, kpiTiles } from './common.js';

export const name = 'team-activity';
const KINDS = ['calls', 'emails', 'meetings', 'tasks', 'other'];
const STATS = [
  ['tasks', 'stat.tasks'],
  ['tasks_completed', 'stat.tasksCompleted'],
  ['calls', 'col.calls'],
  ['emails', 'col.emails'],
  ['meetings', 'col.meetings'],
];

export function render(app, report) {
  const byRep = report.dashboards.activity_by_rep;
  const byMonth = report.dashboards.activity_by_month;
  // A kind no row has (often "other") draws no series: a flat zero line says nothing.
  const series = (rows) =>
    KINDS.map((kind, i) => ({
      kind,
      label: t(`col.${kind}`),
      data: rows.map((r) => r[kind]),
      backgroundColor: COLORS[i],
      borderColor: COLORS[i],
    }))
      .filter((set) => set.data.some((value) => value > 0))
      .map(({ kind, ...set }) => set);
  const log = el('div');
  const kind = el(
    'select',
    { id: 'log-kind', 'aria-label': t('col.type') },
    el('option', { value: '', text: t('log.allTypes') }),
    ['call', 'email', 'meeting', 'task', 'other'].map((k) =>
      el('option', { value: k, text: t(`col.${k === 'other' ? 'other' : `${k}s`}`) }),
    ),
  );
  const stateSelect = el(
    'select',
    { id: 'log-state', 'aria-label': t('col.state') },
    el('option', { value: '', text: t('log.allStates') }),
    ['done', 'open', 'overdue'].map((s) => el('option', { value: s, text: t(`state.${s}`) })),
  );
  const loadLog = async () => {
    const query = { kind: kind.value || undefined, state: stateSelect.value || undefined, limit: 200 };
    const result = await app.activities(query);
    clear(log).append(
      tableCard(
        `${t('table.activityLog')} (${result.total})`,
        [
          { key: 'date', label: t('col.date'), format: date },
          { key: 'owner', label: t('col.owner') },
          { key: 'kind', label: t('col.type') },
          { key: 'subject', label: t('col.subject'), wrap: true },
          { key: 'due', label: t('col.due'), format: date },
          { key: 'state', label: t('col.state'), format: (v) => t(`state.${v}`) },
        ],
        result.activities,
        { id: 'activity-log' },
      ),
    );
  };
  const showLog = () => loadLog().catch(() => clear(log).append(el('p', { class: 'muted', text: t('log.failed') })));
  kind.addEventListener('change', showLog);
  stateSelect.addEventListener('change', showLog);
  if (report.kpis.tasks_overdue.value !== null) showLog();
  // Counts beside the overdue-tasks KPI: every activity of the selected reps, by kind.
  const totals = report.dashboards.activity_totals;
  const counts = totals
    ? STATS.map(([key, label]) =>
        el(
          'div',
          { class: 'tile stat', 'data-stat': key, 'data-value': String(totals[key]) },
          el('span', { class: 'label', text: t(label) }),
          el('span', { class: 'value', text: formatNumber(totals[key], 0) }),
        ),
      )
    : [];
  const tiles = kpiTiles(app, report, ['tasks_overdue']);
  tiles.prepend(...counts);
  return frame(
    name,
    tiles,
    el(
      'div',
      { class: 'grid' },
      chartCard(t('chart.activityByRep'), 'activity-by-rep', {
        type: 'bar',
        data: { labels: byRep.map((r) => r.key), datasets: series(byRep) },
        options: { scales: { x: { stacked: true }, y: { stacked: true } } },
      }),
      chartCard(t('chart.activityByMonth'), 'activity-by-month', {
        type: 'line',
        data: { labels: byMonth.map((r) => r.key), datasets: series(byMonth) },
      }),
      tableCard(
        t('table.activityByRep'),
        [
          { key: 'key', label: t('col.rep') },
          { key: 'tasks', label: t('col.tasks'), num: true, format: num() },
          { key: 'tasks_completed', label: t('col.completed'), num: true, format: num() },
          { key: 'tasks_overdue', label: t('col.overdue'), num: true, format: num() },
          { key: 'calls', label: t('col.calls'), num: true, format: num() },
          { key: 'emails', label: t('col.emails'), num: true, format: num() },
          { key: 'meetings', label: t('col.meetings'), num: true, format: num() },
        ],
        byRep,
        { id: 'activity-by-rep' },
      ),
      el(
        'section',
        { class: 'card wide' },
        el(
          'div',
          { class: 'card-head' },
          el('h3', { text: t('table.activityLog') }),
          el('span', {}, kind, ' ', stateSelect),
        ),
        log,
      ),
    ),
  );
}
