import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  currenciesOf, formatCount, formatRate, periodLabel, periodSeconds, summarize, toCsv, toJson, zonedMidnight,
} from '../../../web/report/report_model.mjs';
import { exportUrl } from '../../../web/report/live_source.mjs';

const report = {
  timezone: 'Europe/Berlin', period: 'week', week_start: 'monday', basis: 'created',
  rows: [
    { period_start: '2024-03-25', currency: 'eur', charges: 3, gross: 10000, refunds: -2500, disputes: 0, other: 0, fees: 420, net: 7080 },
    { period_start: '2024-03-25', currency: 'jpy', charges: 2, gross: 3001, refunds: 0, disputes: -1000, other: 5, fees: 120, net: 1886 },
    { period_start: '2024-04-01', currency: 'eur', charges: 1, gross: '9007199254740993', refunds: 0, disputes: 0, other: 0, fees: 0, net: '9007199254740993' },
  ],
  totals: [
    { currency: 'eur', charges: 4, gross: '9007199254750993', refunds: -2500, disputes: 0, other: 0, fees: 420, net: '9007199254748073' },
    { currency: 'jpy', charges: 2, gross: 3001, refunds: 0, disputes: -1000, other: 5, fees: 120, net: 1886 },
    { currency: 'usd', charges: 0, gross: 0, refunds: 0, disputes: 0, other: 0, fees: 0, net: 0 },
  ],
};

test('summary adds average order and refund rate, exactly', () => {
  const [eur, jpy, usd] = summarize(report);
  assert.equal(eur.gross, 9007199254750993n);
  assert.equal(eur.average_order, 2251799813687748n);  // 9007199254750993 / 4 = ...748.25
  assert.equal(eur.refund_rate_bps, 0n);
  assert.equal(jpy.average_order, 1501n);               // 3001 / 2 = 1500.5 -> 1501
  assert.equal(jpy.disputes, -1000n);
  assert.equal(usd.average_order, null);
  assert.equal(usd.refund_rate_bps, null);
  const small = summarize({ totals: [{ currency: 'eur', charges: 3, gross: 10000, refunds: -2500, disputes: 0, other: 0, fees: 0, net: 7500 }] })[0];
  assert.equal(small.refund_rate_bps, 2500n);
  assert.equal(formatRate(small.refund_rate_bps, 'en-US'), '25.00%');
  assert.equal(formatRate(7n, 'en-US'), '0.07%');
  assert.equal(formatRate(null), '–');
  // The user's locale, exactly (issue 13: "7.91 %" was shown in de-DE).
  assert.equal(formatRate(791n, 'de-DE'), '7,91\u00a0%');
  assert.equal(formatRate(123456n, 'en-US'), '1,234.56%');
  assert.equal(formatCount(271937, 'en-US'), '271,937');
  assert.equal(formatCount(271937n, 'de-DE'), '271.937');
});

test('period labels in the report time zone', () => {
  assert.equal(periodLabel('2024-03-25', 'Europe/Berlin'), '2024-03-25');
  // 2024-03-24T23:00:00Z is midnight of 2024-03-25 in Berlin.
  assert.equal(periodLabel(1711321200, 'Europe/Berlin'), '2024-03-25');
  assert.equal(periodLabel(1711321200, 'UTC'), '2024-03-24');
  assert.equal(periodSeconds('2024-03-25'), 1711324800);
  assert.equal(periodSeconds(1711321200), 1711321200);
  assert.deepEqual(currenciesOf(report), ['eur', 'jpy', 'usd']);
});

test('midnight in a time zone, across daylight saving changes', () => {
  assert.equal(zonedMidnight('2024-03-31', 'Europe/Berlin'), 1711839600);  // CET, DST starts at 02:00
  assert.equal(zonedMidnight('2024-04-01', 'Europe/Berlin'), 1711922400);  // CEST
  assert.equal(zonedMidnight('2024-10-27', 'Europe/Berlin'), 1729980000);  // CEST, DST ends at 03:00
  assert.equal(zonedMidnight('2024-03-10', 'America/New_York'), 1710046800);
  assert.equal(zonedMidnight('2024-01-01', 'UTC'), 1704067200);
  assert.equal(zonedMidnight('2024-01-01', 'Asia/Kolkata'), 1704047400);
});

test('export URL covers whole days in the time zone', () => {
  const url = new URL(exportUrl('http://127.0.0.1:9/', '2024-03-25', '2024-03-31', 'Europe/Berlin'));
  assert.equal(url.pathname, '/api/export/balance_transactions');
  assert.equal(url.searchParams.get('created[gte]'), '1711321200');
  assert.equal(url.searchParams.get('created[lt]'), '1711922400');
});

test('CSV export states time zone, basis, units and decimals on every row', () => {
  const csv = toCsv(report);
  assert.equal(csv, [
    'timezone,basis,period,week_start,units,decimals,period_start,currency,charges,gross,refunds,disputes,other,fees,net',
    'Europe/Berlin,created,week,monday,minor,2,2024-03-25,eur,3,10000,-2500,0,0,420,7080',
    'Europe/Berlin,created,week,monday,minor,0,2024-03-25,jpy,2,3001,0,-1000,5,120,1886',
    'Europe/Berlin,created,week,monday,minor,2,2024-04-01,eur,1,9007199254740993,0,0,0,0,9007199254740993',
    '',
  ].join('\r\n'));
  assert.equal(toCsv(report, 'jpy').split('\r\n').length, 3);
});

test('JSON export keeps big amounts exact as strings', () => {
  const json = JSON.parse(toJson(report, 'eur'));
  assert.equal(json.timezone, 'Europe/Berlin');
  assert.equal(json.basis, 'created');
  assert.equal(json.period, 'week');
  assert.match(json.units, /minor units/);
  assert.equal(json.rows.length, 2);
  assert.deepEqual(json.rows[0], { period_start: '2024-03-25', currency: 'eur', decimals: 2, charges: 3, gross: 10000, refunds: -2500, disputes: 0, other: 0, fees: 420, net: 7080 });
  assert.equal(json.rows[1].gross, '9007199254740993');
  assert.deepEqual(json.totals.map((total) => total.currency), ['eur']);
});
