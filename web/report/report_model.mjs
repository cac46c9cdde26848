// Pure functions over the core's report object: per-currency summary figures,
// period labels, and the CSV/JSON exports. Amounts stay BigInt here; they are
// formatted only at display time.
import { currencyExponent, divideRounded, toMinorUnits } from '../shared/money.mjs';

export const AMOUNT_FIELDS = ['gross', 'refunds', 'disputes', 'other', 'fees', 'net'];
const TABLE_FIELDS = ['period_start', 'currency', 'charges', ...AMOUNT_FIELDS];

/** Summary per currency: the core's totals plus average order and refund rate. */
export function summarize(report) {
  return (report.totals ?? []).map((total) => {
    const gross = toMinorUnits(total.gross);
    const refunds = toMinorUnits(total.refunds);
    const charges = BigInt(total.charges);
    return {
      currency: total.currency,
      charges,
      ...Object.fromEntries(AMOUNT_FIELDS.map((field) => [field, toMinorUnits(total[field])])),
      average_order: charges > 0n ? divideRounded(gross, charges) : null,
      // Basis points of gross that was refunded (refunds are negative in Stripe's data).
      refund_rate_bps: gross > 0n ? divideRounded((refunds < 0n ? -refunds : refunds) * 10000n, gross) : null,
    };
  });
}

/**
 * A refund rate from basis points in the user's locale ("18.20%", "18,20 %"),
 * exact: Intl formats the decimal string, never a float.
 */
export function formatRate(bps, locale = undefined) {
  if (bps === null) return '–';
  const negative = bps < 0n;
  const digits = (negative ? -bps : bps).toString().padStart(5, '0');
  const fraction = `${negative ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`;
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(fraction);
}

/** A count with the locale's grouping ("271,937"). */
export function formatCount(count, locale = undefined) {
  return new Intl.NumberFormat(locale).format(String(count));
}

/** A period start as shown and exported: ISO date in the report's time zone. */
export function periodLabel(periodStart, timezone) {
  if (typeof periodStart === 'string') return periodStart;
  const seconds = Number(periodStart);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date(seconds * 1000));
  const get = (type) => parts.find((part) => part.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Seconds since the epoch for a period start (for the chart's x axis). */
export function periodSeconds(periodStart) {
  if (typeof periodStart === 'string') return Date.parse(`${periodStart.slice(0, 10)}T00:00:00Z`) / 1000;
  return Number(periodStart);
}

export function currenciesOf(report) {
  return [...new Set((report.rows ?? []).map((row) => row.currency).concat(
    (report.totals ?? []).map((total) => total.currency)))].sort();
}

function jsonAmount(value) {
  const minor = toMinorUnits(value);
  return minor >= BigInt(Number.MIN_SAFE_INTEGER) && minor <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(minor) : minor.toString();
}

function csvCell(value) {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The table as CSV; every row states the time zone, basis, period and units. */
export function toCsv(report, currency = '') {
  const header = ['timezone', 'basis', 'period', 'week_start', 'units', 'decimals', ...TABLE_FIELDS];
  const lines = [header.join(',')];
  for (const row of report.rows ?? []) {
    if (currency && row.currency !== currency) continue;
    lines.push([
      report.timezone, report.basis, report.period, report.week_start ?? '',
      'minor', currencyExponent(row.currency), periodLabel(row.period_start, report.timezone),
      row.currency, row.charges, ...AMOUNT_FIELDS.map((field) => toMinorUnits(row[field]).toString()),
    ].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The table and totals as JSON text with the report's settings and units spelled out. */
export function toJson(report, currency = '') {
  const keep = (entry) => !currency || entry.currency === currency;
  const amounts = (entry) => ({
    currency: entry.currency,
    decimals: currencyExponent(entry.currency),
    charges: Number(entry.charges),
    ...Object.fromEntries(AMOUNT_FIELDS.map((field) => [field, jsonAmount(entry[field])])),
  });
  return `${JSON.stringify({
    timezone: report.timezone,
    basis: report.basis,
    period: report.period,
    week_start: report.week_start,
    units: 'integer minor units of each currency (see decimals); numbers beyond 2^53 are strings',
    rows: (report.rows ?? []).filter(keep).map((row) => ({
      period_start: periodLabel(row.period_start, report.timezone), ...amounts(row),
    })),
    totals: (report.totals ?? []).filter(keep).map(amounts),
  }, null, 2)}\n`;
}

/** Unix seconds of 00:00 on a calendar date ("2024-03-31") in a time zone. */
export function zonedMidnight(isoDate, timezone) {
  const [year, month, day] = isoDate.split('-').map(Number);
  const wallClock = Date.UTC(year, month - 1, day) / 1000;
  let guess = wallClock - offsetSeconds(wallClock, timezone);
  // A second pass settles dates where the offset changes between guess and answer.
  guess = wallClock - offsetSeconds(guess, timezone);
  return guess;
}

function offsetSeconds(unixSeconds, timezone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(unixSeconds * 1000));
  const get = (type) => Number(parts.find((part) => part.type === type).value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) / 1000;
  return asUtc - unixSeconds;
}
