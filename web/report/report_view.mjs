// Renders a report into the page: where it comes from, summary cards, the
// table and the chart. Every amount is formatted from exact minor units with
// the currency's exponent in the user's locale (legend and tooltips included).
import uPlot from 'uplot';
import { formatMoney, minorToDecimalString, currencyExponent, toMinorUnits } from '../shared/money.mjs';
import { AMOUNT_FIELDS, formatCount, formatRate, periodLabel, periodSeconds, summarize } from './report_model.mjs';

const SUMMARY_LABELS = [
  ['gross', 'Gross'], ['refunds', 'Refunds'], ['disputes', 'Disputes'], ['fees', 'Fees'], ['net', 'Net'],
];

function element(tag, attributes = {}, text = undefined) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The report's provenance as a definition list: [[field, label, text], ...]. */
export function renderProvenance(list, entries) {
  list.replaceChildren(...entries.map(([field, label, text]) => {
    const row = element('div', { 'data-field': field });
    row.append(element('dt', {}, label), element('dd', {}, text));
    return row;
  }));
}

/** Summary cards, one per currency (filtered by `currency` when set). */
export function renderSummary(container, report, currency) {
  container.replaceChildren();
  for (const summary of summarize(report)) {
    if (currency && summary.currency !== currency) continue;
    const card = element('article', { class: 'card', 'data-currency': summary.currency });
    card.append(element('h3', {}, summary.currency.toUpperCase()));
    const list = element('dl');
    const add = (name, label, value) => {
      const row = element('div', { 'data-field': name });
      row.append(element('dt', {}, label), element('dd', {}, value));
      list.append(row);
    };
    for (const [field, label] of SUMMARY_LABELS) add(field, label, formatMoney(summary[field], summary.currency));
    add('charges', 'Charges', formatCount(summary.charges));
    add('average_order', 'Average order',
      summary.average_order === null ? '–' : formatMoney(summary.average_order, summary.currency));
    add('refund_rate', 'Refund rate', formatRate(summary.refund_rate_bps));
    card.append(list);
    container.append(card);
  }
}

/** The period cell: a row header, with "to date" / "partial" when the range cuts the period. */
function periodCell(label, coverage) {
  const cell = element('th', { scope: 'row' }, label);
  if (coverage) {
    cell.dataset.coverage = coverage;
    cell.append(' ', element('span', { class: 'coverage-tag' }, coverage));
  }
  return cell;
}

/** The per-period table; `coverageOf(isoStart)` names partial periods. */
export function renderTable(tbody, report, currency, coverageOf = () => null) {
  const rows = [];
  for (const row of report.rows ?? []) {
    if (currency && row.currency !== currency) continue;
    const label = periodLabel(row.period_start, report.timezone);
    const tr = element('tr', { 'data-currency': row.currency });
    tr.append(periodCell(label, coverageOf(label)),
      element('td', {}, row.currency.toUpperCase()),
      element('td', { class: 'number' }, formatCount(row.charges)));
    for (const field of AMOUNT_FIELDS) {
      tr.append(element('td', { class: 'number', 'data-field': field }, formatMoney(row[field], row.currency)));
    }
    rows.push(tr);
  }
  tbody.replaceChildren(...rows);
}

let chart = null;

// Partial periods are hatched behind their points and labelled, so a week in
// progress is not read as a collapse.
function hatchPartials(coverages) {
  return (u) => {
    const { ctx } = u;
    const xs = u.data[0];
    const step = xs.length > 1 ? (xs[1] - xs[0]) : 7 * 86400;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    xs.forEach((x, index) => {
      if (!coverages[index]) return;
      const left = u.valToPos(x - step / 2, 'x', true);
      const right = u.valToPos(x + step / 2, 'x', true);
      ctx.fillStyle = 'rgba(91, 100, 114, 0.12)';
      ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
      ctx.save();
      ctx.beginPath();
      ctx.rect(left, u.bbox.top, right - left, u.bbox.height);
      ctx.clip();
      ctx.strokeStyle = 'rgba(91, 100, 114, 0.35)';
      ctx.lineWidth = 1;
      for (let offset = -u.bbox.height; offset < right - left; offset += 10 * devicePixelRatio) {
        ctx.beginPath();
        ctx.moveTo(left + offset, u.bbox.top + u.bbox.height);
        ctx.lineTo(left + offset + u.bbox.height, u.bbox.top);
        ctx.stroke();
      }
      ctx.restore();
      ctx.fillStyle = '#1a1f36';
      ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      // Kept inside the plot: a narrow band at the edge must not cut its label.
      const half = ctx.measureText(coverages[index]).width / 2 + 2;
      const centre = Math.min(Math.max((left + right) / 2, u.bbox.left + half), u.bbox.left + u.bbox.width - half);
      ctx.fillText(coverages[index], centre, u.bbox.top + 16 * devicePixelRatio);
    });
    ctx.restore();
  };
}

// One label per period; when they would overlap, every n-th (always the last).
function tickLabels(labels, plotWidth) {
  const every = Math.max(1, Math.ceil((labels.length * 90) / Math.max(plotWidth, 1)));
  return labels.map((label, index) => ((labels.length - 1 - index) % every === 0 ? label : ''));
}

/**
 * Gross and net per period for one currency (a chart cannot add currencies).
 * Values become major-unit floats for drawing only; the legend reads the exact rows.
 */
export function renderChart(container, report, currency, coverageOf = () => null) {
  chart?.destroy();
  chart = null;
  container.replaceChildren();
  const rows = (report.rows ?? []).filter((row) => row.currency === currency)
    .sort((a, b) => periodSeconds(a.period_start) - periodSeconds(b.period_start));
  if (!currency || rows.length === 0) return;
  const code = currency.toUpperCase();
  const exponent = currencyExponent(currency);
  const major = (value) => Number(minorToDecimalString(toMinorUnits(value), exponent));
  const xs = rows.map((row) => periodSeconds(row.period_start));
  const data = [xs, rows.map((row) => major(row.gross)), rows.map((row) => major(row.net))];
  // Period starts are calendar dates: label the axis with dates in the report's zone.
  const zone = typeof rows[0].period_start === 'string' ? 'UTC' : report.timezone;
  const labels = xs.map((seconds) => periodLabel(seconds, zone));
  const coverages = labels.map((label) => coverageOf(label));
  const step = xs.length > 1 ? xs[1] - xs[0] : 7 * 86400;
  const width = Math.max(280, Math.min(container.clientWidth || 800, 1000));
  const axisMoney = new Intl.NumberFormat(undefined, { style: 'currency', currency: code, notation: 'compact', maximumFractionDigits: 1 });
  const exact = (field) => (_, value, __, index) => (index === null || index === undefined ? '–' : formatMoney(rows[index][field], currency));
  chart = new uPlot({
    width, height: 280,
    // Room right of the last period for its whole label.
    padding: [12, 48, 0, 0],
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), zone),
    scales: {
      // Half a period of room each side: no clipped first or last label.
      x: { time: true, range: () => [xs[0] - step / 2, xs.at(-1) + step / 2] },
      // From 0, so a week in progress is not drawn as a collapse.
      y: { range: (_, min, max) => [Math.min(0, min), max <= 0 ? 1 : max * 1.08] },
    },
    series: [
      { label: 'Period', value: (_, seconds, __, index) => (seconds === null ? '–' : `${labels[index] ?? periodLabel(seconds, zone)}${coverages[index] ? ` (${coverages[index]})` : ''}`) },
      { label: `Gross (${code})`, stroke: '#635bff', width: 2, value: exact('gross'), points: { size: 7 } },
      { label: `Net (${code})`, stroke: '#0a7a40', width: 2, value: exact('net'), points: { size: 7 } },
    ],
    axes: [
      { splits: () => xs, values: (u) => tickLabels(labels, u.bbox.width / devicePixelRatio), size: 40 },
      { label: code, size: 80, values: (_, splits) => splits.map((value) => axisMoney.format(value)) },
    ],
    hooks: {
      drawClear: [hatchPartials(coverages)],
      // Until the pointer moves, the legend shows the latest period rather than dashes.
      ready: [(u) => u.setLegend({ idx: rows.length - 1 })],
      setCursor: [(u) => { if (u.cursor.idx === null || u.cursor.idx === undefined) u.setLegend({ idx: rows.length - 1 }); }],
      // What was drawn, for the tests (a canvas has no DOM to read).
      draw: [(u) => Object.assign(container.dataset, {
        yMin: String(u.scales.y.min), ticks: JSON.stringify(tickLabels(labels, u.bbox.width / devicePixelRatio)),
        coverage: JSON.stringify(coverages),
      })],
    },
  }, data, container);
  container.querySelector('.u-legend')?.setAttribute('aria-hidden', 'true');
  const partial = coverages.filter(Boolean).length;
  container.setAttribute('aria-label',
    `Chart of gross and net per ${report.period} in ${code}, ${rows.length} periods` +
    `${partial ? `, ${partial} of them partial` : ''}, axis from 0; the table below has the exact figures.`);
}
