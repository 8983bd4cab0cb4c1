// Loading files into the engine with a real progress bar and a Cancel
// button. The page keeps the files the engine holds (as File or Blob, which
// cost no memory until read), so that a cancelled load can give a fresh
// engine the previous files back while the dashboards stay as they were.
import { CancelledError } from './engine-client.js';
import { t, formatNumber } from './i18n.js';

const $ = (id) => document.getElementById(id);
const MB = 1024 * 1024;

/** Shares of the bar: reading the files, the engine parsing them, computing. */
const READ_SHARE = 0.3;
const PARSE_SHARE = 0.65;

function show(fraction, text) {
  const bar = $('progress-bar');
  const percent = Math.max(0, Math.min(100, Math.round(fraction * 100)));
  bar.setAttribute('aria-valuenow', String(percent));
  bar.setAttribute('aria-valuetext', text);
  bar.firstElementChild.style.width = `${percent}%`;
  $('progress-text').textContent = text;
  $('progress').hidden = false;
}

function hide() {
  $('progress').hidden = true;
  $('progress-bar').setAttribute('aria-valuenow', '0');
}

/** Reads a File or Blob chunk by chunk into one buffer, telling how far it got. */
async function readSource(source, state, onBytes) {
  const bytes = new Uint8Array(source.blob.size);
  const reader = source.blob.stream().getReader();
  let at = 0;
  for (;;) {
    if (state.cancelled) { await reader.cancel(); throw new CancelledError(); }
    const { done, value } = await reader.read();
    if (done) break;
    bytes.set(value, at);
    at += value.length;
    onBytes(at);
  }
  return { name: source.name, buffer: bytes.buffer };
}

async function readAll(sources, state, onProgress = () => {}) {
  const total = sources.reduce((sum, s) => sum + s.blob.size, 0) || 1;
  let before = 0;
  const files = [];
  for (const source of sources) {
    files.push(await readSource(source, state, (read) => onProgress((before + read) / total, source.name, read, source.blob.size)));
    before += source.blob.size;
  }
  return files;
}

export class Loader {
  constructor(engine) {
    this.engine = engine;
    /** The files the engine holds now: [{name, blob}]. */
    this.sources = [];
    this.state = null;
    this.maxFileBytes = Infinity;
  }

  get busy() { return this.state !== null; }

  /** Splits files into those the engine takes and the errors of those over the limit. */
  checkSizes(sources) {
    const limit = this.maxFileBytes;
    const tooBig = sources.filter((s) => s.blob.size > limit).map((s) => ({
      file: s.name,
      message: t('load.tooBig', { name: s.name, size: formatNumber(s.blob.size / MB, 0), limit: formatNumber(limit / MB, 0) }),
    }));
    return { accepted: sources.filter((s) => s.blob.size <= limit), tooBig };
  }

  /**
   * Loads `sources` ([{name, blob}]) into the engine, replacing everything
   * when `replace` is set; then `compute(errors)` draws the new report with
   * the engine's errors. Returns false when cancelled (the previous files
   * are back in the engine), else true.
   */
  async load(sources, { replace, config, compute }) {
    const state = { cancelled: false };
    this.state = state;
    const previous = this.sources;
    const total = sources.reduce((sum, s) => sum + s.blob.size, 0) || 1;
    try {
      show(0, t('load.reading', { name: sources[0]?.name ?? '', read: 0, size: 0 }));
      const files = await readAll(sources, state, (fraction, name, read, size) =>
        show(fraction * READ_SHARE, t('load.reading', { name, read: formatNumber(read / MB, 1), size: formatNumber(size / MB, 1) })));
      if (replace) await this.engine.clear();
      let parsedBefore = 0;
      let current = null;
      const errors = await this.engine.add(files, config, (p) => {
        if (p.file !== current?.file && current) parsedBefore += current.bytes_total;
        current = p;
        const fraction = READ_SHARE + PARSE_SHARE * Math.min(1, (parsedBefore + p.bytes_read) / total);
        show(fraction, t('load.parsing', { name: p.file, rows: formatNumber(p.rows, 0) }));
      });
      show(READ_SHARE + PARSE_SHARE, t('load.computing'));
      const kept = new Set(await this.engine.names());
      const byName = new Map([...(replace ? [] : previous), ...sources].map((s) => [s.name, s]));
      this.sources = [...byName.values()].filter((s) => kept.has(s.name));
      await compute(errors);
      return true;
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      await this.restore(previous, config);
      return false;
    } finally {
      if (this.state === state) this.state = null;
      hide();
    }
  }

  /** Stops the load in progress at once. */
  cancel() {
    if (!this.state) return;
    this.state.cancelled = true;
    this.engine.cancel();
  }

  /** Gives a fresh engine the files it held before the cancelled load. */
  async restore(previous, config) {
    this.sources = previous;
    const files = await readAll(previous, { cancelled: false });
    await this.engine.add(files, config);
  }
}
