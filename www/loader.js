// Loading files into the engine with a real progress bar and a Cancel
// button. The page keeps the files the engine holds (as File or Blob, which
// cost no memory until read), so that a cancelled load can give a fresh
// engine the previous files back while the dashboards stay as they were.
// The page never reads a file's bytes: the engine's worker does, as it
// parses each file.
import { CancelledError } from './engine-client.js';
import { t, formatNumber } from './i18n.js';

const $ = (id) => document.getElementById(id);
const MB = 1024 * 1024;

/** Share of the bar for reading the files (the engine reads each File itself); the rest is computing. */
const PARSE_SHARE = 0.95;

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

/** What the engine is given: the Files themselves, read by the engine's worker as it parses them. */
const asFiles = (sources) => sources.map((s) => ({ name: s.name, blob: s.blob }));

export class Loader {
  constructor(engine) {
    this.engine = engine;
    /** The files the engine holds now: [{name, blob}]. */
    this.sources = [];
    this.state = null;
    this.maxFileBytes = Infinity;
  }

  get busy() {
    return this.state !== null;
  }

  /** Splits files into those the engine takes and the errors of those over the limit. */
  checkSizes(sources) {
    const limit = this.maxFileBytes;
    const tooBig = sources
      .filter((s) => s.blob.size > limit)
      .map((s) => ({
        file: s.name,
        message: t('load.tooBig', {
          name: s.name,
          size: formatNumber(s.blob.size / MB, 0),
          limit: formatNumber(limit / MB, 0),
        }),
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
    // The engine reads every file it holds again (a new file may change how
    // the others join), so the bar runs over all of them.
    const held = new Map([...(replace ? [] : previous), ...sources].map((s) => [s.name, s]));
    const total = [...held.values()].reduce((sum, s) => sum + s.blob.size, 0) || 1;
    try {
      show(0, t('load.parsing', { name: sources[0]?.name ?? '', rows: 0 }));
      if (replace) await this.engine.clear();
      let parsedBefore = 0;
      let current = null;
      const errors = await this.engine.add(asFiles(sources), config, (p) => {
        if (p.file !== current?.file && current) parsedBefore += current.bytes_total;
        current = p;
        show(
          PARSE_SHARE * Math.min(1, (parsedBefore + p.bytes_read) / total),
          t('load.parsing', { name: p.file, rows: formatNumber(p.rows, 0) }),
        );
      });
      show(PARSE_SHARE, t('load.computing'));
      const kept = new Set(await this.engine.names());
      this.sources = [...held.values()].filter((s) => kept.has(s.name));
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
    await this.engine.add(asFiles(previous), config);
  }
}
