import { el, tableCard, clear } from '../dom.js';
import { t } from '../i18n.js';
import { chartCard, COLORS, moneyAxis } from '../charts.js';
import { money, pct, num, dealColumns } from '../columns.js';
import { frame, kpiTiles } from './common.js';

export const name = 'performance';

function groupColumns(label) {
  return [
    { key: 'key', label },
    { key: 'won_deals', label: t('col.won'), num: true, format: num() },
    { key: 'lost_deals', label: t('col.lost'), num: true, format: num() },
    { key: 'won_amount', label: t('col.wonAmount'), num: true, format: money },
    { key: 'win_rate', label: t('col.winRate'), num: true, format: pct },
  ];
}

/** The region's accounts: from the view when it carries them, else asked of the engine (a view
 * leaves them out when there are many: 20,000 rows at a million deals). */
function regionAccounts(app, d, region, inRegion, card) {
  if (d.won_by_region_account.length || !d.won_by_region.length) return card(inRegion(d.won_by_region_account));
  const holder = el('div', { class: 'card muted', text: t('data.working') });
  app
    .regionAccounts(region)
    .then((rows) => holder.replaceWith(card(rows)))
    .catch(() => holder.replaceWith(el('p', { class: 'muted', text: t('perf.accountsFailed') })));
  return holder;
}

export function render(app, report) {
  const d = report.dashboards;
  const drill = app.view.performance;
  const body = el('div', { id: 'performance-drill' });
  const crumbs = el(
    'div',
    { class: 'breadcrumb' },
    el('button', { type: 'button', class: 'ghost small', text: t('perf.all'), onclick: () => app.drill({}) }),
    drill.region
      ? el(
          'span',
          {},
          '› ',
          el('button', {
            type: 'button',
            class: 'ghost small',
            text: drill.region,
            onclick: () => app.drill({ region: drill.region }),
          }),
        )
      : null,
    drill.account || drill.product ? el('span', { text: `› ${drill.account || drill.product}` }) : null,
  );
  if (!drill.region) {
    body.append(
      el(
        'div',
        { class: 'grid' },
        tableCard(t('table.regions'), groupColumns(t('col.region')), d.won_by_region, {
          id: 'won-by-region',
          onRow: (row) => app.drill({ region: row.key }),
        }),
        tableCard(t('table.byProduct'), groupColumns(t('col.product')), d.won_by_product, { id: 'won-by-product' }),
        tableCard(t('table.byAccount'), groupColumns(t('col.account')), d.won_by_account.slice(0, 100), {
          id: 'won-by-account',
        }),
      ),
    );
  } else if (!drill.account && !drill.product) {
    const inRegion = (rows) => rows.filter((r) => r.parent === drill.region);
    const accounts = (rows) =>
      tableCard(t('table.accounts', { r: drill.region }), groupColumns(t('col.account')), rows, {
        id: 'region-accounts',
        onRow: (row) => app.drill({ region: drill.region, account: row.key }),
      });
    body.append(
      el(
        'div',
        { class: 'grid' },
        regionAccounts(app, d, drill.region, inRegion, accounts),
        tableCard(
          t('table.products', { r: drill.region }),
          groupColumns(t('col.product')),
          inRegion(d.won_by_region_product),
          { id: 'region-products', onRow: (row) => app.drill({ region: drill.region, product: row.key }) },
        ),
      ),
    );
  } else {
    const deals = el('div');
    body.append(deals);
    app
      .deals({
        kpi: 'win_rate',
        region: drill.region,
        account: drill.account || undefined,
        product: drill.product || undefined,
      })
      .then((list) => {
        clear(deals).append(
          tableCard(`${t('table.deals')} (${list.total})`, dealColumns(), list.deals, { id: 'drill-deals' }),
        );
      })
      .catch(() => clear(deals).append(el('p', { class: 'muted', text: t('perf.dealsFailed') })));
  }
  return frame(
    name,
    kpiTiles(app, report, ['win_rate', 'avg_deal_size']),
    el(
      'div',
      { class: 'grid' },
      chartCard(t('chart.wonByRegion'), 'won-by-region-chart', {
        type: 'bar',
        data: {
          labels: d.won_by_region.map((r) => r.key),
          datasets: [
            { label: t('col.wonAmount'), data: d.won_by_region.map((r) => r.won_amount), backgroundColor: COLORS[0] },
          ],
        },
        options: { scales: moneyAxis },
      }),
      chartCard(t('chart.winRateByRegion'), 'win-rate-by-region-chart', {
        type: 'bar',
        data: {
          labels: d.won_by_region.map((r) => r.key),
          datasets: [
            { label: t('col.winRate'), data: d.won_by_region.map((r) => r.win_rate), backgroundColor: COLORS[1] },
          ],
        },
        options: { scales: { y: { beginAtZero: true, max: 100 } } },
      }),
    ),
    crumbs,
    body,
  );
}
