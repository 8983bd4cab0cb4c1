// KPI tiles: the number, its target state, and a click that explains it.
import { el } from './dom.js';
import { t, kpiName, formatByUnit, formatNumber } from './i18n.js';

/**
 * How the value moved against an earlier window: a percentage point change
 * for percentages, else a relative change (an absolute one from zero);
 * coloured by whether the move is good for this KPI.
 */
function delta(kpi, value, earlier, labelKey) {
  if (value === null || value === undefined || earlier?.value === null || earlier?.value === undefined) return null;
  const change = value - earlier.value;
  const text = kpi.unit === 'percent'
    ? `${change >= 0 ? '+' : ''}${formatNumber(change, 1)} ${t('tile.points')}`
    : earlier.value === 0 ? `${change >= 0 ? '+' : ''}${formatByUnit(change, kpi.unit)}`
      : `${change >= 0 ? '+' : ''}${formatNumber((change / Math.abs(earlier.value)) * 100, 1)}%`;
  const mood = change === 0 ? 'flat' : (change > 0) === kpi.higher_is_better ? 'good' : 'bad';
  const arrow = change === 0 ? '=' : change > 0 ? '▲' : '▼';
  return el('span', {
    class: `delta ${mood}`, 'data-delta': labelKey, 'data-mood': mood,
    title: `${earlier.from} – ${earlier.to}: ${formatByUnit(earlier.value, kpi.unit)}`,
    text: change === 0 ? `= ${t(labelKey)}` : `${arrow} ${text} ${t(labelKey)}`,
  });
}

/**
 * A tile for one KPI. `entry` is the KPI (or one by_rep row of it, with
 * `rep` set); `kpi` is the KPI object the entry belongs to.
 */
export function tile(kpi, { entry = kpi, rep = null, onExplain } = {}) {
  const value = entry.value;
  const targetState = entry.target_met === true ? 'over' : entry.target_met === false ? 'under' : null;
  const targetText = entry.target !== null && entry.target !== undefined
    ? `${t('tile.target')} ${formatByUnit(entry.target, kpi.unit)} · ${t(targetState === 'over' ? 'tile.over' : 'tile.under')}`
    : null;
  const node = el('button', {
    type: 'button', class: 'tile',
    'data-kpi': kpi.id, 'data-value': value === null || value === undefined ? '' : String(value),
    'data-rep': rep, 'data-target-state': targetState,
    title: entry.note || kpiName(kpi.id),
    onclick: () => onExplain && onExplain(kpi, entry, rep),
  },
  el('span', { class: 'label', text: kpiName(kpi.id) }),
  el('span', { class: value === null || value === undefined ? 'value null' : 'value', text: value === null || value === undefined ? t('tile.null') : formatByUnit(value, kpi.unit) }),
  targetText ? el('span', { class: `target ${targetState}`, text: targetText }) : null,
  entry === kpi ? delta(kpi, value, kpi.comparison?.previous, 'tile.vsPrevious') : null,
  entry === kpi ? delta(kpi, value, kpi.comparison?.year_ago, 'tile.vsYearAgo') : null,
  value === null && entry.note ? el('span', { class: 'sub', text: entry.note }) : null);
  return node;
}

export function tiles(report, ids, options = {}) {
  const hidden = options.hidden || new Set();
  return el('div', { class: 'tiles' }, ids.filter((id) => report.kpis[id]).map((id) => {
    const node = tile(report.kpis[id], options);
    if (hidden.has(id)) node.classList.add('hidden-tile');
    return node;
  }));
}
