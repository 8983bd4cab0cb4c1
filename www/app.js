// The page controller: files in, report out, six dashboards drawn.
import { EngineClient, CancelledError } from './engine-client.js';
import { Loader } from './loader.js';
import { el, clear } from './dom.js';
import { t, setLanguage, language, applyStaticText, setCurrency, kpiName, formatDate } from './i18n.js';
import { destroyCharts } from './charts.js';
import { explain, closeExplain } from './explain.js';
import { tableCard } from './dom.js';
import { dealColumns } from './columns.js';
import { renderFiles, renderQuality } from './files-panel.js';
import { loadSaved, save, forget } from './settings.js';
import { periodBounds } from './periods.js';
import { DASHBOARDS, tabButtons } from './dashboards/index.js';

const $ = (id) => document.getElementById(id);

const engine = new EngineClient();
const app = {
  engine,
  loader: new Loader(engine),
  config: {
    filters: { reps: [], teams: [], regions: [], products: [] },
    targets: [],
    mappings: {},
    kinds: {},
    locale: 'auto',
  },
  asOf: null,
  from: null,
  to: null,
  report: null,
  fields: {},
  demo: false,
  remember: false,
  currency: null,
  /** Refreshes started; the one whose data `report` holds; the dashboards whose view it holds. */
  refreshes: 0,
  shown: 0,
  drawn: new Set(),
  /** The dashboards being computed after their tab was opened, as `refresh:name`. */
  opening: new Set(),
  hiddenTiles: new Set(),
  view: { tab: DASHBOARDS[0].name, rep: null, performance: {} },

  engineConfig() {
    const config = { ...this.config };
    if (this.asOf) config.as_of = this.asOf;
    if (this.from) config.from = this.from;
    if (this.to) config.to = this.to;
    return config;
  },

  /**
   * Recomputes the visible dashboard alone and draws it (a filter change
   * recomputes only what is on screen); another dashboard is computed when
   * its tab is opened. The body's data-generation changes each time the
   * visible dashboard is drawn anew.
   */
  async refresh() {
    const refresh = ++this.refreshes;
    const tab = this.view.tab;
    const config = this.engineConfig();
    setStatus(t('data.working'));
    try {
      this.report = await this.engine.dashboard(tab, config);
    } catch (error) {
      if (!(error instanceof CancelledError)) showErrors([error]);
      return false;
    }
    if (refresh !== this.refreshes) return true;
    this.shown = refresh;
    this.drawn = new Set([tab]);
    renderAll();
    return true;
  },

  explain(kpi, entry, rep) {
    explain(this, kpi, entry, rep);
  },
  deals(query) {
    return this.engine.deals(this.engineConfig(), query);
  },
  activities(query) {
    return this.engine.activities(this.engineConfig(), query);
  },
  regionAccounts(region) {
    return this.engine.regionAccounts(this.engineConfig(), region);
  },

  async showDeals(query, title) {
    const list = await this.deals(query);
    $('explain-title').textContent = title;
    clear($('explain-body')).append(
      tableCard(t('explain.dealsTitle', { n: list.total }), dealColumns(), list.deals, { id: 'deals' }),
    );
    $('explain').hidden = false;
  },

  async setTarget(kpi, value) {
    this.config.targets = this.config.targets.filter((x) => !(x.kpi === kpi && !x.period && !x.rep));
    if (value !== null && Number.isFinite(value)) this.config.targets.push({ kpi, target: value });
    closeExplain(this);
    persist();
    await this.refresh();
  },

  async setMapping(file, field, header) {
    const previous = structuredClone(this.config.mappings);
    this.config.mappings[file] = { ...(this.config.mappings[file] || {}), [field]: header };
    if (!(await this.refresh())) {
      this.config.mappings = previous;
      await this.refresh();
    }
    persist();
  },

  async setKind(file, kind) {
    const previous = { ...this.config.kinds };
    this.config.kinds[file] = kind;
    if (!(await this.refresh())) {
      this.config.kinds = previous;
      await this.refresh();
    }
    persist();
  },

  async removeFile(name) {
    await this.engine.remove(name);
    this.loader.sources = this.loader.sources.filter((source) => source.name !== name);
    await this.refresh();
  },

  drill(state) {
    this.view.performance = state;
    renderDashboards();
  },
  chooseRep(rep) {
    this.view.rep = rep;
    renderDashboards();
  },
};

function setStatus(text, demo = false) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('demo', demo);
}

/** Shows errors, and notices (`notice: true`) that need no action but must not go unsaid. */
function showErrors(errors) {
  const box = clear($('errors'));
  errors.forEach((error) =>
    box.append(
      el('div', {
        class: error.notice ? 'notice' : 'error',
        'data-error-file': error.file || '',
        text: error.message || String(error),
      }),
    ),
  );
}

/**
 * The engine trapped and was restarted empty: give it the files back and
 * recompute, and tell the user in one message. A trap while loading is the
 * loader's to undo (it restores the previous files).
 */
async function recoverFromTrap() {
  if (app.recovering) return;
  app.recovering = true;
  try {
    if (!app.loader.busy) {
      await app.loader.restore(app.loader.sources, app.engineConfig());
      await app.refresh();
    }
    showErrors([{ message: t('engine.restarted') }]);
  } finally {
    app.recovering = false;
  }
}

// ----------------------------------------------------------------- files

/** Loads files ([{name, blob}]) with progress; `demo` replaces everything. */
async function loadSources(sources, { demo = false } = {}) {
  const { accepted, tooBig } = app.loader.checkSizes(sources);
  if (accepted.length === 0) {
    showErrors(tooBig);
    return;
  }
  const previous = { demo: app.demo, asOf: app.asOf, from: app.from, to: app.to };
  const replace = demo || app.demo;
  if (replace) app.asOf = app.from = app.to = null;
  app.demo = demo;
  // A file named like one already loaded replaces it: say so, never silently.
  const replaced = replace
    ? []
    : accepted
        .filter((s) => app.loader.sources.some((held) => held.name === s.name))
        .map((s) => ({ file: s.name, notice: true, message: t('load.replaced', { name: s.name }) }));
  const compute = (errors) => {
    showErrors([...tooBig, ...replaced, ...errors]);
    return app.refresh();
  };
  const loaded = await app.loader.load(accepted, { replace, config: app.engineConfig(), compute });
  if (!loaded) {
    Object.assign(app, previous);
    showErrors(tooBig);
    setStatus(t('load.cancelled'), app.demo);
  }
}

async function addFiles(fileList) {
  await loadSources([...fileList].map((file) => ({ name: file.name, blob: file })));
}

async function loadDemo() {
  const names = await (await fetch('demo/manifest.json')).json();
  const sources = await Promise.all(
    names.map(async (name) => ({ name, blob: await (await fetch(`demo/${encodeURIComponent(name)}`)).blob() })),
  );
  await loadSources(sources, { demo: true });
}

function wireDropZone() {
  const zone = $('drop-zone');
  $('file-input').addEventListener('change', async (event) => {
    const files = [...event.target.files];
    event.target.value = '';
    await addFiles(files);
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', async (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    await addFiles(event.dataTransfer.files);
  });
  $('load-demo').addEventListener('click', loadDemo);
  $('cancel-load').addEventListener('click', () => app.loader.cancel());
}

// --------------------------------------------------------------- filters

function fillSelect(select, values, selected, allLabel) {
  clear(select).append(
    el('option', { value: '', text: allLabel }),
    ...values.map((v) => el('option', { value: v, text: v, selected: v === selected })),
  );
}

function renderFilters() {
  const report = app.report;
  const dims = report.dimensions;
  const f = app.config.filters;
  fillSelect($('f-rep'), dims.reps, f.reps[0], t('filter.all'));
  fillSelect($('f-team'), dims.teams, f.teams[0], t('filter.all'));
  fillSelect($('f-region'), dims.regions, f.regions[0], t('filter.all'));
  fillSelect($('f-product'), dims.products, f.products[0], t('filter.all'));
  const period = $('f-period');
  const current = dims.periods.find((p) => {
    const [a, b] = periodBounds(p, dims);
    return a === app.from && b === app.to;
  });
  clear(period).append(
    el('option', { value: '', text: t('filter.whole'), selected: !app.from && !app.to }),
    el('option', { value: 'custom', text: t('filter.custom'), selected: Boolean((app.from || app.to) && !current) }),
    ...dims.periods.map((p) => el('option', { value: p, text: p, selected: p === current })),
  );
  $('f-from').value = report.selection.from;
  $('f-to').value = report.selection.to;
  $('f-asof').value = report.as_of;
}

function wireFilters() {
  const single = (id, key) =>
    $(id).addEventListener('change', (e) => {
      app.config.filters[key] = e.target.value ? [e.target.value] : [];
      app.refresh();
    });
  single('f-rep', 'reps');
  single('f-team', 'teams');
  single('f-region', 'regions');
  single('f-product', 'products');
  $('f-period').addEventListener('change', (e) => {
    if (e.target.value === 'custom') return;
    [app.from, app.to] = e.target.value ? periodBounds(e.target.value, app.report?.dimensions) : [null, null];
    if (app.to && app.report && app.to > app.report.as_of && !app.asOf) app.to = app.report.as_of;
    app.refresh();
  });
  $('f-from').addEventListener('change', (e) => {
    app.from = e.target.value || null;
    app.refresh();
  });
  $('f-to').addEventListener('change', (e) => {
    app.to = e.target.value || null;
    app.refresh();
  });
  $('f-asof').addEventListener('change', (e) => {
    app.asOf = e.target.value || null;
    app.refresh();
  });
  $('print').addEventListener('click', () => {
    renderPrintHeader();
    window.print();
  });
  $('f-reset').addEventListener('click', () => {
    app.config.filters = { reps: [], teams: [], regions: [], products: [] };
    app.asOf = app.from = app.to = null;
    app.refresh();
  });
}

// ------------------------------------------------------------ dashboards

function renderTabs() {
  const choose = (name) => {
    app.view.tab = name;
    renderTabs();
    renderDashboards();
  };
  clear($('tabs')).append(...tabButtons(DASHBOARDS, app.view.tab, choose));
}

/**
 * What a printed page (or PDF) says above the visible dashboard: its name,
 * the period, the as-of date and the filters; the document title names the
 * dashboard too, so a PDF's title and file name say what it holds.
 */
function renderPrintHeader() {
  const report = app.report;
  const title = `${t(`tab.${app.view.tab}`)} · ${t('app.title')}`;
  document.title = title;
  if (!report) return;
  const f = app.config.filters;
  const filters = [
    ['filter.rep', f.reps],
    ['filter.team', f.teams],
    ['filter.region', f.regions],
    ['filter.product', f.products],
  ]
    .filter(([, values]) => values.length)
    .map(([key, values]) => `${t(key)}: ${values.join(', ')}`);
  clear($('print-header')).append(
    el('h1', { text: title }),
    el('p', {
      text: [
        `${t('print.period')} ${formatDate(report.selection.from)} – ${formatDate(report.selection.to)}, ${t('print.asOf')} ${formatDate(report.as_of)}`,
        `${t('print.filters')}: ${filters.length ? filters.join('; ') : t('print.none')}`,
        `${t('print.printed')} ${formatDate(new Date().toISOString().slice(0, 10))}`,
      ].join(' · '),
    }),
  );
}

/** A dashboard whose view is still being computed. */
function pending(name) {
  return el(
    'section',
    { class: 'dashboard pending', 'data-pending': name, 'aria-busy': 'true' },
    el('p', { class: 'muted', text: t('data.working') }),
  );
}

/**
 * Draws the visible dashboard alone: from the view the page holds, or, when
 * its tab was opened after the last refresh, once the engine has computed it.
 */
function renderDashboards() {
  const main = $('dashboards');
  const d = DASHBOARDS.find((x) => x.name === app.view.tab);
  destroyCharts(main);
  clear(main).append(app.drawn.has(d.name) ? d.render(app, app.report) : pending(d.name));
  renderPrintHeader();
  if (!app.drawn.has(d.name)) computeDashboard(d.name).catch((error) => showErrors([error]));
}

/** Adds one dashboard's view to the report the page holds. */
function mergeView(view) {
  Object.assign(app.report.kpis, view.kpis);
  for (const [key, value] of Object.entries(view.dashboards)) {
    if (Array.isArray(value) ? value.length > 0 : value) app.report.dashboards[key] = value;
  }
}

/**
 * Computes a dashboard whose tab was opened after the last refresh, and draws
 * it if it is still the visible one. A view computed for other data (a refresh
 * started or finished meanwhile) is dropped: the refresh draws its own.
 */
async function computeDashboard(name) {
  const refresh = app.refreshes;
  const key = `${refresh}:${name}`;
  if (app.opening.has(key)) return;
  app.opening.add(key);
  let view;
  try {
    view = await app.engine.dashboard(name, app.engineConfig());
  } catch (error) {
    if (!(error instanceof CancelledError)) showErrors([error]);
    return;
  } finally {
    app.opening.delete(key);
  }
  if (refresh !== app.refreshes || app.shown !== refresh || app.drawn.has(name)) return;
  mergeView(view);
  app.drawn.add(name);
  if (app.view.tab !== name) return;
  renderDashboards();
  markDrawn();
}

/** Tells tests (and anyone watching) that the visible dashboard shows the current data. */
function markDrawn() {
  document.body.dataset.generation = String(Number(document.body.dataset.generation || 0) + 1);
}

function renderAll() {
  const report = app.report;
  const currencies = report.dimensions.currencies;
  setCurrency(app.currency || (currencies.length === 1 ? currencies[0] : language() === 'id' ? 'IDR' : 'USD'));
  applyStaticText();
  renderFilters();
  renderFiles(app, report, app.fields);
  renderQuality(report);
  renderTabs();
  renderDashboards();
  if (app.drawn.has(app.view.tab)) markDrawn();
  const deals = report.quality.files.some((f) => f.kind === 'deals');
  if (app.demo) setStatus(t('data.demoActive'), true);
  else setStatus(deals ? t('data.loaded', { n: report.quality.files.length }) : t('data.needDeals'));
}

// -------------------------------------------------------------- settings

function persist() {
  if (!app.remember) return;
  save({
    lang: language(),
    currency: app.currency,
    targets: app.config.targets,
    mappings: app.config.mappings,
    kinds: app.config.kinds,
    locale: app.config.locale,
    fiscalStart: app.config.fiscal_year_start_month || 1,
    hiddenTiles: [...app.hiddenTiles],
  });
}

function restore() {
  const saved = loadSaved();
  if (!saved) return;
  app.remember = true;
  setLanguage(typeof saved.lang === 'string' ? saved.lang : 'en');
  if (typeof saved.currency === 'string') app.currency = saved.currency;
  if (Array.isArray(saved.targets))
    app.config.targets = saved.targets
      .filter((x) => x && typeof x.kpi === 'string' && typeof x.target === 'number')
      .map(({ kpi, target, period, rep }) => ({ kpi, target, ...(period ? { period } : {}), ...(rep ? { rep } : {}) }));
  if (saved.mappings && typeof saved.mappings === 'object')
    app.config.mappings = Object.assign(Object.create(null), saved.mappings);
  if (saved.kinds && typeof saved.kinds === 'object')
    app.config.kinds = Object.assign(Object.create(null), saved.kinds);
  if (['auto', 'en', 'id'].includes(saved.locale)) app.config.locale = saved.locale;
  if (Number.isInteger(saved.fiscalStart) && saved.fiscalStart >= 1 && saved.fiscalStart <= 12)
    app.config.fiscal_year_start_month = saved.fiscalStart;
  if (Array.isArray(saved.hiddenTiles))
    app.hiddenTiles = new Set(saved.hiddenTiles.filter((x) => typeof x === 'string'));
}

function renderSettings() {
  const body = clear($('settings-body'));
  const remember = el('input', {
    type: 'checkbox',
    id: 'remember',
    checked: app.remember,
    onchange: (e) => {
      app.remember = e.target.checked;
      if (app.remember) persist();
      else forget();
    },
  });
  const currencies = [...new Set([...(app.report?.dimensions.currencies || []), 'IDR', 'USD', 'EUR', 'SGD'])];
  const currency = el(
    'select',
    {
      id: 'currency',
      onchange: (e) => {
        app.currency = e.target.value;
        persist();
        renderAll();
      },
    },
    currencies.map((c) => el('option', { value: c, text: c, selected: c === app.currency })),
  );
  const locale = el(
    'select',
    {
      id: 'locale',
      onchange: async (e) => {
        app.config.locale = e.target.value;
        persist();
        await app.refresh();
      },
    },
    ['auto', 'en', 'id'].map((v) =>
      el('option', {
        value: v,
        text: t(`settings.locale${v[0].toUpperCase()}${v.slice(1)}`),
        selected: app.config.locale === v,
      }),
    ),
  );
  const monthName = (m) =>
    new Intl.DateTimeFormat(language() === 'id' ? 'id-ID' : 'en-GB', { month: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, m - 1, 1)),
    );
  const fiscal = el(
    'select',
    {
      id: 'fiscal-start',
      onchange: async (e) => {
        app.config.fiscal_year_start_month = Number(e.target.value);
        app.from = app.to = null;
        persist();
        await app.refresh();
      },
    },
    Array.from({ length: 12 }, (_, i) =>
      el('option', {
        value: i + 1,
        text: monthName(i + 1),
        selected: (app.config.fiscal_year_start_month || 1) === i + 1,
      }),
    ),
  );
  const tileBoxes = Object.keys(app.report?.kpis || {}).map((id) =>
    el(
      'label',
      { class: 'settings-row' },
      el('input', {
        type: 'checkbox',
        'data-tile-toggle': id,
        checked: !app.hiddenTiles.has(id),
        onchange: (e) => {
          if (e.target.checked) app.hiddenTiles.delete(id);
          else app.hiddenTiles.add(id);
          persist();
          renderDashboards();
        },
      }),
      ` ${kpiName(id)}`,
    ),
  );
  body.append(
    el('div', { class: 'settings-row' }, el('label', {}, remember, ` ${t('settings.remember')}`)),
    el(
      'div',
      { class: 'settings-row' },
      el('button', {
        type: 'button',
        id: 'forget',
        class: 'ghost',
        text: t('settings.forget'),
        onclick: () => {
          forget();
          app.remember = false;
          app.config.targets = [];
          app.config.mappings = {};
          app.config.kinds = {};
          delete app.config.fiscal_year_start_month;
          app.hiddenTiles = new Set();
          renderSettings();
          body.prepend(el('p', { id: 'forgotten', text: t('settings.forgotten') }));
          app.refresh();
        },
      }),
    ),
    el('div', { class: 'settings-row' }, el('label', {}, `${t('settings.currency')} `, currency)),
    el('div', { class: 'settings-row' }, el('label', {}, `${t('settings.locale')} `, locale)),
    el('div', { class: 'settings-row' }, el('label', {}, `${t('settings.fiscalStart')} `, fiscal)),
    el('p', { class: 'muted', text: t('settings.targetsFile') }),
    el('h3', { text: t('settings.tiles') }),
    ...tileBoxes,
  );
}

// ------------------------------------------------------------------ start

async function start() {
  restore();
  $('lang').value = language();
  applyStaticText();
  $('lang').addEventListener('change', (e) => {
    setLanguage(e.target.value);
    persist();
    renderAll();
  });
  $('explain-close').addEventListener('click', () => closeExplain());
  $('open-settings').addEventListener('click', () => {
    renderSettings();
    $('settings').hidden = false;
  });
  $('settings-close').addEventListener('click', () => {
    $('settings').hidden = true;
  });
  wireDropZone();
  wireFilters();
  app.fields = await app.engine.fields();
  app.engine.onRestart = recoverFromTrap;
  app.loader.maxFileBytes = (await app.engine.limits()).maxFileBytes;
  $('file-limit').textContent = t('load.limit', { limit: Math.round(app.loader.maxFileBytes / (1024 * 1024)) });
  await loadDemo();
  document.body.dataset.ready = 'true';
}

// A blocked request is a bug of the page: it says so in the console.
window.addEventListener('securitypolicyviolation', (event) => {
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
});

start().catch((error) => showErrors([error]));
