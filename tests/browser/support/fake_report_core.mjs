// Test-only stand-in for the report core's JS API (createReporter), used to
// test the viewer's worker, states and views before/independently of the wasm
// core. It understands NDJSON balance transactions and groups them per UTC
// Monday week; an unparsable line is reported as data, like the real core.
import { currencyExponent } from '../../../web/shared/money.mjs';

export async function version() {
  return 'fake-core';
}

export { currencyExponent };

const DAY = 86400;

function weekStart(created) {
  const days = Math.floor(created / DAY);
  const sinceMonday = (days + 3) % 7;   // 1970-01-01 was a Thursday
  return new Date((days - sinceMonday) * DAY * 1000).toISOString().slice(0, 10);
}

export async function createReporter(options) {
  if (options.period !== 'week') return { error: { code: 'unsupported', message: 'fake core: week only' } };
  const decoder = new TextDecoder();
  const rows = new Map();
  let pending = '';
  let line = 0;
  let failure = null;

  function take(text) {
    ++line;
    if (!text.trim()) return;
    let txn;
    try {
      txn = JSON.parse(text);
    } catch {
      failure = { error: { code: 'invalid_json', message: 'not a JSON object', line } };
      return;
    }
    if (txn.object !== 'balance_transaction' || txn.type === 'payout') return;
    const key = `${weekStart(txn.created)}|${txn.currency}`;
    const row = rows.get(key) ?? { period_start: weekStart(txn.created), currency: txn.currency, charges: 0, gross: 0, refunds: 0, disputes: 0, other: 0, fees: 0, net: 0 };
    if (txn.type === 'charge') { row.charges += 1; row.gross += txn.amount; }
    else if (txn.type === 'refund') row.refunds += txn.amount;
    else if (txn.type === 'adjustment') row.disputes += txn.amount;
    else row.other += txn.amount;
    row.fees += txn.fee;
    row.net += txn.net;
    rows.set(key, row);
  }

  return {
    feed(bytes) {
      if (failure) return failure;
      const lines = (pending + decoder.decode(bytes, { stream: true })).split('\n');
      pending = lines.pop();
      for (const text of lines) { take(text); if (failure) return failure; }
      return {};
    },
    finish() {
      if (pending) take(pending);
      if (failure) return failure;
      const sorted = [...rows.values()].sort((a, b) => (a.period_start + a.currency).localeCompare(b.period_start + b.currency));
      const totals = new Map();
      for (const row of sorted) {
        const total = totals.get(row.currency) ?? { currency: row.currency, charges: 0, gross: 0, refunds: 0, disputes: 0, other: 0, fees: 0, net: 0 };
        for (const field of ['charges', 'gross', 'refunds', 'disputes', 'other', 'fees', 'net']) total[field] += row[field];
        totals.set(row.currency, total);
      }
      return { timezone: options.timezone, period: 'week', week_start: options.week_start, basis: options.basis, rows: sorted, totals: [...totals.values()] };
    },
  };
}
