// The iframe mode: <sales-kpi-dashboard> in a frame of its own, talking to
// its parent window only, and only to the origins named in its URL
// (embed.html?origin=https://crm.example.com, repeatable). Every message
// from anything else (another origin, another window) is ignored.
//
// In:  {type: 'sales-kpi:load', id, files: [File | {name, bytes}]}
//      {type: 'sales-kpi:records', id, records}
//      {type: 'sales-kpi:config', id, config}
//      {type: 'sales-kpi:report', id}
// Out: {type: 'sales-kpi:listening'} once, then {type: 'sales-kpi:done', id, result}
//      or {type: 'sales-kpi:failed', id, error: {name, message, ...}}, and the element's
//      events as sales-kpi:ready, sales-kpi:change, sales-kpi:select with their detail.

const params = new URLSearchParams(window.location.search);
const allowed = new Set(
  params.getAll('origin').filter((origin) => {
    try {
      return new URL(origin).origin === origin;
    } catch {
      return false;
    }
  }),
);
const widget = document.getElementById('widget');
for (const name of ['dashboard', 'lang', 'currency', 'as-of', 'period', 'rep', 'controls']) {
  if (params.has(name)) widget.setAttribute(name, params.get(name));
}

/**
 * The parent's origin, the one origin we talk to: read from
 * location.ancestorOrigins where the browser has it, else taken from the
 * parent's first message (whose origin the browser vouches for).
 */
const ancestors = window.location.ancestorOrigins;
let parentOrigin = ancestors?.[0] && allowed.has(ancestors[0]) ? ancestors[0] : null;
const framed = window.parent !== window;
const refused = !framed || allowed.size === 0 || (ancestors && !parentOrigin);
if (refused) {
  const notice = document.getElementById('embed-notice');
  notice.textContent =
    allowed.size === 0
      ? "This dashboard is meant to be embedded: add ?origin=<the embedding page's origin> to its URL."
      : 'This page is not embedded by an allowed origin: it accepts no data.';
  notice.hidden = false;
}

function post(message) {
  if (parentOrigin && framed) window.parent.postMessage(message, parentOrigin);
}

/** An error as plain data (every property, as the worker passes them). */
function plainError(error) {
  const plain = { name: error?.name || 'Error', message: String(error?.message ?? error) };
  if (error && typeof error === 'object') {
    for (const [key, value] of Object.entries(error))
      if (value === null || typeof value !== 'object') plain[key] = value;
  }
  return plain;
}

const requests = {
  'sales-kpi:load': ({ files }) => widget.load(files),
  'sales-kpi:records': ({ records }) => widget.loadRecords(records),
  'sales-kpi:config': ({ config }) => widget.setConfig(config),
  'sales-kpi:report': () => widget.report(),
};

window.addEventListener('message', async (event) => {
  if (refused || event.source !== window.parent || !allowed.has(event.origin)) return;
  if (parentOrigin && event.origin !== parentOrigin) return;
  parentOrigin = event.origin;
  const { type, id = null } = event.data || {};
  if (!Object.hasOwn(requests, type)) return;
  try {
    post({ type: 'sales-kpi:done', id, result: (await requests[type](event.data)) ?? null });
  } catch (error) {
    post({ type: 'sales-kpi:failed', id, error: plainError(error) });
  }
});

for (const type of ['sales-kpi-ready', 'sales-kpi-change', 'sales-kpi-select']) {
  widget.addEventListener(type, (event) =>
    post({ type: type.replace('sales-kpi-', 'sales-kpi:'), detail: event.detail }),
  );
}
post({ type: 'sales-kpi:listening' });
