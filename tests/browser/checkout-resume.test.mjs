// "A reload charges twice" (issue 15), against the real proxy and simulator,
// for both payment flows: a reload while /api/checkout (or the PaymentIntent)
// is in flight, a reload during 3-D Secure, a reload after success, the back
// button, and a second tab on the same cart. Each case ends with exactly one
// charge, counted in the simulator (GET /v1/charges with the secret key), and
// the page shows that charge's receipt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { buildWeb } from '../../web/build.mjs';
import { PROXY_BINARY, SIM_BINARY, startLiveStack } from './support/live_stack.mjs';
import { screenshot } from './support/pages.mjs';

let charges;   // proxy with payment_flow "charges"
let intents;   // proxy with payment_flow "payment_intents"
let browser;

before(async () => {
  for (const binary of [SIM_BINARY, PROXY_BINARY]) await access(binary);
  const staticDir = await buildWeb();
  charges = await startLiveStack({ staticDir, seedCharges: 20, seedWeeks: 1 });
  intents = await startLiveStack({ staticDir, seedCharges: 20, seedWeeks: 1, proxyConfig: { payment_flow: 'payment_intents' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await charges?.close();
  await intents?.close();
});

// Each test uses its own cart, so an attempt another test left pending in this
// browser's localStorage can never be taken for this one.
const CARTS = ['tshirt:1', 'mug:1', 'tshirt:2', 'mug:2', 'tshirt:3', 'mug:3', 'tshirt:1,mug:1', 'tshirt:1,mug:2', 'tshirt:2,mug:1', 'tshirt:4', 'mug:4', 'tshirt:5'];
let nextCart = 0;
const newCart = () => CARTS[nextCart++];

/** What the simulator holds now, to count what a test adds: charges and PaymentIntents by id. */
async function snapshot(stack) {
  const [chargeList, intentList] = await Promise.all([stack.simGet('/v1/charges?limit=100'), stack.simGet('/v1/payment_intents?limit=100')]);
  return { charges: new Set(chargeList.data.map(({ id }) => id)), intents: new Set(intentList.data.map(({ id }) => id)) };
}

/** The charges (objects) and PaymentIntents (ids) made since `known`. */
async function madeSince(stack, known) {
  const [chargeList, intentList] = await Promise.all([stack.simGet('/v1/charges?limit=100'), stack.simGet('/v1/payment_intents?limit=100')]);
  return {
    charges: chargeList.data.filter(({ id }) => !known.charges.has(id)),
    intents: intentList.data.map(({ id }) => id).filter((id) => !known.intents.has(id)),
  };
}

async function openCheckout(stack, items, page) {
  page ??= await browser.context.newPage();
  const errors = collectPageErrors(page);
  const dialogs = [];
  // Leaving mid-payment asks first (beforeunload); the shopper confirms the reload.
  page.on('dialog', (dialog) => { dialogs.push(dialog.type()); dialog.accept().catch(() => {}); });
  await page.goto(`${stack.proxyUrl}/checkout/?items=${items}`);
  // The form, or at once the receipt of an attempt this page resumed.
  await page.locator('#pay-form:not([hidden]), #receipt:not([hidden])').waitFor({ timeout: 15000 });
  return { page, errors, dialogs };
}

async function fillCard(page, number = '4242 4242 4242 4242', email = 'resume@example.com') {
  await page.fill('#email', email);
  await page.fill('input[name=standin-cardnumber]', number);
  await page.fill('input[name=standin-exp-date]', '12 / 34');
  await page.fill('input[name=standin-cvc]', '123');
}

/**
 * Lets the first request to `pattern` reach the proxy (or the simulator) and do
 * its work, then withholds the answer: the shopper sees nothing. Later ones
 * pass. Resolves `sent` once the first has been answered upstream.
 */
async function holdFirstAnswer(page, pattern) {
  const bodies = [];
  let reachedUpstream;
  const sent = new Promise((resolveSent) => { reachedUpstream = resolveSent; });
  await page.route(pattern, async (route) => {
    bodies.push(route.request().postData());
    if (bodies.length > 1) return route.continue();
    const response = await route.fetch();
    reachedUpstream(response);
    return undefined;  // never answered: the page is reloaded (or closed) before it
  });
  return { bodies, sent };
}

/** The receipt's charge reference once the receipt is shown. */
async function receiptReference(page) {
  await page.locator('#receipt').waitFor({ timeout: 20000 });
  return page.locator('#receipt-charge').textContent();
}

const ignoredNoise = (text) => !text.includes('Failed to load resource') && !text.includes('ERR_');

// ---- charges ------------------------------------------------------------------
test('charges: reload while /api/checkout is in flight -> the same attempt is resumed; 1 charge', async () => {
  const known = await snapshot(charges);
  const { page, errors, dialogs } = await openCheckout(charges, newCart());
  const held = await holdFirstAnswer(page, '**/api/checkout');
  await fillCard(page);
  await page.click('#pay');
  await held.sent;  // charged upstream, answer withheld
  await page.reload();
  const reference = await receiptReference(page);
  assert.deepEqual(dialogs, ['beforeunload']);
  assert.equal(held.bodies.length, 2);
  assert.equal(held.bodies[1], held.bodies[0]);  // same token, same idempotency key
  const made = await madeSince(charges, known);
  assert.deepEqual(made.charges.map((charge) => [charge.id, charge.amount, charge.status]), [[reference, 2500, 'succeeded']]);
  await screenshot(page, 'resume-charges-reload-in-flight');
  assert.deepEqual(errors.filter(ignoredNoise), []);
  await page.close();
});

test('charges: reload while a declined payment is in flight -> the decline, the form ready again; no charge', async () => {
  const known = await snapshot(charges);
  const { page, errors, dialogs } = await openCheckout(charges, newCart());
  const held = await holdFirstAnswer(page, '**/api/checkout');
  await fillCard(page, '4000 0000 0000 0002');
  await page.click('#pay');
  await held.sent;  // declined upstream, answer withheld
  await page.reload();
  await page.locator('#card-errors', { hasText: 'Your card was declined.' }).waitFor({ timeout: 15000 });
  assert.deepEqual(dialogs, ['beforeunload']);
  assert.equal(held.bodies[1], held.bodies[0]);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'card-errors');
  assert.equal(await page.locator('#pay').isEnabled(), true);
  assert.equal(await page.locator('#email').inputValue(), 'resume@example.com');
  // The stored attempt was declined when its card was attached to the customer (as Stripe does),
  // so neither it nor its replay made a charge.
  assert.deepEqual((await madeSince(charges, known)).charges.map((charge) => charge.status), []);
  // The form works again: a good card pays once, under a new key.
  await page.fill('input[name=standin-cardnumber]', '4242 4242 4242 4242');
  await page.fill('input[name=standin-exp-date]', '12 / 34');
  await page.fill('input[name=standin-cvc]', '123');
  await page.click('#pay');
  const reference = await receiptReference(page);
  assert.notEqual(held.bodies[2], held.bodies[0]);
  assert.deepEqual((await madeSince(charges, known)).charges.map((charge) => [charge.id, charge.status]).filter(([, status]) => status === 'succeeded'),
    [[reference, 'succeeded']]);
  assert.deepEqual(errors.filter((text) => ignoredNoise(text) && !text.includes('402')), []);
  await page.close();
});

test('charges: reload after success shows the same receipt again; 1 charge', async () => {
  const known = await snapshot(charges);
  const { page, errors, dialogs } = await openCheckout(charges, newCart());
  await fillCard(page);
  await page.click('#pay');
  const reference = await receiptReference(page);
  await page.reload();
  assert.equal(await receiptReference(page), reference);
  assert.equal(await page.locator('#pay-form').isHidden(), true);
  assert.deepEqual(dialogs, []);  // nothing in flight: no warning
  const made = await madeSince(charges, known);
  assert.deepEqual(made.charges.map((charge) => charge.id), [reference]);
  // "Make another payment" starts a new attempt (a new key): a second, deliberate charge.
  await page.click('#new-payment');
  await fillCard(page);
  await page.click('#pay');
  const second = await receiptReference(page);
  assert.notEqual(second, reference);
  assert.equal((await madeSince(charges, known)).charges.length, 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('charges: back button mid-payment, then forward -> resumed; 1 charge', async () => {
  const known = await snapshot(charges);
  const page = await browser.context.newPage();
  await page.goto(`${charges.proxyUrl}/`);
  const { errors, dialogs } = await openCheckout(charges, newCart(), page);
  const held = await holdFirstAnswer(page, '**/api/checkout');
  await fillCard(page);
  await page.click('#pay');
  await held.sent;
  await page.goBack();
  assert.equal(new URL(page.url()).pathname, '/');
  await page.goForward();
  const reference = await receiptReference(page);
  assert.deepEqual(dialogs, ['beforeunload']);
  assert.equal(held.bodies[1], held.bodies[0]);
  assert.deepEqual((await madeSince(charges, known)).charges.map((charge) => charge.id), [reference]);
  assert.deepEqual(errors.filter(ignoredNoise), []);
  await page.close();
});

test('charges: a second tab on the same cart while the first is paying takes over its attempt; 1 charge', async () => {
  const known = await snapshot(charges);
  const cart = newCart();
  const first = await openCheckout(charges, cart);
  const held = await holdFirstAnswer(first.page, '**/api/checkout');
  await fillCard(first.page);
  await first.page.click('#pay');
  await held.sent;
  // The shopper, seeing no receipt, opens the checkout again in a new tab.
  const secondPage = await browser.context.newPage();
  const bodies = [];
  secondPage.on('request', (request) => { if (request.url().endsWith('/api/checkout')) bodies.push(request.postData()); });
  const second = await openCheckout(charges, cart, secondPage);
  const reference = await receiptReference(second.page);
  assert.deepEqual(bodies, [held.bodies[0]]);  // the first tab's token and key, not a new attempt
  assert.equal(await second.page.locator('#receipt-email').textContent(), 'resume@example.com');
  await screenshot(second.page, 'resume-charges-second-tab');
  // The first tab, reloaded, resumes too and shows the same charge.
  await first.page.reload();
  assert.equal(await receiptReference(first.page), reference);
  assert.deepEqual((await madeSince(charges, known)).charges.map((charge) => charge.id), [reference]);
  assert.deepEqual(second.errors, []);
  assert.deepEqual(first.errors.filter(ignoredNoise), []);
  await first.page.close();
  await second.page.close();
});

test('charges: a tab duplicated mid-payment finishes the same attempt; 1 charge', async () => {
  const known = await snapshot(charges);
  const first = await openCheckout(charges, newCart());
  const held = await holdFirstAnswer(first.page, '**/api/checkout');
  await fillCard(first.page);
  await first.page.click('#pay');
  await held.sent;
  // window.open gives the new tab a copy of this tab's sessionStorage, as "Duplicate tab" does (the
  // localStorage copy would lead it to the same attempt too).
  const [copy] = await Promise.all([browser.context.waitForEvent('page'), first.page.evaluate(() => { window.open(location.href); })]);
  const errors = collectPageErrors(copy);
  const reference = await receiptReference(copy);
  assert.equal(held.bodies.length, 1);  // the copy's request went out of its own page, not through the first tab's route
  assert.deepEqual((await madeSince(charges, known)).charges.map((charge) => [charge.id, charge.status]), [[reference, 'succeeded']]);
  assert.deepEqual(errors, []);
  await copy.close();
  await first.page.close({ runBeforeUnload: false });
});

// ---- payment_intents ------------------------------------------------------------
test('payment_intents: reload while /api/payment_intents is in flight -> the same PaymentIntent; 1 charge', async () => {
  const known = await snapshot(intents);
  const { page, errors, dialogs } = await openCheckout(intents, newCart());
  const held = await holdFirstAnswer(page, '**/api/payment_intents');
  await fillCard(page);
  await page.click('#pay');
  await held.sent;  // the PaymentIntent exists, the page never heard of it
  await page.reload();
  const reference = await receiptReference(page);
  assert.deepEqual(dialogs, ['beforeunload']);
  assert.equal(held.bodies[1], held.bodies[0]);  // same idempotency key: the proxy returns the same PaymentIntent
  const made = await madeSince(intents, known);
  assert.equal(made.intents.length, 1);
  assert.deepEqual(made.charges.map((charge) => [charge.id, charge.payment_intent, charge.status]), [[reference, made.intents[0], 'succeeded']]);
  assert.deepEqual(errors.filter(ignoredNoise), []);
  await page.close();
});

test('payment_intents: reload while the confirmation is in flight -> the PaymentIntent is read, not confirmed again; 1 charge', async () => {
  const known = await snapshot(intents);
  const { page, errors, dialogs } = await openCheckout(intents, newCart());
  const held = await holdFirstAnswer(page, '**/v1/payment_intents/*/confirm');
  await fillCard(page);
  await page.click('#pay');
  await held.sent;  // charged in the simulator
  await page.reload();
  const reference = await receiptReference(page);
  assert.deepEqual(dialogs, ['beforeunload']);
  assert.equal(held.bodies.length, 1);  // resumed by reading the PaymentIntent
  const made = await madeSince(intents, known);
  assert.equal(made.intents.length, 1);
  assert.deepEqual(made.charges.map((charge) => charge.id), [reference]);
  assert.deepEqual(errors.filter(ignoredNoise), []);
  await page.close();
});

test('payment_intents: reload during 3-D Secure -> the challenge comes back for the same PaymentIntent; 1 charge', async () => {
  const known = await snapshot(intents);
  const { page, errors, dialogs } = await openCheckout(intents, newCart());
  await fillCard(page, '4000 0027 6000 3184');
  await page.click('#pay');
  await page.locator('dialog[open]', { hasText: '3-D Secure test authentication' }).waitFor({ timeout: 15000 });
  await page.reload();
  await page.locator('dialog[open]', { hasText: '3-D Secure test authentication' }).waitFor({ timeout: 15000 });
  await screenshot(page, 'resume-intents-3ds-after-reload');
  await page.click('dialog[open] button[value=approve]');
  const reference = await receiptReference(page);
  assert.deepEqual(dialogs, ['beforeunload']);
  assert.equal(await page.locator('#receipt-card').textContent(), 'Visa ending in 3184');
  const made = await madeSince(intents, known);
  assert.equal(made.intents.length, 1);
  assert.deepEqual(made.charges.map((charge) => [charge.id, charge.payment_intent]), [[reference, made.intents[0]]]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('payment_intents: reload after success shows the same receipt again; 1 charge', async () => {
  const known = await snapshot(intents);
  const { page, errors } = await openCheckout(intents, newCart());
  await fillCard(page);
  await page.click('#pay');
  const reference = await receiptReference(page);
  await page.reload();
  assert.equal(await receiptReference(page), reference);
  const made = await madeSince(intents, known);
  assert.equal(made.intents.length, 1);
  assert.deepEqual(made.charges.map((charge) => charge.id), [reference]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('payment_intents: two tabs in the 3-D Secure step of one cart -> one PaymentIntent, 1 charge, both show it', async () => {
  const known = await snapshot(intents);
  const cart = newCart();
  const first = await openCheckout(intents, cart);
  await fillCard(first.page, '4000 0027 6000 3184');
  await first.page.click('#pay');
  await first.page.locator('dialog[open]', { hasText: '3-D Secure test authentication' }).waitFor({ timeout: 15000 });
  const second = await openCheckout(intents, cart);
  await second.page.locator('dialog[open]', { hasText: '3-D Secure test authentication' }).waitFor({ timeout: 15000 });
  await second.page.click('dialog[open] button[value=approve]');
  const reference = await receiptReference(second.page);
  // The first tab's challenge is now stale: approving it finds the PaymentIntent paid.
  await first.page.click('dialog[open] button[value=approve]');
  assert.equal(await receiptReference(first.page), reference);
  const made = await madeSince(intents, known);
  assert.equal(made.intents.length, 1);
  assert.deepEqual(made.charges.map((charge) => charge.id), [reference]);
  assert.deepEqual(second.errors, []);
  assert.deepEqual(first.errors.filter(ignoredNoise), []);
  await first.page.close();
  await second.page.close();
});

test('payment_intents: a decline, then another card pays through the same PaymentIntent', async () => {
  const known = await snapshot(intents);
  const { page, errors } = await openCheckout(intents, newCart());
  await fillCard(page, '4000 0000 0000 0002');
  await page.click('#pay');
  await page.locator('#card-errors', { hasText: 'Your card was declined.' }).waitFor({ timeout: 15000 });
  await page.fill('input[name=standin-cardnumber]', '4242 4242 4242 4242');
  await page.click('#pay');
  const reference = await receiptReference(page);
  const made = await madeSince(intents, known);
  assert.equal(made.intents.length, 1);
  assert.deepEqual(made.charges.map((charge) => charge.status).sort(), ['failed', 'succeeded']);
  assert.equal(made.charges.find((charge) => charge.status === 'succeeded').id, reference);
  assert.deepEqual(errors.filter((text) => !text.includes('402')), []);
  await page.close();
});
