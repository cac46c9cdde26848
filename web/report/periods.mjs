// Calendar arithmetic on ISO dates ("2026-11-30") for the range presets and
// for marking partial periods. Dates are plain calendar days (the report's
// time zone is applied once, when "today" is read), so UTC arithmetic on them
// is exact and never crosses a DST change.

const DAY_MS = 86400_000;

function toUtc(iso) {
  return Date.parse(`${iso}T00:00:00Z`);
}

function fromUtc(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(iso, days) {
  return fromUtc(toUtc(iso) + days * DAY_MS);
}

/** Today's calendar date in a time zone. */
export function todayIn(timezone, now = Date.now()) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date(now));
  const get = (type) => parts.find((part) => part.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** First day of the period that contains `iso`. */
export function periodStartOf(iso, period, weekStart = 'monday') {
  if (period === 'day') return iso;
  if (period === 'month') return `${iso.slice(0, 7)}-01`;
  const weekday = new Date(toUtc(iso)).getUTCDay();          // 0 = Sunday
  const first = weekStart === 'sunday' ? 0 : 1;
  return addDays(iso, -((weekday - first + 7) % 7));
}

/** First day of the next period (the period's exclusive end). */
export function nextPeriodStart(iso, period, weekStart = 'monday') {
  const start = periodStartOf(iso, period, weekStart);
  if (period === 'day') return addDays(start, 1);
  if (period === 'week') return addDays(start, 7);
  const [year, month] = start.split('-').map(Number);
  return fromUtc(Date.UTC(year, month, 1));
}

export const RANGE_PRESETS = {
  'this-week': 'This week (to date)',
  'last-week': 'Last week',
  'last-4-weeks': 'Last 4 full weeks',
  'this-month': 'This month (to date)',
  'last-month': 'Last month',
  custom: 'Custom range',
};

/** { from, to } (both inclusive) of a preset, aligned to whole weeks or months; null for "custom". */
export function presetRange(preset, today, weekStart = 'monday') {
  const week = periodStartOf(today, 'week', weekStart);
  const month = periodStartOf(today, 'month');
  switch (preset) {
    case 'this-week': return { from: week, to: today };
    case 'last-week': return { from: addDays(week, -7), to: addDays(week, -1) };
    case 'last-4-weeks': return { from: addDays(week, -28), to: addDays(week, -1) };
    case 'this-month': return { from: month, to: today };
    case 'last-month': return { from: periodStartOf(addDays(month, -1), 'month'), to: addDays(month, -1) };
    default: return null;
  }
}

/**
 * Whether a period is only partly covered: "to date" when it is still running
 * (its end is after the range's last day and that day is today or later),
 * "partial" when the range cuts it at either edge, null when it is whole.
 * `range` is { from, to } inclusive, or null for a file (no range asked for).
 */
export function periodCoverage(periodStart, period, weekStart, range, today) {
  const end = nextPeriodStart(periodStart, period, weekStart);
  const lastDay = range ? (range.to < today ? range.to : today) : today;
  if (end > addDays(lastDay, 1) && periodStart <= today) {
    return !range || range.to >= today ? 'to date' : 'partial';
  }
  if (range && periodStart < range.from) return 'partial';
  return null;
}
