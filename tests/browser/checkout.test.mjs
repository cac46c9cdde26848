// The checkout page in Chromium against the fake shop (proxy API + simulator's
// publishable-key endpoints) and the offline stripe.js stand-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { startFakeShop } from './support/fake_shop.mjs';
import { buildWithFakeCore, screenshot } from './support/pages.mjs';

let shop;
let browser;

before(async () => {
  shop = await startFakeShop({ staticDir: await buildWithFakeCore() });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await shop?.close();
});

function resetShop() {
  Object.assign(shop.state, { mode: 'demo', paymentFlow: 'charges', advertiseStripeApi: true, checkoutDelayMs: 0, dropNextCheckout: false, checkoutBodies: [], requests: [] });
  shop.state.charges.length = 0;
}

async function openCheckout(query = '', state = {}) {
  resetShop();
  Object.assign(shop.state, state);
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${shop.url}/checkout/${query}`);
  await page.locator('#pay-form').waitFor();
  return { page, errors };
}

async function fillCard(page, { number = '4242 4242 4242 4242', expiry = '12 / 34', cvc = '123', email = 'buyer@example.com' } = {}) {
  await page.fill('#email', email);
  await page.fill('input[name=standin-cardnumber]', number);
  await page.fill('input[name=standin-exp-date]', expiry);
  await page.fill('input[name=standin-cvc]', cvc);
}

const checkoutPosts = () => shop.state.requests.filter((line) => line === 'POST /api/checkout').length;

test('a successful payment with 4242 shows a receipt; one charge', async () => {
  const { page, errors } = await openCheckout();
  assert.equal(await page.locator('#demo-notice').isVisible(), true);
  assert.equal(await page.locator('#total').textContent(), '€25.00');
  await page.fill('#qty-mug', '2');
  assert.equal(await page.locator('#total').textContent(), '€50.00');
  await screenshot(page, 'checkout-ready');
  await fillCard(page);
  await page.click('#pay');
  await page.locator('#receipt').waitFor();
  assert.equal(await page.locator('#receipt-amount').textContent(), '€50.00');
  assert.equal(await page.locator('#receipt-card').textContent(), 'Visa ending in 4242');
  assert.equal(shop.state.charges.length, 1);
  assert.equal(await page.locator('#receipt-charge').textContent(), shop.state.charges[0].id);
  assert.deepEqual(shop.state.checkoutBodies[0].items, [{ sku: 'tshirt', quantity: 1 }, { sku: 'mug', quantity: 2 }]);
  assert.equal(shop.state.checkoutBodies[0].email, 'buyer@example.com');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'receipt');
  await screenshot(page, 'checkout-receipt');
  // The next payment uses a new idempotency key.
  await page.click('#new-payment');
  await fillCard(page);
  await page.click('#pay');
  await page.locator('#receipt').waitFor();
  assert.equal(shop.state.charges.length, 2);
  assert.notEqual(shop.state.checkoutBodies[1].idempotency_key, shop.state.checkoutBodies[0].idempotency_key);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a decline shows Stripe\'s message next to the card; no charge', async () => {
  const { page, errors } = await openCheckout();
  await fillCard(page, { number: '4000 0000 0000 0002' });
  await page.click('#pay');
  await page.locator('#card-errors', { hasText: 'Your card was declined.' }).waitFor();
  assert.equal(await page.locator('#card-errors').getAttribute('aria-live'), 'assertive');
  assert.equal(shop.state.charges.length, 0);
  await screenshot(page, 'checkout-declined');
  await page.fill('input[name=standin-cardnumber]', '4242 4242 4242 4242');
  await page.click('#pay');
  await page.locator('#receipt').waitFor();
  assert.equal(shop.state.charges.length, 1);
  assert.notEqual(shop.state.checkoutBodies[1].idempotency_key, shop.state.checkoutBodies[0].idempotency_key);
  assert.notEqual(shop.state.checkoutBodies[1].token, shop.state.checkoutBodies[0].token);
  assert.deepEqual(errors.filter((text) => !text.includes('402')), []);
  await page.close();
});

test('validation messages, before any request', async () => {
  const { page, errors } = await openCheckout();
  await page.click('#pay');
  assert.equal(await page.locator('#email-error').textContent(), 'Enter a valid email address, like name@example.com.');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
  assert.equal(await page.locator('#email').getAttribute('aria-invalid'), 'true');
  await fillCard(page, { number: '4242 4242' });
  await page.click('#pay');
  assert.equal(await page.locator('#card-errors').textContent(), 'Your card number is incomplete.');
  await fillCard(page, { number: '4242 4242 4242 4241' });
  assert.equal(await page.locator('#card-errors').textContent(), 'Your card number is invalid.');
  await fillCard(page, { expiry: '01 / 20' });
  assert.equal(await page.locator('#card-errors').textContent(), "Your card's expiration year is in the past.");
  await fillCard(page);
  await page.fill('#qty-tshirt', '0');
  await page.click('#pay');
  assert.equal(await page.locator('#form-error').textContent(), 'Choose at least one item.');
  assert.equal(shop.state.requests.some((line) => line.startsWith('POST')), false);
  await screenshot(page, 'checkout-validation');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a double click creates exactly one charge', async () => {
  const { page, errors } = await openCheckout();
  shop.state.checkoutDelayMs = 500;
  await fillCard(page);
  await page.click('#pay');
  assert.equal(await page.locator('#pay').isDisabled(), true);
  assert.equal(await page.locator('#pay').textContent(), 'Paying…');
  await page.locator('#pay-form').evaluate((form) => { form.requestSubmit(); form.requestSubmit(); });
  await page.locator('#receipt').waitFor();
  assert.equal(checkoutPosts(), 1);
  assert.equal(shop.state.charges.length, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a connection dropped during pay recovers with one charge', async () => {
  const { page, errors } = await openCheckout();
  shop.state.dropNextCheckout = true;
  await fillCard(page);
  await page.click('#pay');
  await page.locator('#receipt').waitFor();
  assert.equal(checkoutPosts(), 2);
  assert.equal(shop.state.charges.length, 1);
  const [first, retry] = shop.state.checkoutBodies;
  assert.deepEqual(retry, first);
  assert.equal(await page.locator('#receipt-charge').textContent(), shop.state.charges[0].id);
  assert.deepEqual(errors.filter((text) => !text.includes('ERR_EMPTY_RESPONSE') && !text.includes('Failed to load resource')), []);
  await page.close();
});

test('3-D Secure: approve pays, fail shows the bank\'s refusal', async () => {
  const { page, errors } = await openCheckout('', { paymentFlow: 'payment_intents' });
  await fillCard(page, { number: '4000 0025 0000 3155' });
  await page.click('#pay');
  await page.locator('dialog[open]', { hasText: '3-D Secure test authentication' }).waitFor();
  assert.match(await page.locator('dialog[open]').textContent(), /payment of €25\.00/);
  await screenshot(page, 'checkout-3ds-challenge');
  await page.click('dialog[open] button[value=decline]');
  await page.locator('#card-errors', { hasText: 'We are unable to authenticate your payment method.' }).waitFor();
  assert.equal(shop.state.charges.length, 0);
  await page.click('#pay');
  await page.click('dialog[open] button[value=approve]');
  await page.locator('#receipt').waitFor();
  assert.equal(shop.state.charges.length, 1);
  assert.equal(await page.locator('#receipt-charge').textContent(), shop.state.charges[0].id);
  assert.equal(await page.locator('#receipt-card').textContent(), 'Visa ending in 3155');
  await screenshot(page, 'checkout-3ds-paid');
  assert.deepEqual(errors, []);
  await page.close();
});

test('keyboard only: tab order and Enter pay', async () => {
  const { page, errors } = await openCheckout();
  const order = [];
  for (let i = 0; i < 8; ++i) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.name));
  }
  assert.deepEqual(order.slice(0, 7), ['qty-tshirt', 'qty-mug', 'email',
    order[3], order[4], order[5], 'pay']);
  assert.match(order[3], /^standin-cardnumber-/);
  assert.match(order[4], /^standin-exp-date-/);
  assert.match(order[5], /^standin-cvc-/);
  // The 8th Tab left the page; five Shift+Tabs come back to the email field.
  for (let i = 0; i < 5; ++i) await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
  await page.keyboard.type('keys@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('4242424242424242');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1234');
  await page.keyboard.press('Tab');
  await page.keyboard.type('123');
  await page.keyboard.press('Enter');
  await page.locator('#receipt').waitFor();
  assert.equal(shop.state.charges.length, 1);
  assert.equal(shop.state.checkoutBodies[0].email, 'keys@example.com');
  assert.deepEqual(errors, []);
  await page.close();
});

test('fits 320 px without sideways scrolling', async () => {
  const { page, errors } = await openCheckout();
  await page.setViewportSize({ width: 320, height: 700 });
  await fillCard(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0);
  await screenshot(page, 'checkout-320px');
  assert.deepEqual(errors, []);
  await page.close();
});

test('outside demo mode the page loads Stripe.js from js.stripe.com, never the stand-in', async () => {
  resetShop();
  shop.state.mode = 'test';
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  const loaded = [];
  // Nothing leaves this machine: answer js.stripe.com with a recorder.
  await page.route('https://js.stripe.com/**', (route) => {
    loaded.push(route.request().url());
    route.fulfill({ contentType: 'text/javascript', body: 'window.Stripe = (pk) => ({ elements: () => ({ create: () => ({ mount(){}, on(){}, clear(){} }) }), pk });' });
  });
  await page.goto(`${shop.url}/checkout/`);
  await page.locator('#pay-form').waitFor();
  assert.deepEqual(loaded, ['https://js.stripe.com/v3/']);
  assert.equal(await page.locator('#demo-notice').isHidden(), true);
  assert.equal(shop.state.requests.some((line) => line.includes('stripe-standin')), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test('demo mode without the config\'s stripe_js_api: no card field, and a URL cannot supply one', async () => {
  resetShop();
  shop.state.advertiseStripeApi = false;
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${shop.url}/checkout/?stripe_api=${encodeURIComponent('http://127.0.0.1:9')}`);
  await page.locator('#load-status', { hasText: 'Card payments are unavailable: the shop runs in demo mode but its config names no simulator ("stripe_js_api").' }).waitFor();
  assert.equal(await page.locator('#pay-form').isHidden(), true);
  assert.equal(shop.state.requests.some((line) => line.includes('stripe-standin')), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the shop being unreachable is explained', async () => {
  resetShop();
  const page = await browser.context.newPage();
  await page.route('**/api/config', (route) => route.fulfill({ status: 503, body: '{}' }));
  await page.goto(`${shop.url}/checkout/`);
  await page.locator('#load-status', { hasText: 'The shop could not be reached (the shop answered 503).' }).waitFor();
  assert.equal(await page.locator('#pay-form').isHidden(), true);
  await page.close();
});

test('the one-line embed shows the checkout in a frame on another site, sized to its content', async () => {
  resetShop();
  // A storefront on another origin with nothing but the snippet.
  const storefront = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="en"><head><title>Shop</title><link rel="icon" href="data:,"></head><body><h1>Shop</h1>
      <script src="${shop.url}/checkout/embed.js" data-items="tshirt:2" async></script></body></html>`);
  });
  await new Promise((resolveListen) => storefront.listen(0, '127.0.0.1', resolveListen));
  const storefrontUrl = `http://127.0.0.1:${storefront.address().port}`;
  shop.state.frameAncestors = storefrontUrl;
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  try {
    await page.goto(`${storefrontUrl}/`);
    const frame = page.frameLocator('iframe[title=Checkout]');
    await frame.locator('#pay-form').waitFor();
    assert.equal(await frame.locator('#total').textContent(), '€50.00');
    await page.waitForFunction(() => document.querySelector('iframe').style.height !== '40rem');
    const height = await page.locator('iframe').evaluate((element) => element.getBoundingClientRect().height);
    const content = await frame.locator('html').evaluate((element) => element.scrollHeight);
    assert.equal(Math.round(height), content);
    await frame.locator('#email').fill('embedded@example.com');
    await frame.locator('input[name=standin-cardnumber]').fill('4242424242424242');
    await frame.locator('input[name=standin-exp-date]').fill('1234');
    await frame.locator('input[name=standin-cvc]').fill('123');
    await frame.locator('#pay').click();
    await frame.locator('#receipt').waitFor();
    assert.equal(await frame.locator('#receipt-amount').textContent(), '€50.00');
    assert.equal(shop.state.charges.length, 1);
    await screenshot(page, 'checkout-embedded');
    assert.deepEqual(errors, []);
  } finally {
    shop.state.frameAncestors = "'none'";
    await page.close();
    storefront.close();
  }
});

test('the proxy\'s frame-ancestors policy is respected: no framing by default', async () => {
  resetShop();
  const storefront = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="en"><head><title>Shop</title><link rel="icon" href="data:,"></head><body><script src="${shop.url}/checkout/embed.js" async></script></body></html>`);
  });
  await new Promise((resolveListen) => storefront.listen(0, '127.0.0.1', resolveListen));
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  try {
    await page.goto(`http://127.0.0.1:${storefront.address().port}/`);
    await page.locator('iframe[title=Checkout]').waitFor();
    await page.waitForTimeout(500);
    assert.equal(await page.frameLocator('iframe[title=Checkout]').locator('#pay-form').count(), 0);
    assert.equal(errors.some((text) => text.includes('frame-ancestors')), true);
  } finally {
    await page.close();
    storefront.close();
  }
});
