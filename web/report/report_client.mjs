// Main-thread side of the report worker: one promise per run, progress through
// a callback, and cancel. Superseded runs resolve as cancelled.
export class ReportClient {
  #worker;
  #nextRunId = 1;
  #pending = new Map();
  #helloWaiters = [];

  constructor(workerUrl) {
    this.#worker = new Worker(workerUrl, { type: 'module' });
    this.#worker.onmessage = ({ data }) => this.#onMessage(data);
    this.#worker.onerror = (event) => {
      event.preventDefault();
      for (const [runId, run] of this.#pending) {
        this.#pending.delete(runId);
        run.resolve({ type: 'error', error: { code: 'worker_failed', message: event.message || 'The report worker failed to start.' } });
      }
      for (const resolve of this.#helloWaiters.splice(0)) {
        resolve({ error: { code: 'worker_failed', message: event.message || 'The report worker failed to start.' } });
      }
    };
  }

  /** Resolves to { version, exponents } or { error } once the core has loaded in the worker. */
  hello() {
    return new Promise((resolve) => {
      this.#helloWaiters.push(resolve);
      this.#worker.postMessage({ type: 'hello' });
    });
  }

  /** Runs a report; resolves to {type:'done',report} | {type:'error',error} | {type:'cancelled'}. */
  run(options, source, onProgress = () => {}) {
    for (const runId of this.#pending.keys()) this.cancel(runId);
    const runId = this.#nextRunId++;
    return new Promise((resolve) => {
      this.#pending.set(runId, { resolve, onProgress });
      this.#worker.postMessage({ type: 'run', runId, options, source });
    });
  }

  cancel(runId = undefined) {
    const ids = runId ? [runId] : [...this.#pending.keys()];
    for (const id of ids) {
      this.#worker.postMessage({ type: 'cancel', runId: id });
      const run = this.#pending.get(id);
      this.#pending.delete(id);
      run?.resolve({ type: 'cancelled' });
    }
  }

  #onMessage(message) {
    if (message.type === 'hello') {
      for (const resolve of this.#helloWaiters.splice(0)) resolve(message);
      return;
    }
    const run = this.#pending.get(message.runId);
    if (!run) return;
    if (message.type === 'progress') return run.onProgress(message);
    this.#pending.delete(message.runId);
    run.resolve(message);
  }
}
