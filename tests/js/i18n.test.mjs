// i18n.js in Node: both languages say everything, and numbers, money,
// percentages and dates are written as each language writes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  textKeys,
  setLanguage,
  setCurrency,
  t,
  kpiName,
  kpiFormula,
  formatNumber,
  formatMoney,
  formatPercent,
  formatDate,
  formatByUnit,
  inSettings,
} from '../../www/i18n.js';

test('English and Indonesian have the same text keys and the same KPIs', () => {
  const [en, id] = [textKeys('en'), textKeys('id')];
  assert.ok(en.strings.length > 100 && en.kpis.length > 10, 'the tables are read');
  assert.deepEqual(
    id.strings.filter((key) => !en.strings.includes(key)),
    [],
    'keys only in Indonesian',
  );
  assert.deepEqual(
    en.strings.filter((key) => !id.strings.includes(key)),
    [],
    'keys only in English',
  );
  assert.deepEqual(id.kpis, en.kpis);
  for (const lang of ['en', 'id']) {
    setLanguage(lang);
    for (const kpi of en.kpis) {
      assert.notEqual(kpiName(kpi), kpi, `${lang}: ${kpi} has a name`);
      assert.ok(kpiFormula(kpi).length > 10, `${lang}: ${kpi} has a formula`);
    }
  }
  setLanguage('en');
});

test('numbers, money, percentages and dates in each language', () => {
  const cases = {
    en: ['1,234,567.89', '$1,235', '$2.5M', '12.3%', 'Mar 5, 2024', '4.5 days'],
    id: ['1.234.567,89', 'Rp 1.235', 'Rp 2,5 jt', '12,3%', '5 Mar 2024', '4,5 hari'],
  };
  for (const [lang, expected] of Object.entries(cases)) {
    setLanguage(lang);
    setCurrency(lang === 'id' ? 'IDR' : 'USD');
    const written = [
      formatNumber(1234567.891, 2),
      formatMoney(1234.5),
      formatMoney(2_500_000),
      formatPercent(12.34),
      formatDate('2024-03-05'),
      formatByUnit(4.5, 'days'),
    ].map((text) => text.replace(/\s/g, ' '));
    assert.deepEqual(written, expected, lang);
  }
  setLanguage('en');
  setCurrency('USD');
  assert.equal(formatNumber(null), '—');
  assert.equal(formatByUnit(undefined, 'percent'), '—');
});

test('inSettings runs under other settings and restores the current ones', () => {
  setLanguage('en');
  const inner = inSettings({ lang: 'id', currency: 'IDR' }, () => [t('explain.deals'), formatMoney(10)]);
  assert.equal(inner[0], 'Tampilkan transaksi di balik angka ini');
  assert.equal(inner[1].replace(/\s/g, ' '), 'Rp 10');
  assert.equal(t('explain.deals'), 'Show the deals behind this number');
});
