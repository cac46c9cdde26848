// A storefront's cart (issue 15, item 4) against the real proxy and simulator,
// with a catalog in three currencies: ?items= shows exactly those items as
// read-only lines, the catalog editor only without items; a mixed-currency cart
// is refused before anything is sent; Pay shows the amount in the currency's
// exponent; after a decline the focus goes to the message, then Tab reaches the
// card field; the receipt lists the items, the date, the charge reference and
// the emailed-receipt note; the demo's same-origin embed example pays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { buildWeb } from '../../web/build.mjs';
import { CATALOG, PROXY_BINARY, SIM_BINARY, startLiveStack } from './support/live_stack.mjs';
import { screenshot } from './support/pages.mjs';

const SHOP_CATALOG = [
  ...CATALOG,
  { sku: 'cap', name: 'Cap', unit_amount: 1999, currency: 'usd' },
  { sku: 'tenugui', name: 'Tenugui', unit_amount: 1500, currency: 'jpy' },
];

let stack;
let browser;

before(async () => {
  for (const binary of [SIM_BINARY, PROXY_BINARY]) await access(binary);
  stack = await startLiveStack({ staticDir: await buildWeb(), seedCharges: 20, seedWeeks: 1, proxyConfig: { catalog: SHOP_CATALOG } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

async function openCheckout(query = '') {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  const posted = [];
  page.on('request', (request) => { if (request.method() === 'POST') posted.push(new URL(request.url()).pathname); });
  await page.goto(`${stack.proxyUrl}/checkout/${query}`);
  await page.locator('#pay-form').waitFor({ timeout: 15000 });
  return { page, errors, posted };
}

async function fillCard(page, number = '4242 4242 4242 4242', email = 'cart@example.com') {
  await page.fill('#email', email);
  await page.fill('input[name=standin-cardnumber]', number);
  await page.fill('input[name=standin-exp-date]', '12 / 34');
  await page.fill('input[name=standin-cvc]', '123');
}

const knownCharges = async () => new Set((await stack.simGet('/v1/charges?limit=100')).data.map(({ id }) => id));
const newCharges = async (known) => (await stack.simGet('/v1/charges?limit=100')).data.filter(({ id }) => !known.has(id));
const cartLines = (page) => page.locator('#cart li').evaluateAll((items) => items.map((item) => item.textContent));

test('?items=tenugui:2 shows exactly that line, read-only; "Pay ¥3,000"; the receipt lists it with date, reference and email note', async () => {
  const known = await knownCharges();
  const { page, errors } = await openCheckout('?items=tenugui:2');
  assert.deepEqual(await cartLines(page), ['2 × Tenugui¥1,500 each¥3,000']);
  assert.equal(await page.locator('#cart input').count(), 0);
  assert.equal(await page.locator('#total').textContent(), '¥3,000');
  assert.equal(await page.locator('#pay').textContent(), 'Pay ¥3,000');
  await screenshot(page, 'cart-fixed-items');
  await page.setViewportSize({ width: 375, height: 800 });
  await fillCard(page, '4242 4242 4242 4242', 'shopper.with.a.long.address@example.com');
  await page.click('#pay');
  await page.locator('#receipt').waitFor({ timeout: 15000 });
  const reference = await page.locator('#receipt-charge').textContent();
  const made = await newCharges(known);
  assert.deepEqual(made.map((charge) => [charge.id, charge.amount, charge.currency, charge.status]), [[reference, 3000, 'jpy', 'succeeded']]);
  // A long address and reference wrap: no sideways scrolling on a phone.
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
  assert.deepEqual(await page.locator('#receipt-items li').evaluateAll((items) => items.map((item) => item.textContent)), ['2 × Tenugui¥3,000']);
  assert.equal(await page.locator('#receipt-amount').textContent(), '¥3,000');
  const [dateText, today] = await page.evaluate(() => [document.getElementById('receipt-date').textContent,
    new Intl.DateTimeFormat(undefined, { dateStyle: 'long' }).format(new Date())]);
  assert.ok(dateText.startsWith(today), `${dateText} is not today (${today})`);
  assert.equal(await page.locator('#receipt .receipt-note').textContent(), 'Stripe emails a receipt for this payment to shopper.with.a.long.address@example.com.');
  await screenshot(page, 'cart-receipt');
  assert.deepEqual(errors, []);
  await page.close();
});

test('no items: the catalog editor; mixing currencies there disables Pay with the reason', async () => {
  const { page, errors, posted } = await openCheckout();
  assert.deepEqual(await page.locator('#cart input[data-sku]').evaluateAll((inputs) => inputs.map((input) => [input.dataset.sku, input.value])),
    [['tshirt', '1'], ['mug', '0'], ['cap', '0'], ['tenugui', '0']]);
  assert.equal(await page.locator('#pay').textContent(), 'Pay €25.00');
  await page.fill('#qty-cap', '1');
  assert.equal(await page.locator('#cart-error').textContent(),
    'This cart mixes currencies (EUR and USD). One payment is in one currency: pay for the EUR and USD items separately.');
  assert.equal(await page.locator('#cart-error').getAttribute('role'), 'alert');
  assert.equal(await page.locator('#pay').isDisabled(), true);
  assert.equal(await page.locator('#pay').textContent(), 'Pay');
  assert.equal(await page.locator('#total').textContent(), '€25.00 + $19.99');
  await fillCard(page);
  await page.locator('#email').press('Enter');  // implicit submission is off while Pay is disabled
  await page.fill('#qty-tshirt', '0');
  assert.equal(await page.locator('#cart-error').textContent(), '');
  assert.equal(await page.locator('#pay').isDisabled(), false);
  assert.equal(await page.locator('#pay').textContent(), 'Pay $19.99');
  assert.deepEqual(posted, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a mixed-currency storefront cart is refused before payment; nothing is sent', async () => {
  const known = await knownCharges();
  const { page, errors, posted } = await openCheckout('?items=tshirt:1,cap:2');
  assert.deepEqual(await cartLines(page), ['1 × T-shirt€25.00 each€25.00', '2 × Cap$19.99 each$39.98']);
  assert.match(await page.locator('#cart-error').textContent(), /^This cart mixes currencies \(EUR and USD\)\./);
  assert.equal(await page.locator('#pay').isDisabled(), true);
  await screenshot(page, 'cart-mixed-currency');
  await fillCard(page);
  await page.locator('#pay-form').evaluate((form) => form.requestSubmit());
  assert.deepEqual(posted, []);
  assert.deepEqual(await newCharges(known), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a storefront cart naming an unknown item or a bad quantity cannot be paid', async () => {
  const { page, errors } = await openCheckout('?items=tshirt:1,hoodie:1');
  assert.equal(await page.locator('#cart-error').textContent(), 'This shop does not sell "hoodie". Ask the shop for a corrected link.');
  assert.equal(await page.locator('#pay').isDisabled(), true);
  await page.goto(`${stack.proxyUrl}/checkout/?items=tshirt:0`);
  await page.locator('#cart-error', { hasText: 'The cart line "tshirt:0" is not an item and quantity, like tshirt:2.' }).waitFor();
  assert.equal(await page.locator('#pay').isDisabled(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('after a decline the focus is on the message (an alert), and Tab goes back to the card field', async () => {
  const { page, errors } = await openCheckout('?items=mug:2');
  await fillCard(page, '4000 0000 0000 0002');
  await page.click('#pay');
  await page.locator('#card-errors', { hasText: 'Your card was declined.' }).waitFor({ timeout: 15000 });
  const focused = () => page.evaluate(() => document.activeElement.id);
  assert.equal(await focused(), 'card-errors');
  assert.deepEqual(await page.locator('#card-errors').evaluate((element) => [element.getAttribute('role'), element.tabIndex]), ['alert', -1]);
  assert.equal(await page.locator('#pay').textContent(), 'Pay €25.00');
  await screenshot(page, 'cart-declined');
  await page.keyboard.press('Tab');
  assert.match(await focused(), /^standin-cardnumber-/);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('4242424242424242');
  await page.keyboard.press('Enter');
  await page.locator('#receipt').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('#receipt-amount').textContent(), '€25.00');
  assert.deepEqual(errors.filter((text) => !text.includes('402')), []);
  await page.close();
});

test('the demo\'s same-origin embed example shows the storefront\'s cart and pays once', async () => {
  const known = await knownCharges();
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${stack.proxyUrl}/checkout/embed-example.html`);
  const frame = page.frameLocator('iframe[title=Checkout]');
  await frame.locator('#pay-form').waitFor({ timeout: 15000 });
  assert.deepEqual(await frame.locator('#cart li').evaluateAll((items) => items.map((item) => item.textContent)), ['1 × T-shirt€25.00 each€25.00']);
  assert.equal(await frame.locator('#pay').textContent(), 'Pay €25.00');
  await frame.locator('#email').fill('embedded@example.com');
  await frame.locator('input[name=standin-cardnumber]').fill('4242 4242 4242 4242');
  await frame.locator('input[name=standin-exp-date]').fill('12 / 34');
  await frame.locator('input[name=standin-cvc]').fill('123');
  await frame.locator('#pay').click();
  await frame.locator('#receipt').waitFor({ timeout: 15000 });
  const reference = await frame.locator('#receipt-charge').textContent();
  assert.deepEqual((await newCharges(known)).map((charge) => [charge.id, charge.amount]), [[reference, 2500]]);
  await screenshot(page, 'cart-embed-example');
  assert.deepEqual(errors, []);
  await page.close();
});
