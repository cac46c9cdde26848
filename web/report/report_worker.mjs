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

// Counts the NDJSON lines (one balance transaction each) and the oldest
// "created" seen, for the live load's progress: the export walks newest first.
class LiveProgress {
  #lines = 0;
  #oldest = null;
  #decoder = new TextDecoder();

  add(chunk) {
    for (let index = 0; index < chunk.byteLength; ++index) if (chunk[index] === 10) ++this.#lines;
    // Only the chunk's last 2 KB are decoded: its oldest lines are there.
    const text = this.#decoder.decode(chunk.byteLength > 2048 ? chunk.subarray(chunk.byteLength - 2048) : chunk);
    for (const match of text.matchAll(/"created":\s*(\d+)/g)) {
      const created = Number(match[1]);
      if (this.#oldest === null || created < this.#oldest) this.#oldest = created;
    }
  }

  figures() {
    return { transactions: this.#lines, oldest: this.#oldest };
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
