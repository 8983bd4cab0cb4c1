// <sales-kpi-dashboard>: the dashboards as one custom element, for a CRM
// page that embeds them. One module: it loads the engine's worker, the chart
// library and its styles relative to its own URL, so the files of www/ can
// be copied anywhere together. Each element has its own engine (a worker)
// and its own open shadow root: host CSS does not reach in, ours not out.
//
//   <script type="module" src="/sales-kpi/sales-kpi-dashboard.js"></script>
//   <sales-kpi-dashboard dashboard="pipeline" lang="id"></sales-kpi-dashboard>
import { EngineClient, CancelledError } from './engine-client.js';
import { el, clear, tableCard } from './dom.js';
import { t, setLanguage, setCurrency } from './i18n.js';
import { destroyCharts } from './charts.js';
import { explain, closeExplain } from './explain.js';
import { dealColumns } from './columns.js';
import { periodBounds } from './periods.js';
import { recordsToCsv, recordOfRow } from './records.js';
import { DASHBOARDS, tabButtons } from './dashboards/index.js';

const BASE = new URL('./', import.meta.url);
const STORAGE_PREFIX = 'sales-kpi-dashboard:';
const FILTERS = [
  ['reps', 'rep'],
  ['teams', 'team'],
  ['regions', 'region'],
  ['products', 'product'],
];
const emptyFilters = () => ({ reps: [], teams: [], regions: [], products: [] });

let chartLibrary = null;
/** Chart.js is a classic script: added once to the host document, from our folder. */
function loadChartLibrary() {
  if (window.Chart) return Promise.resolve();
  chartLibrary ??= new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = new URL('vendor/chart.umd.min.js', BASE).href;
    script.onload = resolve;
    script.onerror = resolve; // without charts the tiles and tables still work
    document.head.append(script);
  });
  return chartLibrary;
}

/** `{name, bytes}` or a File, as the worker takes them (a copy of bytes is transferred). */
function workerFile(file) {
  if (typeof Blob !== 'undefined' && file instanceof Blob) return { name: file.name || 'file.csv', blob: file };
  if (file && file.blob instanceof Blob) return { name: String(file.name), blob: file.blob };
  if (file && file.bytes instanceof Uint8Array) return { name: String(file.name), buffer: file.bytes.slice().buffer };
  throw new TypeError('each file must be a File or {name, bytes: Uint8Array}');
}

class SalesKpiDashboard extends HTMLElement {
  static observedAttributes = ['dashboard', 'lang', 'currency', 'as-of', 'period', 'rep', 'controls', 'remember'];

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.engine = null;
    this.current = null;
    this.loaded = false;
    this.refreshes = 0;
    this.userConfig = { filters: emptyFilters(), targets: [], mappings: {}, kinds: {} };
    this.view = { tab: DASHBOARDS[0].name, rep: null, performance: {} };
    this.hiddenTiles = new Set();
    this.build();
  }

  build() {
    const css = (file) => el('link', { rel: 'stylesheet', href: new URL(file, BASE).href });
    this.parts = {
      filters: el('div', { class: 'filters skd-filters', part: 'filters' }),
      status: el('div', { class: 'status', role: 'status', 'aria-live': 'polite' }),
      errors: el('div', { class: 'errors', role: 'alert' }),
      tabs: el('nav', { class: 'tabs', role: 'tablist' }),
      dashboards: el('div', { class: 'skd-dashboards' }),
    };
    const drawer = el(
      'aside',
      { id: 'explain', class: 'drawer', hidden: true },
      el(
        'div',
        { class: 'drawer-head' },
        el('h2', { id: 'explain-title' }),
        el('button', {
          type: 'button',
          class: 'ghost',
          text: t('common.close'),
          onclick: () => closeExplain(this.app()),
        }),
      ),
      el('div', { id: 'explain-body' }),
    );
    this.shadowRoot.append(
      css('styles.css'),
      css('sales-kpi-dashboard.css'),
      el('div', { class: 'skd', part: 'root' }, ...Object.values(this.parts), drawer),
    );
    this.shadowRoot.addEventListener('click', (event) => this.selectDeal(event));
    this.shadowRoot.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.selectDeal(event);
    });
  }

  connectedCallback() {
    this.startEngine();
    this.restoreSaved();
    // Loaded before it was attached: draw again, now that its charts can be drawn.
    if (this.loaded) this.refresh();
  }

  /** The element's own engine, started on first need (it may be loaded before it is attached). */
  startEngine() {
    if (!this.engine) {
      this.engine = new EngineClient();
      this.engine.onRestart = () => this.showErrors([{ message: t('engine.restarted') }]);
    }
    return this.engine;
  }

  disconnectedCallback() {
    destroyCharts(this.parts.dashboards);
  }

  attributeChangedCallback(name) {
    if (name === 'dashboard' && this.dashboardName !== 'all') this.view.tab = this.dashboardName;
    if (this.loaded) this.refresh();
  }

  // ------------------------------------------------------------ attributes

  get dashboardName() {
    const name = this.getAttribute('dashboard') || 'all';
    return name === 'all' || DASHBOARDS.some((d) => d.name === name) ? name : 'all';
  }
  get lang() {
    return this.getAttribute('lang') === 'id' ? 'id' : 'en';
  }

  // ------------------------------------------------------------- the API

  /** The configuration (the CLI's): filters, targets, mappings, as_of, from, to… */
  get config() {
    return structuredClone(this.userConfig);
  }

  async setConfig(config) {
    this.userConfig = {
      filters: emptyFilters(),
      targets: [],
      mappings: {},
      kinds: {},
      ...structuredClone(config || {}),
    };
    this.userConfig.filters = { ...emptyFilters(), ...(this.userConfig.filters || {}) };
    this.save();
    if (this.loaded) await this.refresh();
  }

  /** Replaces the data with these files (File or {name, bytes}); resolves with the per-file errors. */
  async load(files) {
    const list = Array.from(files || [], workerFile);
    this.setStatus(t('data.working'));
    await this.startEngine().clear();
    let errors;
    try {
      errors = await this.engine.add(list, this.engineConfig());
    } catch (error) {
      if (!(error instanceof CancelledError)) this.showErrors([error]);
      throw error;
    }
    this.loaded = true;
    await this.refresh();
    this.showErrors(errors);
    return errors;
  }

  /**
   * Replaces the data with CRM records: {deals: [...], reps: [...], ...},
   * each a plain object keyed by canonical field names. They pass the same
   * rules as CSV; a rejected record is told as `record` in the quality report.
   */
  async loadRecords(records) {
    const fields = await this.startEngine().fields();
    const files = recordsToCsv(records, fields);
    const encoder = new TextEncoder();
    files.forEach((file) => {
      this.userConfig.kinds[file.name] = file.kind;
    });
    return this.load(files.map((file) => ({ name: file.name, bytes: encoder.encode(file.text) })));
  }

  /** The full report (docs/spec.md §4) for the current configuration. */
  async report() {
    return withRecords(await this.startEngine().report(this.engineConfig()));
  }

  /** Removes what this element saved (only its own key), if it saved anything. */
  forget() {
    try {
      window.localStorage.removeItem(this.storageKey());
    } catch {
      /* storage blocked */
    }
  }

  // ------------------------------------------------------------ internals

  engineConfig() {
    const config = structuredClone(this.userConfig);
    const asOf = this.getAttribute('as-of');
    if (asOf) config.as_of = asOf;
    const period = this.getAttribute('period');
    if (period && !config.from && !config.to) {
      const [from, to] = periodBounds(period, this.current?.dimensions);
      if (from) Object.assign(config, { from, to });
    }
    const rep = this.getAttribute('rep');
    if (rep) config.filters = { ...config.filters, reps: [rep] };
    return config;
  }

  visibleDashboard() {
    return this.dashboardName === 'all' ? this.view.tab : this.dashboardName;
  }

  async refresh() {
    const refresh = ++this.refreshes;
    this.setStatus(t('data.working'));
    let report;
    try {
      report = await this.engine.dashboard(this.visibleDashboard(), this.engineConfig());
      await loadChartLibrary();
    } catch (error) {
      if (!(error instanceof CancelledError)) this.showErrors([error]);
      return;
    }
    if (refresh !== this.refreshes) return;
    this.current = withRecords(report);
    this.render();
    this.setStatus('');
    this.dataset.generation = String(refresh);
    this.emit('sales-kpi-ready', { dashboard: this.visibleDashboard() });
  }

  /** What the dashboards' renderers need of their host (the page's `app`). */
  app() {
    const element = this;
    const config = () => this.engineConfig();
    return {
      root: this.shadowRoot,
      hiddenTiles: this.hiddenTiles,
      view: this.view,
      explain(kpi, entry, rep) {
        element.emit('sales-kpi-select', { kpi: kpi.id, rep: rep || null });
        explain(this, kpi, entry, rep);
      },
      deals: (query) => this.engine.deals(config(), query),
      activities: (query) => this.engine.activities(config(), query),
      regionAccounts: (region) => this.engine.regionAccounts(config(), region),
      showDeals: async (query, title) => {
        const list = await this.engine.deals(config(), query);
        this.shadowRoot.getElementById('explain-title').textContent = title;
        clear(this.shadowRoot.getElementById('explain-body')).append(
          tableCard(t('explain.dealsTitle', { n: list.total }), dealColumns(), list.deals, { id: 'deals' }),
        );
        this.shadowRoot.getElementById('explain').hidden = false;
      },
      setTarget: async (kpi, value) => {
        const targets = this.userConfig.targets.filter((x) => !(x.kpi === kpi && !x.period && !x.rep));
        if (value !== null && Number.isFinite(value)) targets.push({ kpi, target: value });
        this.userConfig.targets = targets;
        closeExplain(this.app());
        this.changed();
      },
      drill: (state) => {
        this.view.performance = state;
        this.render();
      },
      chooseRep: (rep) => {
        this.view.rep = rep;
        this.render();
      },
    };
  }

  render() {
    const report = this.current;
    if (!report) return;
    setLanguage(this.lang);
    const currencies = report.dimensions.currencies || [];
    setCurrency(
      this.getAttribute('currency') || (currencies.length === 1 ? currencies[0] : this.lang === 'id' ? 'IDR' : 'USD'),
    );
    if (this.getAttribute('rep')) this.view.rep = this.getAttribute('rep');
    this.renderFilters(report);
    this.renderTabs();
    destroyCharts(this.parts.dashboards);
    const dashboard = DASHBOARDS.find((d) => d.name === this.visibleDashboard());
    clear(this.parts.dashboards).append(dashboard.render(this.app(), report));
  }

  renderFilters(report) {
    const box = clear(this.parts.filters);
    box.hidden = this.getAttribute('controls') === 'none';
    if (box.hidden) return;
    const filters = this.engineConfig().filters;
    const locked = this.getAttribute('rep');
    const select = (label, values, selected, onchange, attrs = {}, all = t('filter.all')) =>
      el(
        'label',
        {},
        el('span', { text: `${label} ` }),
        el(
          'select',
          { onchange: (e) => onchange(e.target.value), ...attrs },
          el('option', { value: '', text: all }),
          values.map((v) => el('option', { value: v, text: v, selected: v === selected })),
        ),
      );
    const dims = report.dimensions;
    const period = dims.periods.find((p) => {
      const [from, to] = periodBounds(p, dims);
      return from === report.selection.from && to === report.selection.to;
    });
    box.append(
      select(
        t('filter.period'),
        dims.periods,
        period,
        (value) => {
          const [from, to] = value ? periodBounds(value, dims) : [null, null];
          delete this.userConfig.from;
          delete this.userConfig.to;
          if (from)
            Object.assign(this.userConfig, {
              from,
              to: to > report.as_of && !this.getAttribute('as-of') ? report.as_of : to,
            });
          this.changed();
        },
        { 'data-filter': 'period' },
        t('filter.whole'),
      ),
    );
    FILTERS.forEach(([key, label]) => {
      if (key === 'reps' && locked) return;
      box.append(
        select(
          t(`filter.${label}`),
          dims[key],
          filters[key][0],
          (value) => {
            this.userConfig.filters[key] = value ? [value] : [];
            this.changed();
          },
          { 'data-filter': label },
        ),
      );
    });
  }

  renderTabs() {
    const tabs = clear(this.parts.tabs);
    tabs.hidden = this.dashboardName !== 'all';
    if (tabs.hidden) return;
    const choose = (name) => {
      this.view.tab = name;
      this.refresh();
    };
    tabs.append(...tabButtons(DASHBOARDS, this.view.tab, choose));
  }

  /** The user changed the configuration: tell the host, save if allowed, recompute. */
  changed() {
    this.emit('sales-kpi-change', { config: this.config });
    this.save();
    this.refresh();
  }

  selectDeal(event) {
    const row = event.composedPath().find((node) => node instanceof HTMLElement && node.dataset?.dealId !== undefined);
    if (row) this.emit('sales-kpi-select', { deal_id: row.dataset.dealId, account: row.dataset.account || null });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  setStatus(text) {
    this.parts.status.textContent = text;
  }

  showErrors(errors) {
    clear(this.parts.errors).append(
      ...(errors || []).map((error) =>
        el('div', {
          class: error.notice ? 'notice' : 'error',
          'data-error-file': error.file || '',
          text: error.message || String(error),
        }),
      ),
    );
  }

  // ------------------------------------------------- opt-in saved settings

  storageKey() {
    return `${STORAGE_PREFIX}${this.id || 'default'}`;
  }

  /** Only with the `remember` attribute, and only under this element's own key. */
  save() {
    if (!this.hasAttribute('remember')) return;
    const { filters, targets } = this.userConfig;
    try {
      window.localStorage.setItem(this.storageKey(), JSON.stringify({ filters, targets }));
    } catch {
      /* storage blocked */
    }
  }

  restoreSaved() {
    if (!this.hasAttribute('remember')) return;
    try {
      const saved = JSON.parse(window.localStorage.getItem(this.storageKey()) || 'null');
      if (saved?.filters) this.userConfig.filters = { ...emptyFilters(), ...saved.filters };
      if (Array.isArray(saved?.targets)) this.userConfig.targets = saved.targets;
    } catch {
      /* nothing saved, or storage blocked */
    }
  }
}

/** Rejected rows of records files also name their record (row 2 is record 1). */
function withRecords(report) {
  for (const file of report.quality?.files || []) {
    for (const rejection of file.rejected || []) {
      const record = recordOfRow(file.name, rejection.row);
      if (record !== null) rejection.record = record;
    }
  }
  return report;
}

if (!customElements.get('sales-kpi-dashboard')) customElements.define('sales-kpi-dashboard', SalesKpiDashboard);
export { SalesKpiDashboard };
