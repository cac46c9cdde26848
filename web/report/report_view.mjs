// Renders a report into the page: summary cards, the table and the chart.
import uPlot from 'uplot';
import { formatMoney, minorToDecimalString, currencyExponent, toMinorUnits } from '../shared/money.mjs';
import { AMOUNT_FIELDS, formatRate, periodLabel, periodSeconds, summarize } from './report_model.mjs';

const SUMMARY_LABELS = [
  ['gross', 'Gross'], ['refunds', 'Refunds'], ['disputes', 'Disputes'], ['fees', 'Fees'], ['net', 'Net'],
];

function element(tag, attributes = {}, text = undefined) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
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
    add('charges', 'Charges', summary.charges.toString());
    add('average_order', 'Average order',
      summary.average_order === null ? '–' : formatMoney(summary.average_order, summary.currency));
    add('refund_rate', 'Refund rate', formatRate(summary.refund_rate_bps));
    card.append(list);
    container.append(card);
  }
}

/** The per-period table. */
export function renderTable(tbody, report, currency) {
  const rows = [];
  for (const row of report.rows ?? []) {
    if (currency && row.currency !== currency) continue;
    const tr = element('tr', { 'data-currency': row.currency });
    tr.append(element('td', {}, periodLabel(row.period_start, report.timezone)),
      element('td', {}, row.currency.toUpperCase()),
      element('td', { class: 'number' }, String(row.charges)));
    for (const field of AMOUNT_FIELDS) {
      tr.append(element('td', { class: 'number', 'data-field': field }, formatMoney(row[field], row.currency)));
    }
    rows.push(tr);
  }
  tbody.replaceChildren(...rows);
}

let chart = null;

/**
 * Gross and net per period for one currency (a chart cannot add currencies).
 * Values are converted to major units as floats for drawing only.
 */
export function renderChart(container, report, currency) {
  chart?.destroy();
  chart = null;
  container.replaceChildren();
  const rows = (report.rows ?? []).filter((row) => row.currency === currency)
    .sort((a, b) => periodSeconds(a.period_start) - periodSeconds(b.period_start));
  if (!currency || rows.length === 0) return;
  const exponent = currencyExponent(currency);
  const major = (value) => Number(minorToDecimalString(toMinorUnits(value), exponent));
  const data = [
    rows.map((row) => periodSeconds(row.period_start)),
    rows.map((row) => major(row.gross)),
    rows.map((row) => major(row.net)),
  ];
  const width = Math.max(280, Math.min(container.clientWidth || 800, 1000));
  // Period starts are calendar dates: label the axis with dates in the report's zone.
  const zone = typeof rows[0].period_start === 'string' ? 'UTC' : report.timezone;
  const label = (seconds) => periodLabel(seconds, zone);
  chart = new uPlot({
    width, height: 260,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), zone),
    scales: { x: { time: true } },
    series: [
      { label: 'Period', value: (_, seconds) => (seconds === null ? '–' : label(seconds)) },
      { label: `Gross (${currency.toUpperCase()})`, stroke: '#635bff', width: 2 },
      { label: `Net (${currency.toUpperCase()})`, stroke: '#0a8a4a', width: 2 },
    ],
    axes: [{ space: 110, values: (_, splits) => splits.map(label) }, { size: 70 }],
  }, data, container);
  container.setAttribute('aria-label',
    `Chart of gross and net per ${report.period} in ${currency.toUpperCase()}, ${rows.length} periods; the table below has the exact figures.`);
}
