// The pages against the real proxy (serving build/web, demo mode) and the real
// simulator: checkout outcomes counted in the simulator, the live report
// matching the stripe-report CLI on the same export, and a refund. (The 3-D
// Secure card runs with payment_flow "payment_intents" in payment-flow.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { buildWeb } from '../../web/build.mjs';
import { PROXY_BINARY, SIM_BINARY, startLiveStack } from './support/live_stack.mjs';
import { screenshot, summaryOf, waitForStatus } from './support/pages.mjs';

const CLI = resolve('build/native/wasm/stripe-report');
let stack;
let browser;

before(async () => {
  for (const binary of [SIM_BINARY, PROXY_BINARY, CLI]) await access(binary);
  stack = await startLiveStack({ staticDir: await buildWeb() });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

// Every page runs under the proxy's real CSP; in demo mode it lets the
// stand-in reach the simulator named by the config's stripe_js_api.
async function newPage() {
  const page = await browser.context.newPage();
  return { page, errors: collectPageErrors(page) };
}

async function openCheckout(query = '') {
  const { page, errors } = await newPage();
  await page.goto(`${stack.proxyUrl}/checkout/${query}`);
  await page.locator('#pay-form').waitFor({ timeout: 15000 });
  return { page, errors };
}

async function fillCard(page, number, email = 'live@example.com') {
  await page.fill('#email', email);
  await page.fill('input[name=standin-cardnumber]', number);
  await page.fill('input[name=standin-exp-date]', '12 / 34');
  await page.fill('input[name=standin-cvc]', '123');
}

const charges = async () => (await stack.simStats()).charges;

test('checkout with 4242 through the proxy makes one charge in the simulator', async () => {
  const before = await charges();
  const config = await (await fetch(`${stack.proxyUrl}/api/config`)).json();
  assert.deepEqual([config.mode, config.payment_flow, config.stripe_js_api], ['demo', 'charges', stack.simUrl]);
  const { page, errors } = await openCheckout();
  assert.equal(await page.locator('#demo-notice').isVisible(), true);
  await fillCard(page, '4242 4242 4242 4242');
  await page.click('#pay');
  await page.locator('#receipt').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('#receipt-amount').textContent(), '€25.00');
  assert.equal(await page.locator('#receipt-card').textContent(), 'Visa ending in 4242');
  const chargeId = await page.locator('#receipt-charge').textContent();
  assert.match(chargeId, /^ch_/);
  assert.equal(await charges(), before + 1);
  const charge = await stack.simGet(`/v1/charges/${chargeId}`);
  assert.equal(charge.amount, 2500);
  assert.equal(charge.currency, 'eur');
  assert.equal(charge.status, 'succeeded');
  await screenshot(page, 'live-checkout-receipt');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a decline with 4000 0000 0000 0002 shows the message and charges nothing', async () => {
  const { page, errors } = await openCheckout();
  const known = new Set((await stack.simGet('/v1/charges?limit=100')).data.map((charge) => charge.id));
  await fillCard(page, '4000 0000 0000 0002');
  await page.click('#pay');
  await page.locator('#card-errors', { hasText: 'Your card was declined.' }).waitFor({ timeout: 15000 });
  const made = (await stack.simGet('/v1/charges?limit=100')).data.filter((charge) => !known.has(charge.id));
  // Declined when the card is attached to the customer (as Stripe does): no charge at all.
  assert.deepEqual(made.map((charge) => charge.status), []);
  await screenshot(page, 'live-checkout-declined');
  assert.deepEqual(errors.filter((text) => !text.includes('402')), []);
  await page.close();
});

test('a double click creates exactly one charge', async () => {
  const before = await charges();
  const { page, errors } = await openCheckout();
  await fillCard(page, '4242 4242 4242 4242');
  await page.locator('#pay').dblclick();
  await page.locator('#receipt').waitFor({ timeout: 15000 });
  await page.waitForTimeout(300);
  assert.equal(await charges(), before + 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a network drop during pay recovers with one charge', async () => {
  const before = await charges();
  const { page, errors } = await openCheckout();
  let dropped = 0;
  // The first answer is lost on the way back, after the proxy charged.
  await page.route('**/api/checkout', async (route) => {
    if (dropped++ === 0) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await fillCard(page, '4242 4242 4242 4242');
  await page.click('#pay');
  await page.locator('#receipt').waitFor({ timeout: 20000 });
  assert.equal(dropped, 2);
  assert.equal(await charges(), before + 1);
  assert.deepEqual(errors.filter((text) => !text.includes('ERR_CONNECTION_RESET')), []);
  await page.close();
});

test('the live report shows the same totals as the stripe-report CLI, and a refund updates it', async () => {
  const { page, errors } = await newPage();
  await page.goto(`${stack.proxyUrl}/report/?timezone=UTC`);
  await page.locator('#core-version', { hasText: /report core \d/ }).waitFor({ timeout: 15000 });
  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 8 * 7 * 86400_000).toISOString().slice(0, 10);
  await page.fill('#token', stack.token);
  await page.fill('#from', from);
  await page.fill('#to', today);
  await page.click('#load-live');
  await waitForStatus(page, 'done', 30000);
  await screenshot(page, 'live-report');

  // The same export through the CLI.
  const url = new URL('/api/export/balance_transactions', stack.proxyUrl);
  const gte = Date.parse(`${from}T00:00:00Z`) / 1000;
  const lt = Date.parse(`${today}T00:00:00Z`) / 1000 + 86400;
  url.searchParams.set('created[gte]', String(gte));
  url.searchParams.set('created[lt]', String(lt));
  const exported = await (await fetch(url, { headers: { authorization: `Bearer ${stack.token}` } })).text();
  const dir = await mkdtemp(join(tmpdir(), 'web-cli-'));
  try {
    await writeFile(join(dir, 'export.ndjson'), exported);
    const cli = JSON.parse(execFileSync(CLI, ['--format', 'json', '--tz', 'UTC', '--period', 'week', join(dir, 'export.ndjson')], { encoding: 'utf8' }));
    assert.ok(cli.totals.length >= 1);
    for (const total of cli.totals) {
      const shown = await summaryOf(page, total.currency);
      assert.equal(shown.charges, String(total.charges), `${total.currency} charges`);
      const csv = await page.evaluate(() => document.querySelector('#report-table tbody').rows.length);
      assert.equal(csv, cli.rows.length);
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    const { readFile } = await import('node:fs/promises');
    const fromPage = JSON.parse(await readFile(await download.path(), 'utf8'));
    const pick = (entry) => [entry.currency, entry.charges, entry.gross, entry.refunds, entry.disputes, entry.other, entry.fees, entry.net].join(',');
    assert.deepEqual(fromPage.totals.map(pick), cli.totals.map(pick));
    assert.deepEqual(fromPage.rows.map((row) => `${row.period_start},${pick(row)}`), cli.rows.map((row) => `${row.period_start},${pick(row)}`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // Refund part of a fresh charge from the viewer.
  const charge = (await stack.simGet('/v1/charges?limit=10')).data.find((c) => c.status === 'succeeded' && !c.refunded && c.currency === 'eur' && c.amount >= 1000);
  const refundsBefore = (await stack.simStats()).refunds;
  const eurBefore = await summaryOf(page, 'eur');
  await page.fill('#refund-charge', charge.id);
  await page.fill('#refund-amount', '5');
  await page.click('#refund-submit');
  await page.locator('#refund-dialog[open]').waitFor({ timeout: 15000 });
  await page.click('#refund-confirm');
  await page.locator('#refund-status', { hasText: 'the report is refreshed' }).waitFor({ timeout: 30000 });
  assert.equal((await stack.simStats()).refunds, refundsBefore + 1);
  assert.equal((await stack.simGet(`/v1/charges/${charge.id}`)).amount_refunded, charge.amount_refunded + 500);
  const eurAfter = await summaryOf(page, 'eur');
  assert.notEqual(eurAfter.refunds, eurBefore.refunds);
  await screenshot(page, 'live-report-refunded');
  assert.deepEqual(errors, []);
  await page.close();
});
