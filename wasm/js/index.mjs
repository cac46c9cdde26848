// Public JS API of the report core (package.json "exports").
import { loadCore } from './load_core.mjs';

export { loadCore };

/** Decimals of the currency's minor unit (0 for jpy, 3 for kwd); throws on a malformed code. */
export async function currencyExponent(code) {
  const core = await loadCore();
  const exponent = core.currencyExponent(String(code));
  if (exponent < 0) throw new RangeError(`not a currency code: ${JSON.stringify(code)}`);
  return exponent;
}

/** The core's version string. */
export async function version() {
  return (await loadCore()).version();
}

/** Bytes of wasm linear memory in use (it only grows, so this is the peak so far). */
export async function wasmMemoryBytes() {
  return (await loadCore()).wasmMemoryBytes();
}

/**
 * A streaming sales report.
 *
 *   const reporter = await createReporter({ timezone: 'Europe/Berlin', period: 'week',
 *     week_start: 'monday', basis: 'created', from, to, currency });
 *   reporter.feed(uint8Array);   // once per chunk; chunks may split anywhere
 *   const report = reporter.finish();
 *
 * feed() returns null, or {error: {code, message, byte_offset, line, object_id, field}}
 * once the input is bad (later chunks are then ignored). finish() returns a plain
 * object {timezone, period, week_start, basis, from, to, currency, rows, totals,
 * charges, refunds, payouts, counts, checks, units: 'minor'} plus `error` when there was one
 * (`no_balance_transactions` when the input held none): what
 * was aggregated before the error is still there. Amounts are integer minor units
 * as JS numbers; an amount beyond Number.MAX_SAFE_INTEGER comes as a decimal string.
 * Nothing here throws for bad input or options: errors are data.
 */
export async function createReporter(options = {}) {
  const core = await loadCore();
  const timezone = options.timezone ?? 'UTC';
  let tzif;
  if (timezone !== 'UTC') {
    try {
      const { loadTzif } = await import('./zoneinfo.mjs');
      tzif = await loadTzif(timezone);
    } catch (error) {
      return failedReporter({
        code: 'invalid_option', field: 'timezone', byte_offset: 0, line: 0, object_id: '',
        message: `time zone ${JSON.stringify(timezone)} could not be loaded: ${error.message}`,
      });
    }
  }
  const reporter = new core.Reporter({ ...options, timezone }, tzif ?? null);
  let result;
  return {
    feed(bytes) {
      if (result) return { error: finishedError() };
      if (!ArrayBuffer.isView(bytes)) {
        return { error: { code: 'invalid_argument', message: 'feed() takes a Uint8Array',
          byte_offset: 0, line: 0, object_id: '', field: '' } };
      }
      const view = bytes instanceof Uint8Array ? bytes
        : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const error = reporter.feed(view);
      return error ? { error: JSON.parse(error) } : null;
    },
    finish() {
      if (!result) {
        result = JSON.parse(reporter.finish());
        reporter.delete();  // frees the wasm-side aggregates
      }
      return result;
    },
  };
}

function finishedError() {
  return { code: 'finished', message: 'feed() after finish()', byte_offset: 0, line: 0,
    object_id: '', field: '' };
}

function failedReporter(error) {
  return {
    feed() { return { error }; },
    finish() { return { error }; },
  };
}
