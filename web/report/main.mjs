// The report viewer page: wires the controls, the two sources (files and the
// live proxy export), the worker that runs the core, the views and exports.
import { ReportClient } from './report_client.mjs';
import { renderChart, renderProvenance, renderSummary, renderTable } from './report_view.mjs';
import { currenciesOf, formatCount, periodLabel, toCsv, toJson } from './report_model.mjs';
import { periodCoverage, presetRange, todayIn } from './periods.mjs';
import { authHeaders, exportUrl, saveToken, savedToken } from './live_source.mjs';
import { createRefund, fetchCharge, planRefund } from './refund.mjs';

const $ = (id) => document.getElementById(id);
const client = new ReportClient(new URL('./report_worker.js', import.meta.url));
const proxyBase = location.origin;

let lastSource = null;   // what to re-read when a setting changes
let lastReport = null;
let lastProvenance = null; // { source, range, loadedAt } of lastReport
let runCounter = 0;      // only the newest run may update the page

// ---- settings ----------------------------------------------------------------
function initControls() {
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  $('timezone').value = new URLSearchParams(location.search).get('timezone') ?? browserZone;
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  $('timezones').replaceChildren(...zones.map((zone) => Object.assign(document.createElement('option'), { value: zone })));
  applyPreset();
  $('token').value = savedToken();
}

// Presets are whole weeks or months in the report's time zone, so no period is
// cut by the range unless it is still running ("to date").
function applyPreset() {
  const zone = validTimeZone($('timezone').value.trim()) ? $('timezone').value.trim() : 'UTC';
  const range = presetRange($('range-preset').value, todayIn(zone), $('week-start').value);
  if (!range) return;
  $('from').value = range.from;
  $('to').value = range.to;
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
// #status is the live region: written once per state change, never per chunk.
// The running figures go to #progress-text, which is not live.
function setStatus(state, text) {
  $('status').dataset.state = state;
  $('status').textContent = text;
  $('progress-row').hidden = state !== 'loading';
  $('progress-text').hidden = state !== 'loading';
  if (state !== 'loading') $('progress-text').textContent = '';
}

function megabytes(bytes) {
  return bytes < 100_000 ? `${Math.ceil(bytes / 1000)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

function duration(seconds) {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

// The share of the range covered is the worker's estimate (see LiveProgress in
// report_worker.mjs); the time left is that share's rate extrapolated.
function coveredShare(progress, source) {
  const span = source.range.lt - source.range.gte;
  return Math.min(1, Math.max(0, (progress.covered_seconds ?? 0) / span));
}

function liveProgressText(progress, source, elapsedSeconds) {
  const count = `${formatCount(progress.transactions ?? 0)} transactions received`;
  if (!progress.oldest || !source.range) return `${count} (${megabytes(progress.bytes)})…`;
  const covered = coveredShare(progress, source);
  const reached = new Intl.DateTimeFormat('en-CA', { timeZone: source.range.timezone, dateStyle: 'short' })
    .format(new Date(progress.oldest * 1000));
  const left = covered > 0.02 ? `, about ${duration((elapsedSeconds * (1 - covered)) / covered)} left` : '';
  return `${count}, oldest from ${reached}: ${Math.floor(covered * 100)} % of the range${left}…`;
}

function showProgress(label, progress, source, startedAt) {
  const bar = $('progress');
  const text = $('progress-text');
  if (progress.total) {
    bar.max = progress.total;
    bar.value = progress.bytes;
    text.textContent = `${label}: ${megabytes(progress.bytes)} of ${megabytes(progress.total)} read…`;
  } else if (source.kind === 'url' && progress.oldest && source.range) {
    bar.max = 1;
    bar.value = coveredShare(progress, source);
    text.textContent = liveProgressText(progress, source, (performance.now() - startedAt) / 1000);
  } else {
    bar.removeAttribute('value');
    text.textContent = source.kind === 'url'
      ? liveProgressText(progress, source, 0) : `${label}: ${megabytes(progress.bytes)} received…`;
  }
}

// ---- errors: say who failed ---------------------------------------------------
function errorDetail(error) {
  const where = [
    error.line ? `line ${error.line}` : '', error.byte_offset !== undefined ? `byte ${error.byte_offset}` : '',
    error.object_id ? `object ${error.object_id}` : '', error.field ? `field "${error.field}"` : '',
  ].filter(Boolean).join(', ');
  const sentence = `${error.message}${where ? ` (${where})` : ''}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** The message at the token field for a refused token, or null. */
export function tokenProblem(error) {
  if (error.code === 'http_401' && error.proxy_code === 'token_expired') {
    return 'This token has expired. Ask the shop\'s admin for a new one (npm run token -- create).';
  }
  if (error.code === 'http_401' && error.proxy_code === 'secret_key_not_accepted') {
    return 'That is a Stripe secret key: never paste your secret key here. Use a proxy token (spx_…).';
  }
  if (error.code === 'http_401') {
    return 'The proxy does not know this token. Check it for typos, or ask the shop\'s admin for a new one.';
  }
  if (error.code === 'http_403' && error.proxy_code === 'permission_denied') {
    return 'The proxy knows this token but it lacks the "read" scope that reports need. Ask the shop\'s admin for a token with the "read" scope.';
  }
  return null;
}

function explainError(error, source) {
  // Read fine, held no balance transaction: the core's message says what it held.
  if (error.code === 'no_balance_transactions') return `Nothing to report: ${error.message} No report is shown.`;
  const detail = errorDetail(error);
  if (error.code === 'core_unavailable' || error.code === 'worker_failed') return `The report core is not available: ${detail}`;
  if (source.kind !== 'url') {
    return `Could not read ${source.name}: ${detail} Use a Stripe balance transactions export (list JSON, NDJSON or the itemized balance CSV). No report is shown.`;
  }
  if (tokenProblem(error)) return 'The proxy refused the access token; see the message at the token field. No report is shown.';
  if (error.code === 'network') {
    return `The network failed: the connection to the proxy was lost${error.bytes ? ` after ${megabytes(error.bytes)}` : ''} (${error.message}).` +
      ' The proxy may have stopped. No report is shown; try again when it is running.';
  }
  if (error.code === 'export_failed' || error.code === 'upstream_error' || error.code === 'upstream_unreachable') {
    return `Stripe failed, not the proxy: ${detail} No report is shown; try again in a moment.`;
  }
  if (/^http_/.test(error.code)) return `The proxy refused the request: ${detail} No report is shown.`;
  return `The proxy's export could not be read: ${detail} No report is shown.`;
}

// A failed or cancelled run leaves no numbers on screen that it did not make.
function clearReport() {
  lastReport = null;
  lastProvenance = null;
  $('results').hidden = true;
  delete $('results').dataset.stale;
  for (const id of ['provenance', 'summary', 'chart']) $(id).replaceChildren();
  $('report-table').tBodies[0].replaceChildren();
  $('refund-panel').hidden = true;
}

function setTokenError(message) {
  const token = $('token');
  const box = $('token-error');
  box.textContent = message ?? '';
  box.hidden = !message;
  if (message) {
    token.setAttribute('aria-invalid', 'true');
    token.setAttribute('aria-describedby', 'token-error token-hint');
  } else {
    token.removeAttribute('aria-invalid');
    token.setAttribute('aria-describedby', 'token-hint');
  }
}

// ---- running -----------------------------------------------------------------
async function run(source) {
  const options = reportOptions();
  if (!validTimeZone(options.timezone)) {
    setStatus('error', `"${options.timezone}" is not a time zone this browser knows. Pick one from the list, e.g. Europe/Berlin.`);
    $('timezone').setAttribute('aria-invalid', 'true');
    $('timezone').focus();
    return;
  }
  $('timezone').removeAttribute('aria-invalid');
  lastSource = source;
  const thisRun = ++runCounter;
  const label = source.kind === 'file' ? `Reading ${source.name}` : 'Loading from the proxy';
  setStatus('loading', `${label}…`);
  if (lastReport) $('results').dataset.stale = 'true';
  renderProvenanceFor();
  $('progress').removeAttribute('value');
  const started = performance.now();
  const worker = source.kind === 'url' ? { ...source.worker, url: liveUrl(source) } : source.worker;
  const result = await client.run(options, worker, (progress) => showProgress(label, progress, source, started));
  if (thisRun !== runCounter) return;
  if (result.type === 'cancelled') {
    clearReport();
    setStatus('cancelled', 'Cancelled; no report is shown. Start again when ready.');
    return;
  }
  if (result.type === 'error') {
    clearReport();
    if (source.kind === 'url') setTokenError(tokenProblem(result.error));
    setStatus('error', explainError(result.error, source));
    return;
  }
  if (source.kind === 'url') setTokenError(null);
  lastReport = result.report;
  lastProvenance = { source, loadedAt: new Date() };
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const count = lastReport.rows?.length ?? 0;
  if (count === 0) {
    setStatus('done', `No balance transactions found in ${source.name ?? 'the selected range'}. Pick another file or a wider date range.`);
  } else {
    const counts = lastReport.counts;
    const read = counts ? `${formatCount(counts.balance_transactions)} balance transactions, ` : '';
    const duplicates = counts?.duplicates ? `, ${formatCount(counts.duplicates)} duplicates skipped` : '';
    setStatus('done', `Report ready: ${read}${count} rows from ${source.name ?? 'the proxy'} in ${seconds} s (${lastReport.timezone}, ${lastReport.basis} basis${duplicates}).`);
  }
  delete $('results').dataset.stale;
  $('results').dataset.ready = String(Date.now());
  populateCurrencies(lastReport);
  render();
  $('refund-panel').hidden = source.kind !== 'url';
}

// The export URL is made per run: the time zone may have changed since.
function liveUrl(source) {
  const url = exportUrl(proxyBase, source.range.from, source.range.to, reportOptions().timezone);
  const query = new URL(url).searchParams;
  Object.assign(source.range, {
    gte: Number(query.get('created[gte]')), lt: Number(query.get('created[lt]')), timezone: reportOptions().timezone,
  });
  return url;
}

const BASIS_TEXT = { created: 'created: when the sale happened', available_on: 'available on: when the funds became available' };
const PERIOD_TEXT = { day: 'days', week: 'weeks', month: 'calendar months' };

/** Source, range, time zone, basis and periods of the report on screen. */
function renderProvenanceFor() {
  if (!lastReport || !lastProvenance) return;
  const { source, loadedAt } = lastProvenance;
  const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(loadedAt);
  const stale = $('results').dataset.stale ? 'Previous report, being replaced: ' : '';
  const sourceText = source.kind === 'file'
    ? `${stale}file ${source.name}, read ${time}`
    : `${stale}live from the proxy at ${new URL(proxyBase).host}, loaded ${time}`;
  const starts = (lastReport.rows ?? []).map((row) => periodLabel(row.period_start, lastReport.timezone)).sort();
  const rangeText = source.kind === 'file'
    ? `everything in the file${starts.length ? ` (periods from ${starts[0]} to ${starts.at(-1)})` : ''}`
    : `${source.range.from} to ${source.range.to} (inclusive)`;
  const weeks = lastReport.period === 'week' ? `, starting ${lastReport.week_start === 'sunday' ? 'Sunday' : 'Monday'}` : '';
  renderProvenance($('provenance'), [
    ['source', 'Source', sourceText],
    ['range', 'Range', rangeText],
    ['timezone', 'Time zone', lastReport.timezone],
    ['basis', 'Basis', BASIS_TEXT[lastReport.basis] ?? lastReport.basis],
    ['period', 'Periods', `${PERIOD_TEXT[lastReport.period] ?? lastReport.period}${weeks}`],
  ]);
}

/** "to date" / "partial" for a period start of the report on screen, or null. */
function coverageOf(isoStart) {
  const source = lastProvenance?.source;
  const range = source?.kind === 'url' ? source.range : null;
  return periodCoverage(isoStart, lastReport.period, lastReport.week_start ?? 'monday', range, todayIn(lastReport.timezone));
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
  renderProvenanceFor();
  renderSummary($('summary'), lastReport, currency);
  renderTable($('report-table').tBodies[0], lastReport, currency, coverageOf);
  // The chart shows one currency: the chosen one, else the first with rows.
  renderChart($('chart'), lastReport, currency || currenciesOf(lastReport)[0], coverageOf);
  updateScrollCue();
}

// The cue is shown only when the table is wider than its box (phones).
function updateScrollCue() {
  const box = $('table-scroll');
  $('table-scroll-cue').hidden = box.scrollWidth <= box.clientWidth + 1;
  box.classList.toggle('scrolls', box.scrollWidth > box.clientWidth + 1);
}

function fileSource(file) {
  return { kind: 'file', name: file.name, worker: { kind: 'file', file } };
}

function liveSource() {
  const token = $('token').value.trim();
  saveToken(token);
  const range = { from: $('from').value, to: $('to').value };
  return { kind: 'url', token, range, worker: { kind: 'url', headers: authHeaders(token) } };
}

// A Stripe secret or restricted key must never leave this page: refused here, before any request.
function secretKeyProblem(token) {
  return /^(sk|rk)_/.test(token)
    ? 'This is a Stripe secret key (sk_…/rk_…): never paste your secret key here. It belongs only in the proxy\'s' +
      ' configuration; it was not sent and not kept. Paste the proxy access token (spx_…) instead.'
    : null;
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
  // aria-disabled, not disabled: a disabled button loses focus, and focus
  // must come back to it when the dialog closes.
  if (button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
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
    button.removeAttribute('aria-disabled');
  }
}

function confirmDialog() {
  const dialog = $('refund-dialog');
  return new Promise((resolve) => {
    const invoker = document.activeElement;
    dialog.addEventListener('close', () => {
      if (invoker instanceof HTMLElement && invoker !== document.body) invoker.focus();
      resolve(dialog.returnValue === 'confirm');
    }, { once: true });
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
  const secret = secretKeyProblem($('token').value.trim());
  if (secret) {
    $('token').value = '';
    saveToken('');
    setTokenError(secret);
    setStatus('error', 'Not sent: that was a Stripe secret key; see the message at the token field.');
    $('token').focus();
    return;
  }
  if ($('from').value > $('to').value) {
    setStatus('error', 'The "From" date is after the "To" date. Swap them and try again.');
    return;
  }
  run(liveSource());
});
$('cancel').addEventListener('click', () => {
  const kind = lastSource?.kind;
  client.cancel();
  // The Cancel button is hidden now: focus returns to what started the run.
  (kind === 'url' ? $('load-live') : $('file-input')).focus();
});
$('range-preset').addEventListener('change', applyPreset);
for (const id of ['from', 'to']) $(id).addEventListener('input', () => { $('range-preset').value = 'custom'; });
for (const id of ['timezone', 'week-start']) $(id).addEventListener('change', applyPreset);
for (const id of ['timezone', 'period', 'week-start', 'basis']) {
  $(id).addEventListener('change', () => { if (lastSource) run(lastSource); });
}
$('token').addEventListener('input', () => setTokenError(null));
// A phone turned sideways (or a resized window) gets a chart of the new width.
let resizeTimer = 0;
let renderedWidth = innerWidth;
addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (!lastReport || innerWidth === renderedWidth) return;
    renderedWidth = innerWidth;
    render();
  }, 150);
});
$('controls').addEventListener('submit', (event) => event.preventDefault());
$('currency').addEventListener('change', render);
$('export-csv').addEventListener('click', () => download(exportName('csv'), 'text/csv', toCsv(lastReport, $('currency').value)));
$('export-json').addEventListener('click', () => download(exportName('json'), 'application/json', toJson(lastReport, $('currency').value)));
$('refund-form').addEventListener('submit', onRefund);
