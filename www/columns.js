// Column sets shared by several tables.
import { t, formatMoney, formatDate, formatPercent, formatNumber } from './i18n.js';

export const money = (v) => formatMoney(v);
export const pct = (v) => formatPercent(v);
export const date = (v) => formatDate(v);
export const num =
  (digits = 0) =>
  (v) =>
    formatNumber(v, digits);

export function dealColumns(extra = []) {
  return [
    { key: 'account', label: t('col.account') },
    { key: 'name', label: t('col.deal'), format: (v, row) => v || row.id },
    { key: 'owner', label: t('col.owner') },
    { key: 'stage', label: t('col.stage') },
    { key: 'amount', label: t('col.amount'), num: true, format: money },
    { key: 'close_date', label: t('col.close'), num: true, format: (v, row) => formatDate(v || row.expected_close) },
    ...extra,
  ];
}
