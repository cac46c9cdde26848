// The report core's home in the browser: a Web Worker that streams a file or an
// HTTP response chunk by chunk into the core, so the page stays responsive on
// files far larger than memory. One run at a time; a new run or a cancel
// message aborts the previous one. Errors travel back as data.
import * as reportCore from 'report-core';

const PROGRESS_INTERVAL_MS = 100;
let activeRun = null;

self.onmessage = ({ data }) => {
  if (data?.type === 'hello') {
    helloCore();
  } else if (data?.type === 'cancel') {
    if (!data.runId || activeRun?.runId === data.runId) activeRun?.abort.abort();
  } else if (data?.type === 'run') {
    activeRun?.abort.abort();
    runReport(data);
  }
};

// Loads the core and answers its version, proving the wasm module runs here.
async function helloCore() {
  try {
    const [version, jpy, kwd] = await Promise.all([
      reportCore.version(), reportCore.currencyExponent('jpy'), reportCore.currencyExponent('kwd')]);
    self.postMessage({ type: 'hello', version, exponents: { jpy, kwd } });
  } catch (error) {
    self.postMessage({ type: 'hello', error: { code: 'core_unavailable', message: String(error?.message ?? error) } });
  }
}

async function runReport({ runId, options, source }) {
  const abort = new AbortController();
  const run = { runId, abort };
  activeRun = run;
  const post = (message) => self.postMessage({ runId, ...message });
  let reporter;
  const tail = new StreamTail();
  const live = new LiveProgress();
  let bytes = 0;
  try {
    if (typeof reportCore.createReporter !== 'function') {
      throw sourceError('core_unavailable', 'This build of the report core has no createReporter; rebuild the wasm core.');
    }
    reporter = await reportCore.createReporter(options);
    if (reporter?.error) return post({ type: 'error', error: reporter.error });
    const { stream, total } = await openSource(source, abort.signal);
    const reader = stream.getReader();
    abort.signal.addEventListener('abort', () => reader.cancel().catch(() => {}), { once: true });
    let lastProgressAt = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (abort.signal.aborted) return post({ type: 'cancelled', bytes });
      if (done) break;
      if (source.kind === 'url') {
        tail.add(value);
        live.add(value);
      }
      const fed = reporter.feed(value);
      if (fed?.error) {
        abort.abort();
        return post({ type: 'error', error: exportFailure(tail) ?? fed.error });
      }
      bytes += value.byteLength;
      const now = performance.now();
      if (now - lastProgressAt >= PROGRESS_INTERVAL_MS) {
        lastProgressAt = now;
        post({ type: 'progress', bytes, total, ...live.figures() });
      }
    }
    post({ type: 'progress', bytes, total, ...live.figures() });
    const exportError = exportFailure(tail);
    if (exportError) return post({ type: 'error', error: exportError });
    const report = reporter.finish();
    if (report?.error) return post({ type: 'error', error: report.error });
    post({ type: 'done', report, bytes });
  } catch (error) {
    if (abort.signal.aborted) return post({ type: 'cancelled' });
    // fetch and stream reads reject with a TypeError when the connection fails.
    const network = source.kind === 'url' && error instanceof TypeError
      ? { code: 'network', message: error.message, bytes } : null;
    post({ type: 'error', error: exportFailure(tail) ?? error.reportError ?? network ?? { code: 'source_failed', message: String(error?.message ?? error) } });
  } finally {
    reporter?.delete?.();
    if (activeRun === run) activeRun = null;
  }
}

// The proxy ends an export that failed midway with one {"error":...} line;
// that line, not what the core makes of it, says what happened.
function exportFailure(tail) {
  const error = tail.errorLine();
  return error ? { code: error.code ?? 'export_failed', message: error.message ?? 'The export stopped early.' } : null;
}

// Live progress from the NDJSON lines: how many, the oldest "created" seen,
// and how much of the range is covered. The proxy fetches several time windows
// at once and writes each Stripe page whole, newest first, so lines descend in
// "created" within a page and jump up where another window's page begins: the
// covered time is the union of those descending runs (an estimate: it cannot
// see the empty time at the top of a window, nor tell two adjacent windows apart).
class LiveProgress {
  #lines = 0;
  #oldest = null;
  #pending = '';
  #decoder = new TextDecoder();
  #runs = [];          // closed runs: [low, high] seconds
  #run = null;         // the open run

  add(chunk) {
    const lines = (this.#pending + this.#decoder.decode(chunk, { stream: true })).split('\n');
    this.#pending = lines.pop();
    for (const line of lines) {
      const match = /"created":\s*(\d+)/.exec(line);
      if (!match) continue;
      ++this.#lines;
      this.#take(Number(match[1]));
    }
  }

  #take(created) {
    if (this.#oldest === null || created < this.#oldest) this.#oldest = created;
    if (this.#run && created <= this.#run[0]) {
      this.#run[0] = created;
      return;
    }
    if (this.#run) this.#runs.push(this.#run);
    this.#run = [created, created];
  }

  /** Seconds covered by the union of the runs. */
  #covered() {
    const runs = [...this.#runs, ...(this.#run ? [this.#run] : [])].sort((a, b) => a[0] - b[0]);
    let total = 0;
    let low = null;
    let high = null;
    for (const [start, end] of runs) {
      if (high === null || start > high) {
        if (high !== null) total += high - low;
        [low, high] = [start, end];
      } else if (end > high) {
        high = end;
      }
    }
    return high === null ? 0 : total + high - low;
  }

  figures() {
    return { transactions: this.#lines, oldest: this.#oldest, covered_seconds: this.#covered() };
  }
}

// Remembers the last few KB of a stream to read its final line.
class StreamTail {
  #bytes = new Uint8Array(0);

  add(chunk) {
    const keep = chunk.byteLength >= 4096 ? chunk.subarray(chunk.byteLength - 4096) : chunk;
    const merged = new Uint8Array(Math.min(4096, this.#bytes.byteLength + keep.byteLength));
    const fromOld = merged.byteLength - keep.byteLength;
    merged.set(this.#bytes.subarray(this.#bytes.byteLength - fromOld), 0);
    merged.set(keep, fromOld);
    this.#bytes = merged;
  }

  /** The error object of a final {"error":{...}} line, or null. */
  errorLine() {
    const lines = new TextDecoder().decode(this.#bytes).split('\n').filter((line) => line.trim());
    const last = lines.at(-1) ?? '';
    if (!last.startsWith('{"error"')) return null;
    try {
      return JSON.parse(last).error ?? null;
    } catch {
      return null;
    }
  }
}

// A byte stream and its length (if known) for a dropped file or a proxy export URL.
async function openSource(source, signal) {
  if (source.kind === 'file') return { stream: source.file.stream(), total: source.file.size };
  if (source.kind !== 'url') throw sourceError('bad_source', `unknown source kind ${source.kind}`);
  const response = await fetch(source.url, { headers: source.headers ?? {}, signal, cache: 'no-store' });
  if (!response.ok) throw await httpError(response);
  const length = Number(response.headers.get('content-length'));
  return { stream: response.body, total: Number.isFinite(length) && length > 0 ? length : null };
}

async function httpError(response) {
  let message = `The proxy answered ${response.status} ${response.statusText}.`;
  let proxyCode;
  try {
    const body = await response.json();
    if (body?.error?.message) message = `${message} ${body.error.message}`;
    proxyCode = body?.error?.code;
  } catch { /* not JSON: keep the status line */ }
  return Object.assign(sourceError(`http_${response.status}`, message), {
    reportError: { code: `http_${response.status}`, message, ...(proxyCode ? { proxy_code: proxyCode } : {}) },
  });
}

function sourceError(code, message) {
  return Object.assign(new Error(message), { reportError: { code, message } });
}
