// The report viewer page: wires the controls, the two sources (files and the
// live proxy export), the worker that runs the core, the views and exports.
import { ReportClient } from './report_client.mjs';
import { renderChart, renderSummary, renderTable } from './report_view.mjs';
import { currenciesOf, toCsv, toJson } from './report_model.mjs';
import { authHeaders, exportUrl, saveToken, savedToken } from './live_source.mjs';
import { createRefund, fetchCharge, planRefund } from './refund.mjs';

const $ = (id) => document.getElementById(id);
const client = new ReportClient(new URL('./report_worker.js', import.meta.url));
const proxyBase = location.origin;

let lastSource = null;   // what to re-read when a setting changes
let lastReport = null;
let runCounter = 0;      // only the newest run may update the page

// ---- settings ----------------------------------------------------------------
function initControls() {
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  $('timezone').value = new URLSearchParams(location.search).get('timezone') ?? browserZone;
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  $('timezones').replaceChildren(...zones.map((zone) => Object.assign(document.createElement('option'), { value: zone })));
  const today = new Date();
  const monthAgo = new Date(today.getTime() - 28 * 86400_000);
  $('to').value = today.toISOString().slice(0, 10);
  $('from').value = monthAgo.toISOString().slice(0, 10);
  $('token').value = savedToken();
}

function validTimeZone(zone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function reportOptions() {
  return {
    timezone: $('timezone').value.trim(),
    period: $('period').value,
    week_start: $('week-start').value,
    basis: $('basis').value,
  };
}

// ---- status ------------------------------------------------------------------
function setStatus(state, text) {
  $('status').dataset.state = state;
  $('status').textContent = text;
  $('progress-row').hidden = state !== 'loading';
}

function megabytes(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function showProgress(label, { bytes, total }) {
  const progress = $('progress');
  if (total) {
    progress.max = total;
    progress.value = bytes;
    $('status').textContent = `${label}: ${megabytes(bytes)} of ${megabytes(total)} read…`;
  } else {
    progress.removeAttribute('value');
    $('status').textContent = `${label}: ${megabytes(bytes)} received…`;
  }
}

function explainError(error, source) {
  // Read fine, held no balance transaction: the core's message says what it held.
  if (error.code === 'no_balance_transactions') return `Nothing to report: ${error.message}`;
  const where = [
    error.line ? `line ${error.line}` : '', error.byte_offset !== undefined ? `byte ${error.byte_offset}` : '',
    error.object_id ? `object ${error.object_id}` : '', error.field ? `field "${error.field}"` : '',
  ].filter(Boolean).join(', ');
  const sentence = `${error.message}${where ? ` (${where})` : ''}`;
  const detail = /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  if (error.code === 'http_401' || error.code === 'http_403') {
    return `The proxy refused this token: ${detail} Check the token, or ask for one with the "read" scope.`;
  }
  if (error.code === 'core_unavailable' || error.code === 'worker_failed') return `The report core is not available: ${detail}`;
  if (source.kind === 'url') return `Loading from the proxy failed: ${detail} Check that the proxy is running and try again.`;
  return `Could not read ${source.name}: ${detail} Use a Stripe balance transactions export (list JSON, NDJSON or the itemized balance CSV). Nothing was changed.`;
}

// ---- running -----------------------------------------------------------------
async function run(source) {
  const options = reportOptions();
  if (!validTimeZone(options.timezone)) {
    setStatus('error', `"${options.timezone}" is not a time zone this browser knows. Pick one from the list, e.g. Europe/Berlin.`);
    $('timezone').focus();
    return;
  }
  lastSource = source;
  const thisRun = ++runCounter;
  const label = source.kind === 'file' ? `Reading ${source.name}` : 'Loading from the proxy';
  setStatus('loading', `${label}…`);
  $('progress').removeAttribute('value');
  const started = performance.now();
  const result = await client.run(options, source.worker, (progress) => showProgress(label, progress));
  if (thisRun !== runCounter) return;
  if (result.type === 'cancelled') {
    setStatus('cancelled', 'Cancelled. The previous report (if any) is unchanged; start again when ready.');
    return;
  }
  if (result.type === 'error') {
    setStatus('error', explainError(result.error, source));
    return;
  }
  lastReport = result.report;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const count = lastReport.rows?.length ?? 0;
  if (count === 0) {
    setStatus('done', `No balance transactions found in ${source.name ?? 'the selected range'}. Pick another file or a wider date range.`);
  } else {
    const counts = lastReport.counts;
    const read = counts ? `${counts.balance_transactions.toLocaleString()} balance transactions, ` : '';
    const duplicates = counts?.duplicates ? `, ${counts.duplicates} duplicates skipped` : '';
    setStatus('done', `Report ready: ${read}${count} rows from ${source.name ?? 'the proxy'} in ${seconds} s (${lastReport.timezone}, ${lastReport.basis} basis${duplicates}).`);
  }
  $('results').dataset.ready = String(Date.now());
  populateCurrencies(lastReport);
  render();
  $('refund-panel').hidden = source.kind !== 'url';
}

function populateCurrencies(report) {
  const select = $('currency');
  const previous = select.value;
  const currencies = currenciesOf(report);
  select.replaceChildren(new Option('All currencies', ''),
    ...currencies.map((code) => new Option(code.toUpperCase(), code)));
  select.value = currencies.includes(previous) ? previous : '';
}

function render() {
  if (!lastReport) return;
  const currency = $('currency').value;
  $('results').hidden = false;
  renderSummary($('summary'), lastReport, currency);
  renderTable($('report-table').tBodies[0], lastReport, currency);
  // The chart shows one currency: the chosen one, else the first with rows.
  renderChart($('chart'), lastReport, currency || currenciesOf(lastReport)[0]);
}

function fileSource(file) {
  return { kind: 'file', name: file.name, worker: { kind: 'file', file } };
}

function liveSource() {
  const token = $('token').value.trim();
  saveToken(token);
  const url = exportUrl(proxyBase, $('from').value, $('to').value, reportOptions().timezone);
  return { kind: 'url', token, worker: { kind: 'url', url, headers: authHeaders(token) } };
}

// ---- exports -----------------------------------------------------------------
function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function exportName(extension) {
  const currency = $('currency').value;
  return `stripe-report-${lastReport.period}-${lastReport.basis}${currency ? `-${currency}` : ''}.${extension}`;
}

// ---- refunds -----------------------------------------------------------------
let refundAttempt = null;   // { key, charge, amount }: one confirmed refund, reused on retry

async function onRefund(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  const chargeId = $('refund-charge').value.trim();
  const amountText = $('refund-amount').value;
  const status = $('refund-status');
  const button = $('refund-submit');
  button.disabled = true;
  try {
    if (refundAttempt && (refundAttempt.chargeId !== chargeId || refundAttempt.amountText !== amountText)) refundAttempt = null;
    if (!refundAttempt) {
      status.textContent = `Looking up ${chargeId}…`;
      const { charge, error } = await fetchCharge(proxyBase, token, chargeId);
      if (error) return void (status.textContent = error);
      const plan = planRefund(charge, amountText);
      if (plan.error) return void (status.textContent = plan.error);
      $('refund-dialog-text').textContent = plan.text;
      const confirmed = await confirmDialog();
      if (!confirmed) return void (status.textContent = 'Refund not made.');
      refundAttempt = { key: crypto.randomUUID(), chargeId, amountText, amount: plan.amount, currency: charge.currency };
    }
    status.textContent = 'Refunding…';
    const result = await createRefund(proxyBase, token, chargeId, refundAttempt.amount, refundAttempt.key);
    if (result.error) {
      status.textContent = result.error;
      if (!result.retryable) refundAttempt = null;
      return;
    }
    refundAttempt = null;
    status.textContent = `Refund ${result.refund.id} ${result.refund.status}. Refreshing the report…`;
    if (lastSource?.kind === 'url') await run(lastSource);
    status.textContent = `Refund ${result.refund.id} ${result.refund.status}; the report is refreshed.`;
  } finally {
    button.disabled = false;
  }
}

function confirmDialog() {
  const dialog = $('refund-dialog');
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    $('refund-cancel').focus();
  });
}

// ---- wiring ------------------------------------------------------------------
initControls();
client.hello().then((hello) => {
  $('core-version').textContent = hello.error ? 'unavailable' : `report core ${hello.version}`;
  if (hello.error) setStatus('error', `The report core could not load: ${hello.error.message} Rebuild with "npm run build".`);
});

$('file-input').addEventListener('change', () => {
  const file = $('file-input').files[0];
  if (file) run(fileSource(file));
  $('file-input').value = '';
});
const dropZone = $('drop-zone');
dropZone.addEventListener('dragover', (event) => { event.preventDefault(); dropZone.classList.add('over'); });
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('over'));
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('over');
  const files = [...(event.dataTransfer?.files ?? [])];
  if (files.length !== 1) {
    setStatus('error', `Drop exactly one file (you dropped ${files.length}). Combine several exports into one NDJSON file first.`);
    return;
  }
  run(fileSource(files[0]));
});
$('live-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if ($('from').value > $('to').value) {
    setStatus('error', 'The "From" date is after the "To" date. Swap them and try again.');
    return;
  }
  run(liveSource());
});
$('cancel').addEventListener('click', () => client.cancel());
for (const id of ['timezone', 'period', 'week-start', 'basis']) {
  $(id).addEventListener('change', () => { if (lastSource) run(lastSource); });
}
$('controls').addEventListener('submit', (event) => event.preventDefault());
$('currency').addEventListener('change', render);
$('export-csv').addEventListener('click', () => download(exportName('csv'), 'text/csv', toCsv(lastReport, $('currency').value)));
$('export-json').addEventListener('click', () => download(exportName('json'), 'application/json', toJson(lastReport, $('currency').value)));
$('refund-form').addEventListener('submit', onRefund);
