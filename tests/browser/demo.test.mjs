// npm start end to end: startDemo() (what scripts/start.mjs runs) on an
// ephemeral port; in Chromium, under the proxy's real CSP, pay on the checkout
// page with 4242 and see that sale in the report viewer's current week (live
// source, the printed admin token); then stop the demo and check that its
// processes are gone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { startDemo, PROXY_BINARY } from '../../scripts/demo/start_demo.mjs';
import { SIM_BINARY } from '../../sim/js/simulator_process.mjs';
import { screenshot, waitForStatus } from './support/pages.mjs';

let demo;
let browser;
let workdir;

before(async () => {
  for (const file of [SIM_BINARY, PROXY_BINARY, resolve('build/web/checkout/index.html')]) await access(file);
  workdir = await mkdtemp(join(tmpdir(), 'demo-test-'));
  // The test's own environment may hold real keys; the demo must not see them.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('STRIPE_')));
  demo = await startDemo({ port: 0, env, seed: { charges: 300, weeks: 4 }, dir: workdir });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
  await rm(workdir, { recursive: true, force: true });
});

/** Monday 00:00 UTC of this week, as the viewer labels it with ?timezone=UTC. */
function currentWeekLabel(now = new Date()) {
  const monday = new Date(now.getTime() - ((now.getUTCDay() + 6) % 7) * 86400_000);
  return monday.toISOString().slice(0, 10);
}

/** The viewer's eur row for this week: { charges, gross } (gross in cents), zeros when absent. */
async function loadCurrentWeek(page) {
  await page.goto(`${demo.viewerUrl}?timezone=UTC`);
  await page.locator('#core-version', { hasText: /report core \d/ }).waitFor({ timeout: 20000 });
  await page.fill('#token', demo.token);
  await page.fill('#from', new Date(Date.now() - 14 * 86400_000).toISOString().slice(0, 10));
  await page.fill('#to', new Date().toISOString().slice(0, 10));
  await page.click('#load-live');
  await waitForStatus(page, 'done', 30000);
  const cells = await page.locator('#report-table tbody tr[data-currency="eur"]').evaluateAll((rows, label) => {
    // The running week is marked "to date" after its date (issue 13).
    const row = rows.find((tr) => tr.cells[0].firstChild.textContent === label);
    return row ? [row.cells[2].textContent, row.querySelector('[data-field=gross]').textContent] : null;
  }, currentWeekLabel());
  if (!cells) return { charges: 0, gross: 0 };
  assert.match(cells[1], /^€[\d,]+\.\d\d$/);
  return { charges: Number(cells[0]), gross: Number(cells[1].replace(/\D/g, '')) };
}

test('the demo prints usable URLs and an admin token; the secret stays in the proxy', async () => {
  assert.match(demo.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(demo.origin, 'http://127.0.0.1:0');
  assert.equal(demo.checkoutUrl, `${demo.origin}/checkout/`);
  assert.equal(demo.viewerUrl, `${demo.origin}/report/`);
  assert.match(demo.token, /^spx_/);
  const config = await (await fetch(`${demo.origin}/api/config`)).json();
  assert.equal(config.mode, 'demo');
  assert.equal(config.publishable_key, 'pk_test_simulator');
  // No front door: the browser talks to the proxy, and the stand-in to the simulator it names.
  assert.equal(demo.proxyUrl, demo.origin);
  assert.equal(config.stripe_js_api, demo.simulatorUrl);
  const checkoutPage = await fetch(demo.checkoutUrl);
  assert.match(checkoutPage.headers.get('content-security-policy'), new RegExp(`connect-src 'self' https://api.stripe.com ${demo.simulatorUrl};`));
  await checkoutPage.body?.cancel();
  assert.deepEqual(config.catalog.map((item) => `${item.sku}:${item.unit_amount}:${item.currency}`),
    ['tshirt:2500:eur', 'mug:1250:eur', 'stickers:300:eur', 'cap:1999:usd', 'tenugui:1500:jpy']);
  for (const path of ['/api/config', '/checkout/', '/report/', '/checkout/main.js']) {
    const text = await (await fetch(`${demo.origin}${path}`)).text();
    assert.doesNotMatch(text, /sk_test_simulator/, path);
  }
  // Not allow-listed: refused by the proxy, even with the publishable key.
  const refused = await fetch(`${demo.origin}/v1/charges`, { headers: { authorization: 'Bearer pk_test_simulator' } });
  assert.equal(refused.status, 401);
  await refused.body?.cancel();
  // The stand-in's zone files are where the viewer's worker looks for them.
  const zone = await fetch(`${demo.origin}/report/zoneinfo/Europe/Berlin`);
  assert.equal(zone.status, 200);
  assert.equal(Buffer.from(await zone.arrayBuffer()).subarray(0, 4).toString(), 'TZif');
});

test('pay with 4242 on the checkout page, then see the sale in the viewer\'s current week', async () => {
  const viewer = await browser.context.newPage();
  const viewerErrors = collectPageErrors(viewer);
  const before = await loadCurrentWeek(viewer);

  const checkout = await browser.context.newPage();
  const checkoutErrors = collectPageErrors(checkout);
  await checkout.goto(demo.checkoutUrl);
  await checkout.locator('#pay-form').waitFor({ timeout: 20000 });
  assert.equal(await checkout.locator('#demo-notice').isVisible(), true);
  await checkout.fill('#email', 'demo@example.com');
  await checkout.fill('input[name=standin-cardnumber]', '4242 4242 4242 4242');
  await checkout.fill('input[name=standin-exp-date]', '12 / 34');
  await checkout.fill('input[name=standin-cvc]', '123');
  await checkout.click('#pay');
  await checkout.locator('#receipt').waitFor({ timeout: 20000 });
  assert.equal(await checkout.locator('#receipt-amount').textContent(), '€25.00');
  assert.equal(await checkout.locator('#receipt-card').textContent(), 'Visa ending in 4242');
  const chargeId = await checkout.locator('#receipt-charge').textContent();
  assert.match(chargeId, /^ch_/);
  await screenshot(checkout, 'demo-checkout-receipt');

  // The charge exists upstream at the catalog price (asked behind the proxy's back).
  const charge = await (await fetch(`${demo.simulatorUrl}/v1/charges/${chargeId}`,
    { headers: { authorization: 'Bearer sk_test_simulator' } })).json();
  assert.equal(charge.amount, 2500);
  assert.equal(charge.currency, 'eur');
  assert.equal(charge.status, 'succeeded');

  const afterPay = await loadCurrentWeek(viewer);
  assert.equal(afterPay.charges, before.charges + 1);
  assert.equal(afterPay.gross, before.gross + 2500);
  await screenshot(viewer, 'demo-report-current-week');
  assert.deepEqual(checkoutErrors, []);
  assert.deepEqual(viewerErrors, []);
  await checkout.close();
  await viewer.close();
});

test('a yen cart from the demo catalog is charged in jpy, zero-decimal', async () => {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${demo.checkoutUrl}?items=tenugui:2`);
  await page.locator('#pay-form').waitFor({ timeout: 20000 });
  await page.fill('#email', 'yen@example.com');
  await page.fill('input[name=standin-cardnumber]', '4242 4242 4242 4242');
  await page.fill('input[name=standin-exp-date]', '12 / 34');
  await page.fill('input[name=standin-cvc]', '123');
  await page.click('#pay');
  await page.locator('#receipt').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#receipt-amount').textContent(), '¥3,000');
  const chargeId = await page.locator('#receipt-charge').textContent();
  const charge = await (await fetch(`${demo.simulatorUrl}/v1/charges/${chargeId}`,
    { headers: { authorization: 'Bearer sk_test_simulator' } })).json();
  assert.deepEqual([charge.amount, charge.currency, charge.status], [3000, 'jpy', 'succeeded']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('stopping the demo ends its processes and frees its port', async () => {
  await browser.close();
  browser = null;
  const { pids, origin, proxyUrl, simulatorUrl } = demo;
  assert.equal(pids.length, 2);
  await demo.stop();
  demo = null;
  for (const pid of pids) assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `pid ${pid} still runs`);
  for (const url of [origin, proxyUrl, simulatorUrl]) {
    await assert.rejects(fetch(`${url}/healthz`), TypeError, url);
  }
});
