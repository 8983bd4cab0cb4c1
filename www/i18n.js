// Strings in English and Bahasa Indonesia, and Intl formatters.
// KPI names and formulas, per language: written from the KPI registry (src/kpi/mod.rs).
import { KPI_TEXT } from './kpi-text.js';

const STRINGS = {
  en: {
    'app.title': 'Sales KPI',
    'app.private': 'Private: your data never leaves this browser',
    'app.footer': 'Computed in WebAssembly on this device. No data is sent anywhere.',
    'settings.open': 'Settings',
    'settings.title': 'Settings',
    'common.close': 'Close',
    'data.drop': 'Drop CRM exports here (CSV: deals, accounts, reps, activities, stage history, targets, leads)',
    'data.pick': 'Choose files…',
    'data.demo': 'Use the demo data',
    'data.files': 'Files, column mapping and data quality',
    'data.demoActive':
      'Showing the built-in demo data. Drop your own CSV exports to analyse them — they stay on this device.',
    'data.loaded': '{n} file(s) loaded',
    'data.working': 'Computing…',
    'load.parsing': 'Reading rows of {name}: {rows} so far',
    'load.computing': 'Computing the KPIs…',
    'load.cancel': 'Cancel',
    'load.cancelled': 'Loading cancelled: the previous data and dashboards are kept.',
    'engine.restarted':
      'The engine stopped on an internal error and was restarted with your files; the dashboards are recomputed. If it happens again, please report it with the file that caused it.',
    'load.replaced': '{name} replaces the file of the same name loaded before (its rows are not added twice).',
    'load.limit': 'Up to {limit} MB per file',
    'load.tooBig': '{name} is {size} MB; the limit is {limit} MB per file. Split it into smaller exports.',
    'data.needDeals': 'Add a deals (opportunities) export: it is required for the KPIs.',
    'filter.period': 'Period',
    'filter.from': 'From',
    'filter.to': 'To',
    'filter.asof': 'As of',
    'filter.rep': 'Rep',
    'filter.team': 'Team',
    'filter.region': 'Region',
    'filter.product': 'Product',
    'filter.reset': 'Reset',
    'filter.title': 'Filters',
    'tabs.title': 'Dashboards',
    'print.button': 'Print / PDF',
    'print.period': 'Period',
    'print.asOf': 'as of',
    'print.filters': 'Filters',
    'print.none': 'none',
    'print.printed': 'Printed',
    'filter.all': 'All',
    'filter.custom': 'Custom range',
    'filter.whole': 'Whole data',
    'file.kind': 'Kind',
    'file.delimiter': 'Delimiter',
    'file.encoding': 'Encoding',
    'file.rows': 'Rows',
    'file.read': 'read',
    'file.used': 'used',
    'file.rejected': 'rejected',
    'file.skipped': 'skipped',
    'file.flagged': 'incomplete',
    'file.mapping': 'Column mapping (change a column if it was matched wrongly)',
    'file.none': '(not mapped)',
    'file.remove': 'Remove',
    'file.unmapped': 'Not used',
    'file.warnings': 'Warnings',
    'quality.title': 'Data quality',
    'quality.rejected': 'Rejected rows',
    'quality.flagged': 'Used, but incomplete',
    'quality.row': 'Row',
    'quality.column': 'Column',
    'quality.reason': 'Reason',
    'quality.file': 'File',
    'quality.nearMisses': 'Names that almost match (not joined)',
    'quality.orphans': 'Names not found',
    'quality.warnings': 'Warnings',
    'tab.state-of-the-union': 'State of the Union',
    'tab.pipeline': 'Pipeline',
    'tab.team-activity': 'Team Activity',
    'tab.performance': 'Performance',
    'tab.stage-analysis': 'Stage Analysis',
    'tab.reps': 'Reps & Leaderboard',
    'lede.state-of-the-union':
      'KPIs of the selected period against targets (pick this year for year-to-date), notable deals, top reps and performance against forecast.',
    'lede.pipeline': "Each rep's pipeline and the pipeline by stage.",
    'lede.team-activity': 'Tasks, calls, emails and meetings per rep and over time.',
    'lede.performance': 'Won deals and win rate by region, account and product. Click a row to drill down.',
    'lede.stage-analysis':
      'How deals move through the stages: conversion, time in stage, bottlenecks and deals at risk.',
    'lede.reps': "One rep's numbers, and the team ranked.",
    'tile.target': 'Target',
    'tile.over': 'on target',
    'tile.under': 'below target',
    'tile.noTarget': 'no target',
    'tile.vsPrevious': 'vs previous period',
    'tile.vsYearAgo': 'vs a year ago',
    'tile.points': 'pts',
    'tile.trendQuarters': 'Trend by quarter',
    'tile.trendYears': 'Trend by year',
    'tile.null': 'not available',
    'explain.formula': 'How it is computed',
    'explain.inputs': 'Inputs',
    'explain.note': 'Note',
    'explain.setTarget': 'Target for the selection',
    'explain.save': 'Set target',
    'explain.clear': 'Clear',
    'explain.deals': 'Show the deals behind this number',
    'explain.noDeals': 'This number is not computed from deals; its inputs explain it.',
    'explain.dealsTitle': 'Deals behind the number ({n})',
    'perf.dealsFailed': 'The deals could not be listed.',
    'perf.accountsFailed': 'The accounts could not be listed.',
    'explain.compared': 'Compared with the period before and a year before',
    'explain.selection': 'Selection',
    'explain.previous': 'Period before',
    'explain.year_ago': 'A year before',
    'export.csv': 'CSV',
    'export.png': 'PNG',
    'col.deal': 'Deal',
    'col.account': 'Account',
    'col.owner': 'Owner',
    'col.stage': 'Stage',
    'col.amount': 'Amount',
    'col.created': 'Created',
    'col.close': 'Close date',
    'col.expected': 'Expected close',
    'col.reason': 'Why at risk',
    'stat.tasks': 'Tasks',
    'stat.tasksCompleted': 'Tasks completed',
    'risk.past_expected_close': '{days} days past its expected close date.',
    'risk.long_in_stage': 'In stage “{stage}” for {days} days, where deals usually stay {usual} days.',
    'risk.long_open': 'Open for {days} days, over twice the usual sales cycle of {usual} days.',
    'col.rep': 'Rep',
    'col.team': 'Team',
    'col.rank': '#',
    'col.won': 'Won',
    'col.wonAmount': 'Won amount',
    'col.quota': 'Quota',
    'col.attainment': 'Attainment',
    'col.open': 'Open deals',
    'col.openValue': 'Open value',
    'col.cycle': 'Avg cycle (days)',
    'col.dealSize': 'Avg deal size',
    'col.conversion': 'Conversion',
    'col.winRate': 'Win rate',
    'col.created2': 'Deals created',
    'col.pipelineCreated': 'Pipeline created',
    'col.activities': 'Activities',
    'col.tasks': 'Tasks',
    'col.completed': 'Completed',
    'col.overdue': 'Overdue',
    'col.calls': 'Calls',
    'col.emails': 'Emails',
    'col.meetings': 'Meetings',
    'col.other': 'Other',
    'col.lost': 'Lost',
    'col.region': 'Region',
    'col.product': 'Product',
    'col.month': 'Month',
    'col.type': 'Type',
    'col.subject': 'Subject',
    'col.date': 'Date',
    'col.due': 'Due',
    'col.state': 'State',
    'col.stageName': 'Stage',
    'col.weighted': 'Weighted by probability',
    'col.entered': 'Entered',
    'col.advanced': 'Moved on or won',
    'col.days': 'Avg days',
    'chart.forecast': 'Won vs target and forecast (cumulative)',
    'chart.wonCum': 'Won (cumulative)',
    'chart.forecastLine': 'Won + weighted pipeline',
    'chart.targetLine': 'Target (cumulative)',
    'chart.forecastLineCategory': 'Won + commit + best case',
    'table.forecast': 'Forecast: this quarter and this year',
    'col.period': 'Period',
    'col.commit': 'Commit',
    'col.bestCase': 'Best case',
    'col.forecast': 'Forecast',
    'col.target': 'Target',
    'forecast.byCategory':
      "From the deals' forecast category: won so far + open deals in Commit and Best Case expected to close in the period (Pipeline and Omitted are left out).",
    'forecast.weighted':
      'The data has no forecast category column: won so far + open deals expected to close in the period, weighted by their probability.',
    'chart.pipelineByStage': 'Open pipeline by stage',
    'chart.activityByRep': 'Activities per rep',
    'chart.activityByMonth': 'Activities over time',
    'chart.wonByRegion': 'Won amount by region',
    'chart.funnel': 'Funnel: deals entering each stage',
    'chart.timeInStage': 'Average days in stage',
    'chart.winRateByRegion': 'Win rate by region (%)',
    'table.topOpen': 'Notable open deals',
    'table.topWon': 'Notable won deals',
    'table.topReps': 'Top reps by quota attainment',
    'table.repPipeline': 'Pipeline per rep',
    'table.activityByRep': 'Tasks and activities per rep',
    'table.activityLog': 'Activity log',
    'table.regions': 'Regions',
    'table.accounts': 'Accounts in {r}',
    'table.products': 'Products in {r}',
    'table.deals': 'Deals',
    'table.stages': 'Stages',
    'table.atRisk': 'Deals at risk ({n})',
    'table.leaderboard': 'Team leaderboard',
    'table.byProduct': 'Won by product',
    'table.byAccount': 'Won by account',
    'stage.bottleneck': 'Bottleneck: "{s}" converts least ({v}) and deals stay longest in "{t}" ({d}).',
    'stage.none':
      'No stage history in the data: load a stage_history file (or a HubSpot export with "Date entered" columns).',
    'rep.choose': 'Rep',
    'perf.all': 'All regions',
    'log.allTypes': 'All types',
    'log.allStates': 'All states',
    'log.failed': 'The activity log could not be read.',
    'state.done': 'done',
    'state.open': 'open',
    'state.overdue': 'overdue',
    'settings.remember': 'Remember my settings on this device (language, targets, mappings, layout)',
    'settings.forget': 'Forget everything stored on this device',
    'settings.forgotten': 'Stored settings deleted.',
    'settings.currency': 'Currency',
    'settings.tiles': 'Tiles shown',
    'settings.locale': 'Ambiguous dates and numbers in files',
    'settings.fiscalStart': 'Fiscal year starts in',
    'settings.localeAuto': 'Automatic (; files: dd/mm and 1.234,56)',
    'settings.localeEn': 'mm/dd/yyyy and 1,234.56',
    'settings.localeId': 'dd/mm/yyyy and 1.234,56',
    'settings.targetsFile': 'Targets can also be loaded as a CSV with columns kpi, period, rep, target.',
    'unit.days': '{v} days',
    'error.file': '{f}: {m}',
  },
  id: {
    'app.title': 'KPI Penjualan',
    'app.private': 'Privat: data Anda tidak pernah meninggalkan peramban ini',
    'app.footer': 'Dihitung dengan WebAssembly di perangkat ini. Tidak ada data yang dikirim ke mana pun.',
    'settings.open': 'Pengaturan',
    'settings.title': 'Pengaturan',
    'common.close': 'Tutup',
    'data.drop': 'Letakkan ekspor CRM di sini (CSV: transaksi, akun, sales, aktivitas, riwayat tahap, target, prospek)',
    'data.pick': 'Pilih berkas…',
    'data.demo': 'Pakai data demo',
    'data.files': 'Berkas, pemetaan kolom, dan kualitas data',
    'data.demoActive':
      'Menampilkan data demo bawaan. Letakkan ekspor CSV Anda sendiri untuk dianalisis — data tetap di perangkat ini.',
    'data.loaded': '{n} berkas dimuat',
    'data.working': 'Menghitung…',
    'load.parsing': 'Membaca baris {name}: {rows} sejauh ini',
    'load.computing': 'Menghitung KPI…',
    'load.cancel': 'Batal',
    'load.cancelled': 'Pemuatan dibatalkan: data dan dasbor sebelumnya tetap dipakai.',
    'engine.restarted':
      'Mesin berhenti karena kesalahan internal dan dijalankan ulang dengan berkas Anda; dasbor dihitung ulang. Jika terjadi lagi, laporkan bersama berkas penyebabnya.',
    'load.replaced':
      '{name} menggantikan berkas bernama sama yang dimuat sebelumnya (barisnya tidak dihitung dua kali).',
    'load.limit': 'Maksimal {limit} MB per berkas',
    'load.tooBig': '{name} berukuran {size} MB; batasnya {limit} MB per berkas. Pecah menjadi ekspor yang lebih kecil.',
    'data.needDeals': 'Tambahkan ekspor transaksi (peluang): wajib untuk KPI.',
    'filter.period': 'Periode',
    'filter.from': 'Dari',
    'filter.to': 'Sampai',
    'filter.asof': 'Per tanggal',
    'filter.rep': 'Sales',
    'filter.team': 'Tim',
    'filter.region': 'Wilayah',
    'filter.product': 'Produk',
    'filter.reset': 'Atur ulang',
    'filter.title': 'Filter',
    'tabs.title': 'Dasbor',
    'print.button': 'Cetak / PDF',
    'print.period': 'Periode',
    'print.asOf': 'per',
    'print.filters': 'Filter',
    'print.none': 'tidak ada',
    'print.printed': 'Dicetak',
    'filter.all': 'Semua',
    'filter.custom': 'Rentang khusus',
    'filter.whole': 'Seluruh data',
    'file.kind': 'Jenis',
    'file.delimiter': 'Pemisah',
    'file.encoding': 'Pengodean',
    'file.rows': 'Baris',
    'file.read': 'dibaca',
    'file.used': 'dipakai',
    'file.rejected': 'ditolak',
    'file.skipped': 'dilewati',
    'file.flagged': 'tidak lengkap',
    'file.mapping': 'Pemetaan kolom (ubah jika kolom salah dikenali)',
    'file.none': '(tidak dipetakan)',
    'file.remove': 'Hapus',
    'file.unmapped': 'Tidak dipakai',
    'file.warnings': 'Peringatan',
    'quality.title': 'Kualitas data',
    'quality.rejected': 'Baris ditolak',
    'quality.flagged': 'Dipakai, tetapi tidak lengkap',
    'quality.row': 'Baris',
    'quality.column': 'Kolom',
    'quality.reason': 'Alasan',
    'quality.file': 'Berkas',
    'quality.nearMisses': 'Nama yang hampir sama (tidak digabung)',
    'quality.orphans': 'Nama tidak ditemukan',
    'quality.warnings': 'Peringatan',
    'tab.state-of-the-union': 'Kondisi Terkini',
    'tab.pipeline': 'Pipeline',
    'tab.team-activity': 'Aktivitas Tim',
    'tab.performance': 'Kinerja',
    'tab.stage-analysis': 'Analisis Tahap',
    'tab.reps': 'Sales & Papan Peringkat',
    'lede.state-of-the-union':
      'KPI periode terpilih terhadap target (pilih tahun ini untuk tahun berjalan), transaksi penting, sales terbaik, dan kinerja terhadap prakiraan.',
    'lede.pipeline': 'Pipeline tiap sales dan pipeline per tahap.',
    'lede.team-activity': 'Tugas, panggilan, email, dan rapat per sales dan dari waktu ke waktu.',
    'lede.performance':
      'Transaksi menang dan tingkat kemenangan per wilayah, akun, dan produk. Klik baris untuk menelusuri.',
    'lede.stage-analysis':
      'Pergerakan transaksi antartahap: konversi, waktu per tahap, hambatan, dan transaksi berisiko.',
    'lede.reps': 'Angka satu sales, dan peringkat tim.',
    'tile.target': 'Target',
    'tile.over': 'mencapai target',
    'tile.under': 'di bawah target',
    'tile.noTarget': 'tanpa target',
    'tile.vsPrevious': 'vs periode sebelumnya',
    'tile.vsYearAgo': 'vs tahun lalu',
    'tile.points': 'poin',
    'tile.trendQuarters': 'Tren per kuartal',
    'tile.trendYears': 'Tren per tahun',
    'tile.null': 'tidak tersedia',
    'explain.formula': 'Cara menghitung',
    'explain.inputs': 'Masukan',
    'explain.note': 'Catatan',
    'explain.setTarget': 'Target untuk seleksi',
    'explain.save': 'Tetapkan target',
    'explain.clear': 'Hapus',
    'explain.deals': 'Tampilkan transaksi di balik angka ini',
    'explain.noDeals': 'Angka ini tidak dihitung dari transaksi; masukannya menjelaskannya.',
    'explain.dealsTitle': 'Transaksi di balik angka ({n})',
    'perf.dealsFailed': 'Transaksi tidak dapat ditampilkan.',
    'perf.accountsFailed': 'Akun tidak dapat ditampilkan.',
    'explain.compared': 'Dibandingkan dengan periode sebelumnya dan setahun sebelumnya',
    'explain.selection': 'Seleksi',
    'explain.previous': 'Periode sebelumnya',
    'explain.year_ago': 'Setahun sebelumnya',
    'export.csv': 'CSV',
    'export.png': 'PNG',
    'col.deal': 'Transaksi',
    'col.account': 'Akun',
    'col.owner': 'Pemilik',
    'col.stage': 'Tahap',
    'col.amount': 'Nilai',
    'col.created': 'Dibuat',
    'col.close': 'Tanggal tutup',
    'col.expected': 'Perkiraan tutup',
    'col.reason': 'Alasan berisiko',
    'stat.tasks': 'Tugas',
    'stat.tasksCompleted': 'Tugas selesai',
    'risk.past_expected_close': 'Lewat {days} hari dari perkiraan tanggal tutup.',
    'risk.long_in_stage': 'Di tahap “{stage}” selama {days} hari, padahal biasanya {usual} hari.',
    'risk.long_open': 'Terbuka selama {days} hari, lebih dari dua kali siklus penjualan biasa ({usual} hari).',
    'col.rep': 'Sales',
    'col.team': 'Tim',
    'col.rank': '#',
    'col.won': 'Menang',
    'col.wonAmount': 'Nilai menang',
    'col.quota': 'Kuota',
    'col.attainment': 'Pencapaian',
    'col.open': 'Transaksi terbuka',
    'col.openValue': 'Nilai terbuka',
    'col.cycle': 'Rata-rata siklus (hari)',
    'col.dealSize': 'Rata-rata nilai',
    'col.conversion': 'Konversi',
    'col.winRate': 'Tingkat menang',
    'col.created2': 'Transaksi dibuat',
    'col.pipelineCreated': 'Pipeline dibuat',
    'col.activities': 'Aktivitas',
    'col.tasks': 'Tugas',
    'col.completed': 'Selesai',
    'col.overdue': 'Terlambat',
    'col.calls': 'Panggilan',
    'col.emails': 'Email',
    'col.meetings': 'Rapat',
    'col.other': 'Lainnya',
    'col.lost': 'Kalah',
    'col.region': 'Wilayah',
    'col.product': 'Produk',
    'col.month': 'Bulan',
    'col.type': 'Jenis',
    'col.subject': 'Subjek',
    'col.date': 'Tanggal',
    'col.due': 'Tenggat',
    'col.state': 'Status',
    'col.stageName': 'Tahap',
    'col.weighted': 'Berbobot probabilitas',
    'col.entered': 'Masuk',
    'col.advanced': 'Lanjut atau menang',
    'col.days': 'Rata-rata hari',
    'chart.forecast': 'Menang vs target dan prakiraan (kumulatif)',
    'chart.wonCum': 'Menang (kumulatif)',
    'chart.forecastLine': 'Menang + pipeline berbobot',
    'chart.targetLine': 'Target (kumulatif)',
    'chart.forecastLineCategory': 'Menang + commit + best case',
    'table.forecast': 'Prakiraan: kuartal ini dan tahun ini',
    'col.period': 'Periode',
    'col.commit': 'Commit',
    'col.bestCase': 'Best case',
    'col.forecast': 'Prakiraan',
    'col.target': 'Target',
    'forecast.byCategory':
      'Dari kategori prakiraan transaksi: yang sudah menang + transaksi terbuka berkategori Commit dan Best Case yang diperkirakan tutup dalam periode (Pipeline dan Omitted tidak dihitung).',
    'forecast.weighted':
      'Data tidak memiliki kolom kategori prakiraan: yang sudah menang + transaksi terbuka yang diperkirakan tutup dalam periode, dibobot dengan probabilitasnya.',
    'chart.pipelineByStage': 'Pipeline terbuka per tahap',
    'chart.activityByRep': 'Aktivitas per sales',
    'chart.activityByMonth': 'Aktivitas dari waktu ke waktu',
    'chart.wonByRegion': 'Nilai menang per wilayah',
    'chart.funnel': 'Corong: transaksi yang masuk tiap tahap',
    'chart.timeInStage': 'Rata-rata hari per tahap',
    'chart.winRateByRegion': 'Tingkat menang per wilayah (%)',
    'table.topOpen': 'Transaksi terbuka terbesar',
    'table.topWon': 'Transaksi menang terbesar',
    'table.topReps': 'Sales terbaik menurut pencapaian kuota',
    'table.repPipeline': 'Pipeline per sales',
    'table.activityByRep': 'Tugas dan aktivitas per sales',
    'table.activityLog': 'Log aktivitas',
    'table.regions': 'Wilayah',
    'table.accounts': 'Akun di {r}',
    'table.products': 'Produk di {r}',
    'table.deals': 'Transaksi',
    'table.stages': 'Tahap',
    'table.atRisk': 'Transaksi berisiko ({n})',
    'table.leaderboard': 'Papan peringkat tim',
    'table.byProduct': 'Menang per produk',
    'table.byAccount': 'Menang per akun',
    'stage.bottleneck': 'Hambatan: "{s}" paling sedikit berlanjut ({v}) dan transaksi paling lama di "{t}" ({d}).',
    'stage.none':
      'Tidak ada riwayat tahap: muat berkas stage_history (atau ekspor HubSpot dengan kolom "Date entered").',
    'rep.choose': 'Sales',
    'perf.all': 'Semua wilayah',
    'log.allTypes': 'Semua jenis',
    'log.allStates': 'Semua status',
    'log.failed': 'Log aktivitas tidak dapat dibaca.',
    'state.done': 'selesai',
    'state.open': 'terbuka',
    'state.overdue': 'terlambat',
    'settings.remember': 'Ingat pengaturan saya di perangkat ini (bahasa, target, pemetaan, tata letak)',
    'settings.forget': 'Hapus semua yang tersimpan di perangkat ini',
    'settings.forgotten': 'Pengaturan tersimpan telah dihapus.',
    'settings.currency': 'Mata uang',
    'settings.tiles': 'Ubin yang ditampilkan',
    'settings.locale': 'Tanggal dan angka ambigu dalam berkas',
    'settings.fiscalStart': 'Tahun fiskal dimulai pada',
    'settings.localeAuto': 'Otomatis (berkas ; : dd/mm dan 1.234,56)',
    'settings.localeEn': 'mm/dd/yyyy dan 1,234.56',
    'settings.localeId': 'dd/mm/yyyy dan 1.234,56',
    'settings.targetsFile': 'Target juga dapat dimuat sebagai CSV dengan kolom kpi, period, rep, target.',
    'unit.days': '{v} hari',
    'error.file': '{f}: {m}',
  },
};

let lang = 'en';
let currency = 'USD';

export function setLanguage(next) {
  lang = STRINGS[next] ? next : 'en';
}
export function language() {
  return lang;
}
export function setCurrency(code) {
  currency = /^[A-Z]{3}$/.test(code || '') ? code : 'USD';
}
export function currentCurrency() {
  return currency;
}

/** The language and currency now; `inSettings` runs `fn` under saved ones (two widgets, one page). */
export function currentSettings() {
  return { lang, currency };
}
export function inSettings(settings, fn) {
  const saved = currentSettings();
  ({ lang, currency } = settings);
  try {
    return fn();
  } finally {
    ({ lang, currency } = saved);
  }
}

/** The keys of a language's texts and KPI texts (each language must have the same). */
export function textKeys(language) {
  return { strings: Object.keys(STRINGS[language] ?? {}).sort(), kpis: Object.keys(KPI_TEXT[language] ?? {}).sort() };
}

export function t(key, params = {}) {
  const text = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

export function kpiName(id) {
  return (KPI_TEXT[lang][id] || KPI_TEXT.en[id] || [id])[0];
}
export function kpiFormula(id) {
  return (KPI_TEXT[lang][id] || KPI_TEXT.en[id] || [id, ''])[1];
}

function locale() {
  return lang === 'id' ? 'id-ID' : 'en-US';
}

export function formatNumber(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

export function formatMoney(value) {
  if (value === null || value === undefined) return '—';
  const compact = Math.abs(value) >= 1e6;
  return new Intl.NumberFormat(locale(), {
    style: 'currency',
    currency,
    notation: compact ? 'compact' : 'standard',
    maximumFractionDigits: compact ? 1 : 0,
  }).format(value);
}

export function formatPercent(value) {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
}

export function formatDate(iso) {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(y, m - 1, d),
  );
}

export function formatByUnit(value, unit) {
  if (value === null || value === undefined) return '—';
  switch (unit) {
    case 'currency':
      return formatMoney(value);
    case 'percent':
      return formatPercent(value);
    case 'days':
      return t('unit.days', { v: formatNumber(value, 1) });
    case 'years':
      return formatNumber(value, 2);
    default:
      return formatNumber(value, 2);
  }
}

export function applyStaticText(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((node) => {
    node.textContent = t(node.dataset.i18n);
  });
  document.documentElement.lang = lang;
}
