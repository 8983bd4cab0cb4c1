// The demo host: a CRM page with its records in memory (here read from the
// demo CSVs and turned into the records a CRM's API would return), its own
// deal list, and the widget fed through loadRecords. A deal clicked in the
// widget opens in the CRM's list (sales-kpi-select).

const KINDS = {
  'deals.csv': 'deals',
  'accounts.csv': 'accounts',
  'reps.csv': 'reps',
  'activities.csv': 'activities',
  'stage_history.csv': 'stage_history',
  'products.csv': 'products',
  'targets.csv': 'targets',
};
const NUMBERS = new Set(['amount', 'probability', 'term_months', 'quota', 'list_price', 'target']);
const FIELD_OF_HEADER = { account_name: 'account' };

/** RFC 4180 rows (quoted fields, doubled quotes). */
function parseCsv(text) {
  const rows = [[]];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      rows.at(-1).push(field);
      field = '';
    } else if (c === '\n') {
      rows.at(-1).push(field);
      field = '';
      rows.push([]);
    } else if (c !== '\r') field += c;
  }
  if (field || rows.at(-1).length) rows.at(-1).push(field);
  return rows.filter((row) => row.length > 1 || row[0]);
}

function fieldOf(header) {
  const name = header
    .toLowerCase()
    .replace(/\s*\(%\)/, '')
    .trim()
    .replace(/\s+/g, '_');
  return FIELD_OF_HEADER[name] || name;
}

function toRecords(text) {
  const [headers, ...rows] = parseCsv(text);
  const fields = headers.map(fieldOf);
  return rows.map((row) =>
    Object.fromEntries(
      fields.map((field, i) => {
        const cell = row[i] ?? '';
        if (cell === '') return [field, null];
        return [field, NUMBERS.has(field) ? Number(cell) : cell];
      }),
    ),
  );
}

async function crmRecords() {
  const names = await (await fetch('demo/manifest.json')).json();
  const records = {};
  for (const name of names.filter((n) => KINDS[n]))
    records[KINDS[name]] = toRecords(await (await fetch(`demo/${name}`)).text());
  return records;
}

const money = (value, currency) =>
  new Intl.NumberFormat('id-ID', { style: 'currency', currency: currency || 'IDR', maximumFractionDigits: 0 }).format(
    value || 0,
  );

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text ?? '—';
  if (className) td.className = className;
  return td;
}

function showList(deals) {
  const body = document.querySelector('#crm-deals tbody');
  body.replaceChildren(
    ...deals.slice(0, 40).map((deal) => {
      const tr = document.createElement('tr');
      tr.dataset.crmDeal = deal.deal_id;
      tr.append(
        cell(deal.deal_name),
        cell(deal.account),
        cell(deal.owner),
        cell(deal.stage),
        cell(money(deal.amount, deal.currency), 'num'),
      );
      return tr;
    }),
  );
}

/** Opens a deal in the CRM's own list: its card on top, its row marked. */
function openDeal(deals, id) {
  const deal = deals.find((d) => d.deal_id === id);
  if (!deal) return;
  if (!document.querySelector(`[data-crm-deal="${CSS.escape(id)}"]`))
    showList([deal, ...deals.filter((d) => d !== deal)]);
  document.querySelectorAll('#crm-deals tr.chosen').forEach((tr) => tr.classList.remove('chosen'));
  document.querySelector(`[data-crm-deal="${CSS.escape(id)}"]`)?.classList.add('chosen');
  const card = document.getElementById('crm-deal');
  const title = document.createElement('h2');
  title.textContent = `${deal.deal_id}: ${deal.deal_name}`;
  const list = document.createElement('dl');
  for (const [label, value] of [
    ['Account', deal.account],
    ['Owner', deal.owner],
    ['Stage', deal.stage],
    ['Amount', money(deal.amount, deal.currency)],
    ['Created', deal.created_date],
    ['Close', deal.close_date],
  ]) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value ?? '—';
    list.append(dt, dd);
  }
  card.replaceChildren(title, list);
  card.dataset.deal = deal.deal_id;
  card.hidden = false;
  card.scrollIntoView({ block: 'nearest' });
}

async function start() {
  const records = await crmRecords();
  const deals = records.deals;
  showList(deals);
  const widget = document.getElementById('kpis');
  widget.addEventListener('sales-kpi-select', (event) => {
    if (event.detail.deal_id) openDeal(deals, event.detail.deal_id);
  });
  await widget.loadRecords(records);
  document.getElementById('crm-status').textContent =
    `${deals.length} deals. Click a deal in the dashboards to open it here.`;
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  document.getElementById('crm-status').textContent = `Could not load: ${error.message}`;
});
