// The explain drawer: formula, inputs, note, target, and the deals behind a number.
import { el, clear, tableCard } from './dom.js';
import { t, kpiName, kpiFormula, formatByUnit, formatNumber } from './i18n.js';
import { dealColumns } from './columns.js';

// The page's drawer, or a widget's (in its shadow root: `app.root`).
const part = (app, id) => (app.root || document).getElementById(id);

export function closeExplain(app = {}) {
  part(app, 'explain').hidden = true;
}

export function explain(app, kpi, entry, rep) {
  const body = clear(part(app, 'explain-body'));
  part(app, 'explain-title').textContent = rep ? `${kpiName(kpi.id)} — ${rep}` : kpiName(kpi.id);
  body.append(
    el('p', {
      class: 'tile-value',
      'data-explain-value': entry.value ?? '',
      text: formatByUnit(entry.value, kpi.unit),
    }),
    el('h3', { text: t('explain.formula') }),
    el('div', { class: 'formula', text: kpiFormula(kpi.id) }),
    el('h3', { text: t('explain.inputs') }),
    el(
      'table',
      { class: 'inputs' },
      el(
        'tbody',
        {},
        Object.entries(entry.inputs || {}).map(([name, value]) =>
          el(
            'tr',
            { 'data-input': name },
            el('td', { text: name.replace(/_/g, ' ') }),
            el('td', { class: 'num', text: formatNumber(value, 4) }),
          ),
        ),
      ),
    ),
    ...(entry.note ? [el('p', {}, el('strong', { text: `${t('explain.note')}: ` }), entry.note)] : []),
  );
  if (entry === kpi && kpi.comparison) body.append(comparisonTable(kpi));
  if (!rep) body.append(targetEditor(app, kpi));
  const dealsBox = el('div', { id: 'explain-deals' });
  body.append(
    el(
      'p',
      {},
      el('button', {
        type: 'button',
        id: 'show-deals',
        text: t('explain.deals'),
        onclick: async () => {
          clear(dealsBox);
          try {
            const list = await app.deals({ kpi: kpi.id, rep: rep || undefined });
            dealsBox.append(
              tableCard(t('explain.dealsTitle', { n: formatNumber(list.total) }), dealColumns(), list.deals, {
                id: `deals-${kpi.id}`,
              }),
            );
          } catch (error) {
            dealsBox.append(el('p', { class: 'muted', text: t('explain.noDeals') }));
          }
        },
      }),
    ),
    dealsBox,
  );
  part(app, 'explain').hidden = false;
}

// The selection beside the period before it and the same period a year
// earlier: the value, then each input, so a move can be traced to its cause.
function comparisonTable(kpi) {
  const columns = [
    ['selection', kpi],
    ['previous', kpi.comparison.previous],
    ['year_ago', kpi.comparison.year_ago],
  ];
  const head = el(
    'tr',
    {},
    el('th', {}),
    columns.map(([key, side]) =>
      el(
        'th',
        { class: 'num', 'data-side': key },
        t(`explain.${key}`),
        side.from ? el('br') : null,
        side.from ? `${side.from} – ${side.to}` : null,
      ),
    ),
  );
  const row = (name, label, format) =>
    el(
      'tr',
      { 'data-compared': name || 'value' },
      el('td', { text: label }),
      columns.map(([key, side]) =>
        el('td', { class: 'num', 'data-side': key, text: format(name === '' ? side.value : side.inputs?.[name]) }),
      ),
    );
  const names = Object.keys(kpi.inputs || {});
  return el(
    'div',
    { class: 'comparison' },
    el('h3', { text: t('explain.compared') }),
    el(
      'div',
      { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('explain.compared') },
      el(
        'table',
        { class: 'inputs' },
        el('thead', {}, head),
        el(
          'tbody',
          {},
          row('', kpiName(kpi.id), (v) => formatByUnit(v, kpi.unit)),
          names.map((name) => row(name, name.replace(/_/g, ' '), (v) => (v === undefined ? '—' : formatNumber(v, 4)))),
        ),
      ),
    ),
  );
}

function targetEditor(app, kpi) {
  const input = el('input', { type: 'number', step: 'any', id: 'target-input', value: kpi.target ?? '' });
  return el(
    'div',
    { class: 'settings-row' },
    el('label', {}, el('strong', { text: `${t('explain.setTarget')} ` }), input),
    ' ',
    el('button', {
      type: 'button',
      id: 'target-save',
      text: t('explain.save'),
      onclick: () => app.setTarget(kpi.id, input.value === '' ? null : Number(input.value)),
    }),
    ' ',
    el('button', {
      type: 'button',
      class: 'ghost',
      text: t('explain.clear'),
      onclick: () => app.setTarget(kpi.id, null),
    }),
  );
}
