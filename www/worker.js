// The engine runs here, off the page's thread, so no file freezes the page.
import init, { Engine, canonicalFields, maxFileBytes } from './pkg/sales_kpi.js';
import { MORE_ROUNDS, warmUp, warmUpAgain, warmUpFiles } from './warmup.js';

// Before the first request, a small made-up load gets the engine's code
// optimised (see warmup.js). It is only a head start: if it fails, the
// user's files are read as they would have been without it.
// A browser that cannot compile the module (it uses WebAssembly's 128-bit
// vectors) gets a message saying what it lacks on each request.
let warmUpMs = null;
const ready = init().then(
  () => {
    try {
      warmUpMs = warmUp(Engine).ms;
    } catch {
      // Nothing to undo: the warm-up's engine was its own.
    }
  },
  (error) => {
    throw new Error(
      `This browser cannot run the engine: it needs WebAssembly with SIMD (Chrome or Edge 91, Firefox 89, Safari 16.4 or later). ${error?.message ?? error}`,
    );
  },
);
// Each request awaits it and reports the failure; none is left unhandled.
ready.catch(() => {});
// Then more rounds while the worker has nothing else to do (see MORE_ROUNDS), none once a file has
// come: the user's own load and report then run on optimised code.
let filesCame = false;
const warmedUp = ready
  .then(async () => {
    const files = warmUpFiles();
    for (let round = 0; round < MORE_ROUNDS && warmUpMs !== null; round++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (filesCame) return;
      warmUpMs += warmUpAgain(Engine, files);
    }
  })
  .catch(() => {});
let engine = null;

/** A trap (a panic in the engine) leaves it unusable: every later call fails. */
function isTrap(error) {
  return (
    error instanceof WebAssembly.RuntimeError || /recursive use of an object/.test(String(error?.message ?? error))
  );
}

function describe(error) {
  const trapped = isTrap(error);
  if (error && typeof error === 'object') {
    // Every property the engine set (name, kind, file, line, column, reason), then what crossing needs.
    const own = Object.fromEntries(Object.keys(error).map((key) => [key, error[key]]));
    const kind = error.kind ?? (trapped ? 'internal' : undefined);
    return {
      name: error.name,
      ...own,
      kind,
      message: String(error.message ?? error),
      file: error.file ?? null,
      line: error.line ?? null,
      column: error.column ?? null,
      trapped,
    };
  }
  return { message: String(error), trapped };
}

const handlers = {
  // Progress goes out while the engine works: the page draws it at once.
  // A File (a Blob) is read by the engine itself, slice by slice, only
  // while it parses it: no copy of its bytes is kept.
  add: ({ id, files, config }) =>
    engine.addFilesReporting(
      files.map((f) => (f.blob ? { name: f.name, blob: f.blob } : { name: f.name, bytes: new Uint8Array(f.buffer) })),
      config,
      (progress) => self.postMessage({ id, progress }),
    ),
  remove: ({ name }) => engine.removeFile(name),
  clear: () => engine.clear(),
  names: () => engine.fileNames(),
  // The report and the views cross to the page as JSON text, which it
  // parses: text is copied in one go, an object field by field.
  report: ({ config }) => engine.reportText(config),
  dashboard: ({ name, config }) => engine.dashboardText(name, config),
  deals: ({ config, query }) => engine.deals(config, query),
  activities: ({ config, query }) => engine.activities(config, query),
  regionAccounts: ({ config, region }) => engine.regionAccounts(config, region),
  fields: () => canonicalFields(),
  limits: () => ({ maxFileBytes: maxFileBytes() }),
  // How long the warm-up took, all its rounds (the benchmark reports it).
  warmUp: async () => {
    await warmedUp;
    return { ms: warmUpMs };
  },
};

self.onmessage = async (event) => {
  const { id, type, ...args } = event.data;
  filesCame ||= type === 'add';
  try {
    await ready;
    engine ??= new Engine();
    const handler = Object.hasOwn(handlers, type) ? handlers[type] : null;
    if (!handler) throw new Error(`unknown request ${type}`);
    self.postMessage({ id, ok: true, result: await handler({ id, ...args }) });
  } catch (error) {
    self.postMessage({ id, ok: false, error: describe(error) });
  }
};
