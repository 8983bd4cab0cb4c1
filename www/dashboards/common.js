// What every dashboard shares: its frame and its tiles.
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { tiles } from '../tiles.js';

export function frame(name, ...children) {
  return el(
    'section',
    { class: 'dashboard', 'data-dashboard': name },
    el('h2', { text: t(`tab.${name}`) }),
    el('p', { class: 'lede', text: t(`lede.${name}`) }),
    ...children,
  );
}

export function kpiTiles(app, report, ids) {
  return tiles(report, ids, { hidden: app.hiddenTiles, onExplain: (kpi, entry, rep) => app.explain(kpi, entry, rep) });
}

export function byRep(report, id) {
  return new Map((report.kpis[id]?.by_rep || []).map((row) => [row.rep, row]));
}

/** One tab button per dashboard, `active` selected; a click calls `choose` with the dashboard's name. */
export function tabButtons(dashboards, active, choose) {
  return dashboards.map((d) =>
    el('button', {
      type: 'button',
      role: 'tab',
      'data-tab': d.name,
      'aria-selected': String(d.name === active),
      text: t(`tab.${d.name}`),
      onclick: () => choose(d.name),
    }),
  );
}
