import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays, nextPeriodStart, periodCoverage, periodStartOf, presetRange, todayIn,
} from '../../../web/report/periods.mjs';

test('period starts and ends on calendar dates', () => {
  // 2026-12-02 is a Wednesday.
  assert.equal(periodStartOf('2026-12-02', 'week', 'monday'), '2026-11-30');
  assert.equal(periodStartOf('2026-12-02', 'week', 'sunday'), '2026-11-29');
  assert.equal(periodStartOf('2026-11-30', 'week', 'monday'), '2026-11-30');
  assert.equal(periodStartOf('2026-11-29', 'week', 'monday'), '2026-11-23');
  assert.equal(periodStartOf('2026-12-02', 'month'), '2026-12-01');
  assert.equal(nextPeriodStart('2026-12-02', 'month'), '2027-01-01');
  assert.equal(nextPeriodStart('2024-02-10', 'month'), '2024-03-01');
  assert.equal(nextPeriodStart('2026-11-30', 'week'), '2026-12-07');
  assert.equal(nextPeriodStart('2026-12-31', 'day'), '2027-01-01');
  // DST in Europe changed on 2024-03-31: calendar arithmetic is unaffected.
  assert.equal(addDays('2024-03-30', 2), '2024-04-01');
});

test('presets are whole weeks and months, ending today only for "to date"', () => {
  const today = '2026-12-02';   // Wednesday
  assert.deepEqual(presetRange('this-week', today), { from: '2026-11-30', to: '2026-12-02' });
  assert.deepEqual(presetRange('last-week', today), { from: '2026-11-23', to: '2026-11-29' });
  assert.deepEqual(presetRange('last-4-weeks', today), { from: '2026-11-02', to: '2026-11-29' });
  assert.deepEqual(presetRange('last-4-weeks', today, 'sunday'), { from: '2026-11-01', to: '2026-11-28' });
  assert.deepEqual(presetRange('this-month', today), { from: '2026-12-01', to: '2026-12-02' });
  assert.deepEqual(presetRange('last-month', today), { from: '2026-11-01', to: '2026-11-30' });
  assert.deepEqual(presetRange('last-month', '2027-01-15'), { from: '2026-12-01', to: '2026-12-31' });
  assert.equal(presetRange('custom', today), null);
});

test('partial periods: "to date" while running, "partial" where the range cuts them', () => {
  const today = '2026-12-02';
  const custom = { from: '2026-11-04', to: '2026-12-02' };   // starts on a Wednesday, ends today
  assert.equal(periodCoverage('2026-11-02', 'week', 'monday', custom, today), 'partial');
  assert.equal(periodCoverage('2026-11-09', 'week', 'monday', custom, today), null);
  assert.equal(periodCoverage('2026-11-30', 'week', 'monday', custom, today), 'to date');
  const past = { from: '2026-11-02', to: '2026-11-25' };      // ends on a Wednesday in the past
  assert.equal(periodCoverage('2026-11-23', 'week', 'monday', past, today), 'partial');
  assert.equal(periodCoverage('2026-11-16', 'week', 'monday', past, today), null);
  const whole = presetRange('last-4-weeks', today);
  for (const start of ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']) {
    assert.equal(periodCoverage(start, 'week', 'monday', whole, today), null, start);
  }
  // A file has no range: only the period still running is marked.
  assert.equal(periodCoverage('2026-12-01', 'month', 'monday', null, today), 'to date');
  assert.equal(periodCoverage('2026-11-01', 'month', 'monday', null, today), null);
});

test('today in a time zone', () => {
  const instant = Date.UTC(2026, 11, 2, 23, 30);   // 23:30 UTC on Dec 2
  assert.equal(todayIn('UTC', instant), '2026-12-02');
  assert.equal(todayIn('Europe/Berlin', instant), '2026-12-03');
  assert.equal(todayIn('America/Los_Angeles', instant), '2026-12-02');
});
