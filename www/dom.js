// Small DOM helpers. Text reaches the DOM only through textContent and
// attributes set one by one — never as HTML.
import { t } from './i18n.js';
import { downloadCsv } from './csv.js';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'dataset')
      Object.entries(value).forEach(([k, v]) => {
        node.dataset[k] = v;
      });
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A row of the engine's deal lists (DealRow): it has the deal's id and source file. */
export const isDealRow = (row) => typeof row?.id === 'string' && typeof row?.file === 'string';

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

/**
 * A card with a title, export buttons and a body.
 * columns: [{key, label, num, format}] ; rows: objects; onRow: click handler.
 */
export function tableCard(title, columns, rows, { onRow, id, empty } = {}) {
  const head = el(
    'tr',
    {},
    columns.map((c) => el('th', { class: c.num ? 'num' : null, text: c.label })),
  );
  const body = el('tbody');
  rows.forEach((row) => {
    // A cell cut short shows in full on hover (title) and when its row has the focus.
    const cells = columns.map((c) => {
      const text = String(c.format ? c.format(row[c.key], row) : (row[c.key] ?? '—'));
      return el('td', {
        class: c.num ? 'num' : c.wrap ? 'wrap' : null,
        text,
        title: !c.num && text.length > 24 ? text : null,
      });
    });
    // A deal's row names the deal, so an embedding page can open it (sales-kpi-select).
    const deal = isDealRow(row) ? { 'data-deal-id': row.id, 'data-account': row.account ?? '' } : {};
    // Enter or Space on a focused row does what a click does.
    const onkeydown = onRow
      ? (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onRow(row);
          }
        }
      : null;
    body.append(
      el(
        'tr',
        {
          class: onRow ? 'clickable' : null,
          onclick: onRow ? () => onRow(row) : null,
          onkeydown,
          tabindex: onRow || deal['data-deal-id'] ? 0 : null,
          ...deal,
        },
        cells,
      ),
    );
  });
  if (!rows.length)
    body.append(el('tr', {}, el('td', { colspan: columns.length, class: 'muted', text: empty || '—' })));
  const exportButton = el('button', {
    type: 'button',
    class: 'ghost small',
    text: t('export.csv'),
    'data-export': 'csv',
    onclick: () =>
      downloadCsv(
        `${id || 'table'}.csv`,
        columns.map((c) => c.label),
        rows.map((r) => columns.map((c) => r[c.key])),
      ),
  });
  return el(
    'section',
    { class: columns.length > 5 ? 'card wide' : 'card', 'data-table': id || null },
    el('div', { class: 'card-head' }, el('h3', { text: title }), exportButton),
    // The box scrolls when the table is long or wide: focusable, so the keyboard scrolls it too.
    el(
      'div',
      { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': title },
      el('table', {}, el('thead', {}, head), body),
    ),
  );
}
