// A promise API over the engine worker.
export class EngineClient {
  constructor() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.pending = new Map();
    this.next = 1;
    this.worker.onmessage = ({ data }) => {
      const waiting = this.pending.get(data.id);
      if (!waiting) return;
      this.pending.delete(data.id);
      if (data.ok) waiting.resolve(data.result);
      else waiting.reject(Object.assign(new Error(data.error.message), data.error));
    };
  }

  call(type, args = {}, transfer = []) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, ...args }, transfer);
    });
  }

  /** files: [{name, buffer: ArrayBuffer}] — the buffers are transferred. */
  add(files, config) { return this.call('add', { files, config }, files.map((f) => f.buffer)); }
  remove(name) { return this.call('remove', { name }); }
  clear() { return this.call('clear'); }
  report(config) { return this.call('report', { config }); }
  deals(config, query) { return this.call('deals', { config, query }); }
  activities(config, query) { return this.call('activities', { config, query }); }
  fields() { return this.call('fields'); }
}
