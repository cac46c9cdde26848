// The proxy's payment_flow switch end to end: a proxy configured with
// "payment_intents" makes the checkout page pay through a PaymentIntent and
// stripe.confirmCardPayment, including the 3-D Secure challenge of
// 4000 0027 6000 3184, against the real simulator; its /api/checkout (token
// charges, no SCA) is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { buildWeb } from '../../web/build.mjs';
import { PROXY_BINARY, SIM_BINARY, startLiveStack } from './support/live_stack.mjs';
import { screenshot } from './support/pages.mjs';

let stack;
let browser;

before(async () => {
  for (const binary of [SIM_BINARY, PROXY_BINARY]) await access(binary);
  stack = await startLiveStack({ staticDir: await buildWeb(), seedCharges: 20, seedWeeks: 1, proxyConfig: { payment_flow: 'payment_intents' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

async function openCheckout() {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  const posted = [];
  page.on('request', (request) => { if (request.method() === 'POST') posted.push(new URL(request.url()).pathname); });
  await page.goto(`${stack.proxyUrl}/checkout/`);
  await page.locator('#pay-form').waitFor({ timeout: 15000 });
  return { page, errors, posted };
}

async function fillCard(page, number) {
  await page.fill('#email', 'sca@example.com');
  await page.fill('input[name=standin-cardnumber]', number);
  await page.fill('input[name=standin-exp-date]', '12 / 34');
  await page.fill('input[name=standin-cvc]', '123');
}

test('GET /api/config says payment_intents; POST /api/checkout is refused', async () => {
  const config = await (await fetch(`${stack.proxyUrl}/api/config`)).json();
  assert.equal(config.payment_flow, 'payment_intents');
  assert.equal(config.stripe_js_api, stack.simUrl);
  const before = await stack.simStats();
  const refused = await fetch(`${stack.proxyUrl}/api/checkout`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: stack.proxyUrl },
    body: JSON.stringify({ token: 'tok_visa', email: 'a@example.com', items: [{ sku: 'tshirt', quantity: 1 }], idempotency_key: 'flow-test-1' }),
  });
  assert.equal(refused.status, 400);
  const { error } = await refused.json();
  assert.deepEqual([error.type, error.code], ['invalid_request_error', 'payment_flow_disabled']);
  const after = await stack.simStats();
  assert.deepEqual([after.customers, after.charges], [before.customers, before.charges]);
});

test('3-D Secure card 4000 0027 6000 3184: PaymentIntent, challenge, confirmCardPayment, one charge', async () => {
  const before = await stack.simStats();
  const { page, errors, posted } = await openCheckout();
  await fillCard(page, '4000 0027 6000 3184');
  await page.click('#pay');
  await page.locator('dialog[open]', { hasText: '3-D Secure test authentication' }).waitFor({ timeout: 15000 });
  assert.match(await page.locator('dialog[open]').textContent(), /€25\.00/);
  await screenshot(page, 'flow-payment-intents-3ds');
  // Nothing is charged while the bank waits for the shopper.
  assert.equal((await stack.simStats()).charges, before.charges);
  await page.click('dialog[open] button[value=approve]');
  await page.locator('#receipt').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('#receipt-amount').textContent(), '€25.00');
  assert.equal(await page.locator('#receipt-card').textContent(), 'Visa ending in 3184');
  const chargeId = await page.locator('#receipt-charge').textContent();
  assert.match(chargeId, /^ch_/);
  const after = await stack.simStats();
  assert.equal(after.payment_intents, before.payment_intents + 1);
  assert.equal(after.charges, before.charges + 1);
  const charge = await stack.simGet(`/v1/charges/${chargeId}`);
  assert.deepEqual([charge.amount, charge.currency, charge.status], [2500, 'eur', 'succeeded']);
  const intent = await stack.simGet(`/v1/payment_intents/${charge.payment_intent}`);
  assert.deepEqual([intent.status, intent.amount, intent.currency], ['succeeded', 2500, 'eur']);
  // The page used the intent flow only: never the token charge endpoint.
  assert.equal(posted.includes('/api/checkout'), false);
  assert.equal(posted.filter((path) => path === '/api/payment_intents').length, 1);
  assert.equal(posted.includes('/v1/tokens'), false);
  await screenshot(page, 'flow-payment-intents-receipt');
  assert.deepEqual(errors, []);
  await page.close();
});

test('declining the 3-D Secure challenge charges nothing and says why', async () => {
  const before = await stack.simStats();
  const { page, errors } = await openCheckout();
  await fillCard(page, '4000 0027 6000 3184');
  await page.click('#pay');
  await page.locator('dialog[open]', { hasText: '3-D Secure test authentication' }).waitFor({ timeout: 15000 });
  await page.click('dialog[open] button[value=decline]');
  await page.locator('#card-errors', { hasText: 'We are unable to authenticate your payment method.' }).waitFor({ timeout: 15000 });
  assert.equal((await stack.simStats()).charges, before.charges);
  assert.equal(await page.locator('#receipt').isHidden(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a card without 3-D Secure pays through the PaymentIntent with no challenge', async () => {
  const before = await stack.simStats();
  const { page, errors } = await openCheckout();
  await fillCard(page, '4242 4242 4242 4242');
  await page.click('#pay');
  await page.locator('#receipt').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('dialog[open]').count(), 0);
  const after = await stack.simStats();
  assert.equal(after.payment_intents, before.payment_intents + 1);
  assert.equal(after.charges, before.charges + 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a double click on Pay makes one PaymentIntent and one charge', async () => {
  const before = await stack.simStats();
  const { page, errors, posted } = await openCheckout();
  await fillCard(page, '4242 4242 4242 4242');
  await page.locator('#pay').dblclick();
  await page.locator('#receipt').waitFor({ timeout: 15000 });
  await page.waitForTimeout(300);
  const after = await stack.simStats();
  assert.equal(after.payment_intents, before.payment_intents + 1);
  assert.equal(after.charges, before.charges + 1);
  assert.equal(posted.filter((path) => path === '/api/payment_intents').length, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a lost answer from /api/payment_intents is retried with the same key: one PaymentIntent, one charge', async () => {
  const before = await stack.simStats();
  const { page, errors } = await openCheckout();
  const bodies = [];
  // The proxy creates the PaymentIntent, then the answer is lost on the way back.
  await page.route('**/api/payment_intents', async (route) => {
    bodies.push(route.request().postData());
    if (bodies.length === 1) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await fillCard(page, '4000 0027 6000 3184');
  await page.click('#pay');
  await page.locator('dialog[open]', { hasText: '3-D Secure test authentication' }).waitFor({ timeout: 20000 });
  await page.click('dialog[open] button[value=approve]');
  await page.locator('#receipt').waitFor({ timeout: 15000 });
  assert.equal(bodies.length, 2);
  assert.equal(bodies[1], bodies[0]);
  const after = await stack.simStats();
  assert.equal(after.payment_intents, before.payment_intents + 1);
  assert.equal(after.charges, before.charges + 1);
  assert.deepEqual(errors.filter((text) => !text.includes('ERR_CONNECTION_RESET')), []);
  await page.close();
});

test('keyboard only through the 3-D Secure challenge: Enter pays, the focused approve button confirms', async () => {
  const before = await stack.simStats();
  const { page, errors } = await openCheckout();
  for (let i = 0; i < 3; ++i) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
  await page.keyboard.type('keys-sca@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('4000002760003184');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1234');
  await page.keyboard.press('Tab');
  await page.keyboard.type('123');
  await page.keyboard.press('Enter');
  await page.locator('dialog[open]', { hasText: '3-D Secure test authentication' }).waitFor({ timeout: 15000 });
  // The challenge takes the focus (a modal dialog), on the approve button.
  assert.equal(await page.evaluate(() => document.activeElement.value), 'approve');
  await page.keyboard.press('Enter');
  await page.locator('#receipt').waitFor({ timeout: 15000 });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'receipt');
  assert.match(await page.locator('#pay-status').textContent(), /^Payment received: €25\.00, Visa ending in 3184\. Reference ch_/);
  const after = await stack.simStats();
  assert.equal(after.payment_intents, before.payment_intents + 1);
  assert.equal(after.charges, before.charges + 1);
  assert.deepEqual(errors, []);
  await page.close();
});
