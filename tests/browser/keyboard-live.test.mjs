// Keyboard-only checkout against the real stack (proxy serving build/web in
// demo mode + simulator, started here): every control reached with Tab in
// order, the cart and card typed with the keyboard, Space or Enter to pay, the
// outcome announced through live regions, and the charges counted in the
// simulator (GET /_sim/stats). No mouse, no page.fill.
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
  stack = await startLiveStack({ staticDir: await buildWeb(), seedCharges: 20, seedWeeks: 1 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

async function openCheckout() {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${stack.proxyUrl}/checkout/`);
  await page.locator('#pay-form').waitFor({ timeout: 15000 });
  return { page, errors };
}

/** id (or name) of the focused element. */
const focused = (page) => page.evaluate(() => document.activeElement.id || document.activeElement.name || document.activeElement.tagName);

/** The charges the simulator made since `known` (a Set of ids), oldest first. */
async function newCharges(known) {
  const { data } = await stack.simGet('/v1/charges?limit=100');
  return data.filter((charge) => !known.has(charge.id)).reverse();
}
const knownCharges = async () => new Set((await stack.simGet('/v1/charges?limit=100')).data.map((charge) => charge.id));

test('Tab reaches every control in order; typed card, Space on Pay, receipt announced; exactly one charge', async () => {
  const before = await stack.simStats();
  const known = await knownCharges();
  const { page, errors } = await openCheckout();
  const order = [];
  for (let i = 0; i < 7; ++i) {
    await page.keyboard.press('Tab');
    order.push(await focused(page));
  }
  assert.deepEqual(order.map((id) => id.replace(/-\d+$/, '')),
    ['qty-tshirt', 'qty-mug', 'email', 'standin-cardnumber', 'standin-exp-date', 'standin-cvc', 'pay']);
  // Back to the cart with Shift+Tab; one more mug with the arrow key.
  for (let i = 0; i < 5; ++i) await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'qty-mug');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.locator('#total').textContent(), '€37.50');
  await page.keyboard.press('Tab');
  await page.keyboard.type('keys@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('4242424242424242');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1234');
  await page.keyboard.press('Tab');
  await page.keyboard.type('123');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'pay');
  await screenshot(page, 'keyboard-live-pay-focused');
  await page.keyboard.press('Space');
  await page.locator('#receipt').waitFor({ timeout: 15000 });
  // Focus moves to the receipt, and the polite live region says what happened.
  assert.equal(await focused(page), 'receipt');
  const chargeId = await page.locator('#receipt-charge').textContent();
  assert.equal(await page.locator('#pay-status').getAttribute('aria-live'), 'polite');
  assert.equal(await page.locator('#pay-status').textContent(),
    `Payment received: €37.50, Visa ending in 4242. Reference ${chargeId}.`);
  await screenshot(page, 'keyboard-live-receipt');
  const after = await stack.simStats();
  assert.equal(after.charges, before.charges + 1);
  const made = await newCharges(known);
  assert.deepEqual(made.map((charge) => [charge.id, charge.amount, charge.currency, charge.status]),
    [[chargeId, 3750, 'eur', 'succeeded']]);
  // "Make another payment" is the next stop, and Enter brings the form back at the email field.
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'new-payment');
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'email');
  assert.equal(await page.locator('#pay-status').textContent(), '');
  assert.deepEqual(errors, []);
  await page.close();
});

test('keyboard only: Enter submits; a bad email and a decline are announced where they happened; then one charge', async () => {
  const known = await knownCharges();
  const { page, errors } = await openCheckout();
  for (let i = 0; i < 3; ++i) await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'email');
  await page.keyboard.type('not-an-email');
  await page.keyboard.press('Enter');
  await page.locator('#email-error', { hasText: 'Enter a valid email address' }).waitFor();
  assert.equal(await page.locator('#email-error').getAttribute('aria-live'), 'polite');
  assert.equal(await page.locator('#email').getAttribute('aria-invalid'), 'true');
  assert.equal(await focused(page), 'email');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('decline@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('4000000000000002');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1234');
  await page.keyboard.press('Tab');
  await page.keyboard.type('123');
  await page.keyboard.press('Enter');
  await page.locator('#card-errors', { hasText: 'Your card was declined.' }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('#card-errors').getAttribute('aria-live'), 'assertive');
  assert.equal(await page.locator('#card-errors').getAttribute('role'), 'alert');
  await screenshot(page, 'keyboard-live-declined');
  // The focus is on the message (read out), and the next Tab is the card number: replace it, pay with Enter.
  assert.equal(await focused(page), 'card-errors');
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^standin-cardnumber-/);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('4242424242424242');
  await page.keyboard.press('Enter');
  await page.locator('#receipt').waitFor({ timeout: 15000 });
  const chargeId = await page.locator('#receipt-charge').textContent();
  const made = await newCharges(known);
  // The decline came when the card was attached to the customer (as Stripe does): no failed charge.
  assert.deepEqual(made.map((charge) => [charge.amount, charge.status]), [[2500, 'succeeded']]);
  assert.equal(made[0].id, chargeId);
  assert.match(await page.locator('#pay-status').textContent(), /^Payment received: €25\.00, Visa ending in 4242\./);
  assert.deepEqual(errors.filter((text) => !text.includes('402')), []);
  await page.close();
});
