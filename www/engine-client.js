// A promise API over the engine worker. A call can be cancelled at once:
// the worker is stopped and a new one started (the caller reloads the files
// it wants the new engine to hold).
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** The engine trapped (a bug): it was restarted empty; `onRestart` reloads it. */
export class RestartedError extends CancelledError {
  constructor(message) {
    super();
    this.name = 'RestartedError';
    this.message = message;
  }
}

export class EngineClient {
  constructor() {
    this.pending = new Map();
    this.next = 1;
    this.start();
  }

  start() {
    // The worker holds all the data, so it must live under the page's
    // Content-Security-Policy whatever the server sends: a worker made from a
    // blob: URL inherits the page's policy (one from worker.js's own URL would
    // get only the headers of that response, none on a plain static host).
    if (this.blobUrl) URL.revokeObjectURL(this.blobUrl);
    const source = `import ${JSON.stringify(new URL('./worker.js', import.meta.url).href)};`;
    this.blobUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    this.worker = new Worker(this.blobUrl, { type: 'module' });
    this.worker.onmessage = ({ data }) => {
      const waiting = this.pending.get(data.id);
      if (!waiting) return;
      if (data.progress) {
        waiting.onProgress?.(data.progress);
        return;
      }
      if (!data.ok && data.error.trapped) {
        // After a trap the engine answers nothing right again: start afresh.
        const error = new RestartedError(data.error.message);
        this.restart(error);
        this.onRestart?.(error);
        return;
      }
      this.pending.delete(data.id);
      if (data.ok) waiting.resolve(data.result);
      else waiting.reject(Object.assign(new Error(data.error.message), data.error));
    };
  }

  /** Stops whatever the engine is doing; every pending call rejects with CancelledError. */
  cancel() {
    this.restart(new CancelledError());
  }

  /** A new, empty worker; every pending call rejects with `reason`. */
  restart(reason) {
    this.worker.terminate();
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.start();
    pending.forEach((waiting) => waiting.reject(reason));
  }

  call(type, args = {}, transfer = [], onProgress = null) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, type, ...args }, transfer);
    });
  }

  /**
   * files: [{name, blob: Blob}] (a File is a Blob: the worker reads it, the
   * page holds no copy) or [{name, buffer: ArrayBuffer}] (transferred).
   */
  add(files, config, onProgress = null) {
    return this.call(
      'add',
      { files, config },
      files.flatMap((f) => (f.buffer ? [f.buffer] : [])),
      onProgress,
    );
  }
  remove(name) {
    return this.call('remove', { name });
  }
  clear() {
    return this.call('clear');
  }
  names() {
    return this.call('names');
  }
  report(config) {
    return this.call('report', { config }).then(JSON.parse);
  }
  dashboard(name, config) {
    return this.call('dashboard', { name, config }).then(JSON.parse);
  }
  deals(config, query) {
    return this.call('deals', { config, query });
  }
  activities(config, query) {
    return this.call('activities', { config, query });
  }
  regionAccounts(config, region) {
    return this.call('regionAccounts', { config, region });
  }
  fields() {
    return this.call('fields');
  }
  limits() {
    return this.call('limits');
  }
}
