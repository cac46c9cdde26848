// Issue 13, the viewer a shop owner trusts at a glance (fake report core and
// fake shop): every report names its source, failed or cancelled runs clear
// it, presets are whole periods, partial periods are marked, the chart starts
// at 0 with one tick per period, token and progress feedback, tables that fit,
// focus after the refund dialog, and axe-core at zero violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { startFakeShop } from './support/fake_shop.mjs';
import { buildWithFakeCore, dropFiles, screenshot, summaryOf, waitForStatus } from './support/pages.mjs';

const fixture = await readFile('tests/fixtures/web/balance_transactions.ndjson', 'utf8');
const AXE = await readFile('node_modules/axe-core/axe.min.js', 'utf8');
// Wednesday 2026-12-02, 10:00 UTC: the week of Monday 2026-11-30 is running.
const NOW = new Date('2026-12-02T10:00:00Z');
const DAY = 86400;

// One EUR charge of €123,456.78 at noon UTC every day from 2026-10-26 to 2026-12-02, newest first (like the proxy).
function dailyCharges() {
  const lines = [];
  for (let day = Date.UTC(2026, 9, 26) / 1000; day <= Date.UTC(2026, 11, 2) / 1000; day += DAY) {
    const created = day + 12 * 3600;
    lines.push(JSON.stringify({ id: `txn_${created}`, object: 'balance_transaction', type: 'charge', currency: 'eur',
      amount: 12345678, fee: 358025, net: 11987653, created, available_on: created + 2 * DAY, source: `ch_${created}` }));
  }
  return lines.reverse();
}

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

async function openViewer({ width = 1280, height = 900, clock = false, on = browser } = {}) {
  const page = await on.context.newPage();
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width, height });
  if (clock) await page.clock.setFixedTime(NOW);
  await page.goto(`${shop.url}/report/?timezone=UTC`);
  await page.locator('#core-version', { hasText: 'report core fake-core' }).waitFor();
  return { page, errors };
}

const provenance = (page) => page.locator('#provenance > div').evaluateAll((rows) =>
  Object.fromEntries(rows.map((row) => [row.dataset.field, row.querySelector('dd').textContent])));
const periodCells = (page) => page.locator('#report-table tbody th').evaluateAll((cells) => cells.map((cell) => cell.textContent));

/** Runs axe-core in the page; resolves to "rule: target" strings of every violation. */
async function axeViolations(page) {
  if (!await page.evaluate(() => typeof window.axe === 'object')) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

async function loadLive(page, token, from, to) {
  await page.fill('#token', token);
  if (from) {
    await page.fill('#from', from);
    await page.fill('#to', to);
  }
  await page.click('#load-live');
}

test('a report names its source, range, time zone and basis; a non-Stripe file clears it', async () => {
  const { page, errors } = await openViewer();
  await dropFiles(page, [{ name: 'balance.ndjson', text: fixture }]);
  await waitForStatus(page, 'done');
  const shown = await provenance(page);
  assert.match(shown.source, /^file balance\.ndjson, read /);
  assert.deepEqual({ ...shown, source: undefined }, {
    source: undefined, range: 'everything in the file (periods from 2024-03-25 to 2024-04-01)', timezone: 'UTC',
    basis: 'created: when the sale happened', period: 'weeks, starting Monday',
  });
  // A PayPal export after a good file: the error, and no totals from the old file under it.
  await dropFiles(page, [{ name: 'paypal.csv', text: '"Date","Time","TimeZone","Name","Type","Status","Currency","Gross"\n"01/12/2026","10:00:00","CET","A","Payment","Completed","EUR","12.00"\n' }]);
  assert.match(await waitForStatus(page, 'error'), /^Could not read paypal\.csv: .* No report is shown\.$/);
  assert.equal(await page.locator('#results').isHidden(), true);
  assert.equal(await page.locator('#summary .card').count(), 0, 'no stale card in the accessibility tree either');
  assert.deepEqual(errors, []);
  await page.close();
});

test('while a run loads the old report is marked as the previous one; a cancel clears it and focus returns', async () => {
  const { page, errors } = await openViewer();
  await dropFiles(page, [{ name: 'balance.ndjson', text: fixture }]);
  await waitForStatus(page, 'done');
  await page.evaluate((line) => {
    const file = new File(Array.from({ length: 300 }, () => `${line}\n`.repeat(5000)), 'big.ndjson');
    const transfer = new DataTransfer();
    transfer.items.add(file);
    document.getElementById('drop-zone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, fixture.split('\n')[0]);
  await page.locator('#progress-text', { hasText: 'MB of' }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator('#results').getAttribute('data-stale'), 'true');
  assert.match((await provenance(page)).source, /^Previous report, being replaced: file balance\.ndjson/);
  // The progress bar is named; the live region says "Reading" once and is not rewritten per chunk.
  assert.equal(await page.locator('#progress').getAttribute('aria-labelledby'), 'progress-text');
  assert.equal(await page.locator('#status').textContent(), 'Reading big.ndjson…');
  await page.focus('#cancel');
  await page.keyboard.press('Enter');
  assert.equal(await waitForStatus(page, 'cancelled'), 'Cancelled; no report is shown. Start again when ready.');
  assert.equal(await page.locator('#results').isHidden(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'file-input');
  assert.deepEqual(errors, []);
  await page.close();
});

test('presets are whole weeks and months in the report time zone', async () => {
  const { page, errors } = await openViewer({ clock: true });
  assert.equal(await page.locator('#range-preset').inputValue(), 'last-4-weeks');
  const range = async () => [await page.inputValue('#from'), await page.inputValue('#to')];
  assert.deepEqual(await range(), ['2026-11-02', '2026-11-29']);
  const expected = {
    'this-week': ['2026-11-30', '2026-12-02'], 'last-week': ['2026-11-23', '2026-11-29'],
    'this-month': ['2026-12-01', '2026-12-02'], 'last-month': ['2026-11-01', '2026-11-30'],
  };
  for (const [preset, dates] of Object.entries(expected)) {
    await page.selectOption('#range-preset', preset);
    assert.deepEqual(await range(), dates, preset);
  }
  await page.selectOption('#week-start', 'sunday');
  await page.selectOption('#range-preset', 'last-week');
  assert.deepEqual(await range(), ['2026-11-22', '2026-11-28']);
  await page.fill('#from', '2026-11-04');
  assert.equal(await page.locator('#range-preset').inputValue(), 'custom');
  assert.deepEqual(errors, []);
  await page.close();
});

test('partial periods are marked in the table and chart; the axis starts at 0 with one tick per period', async () => {
  const { page, errors } = await openViewer({ clock: true });
  shop.state.exportLines = dailyCharges();
  shop.state.exportFilterRange = true;
  try {
    await loadLive(page, 'spx_test_viewer');   // the default preset: last 4 full weeks
    await waitForStatus(page, 'done');
    assert.deepEqual(await periodCells(page), ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    const chart = page.locator('#chart');
    assert.deepEqual(JSON.parse(await chart.getAttribute('data-ticks')), ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    assert.equal(await chart.getAttribute('data-y-min'), '0');
    const shown = await provenance(page);
    assert.match(shown.source, new RegExp(`^live from the proxy at ${new URL(shop.url).host}, loaded `));
    assert.equal(shown.range, '2026-11-02 to 2026-11-29 (inclusive)');
    // Mid-week to today: the first week is cut, the last is still running.
    await loadLive(page, 'spx_test_viewer', '2026-11-04', '2026-12-02');
    await waitForStatus(page, 'done');
    assert.deepEqual(await periodCells(page),
      ['2026-11-02 partial', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30 to date']);
    assert.deepEqual(JSON.parse(await chart.getAttribute('data-coverage')), ['partial', null, null, null, 'to date']);
    assert.equal(await chart.getAttribute('data-y-min'), '0');
    assert.equal(JSON.parse(await chart.getAttribute('data-ticks')).length, 5);
    assert.equal(await chart.getAttribute('aria-label'),
      'Chart of gross and net per week in EUR, 5 periods, 2 of them partial, axis from 0; the table below has the exact figures.');
    assert.equal(await chart.getAttribute('aria-labelledby'), null);
    // The legend (hover) shows exact amounts with the currency's exponent.
    assert.deepEqual(await page.locator('#chart .u-legend .u-value').allTextContents(),
      ['2026-11-30 (to date)', '€370,370.34', '€359,629.59'], 'the latest period before any hover');
    await page.locator('#chart .u-over').scrollIntoViewIfNeeded();
    const over = await page.locator('#chart .u-over').boundingBox();
    await page.mouse.move(over.x + over.width / 2, over.y + over.height / 2);
    await page.mouse.move(over.x + 20, over.y + over.height / 2, { steps: 5 });
    const legend = await page.locator('#chart .u-legend .u-value').allTextContents();
    assert.deepEqual(legend, ['2026-11-02 (partial)', '€617,283.90', '€599,382.65']);
    assert.equal(await page.locator('#chart .u-legend').getAttribute('aria-hidden'), 'true');
    await screenshot(page, 'viewer-partial-periods');
    assert.deepEqual(errors, []);
  } finally {
    shop.state.exportFilterRange = false;
    shop.state.exportLines = fixture.trim().split('\n');
    await page.close();
  }
});

test('amounts, counts and rates follow the user\'s locale (de-DE)', async () => {
  const german = await launchBrowser({ locale: 'de-DE' });
  try {
    const { page, errors } = await openViewer({ on: german });
    await dropFiles(page, [{ name: 'balance.ndjson', text: fixture }]);
    await waitForStatus(page, 'done');
    const eur = await summaryOf(page, 'eur');
    assert.deepEqual([eur.gross, eur.refunds, eur.refund_rate], ['137,34\u00a0€', '-25,00\u00a0€', '18,20\u00a0%']);
    assert.equal((await summaryOf(page, 'jpy')).gross, '5.000\u00a0¥');
    assert.deepEqual(errors, []);
  } finally {
    await german.close();
  }
});

test('token problems are explained at the field, and a Stripe secret key is never sent', async () => {
  const { page, errors } = await openViewer();
  const token = page.locator('#token');
  await loadLive(page, 'spx_wrong', '2024-03-25', '2024-04-07');
  await waitForStatus(page, 'error');
  assert.equal(await page.locator('#token-error').textContent(),
    'The proxy does not know this token. Check it for typos, or ask the shop\'s admin for a new one.');
  assert.equal(await token.getAttribute('aria-invalid'), 'true');
  assert.equal(await token.getAttribute('aria-describedby'), 'token-error token-hint');
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'viewer-token-error');

  await loadLive(page, 'spx_no_read');
  await waitForStatus(page, 'error');
  assert.equal(await page.locator('#token-error').textContent(),
    'The proxy knows this token but it lacks the "read" scope that reports need. Ask the shop\'s admin for a token with the "read" scope.');

  const exportsBefore = shop.state.requests.filter((line) => line.includes('/api/export/')).length;
  for (const key of ['sk_test_51Habc', 'rk_live_51Habc']) {
    await loadLive(page, key);
    assert.equal(await waitForStatus(page, 'error'), 'Not sent: that was a Stripe secret key; see the message at the token field.');
    assert.match(await page.locator('#token-error').textContent(), /never paste your secret key here/);
    assert.equal(await token.inputValue(), '');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'token');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('stripe-report-token')), '');
  }
  assert.equal(shop.state.requests.filter((line) => line.includes('/api/export/')).length, exportsBefore);
  // Typing clears the mark.
  await token.fill('spx_test_viewer');
  assert.equal(await token.getAttribute('aria-invalid'), null);
  assert.equal(await page.locator('#token-error').isHidden(), true);
  assert.deepEqual(errors.filter((text) => !/40[13]/.test(text)), []);
  await page.close();
});

test('a live load shows transactions, date reached, percent and time left; a cut connection blames the network', async () => {
  const { page, errors } = await openViewer({ clock: true });
  shop.state.exportLines = dailyCharges();
  shop.state.exportSlow = { chunks: 8, delayMs: 250 };
  try {
    // Count the live region's rewrites during the load.
    await page.evaluate(() => {
      window.statusWrites = 0;
      new MutationObserver(() => { window.statusWrites += 1; })
        .observe(document.getElementById('status'), { childList: true, characterData: true, subtree: true });
    });
    await loadLive(page, 'spx_test_viewer', '2026-10-26', '2026-12-02');
    const text = page.locator('#progress-text', { hasText: /left…$/ });
    await text.waitFor({ timeout: 10000 });
    assert.match(await text.textContent(),
      /^\d+ transactions received, oldest from 2026-\d\d-\d\d: \d+ % of the range, about \d+ s left…$/);
    assert.ok(await page.locator('#progress').evaluate((bar) => bar.value > 0 && bar.value < 1));
    await waitForStatus(page, 'done');
    assert.equal(await page.evaluate(() => window.statusWrites), 2, 'the live region is written at start and end only');

    shop.state.exportSlow = { chunks: 8, delayMs: 50, dropAfter: 3 };
    await loadLive(page, 'spx_test_viewer');
    assert.match(await waitForStatus(page, 'error'),
      /^The network failed: the connection to the proxy was lost after \d+ kB \(.+\)\. The proxy may have stopped\. No report is shown; try again when it is running\.$/);
    assert.equal(await page.locator('#results').isHidden(), true);
    await screenshot(page, 'viewer-network-error');
    assert.deepEqual(errors.filter((text) => !/ERR_|network/i.test(text)), []);
  } finally {
    shop.state.exportSlow = null;
    shop.state.exportLines = fixture.trim().split('\n');
    await page.close();
  }
});

/** Cells whose content is wider than the cell (clipped), as "row/column" strings. */
const clippedCells = (page) => page.locator('#report-table').evaluate((table) =>
  [...table.querySelectorAll('th, td')].filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent));

test('tables fit: six-figure amounts at 1280 px; sticky period column and a scroll cue at 375 px', async () => {
  const { page, errors } = await openViewer({ clock: true });
  shop.state.exportLines = dailyCharges();
  shop.state.exportFilterRange = true;
  try {
    await loadLive(page, 'spx_test_viewer', '2026-10-26', '2026-12-02');
    await waitForStatus(page, 'done');
    const box = page.locator('#table-scroll');
    assert.ok(await box.evaluate((node) => node.scrollWidth <= node.clientWidth), 'no sideways scroll at 1280 px');
    assert.deepEqual(await clippedCells(page), []);
    assert.equal(await page.locator('#table-scroll-cue').isHidden(), true);
    assert.equal((await page.locator('#report-table tbody tr').first().locator('[data-field=gross]').textContent()), '€864,197.46');
    await screenshot(page, 'viewer-live-1280');
    assert.deepEqual(await axeViolations(page), []);

    // 200 % zoom at 1280 px is a 640 px wide layout: nothing clipped, no page-wide sideways scroll.
    await page.setViewportSize({ width: 640, height: 800 });
    await page.waitForFunction(() => document.querySelector('#chart .uplot')?.offsetWidth <= 640);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
    assert.deepEqual(await clippedCells(page), []);

    await page.setViewportSize({ width: 375, height: 800 });
    await page.evaluate(() => window.dispatchEvent(new Event('resize')));
    await page.waitForFunction(() => document.querySelector('#chart .uplot')?.offsetWidth <= 375);
    await page.locator('#table-scroll-cue').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
    assert.equal(await box.getAttribute('tabindex'), '0');
    const firstLeft = async () => (await page.locator('#report-table tbody th').first().boundingBox()).x;
    const before = await firstLeft();
    await box.evaluate((node) => { node.scrollLeft = node.scrollWidth; });
    assert.equal(await firstLeft(), before, 'the period column stays in view');
    // The Net column is reachable by scrolling: its right edge lies inside the box now.
    const net = await page.locator('#report-table tbody tr').first().locator('[data-field=net]').boundingBox();
    const frame = await box.boundingBox();
    assert.ok(net.x + net.width <= frame.x + frame.width + 1);
    assert.deepEqual(await clippedCells(page), []);
    await box.evaluate((node) => { node.scrollLeft = 0; });
    await screenshot(page, 'viewer-live-375');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    shop.state.exportFilterRange = false;
    shop.state.exportLines = fixture.trim().split('\n');
    await page.close();
  }
});

test('focus returns to the Refund button when the dialog is escaped or answered', async () => {
  const { page, errors } = await openViewer();
  await loadLive(page, 'spx_test_viewer', '2024-03-25', '2024-04-07');
  await waitForStatus(page, 'done');
  shop.state.charges.push({ id: 'ch_focus', amount: 2500, amount_refunded: 0, refunded: false, currency: 'eur' });
  await page.fill('#refund-charge', 'ch_focus');
  await page.fill('#refund-amount', '5');
  await page.focus('#refund-submit');
  await page.keyboard.press('Enter');
  await page.locator('#refund-dialog[open]').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'refund-cancel');
  assert.deepEqual(await axeViolations(page), []);
  await page.keyboard.press('Escape');
  await page.locator('#refund-status', { hasText: 'Refund not made.' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'refund-submit');
  await page.keyboard.press('Enter');
  await page.locator('#refund-dialog[open]').waitFor();
  await page.keyboard.press('Enter');   // "Keep the charge" has focus
  await page.waitForFunction(() => !document.getElementById('refund-dialog').open);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'refund-submit');
  assert.equal(shop.state.refunds.length, 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('axe-core finds no violations in the empty, file, error and 375 px states', async () => {
  const { page, errors } = await openViewer();
  assert.deepEqual(await axeViolations(page), [], 'empty');
  await dropFiles(page, [{ name: 'balance.ndjson', text: fixture }]);
  await waitForStatus(page, 'done');
  assert.deepEqual(await axeViolations(page), [], 'file report');
  await screenshot(page, 'viewer-file-1280');
  await dropFiles(page, [{ name: 'broken.ndjson', text: '{not json\n' }]);
  await waitForStatus(page, 'error');
  assert.deepEqual(await axeViolations(page), [], 'error');
  await screenshot(page, 'viewer-error-1280');
  await page.setViewportSize({ width: 375, height: 800 });
  await dropFiles(page, [{ name: 'balance.ndjson', text: fixture }]);
  await waitForStatus(page, 'done');
  assert.deepEqual(await axeViolations(page), [], 'file report at 375 px');
  await screenshot(page, 'viewer-file-375');
  await dropFiles(page, [{ name: 'broken.ndjson', text: '{not json\n' }]);
  await waitForStatus(page, 'error');
  await screenshot(page, 'viewer-error-375');
  // Control borders reach 3:1 against white (WCAG 1.4.11).
  const border = await page.locator('#timezone').evaluate((input) => getComputedStyle(input).borderTopColor);
  assert.equal(border, 'rgb(134, 141, 153)');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an unknown time zone on the live path is named at its field, with no uncaught error and no request', async () => {
  const { page, errors } = await openViewer();
  const exportsBefore = shop.state.requests.filter((line) => line.includes('/api/export/')).length;
  await page.fill('#timezone', 'Mars/Olympus_Mons');
  await loadLive(page, 'spx_test_viewer', '2026-11-02', '2026-11-29');
  assert.equal(await waitForStatus(page, 'error'),
    '"Mars/Olympus_Mons" is not a time zone this browser knows. Pick one from the list, e.g. Europe/Berlin.');
  assert.equal(await page.locator('#timezone').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'timezone');
  assert.equal(shop.state.requests.filter((line) => line.includes('/api/export/')).length, exportsBefore);
  assert.deepEqual(errors, []);
  await page.close();
});
