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
  const text =
    kpi.unit === 'percent'
      ? `${change >= 0 ? '+' : ''}${formatNumber(change, 1)} ${t('tile.points')}`
      : earlier.value === 0
        ? `${change >= 0 ? '+' : ''}${formatByUnit(change, kpi.unit)}`
        : `${change >= 0 ? '+' : ''}${formatNumber((change / Math.abs(earlier.value)) * 100, 1)}%`;
  const mood = change === 0 ? 'flat' : change > 0 === kpi.higher_is_better ? 'good' : 'bad';
  const arrow = change === 0 ? '=' : change > 0 ? '▲' : '▼';
  return el('span', {
    class: `delta ${mood}`,
    'data-delta': labelKey,
    'data-mood': mood,
    title: `${earlier.from} – ${earlier.to}: ${formatByUnit(earlier.value, kpi.unit)}`,
    text: change === 0 ? `= ${t(labelKey)}` : `${arrow} ${text} ${t(labelKey)}`,
  });
}

const SVG = 'http://www.w3.org/2000/svg';
const QUARTER = /-Q[1-4]$/;
const YEAR = /^(FY)?\d{4}$/;

/**
 * The KPI over its breakdown periods, oldest first: its quarters when the
 * selection touches two or more, else its years; empty when fewer than two.
 */
export function trendPoints(kpi) {
  const periods = kpi.by_period || [];
  const pick = (pattern) =>
    periods.filter((p) => pattern.test(p.period)).sort((a, b) => a.period.localeCompare(b.period));
  const quarters = pick(QUARTER);
  const points = quarters.length >= 2 ? quarters : pick(YEAR);
  return points.length >= 2 ? points.map((p) => ({ period: p.period, value: p.value ?? null })) : [];
}

/**
 * A sparkline of the KPI over its breakdown periods (plain SVG; a period
 * without a value breaks the line), readable as text by its label.
 */
function sparkline(kpi) {
  const points = trendPoints(kpi);
  if (points.length < 2) return null;
  const [width, height, pad] = [120, 28, 3];
  const values = points.map((p) => p.value).filter((v) => v !== null);
  if (!values.length) return null;
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const x = (i) => pad + (i * (width - 2 * pad)) / (points.length - 1);
  const y = (v) => (high === low ? height / 2 : height - pad - ((v - low) * (height - 2 * pad)) / (high - low));
  const runs = [[]];
  points.forEach((p, i) => (p.value === null ? runs.push([]) : runs[runs.length - 1].push([x(i), y(p.value)])));
  const unit = points[0].period.match(QUARTER) ? 'tile.trendQuarters' : 'tile.trendYears';
  const label = `${t(unit)}: ${points.map((p) => `${p.period} ${p.value === null ? t('tile.null') : formatByUnit(p.value, kpi.unit)}`).join(', ')}`;
  const svg = document.createElementNS(SVG, 'svg');
  const set = (node, attrs) => Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, String(v)));
  set(svg, {
    class: 'trend',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': label,
    'data-periods': points.map((p) => p.period).join(' '),
    'data-values': points.map((p) => (p.value === null ? '' : p.value)).join(' '),
  });
  const title = document.createElementNS(SVG, 'title');
  title.textContent = label;
  svg.append(title);
  for (const run of runs.filter((r) => r.length)) {
    const shape = document.createElementNS(SVG, run.length === 1 ? 'circle' : 'polyline');
    if (run.length === 1) set(shape, { cx: run[0][0], cy: run[0][1], r: 1.8 });
    else set(shape, { points: run.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' '), fill: 'none' });
    svg.append(shape);
  }
  return svg;
}

/**
 * A tile for one KPI. `entry` is the KPI (or one by_rep row of it, with
 * `rep` set); `kpi` is the KPI object the entry belongs to.
 */
export function tile(kpi, { entry = kpi, rep = null, onExplain } = {}) {
  const value = entry.value;
  const targetState = entry.target_met === true ? 'over' : entry.target_met === false ? 'under' : null;
  const targetText =
    entry.target !== null && entry.target !== undefined
      ? `${t('tile.target')} ${formatByUnit(entry.target, kpi.unit)} · ${t(targetState === 'over' ? 'tile.over' : 'tile.under')}`
      : null;
  const node = el(
    'button',
    {
      type: 'button',
      class: 'tile',
      'data-kpi': kpi.id,
      'data-value': value === null || value === undefined ? '' : String(value),
      'data-rep': rep,
      'data-target-state': targetState,
      title: entry.note || kpiName(kpi.id),
      onclick: () => onExplain && onExplain(kpi, entry, rep),
    },
    el('span', { class: 'label', text: kpiName(kpi.id) }),
    el('span', {
      class: value === null || value === undefined ? 'value null' : 'value',
      text: value === null || value === undefined ? t('tile.null') : formatByUnit(value, kpi.unit),
    }),
    targetText ? el('span', { class: `target ${targetState}`, text: targetText }) : null,
    entry === kpi ? delta(kpi, value, kpi.comparison?.previous, 'tile.vsPrevious') : null,
    entry === kpi ? delta(kpi, value, kpi.comparison?.year_ago, 'tile.vsYearAgo') : null,
    entry === kpi ? sparkline(kpi) : null,
    value === null && entry.note ? el('span', { class: 'sub', text: entry.note }) : null,
  );
  return node;
}

export function tiles(report, ids, options = {}) {
  const hidden = options.hidden || new Set();
  return el(
    'div',
    { class: 'tiles' },
    ids
      .filter((id) => report.kpis[id])
      .map((id) => {
        const node = tile(report.kpis[id], options);
        if (hidden.has(id)) node.classList.add('hidden-tile');
        return node;
      }),
  );
}
