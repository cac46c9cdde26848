// The report viewer's plumbing in Chromium with a fake report core: files in,
// worker, states, summary, table, chart, exports, live source and refunds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { startFakeShop } from './support/fake_shop.mjs';
import { buildWithFakeCore, dropFiles, screenshot, summaryOf, waitForStatus } from './support/pages.mjs';

const fixture = await readFile('tests/fixtures/web/balance_transactions.ndjson', 'utf8');
let shop;
let browser;

before(async () => {
  const outdir = await buildWithFakeCore();
  shop = await startFakeShop({ staticDir: outdir, exportLines: fixture.trim().split('\n') });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await shop?.close();
});

async function openViewer() {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${shop.url}/report/?timezone=UTC`);
  await page.locator('#core-version', { hasText: 'report core fake-core' }).waitFor();
  return { page, errors };
}

test('empty state says what to do', async () => {
  const { page, errors } = await openViewer();
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'empty');
  assert.match(await page.locator('#status').textContent(), /^No report yet\. Drop or choose a Stripe export/);
  assert.equal(await page.locator('#results').isHidden(), true);
  assert.equal(await page.locator('#progress-row').isHidden(), true);
  await screenshot(page, 'report-empty');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a dropped file is reported per currency and week, exactly', async () => {
  const { page, errors } = await openViewer();
  await dropFiles(page, [{ name: 'balance.ndjson', text: fixture }]);
  assert.match(await waitForStatus(page, 'done'), /^Report ready: 3 rows from balance\.ndjson in \d+\.\d\d s \(UTC, created basis\)\.$/);
  assert.deepEqual(await summaryOf(page, 'eur'), {
    gross: '€137.34', refunds: '-€25.00', disputes: '€0.00', fees: '€4.89', net: '€107.45',
    charges: '3', average_order: '€45.78', refund_rate: '18.20%',
  });
  assert.deepEqual(await summaryOf(page, 'jpy'), {
    gross: '¥5,000', refunds: '¥0', disputes: '¥0', fees: '¥175', net: '¥4,825',
    charges: '1', average_order: '¥5,000', refund_rate: '0.00%',
  });
  const rows = await page.locator('#report-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.deepEqual(rows, [
    ['2024-03-25', 'EUR', '2', '€125.00', '-€25.00', '€0.00', '€0.00', '€4.23', '€95.77'],
    ['2024-03-25', 'JPY', '1', '¥5,000', '¥0', '¥0', '¥0', '¥175', '¥4,825'],
    ['2024-04-01', 'EUR', '1', '€12.34', '€0.00', '€0.00', '€0.00', '€0.66', '€11.68'],
  ]);
  assert.equal(await page.locator('#chart canvas').count(), 1);
  assert.match(await page.locator('#chart').getAttribute('aria-label'), /in EUR, 2 periods/);
  await screenshot(page, 'report-file-loaded');

  await page.selectOption('#currency', 'jpy');
  assert.equal(await page.locator('#report-table tbody tr').count(), 1);
  assert.equal(await page.locator('#summary .card').count(), 1);
  assert.match(await page.locator('#chart').getAttribute('aria-label'), /in JPY, 1 periods/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  assert.equal(download.suggestedFilename(), 'stripe-report-week-created-jpy.csv');
  assert.equal(await readFile(await download.path(), 'utf8'),
    'timezone,basis,period,week_start,units,decimals,period_start,currency,charges,gross,refunds,disputes,other,fees,net\r\n' +
    'UTC,created,week,monday,minor,0,2024-03-25,jpy,1,5000,0,0,0,175,4825\r\n');
  await page.selectOption('#currency', '');
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const exported = JSON.parse(await readFile(await jsonDownload.path(), 'utf8'));
  assert.equal(exported.timezone, 'UTC');
  assert.equal(exported.basis, 'created');
  assert.deepEqual(exported.totals.map((total) => [total.currency, total.gross, total.net]), [['eur', 13734, 10745], ['jpy', 5000, 4825]]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the file picker works too, and a bad file gets a clear error', async () => {
  const { page, errors } = await openViewer();
  await page.setInputFiles('#file-input', { name: 'picked.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(fixture) });
  assert.match(await waitForStatus(page, 'done'), /^Report ready: 3 rows from picked\.ndjson/);
  await dropFiles(page, [{ name: 'broken.ndjson', text: `${fixture.split('\n')[0]}\n{not json\n` }]);
  assert.equal(await waitForStatus(page, 'error'),
    'Could not read broken.ndjson: not a JSON object (line 2). Use a Stripe balance transactions export (list JSON, NDJSON or the itemized balance CSV). No report is shown.');
  await screenshot(page, 'report-file-error');
  // The previous file's numbers are not left under the error (issue 13).
  assert.equal(await page.locator('#results').isHidden(), true);
  await dropFiles(page, [{ name: 'a.ndjson', text: fixture }, { name: 'b.ndjson', text: fixture }]);
  assert.equal(await waitForStatus(page, 'error'), 'Drop exactly one file (you dropped 2). Combine several exports into one NDJSON file first.');
  await page.fill('#timezone', 'Mars/Olympus');
  await page.locator('#timezone').dispatchEvent('change');
  assert.equal(await waitForStatus(page, 'error'), '"Mars/Olympus" is not a time zone this browser knows. Pick one from the list, e.g. Europe/Berlin.');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a large file shows progress and can be cancelled', async () => {
  const { page, errors } = await openViewer();
  // ~300 MB built in the page, streamed through the worker.
  await page.evaluate((line) => {
    const block = `${line}\n`.repeat(5000);
    const parts = Array.from({ length: 300 }, () => block);
    const file = new File(parts, 'big.ndjson');
    const transfer = new DataTransfer();
    transfer.items.add(file);
    document.getElementById('drop-zone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, fixture.split('\n')[0]);
  await page.locator('#progress-text', { hasText: 'MB of' }).waitFor({ timeout: 10000 });
  // The page stays responsive while the worker reads: timers keep firing on time.
  const worstTimerLateness = await page.evaluate(() => new Promise((resolveLag) => {
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last - 20);
      last = now;
    }, 20);
    setTimeout(() => { clearInterval(timer); resolveLag(worst); }, 600);
  }));
  assert.ok(worstTimerLateness < 200, `main thread blocked for ${worstTimerLateness} ms`);
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'loading');
  assert.equal(await page.locator('#progress-row').isVisible(), true);
  const value = await page.locator('#progress').evaluate((bar) => bar.value);
  assert.ok(value > 0);
  await screenshot(page, 'report-loading');
  await page.click('#cancel');
  assert.equal(await waitForStatus(page, 'cancelled'), 'Cancelled; no report is shown. Start again when ready.');
  assert.equal(await page.locator('#results').isHidden(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

// The refund form answers asynchronously (the charge lookup, the dialog's
// close event): wait until its status no longer says it is looking up.
const refundSettled = (page) =>
  page.waitForFunction(() => !document.querySelector('#refund-status').textContent.startsWith('Looking up'));

test('live report from the proxy with a session-only token, then a refund', async () => {
  const { page, errors } = await openViewer();
  await page.fill('#token', 'spx_wrong');
  await page.fill('#from', '2024-03-25');
  await page.fill('#to', '2024-04-07');
  await page.click('#load-live');
  assert.equal(await waitForStatus(page, 'error'),
    'The proxy refused the access token; see the message at the token field. No report is shown.');
  assert.equal(await page.locator('#token-error').textContent(),
    'The proxy does not know this token. Check it for typos, or ask the shop\'s admin for a new one.');
  await page.fill('#token', 'spx_test_viewer');
  await page.click('#load-live');
  assert.match(await waitForStatus(page, 'done'), /^Report ready: 3 rows from the proxy/);
  assert.equal(shop.state.lastAuthorization, 'Bearer spx_test_viewer');
  assert.deepEqual(await page.evaluate(() => [sessionStorage.getItem('stripe-report-token'), localStorage.length]), ['spx_test_viewer', 0]);
  assert.equal((await summaryOf(page, 'eur')).gross, '€137.34');

  // A charge to refund, made through the fake shop.
  shop.state.charges.push({ id: 'ch_refundme', amount: 2500, amount_refunded: 0, refunded: false, currency: 'eur' });
  assert.equal(await page.locator('#refund-panel').isVisible(), true);
  await page.fill('#refund-charge', 'ch_refundme');
  await page.fill('#refund-amount', '30');
  await page.click('#refund-submit');
  await refundSettled(page);
  assert.equal(await page.locator('#refund-status').textContent(), 'At most €25.00 of this charge can still be refunded.');
  await page.fill('#refund-amount', '10');
  await page.click('#refund-submit');
  await page.locator('#refund-dialog[open]').waitFor();
  assert.equal(await page.locator('#refund-dialog-text').textContent(), 'Refund €10.00 of €25.00 on charge ch_refundme? This cannot be undone.');
  await screenshot(page, 'report-refund-confirm');
  await page.click('#refund-cancel');
  await refundSettled(page);
  assert.equal(await page.locator('#refund-status').textContent(), 'Refund not made.');
  assert.equal(shop.state.refunds.length, 0);
  await page.click('#refund-submit');
  await page.click('#refund-confirm');
  await page.locator('#refund-status', { hasText: 'the report is refreshed' }).waitFor();
  assert.equal(shop.state.refunds.length, 1);
  assert.equal(shop.state.refunds[0].amount, 1000);
  assert.match(shop.state.refunds[0].key, /^[0-9a-f-]{36}$/);
  // The refund was created now, outside 2024: the fake export returns every line, so refunds grow.
  const refunds = await page.locator('#report-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.cells[4].textContent));
  assert.equal(refunds.at(-1), '-€10.00');
  await screenshot(page, 'report-refunded');
  assert.deepEqual(errors.filter((text) => !text.includes('401')), []);
  await page.close();
});

test('the viewer is usable at 320 px', async () => {
  const { page, errors } = await openViewer();
  await page.setViewportSize({ width: 320, height: 640 });
  await dropFiles(page, [{ name: 'balance.ndjson', text: fixture }]);
  await waitForStatus(page, 'done');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0);
  await screenshot(page, 'report-320px');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a live export that fails midway is reported, not shown as a short report', async () => {
  const { page, errors } = await openViewer();
  shop.state.exportFailsMidway = true;
  try {
    await page.fill('#token', 'spx_test_viewer');
    await page.fill('#from', '2024-03-25');
    await page.fill('#to', '2024-04-07');
    await page.click('#load-live');
    assert.equal(await waitForStatus(page, 'error'),
      'Stripe failed, not the proxy: Stripe answered 500 while exporting; the export is incomplete. No report is shown; try again in a moment.');
    assert.equal(await page.locator('#results').isHidden(), true);
    await page.fill('#from', '2024-04-08');
    await page.click('#load-live');
    assert.equal(await waitForStatus(page, 'error'), 'The "From" date is after the "To" date. Swap them and try again.');
    assert.deepEqual(errors, []);
  } finally {
    shop.state.exportFailsMidway = false;
    await page.close();
  }
});
