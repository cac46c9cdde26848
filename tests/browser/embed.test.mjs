// The proxy-served checkout embedded in a storefront on another origin with
// the one-line snippet, against the real proxy and simulator: an allowed
// storefront (listed in allowed_origins) gets a working checkout in an iframe
// and a 4242 payment makes exactly one charge; an unlisted one is refused
// framing by the browser (CSP frame-ancestors), and the report viewer can be
// framed by nobody.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { access } from 'node:fs/promises';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { buildWeb } from '../../web/build.mjs';
import { PROXY_BINARY, SIM_BINARY, startLiveStack } from './support/live_stack.mjs';
import { screenshot } from './support/pages.mjs';

let stack;
let browser;
let allowedShop;
let otherShop;
let allowedShopPage;  // what the allowed storefront serves (a test may change it)

/** A tiny static storefront on 127.0.0.1, port 0, whose page is `html()` (called per request). */
async function startStorefront(html) {
  const server = createServer((request, response) => {
    if (request.url !== '/') {
      response.writeHead(404, { 'content-type': 'text/plain' });
      return response.end('not found\n');
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return response.end(html());
  });
  await new Promise((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolveClose) => { server.closeAllConnections(); server.close(resolveClose); }),
  };
}

// What a shop puts on its page: one line (plus its own content).
const storefrontPage = () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Storefront</title>
<link rel="icon" href="data:,"></head><body><h1>Our shop</h1><p>Two T-shirts, paid right here.</p>
<script src="${stack.proxyUrl}/checkout/embed.js" data-items="tshirt:2" async></script>
</body></html>`;

before(async () => {
  for (const binary of [SIM_BINARY, PROXY_BINARY]) await access(binary);
  // The storefronts' origins must be known before the proxy's config is written.
  allowedShopPage = storefrontPage;
  allowedShop = await startStorefront(() => allowedShopPage());
  otherShop = await startStorefront(storefrontPage);
  stack = await startLiveStack({ staticDir: await buildWeb(), seedCharges: 20, seedWeeks: 1, extraOrigins: [allowedShop.origin] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.close();
  await allowedShop?.close();
  await otherShop?.close();
});

test('the proxy sends frame-ancestors with the allowed origins for the checkout, none elsewhere', async () => {
  const checkout = await fetch(`${stack.proxyUrl}/checkout/`);
  assert.equal(checkout.status, 200);
  assert.match(checkout.headers.get('content-security-policy'),
    new RegExp(`frame-ancestors 'self' ${stack.proxyUrl} ${allowedShop.origin};`));
  assert.equal(checkout.headers.get('x-frame-options'), null);
  await checkout.body?.cancel();
  for (const path of ['/report/', '/', '/checkoutx']) {
    const response = await fetch(`${stack.proxyUrl}${path}`);
    if (response.status === 200) {
      assert.match(response.headers.get('content-security-policy'), /frame-ancestors 'none';/, path);
      assert.equal(response.headers.get('x-frame-options'), 'DENY', path);
      assert.doesNotMatch(response.headers.get('content-security-policy'), new RegExp(allowedShop.origin), path);
    } else {
      assert.equal(response.status, 404, path);
    }
    await response.body?.cancel();
  }
});

test('an allowed storefront embeds the checkout with the one-line snippet; 4242 pays once inside the frame', async () => {
  const before = await stack.simStats();
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  try {
    await page.goto(`${allowedShop.origin}/`);
    const frame = page.frameLocator('iframe[title=Checkout]');
    await frame.locator('#pay-form').waitFor({ timeout: 15000 });
    assert.equal(await frame.locator('#demo-notice').isVisible(), true);
    assert.equal(await frame.locator('#total').textContent(), '€50.00');
    // The frame grows to its content (the page reports its height to the snippet).
    await page.waitForFunction(() => document.querySelector('iframe').style.height !== '40rem');
    await frame.locator('#email').fill('embedded@example.com');
    await frame.locator('input[name=standin-cardnumber]').fill('4242 4242 4242 4242');
    await frame.locator('input[name=standin-exp-date]').fill('12 / 34');
    await frame.locator('input[name=standin-cvc]').fill('123');
    await frame.locator('#pay').click();
    await frame.locator('#receipt').waitFor({ timeout: 15000 });
    assert.equal(await frame.locator('#receipt-amount').textContent(), '€50.00');
    assert.equal(await frame.locator('#receipt-card').textContent(), 'Visa ending in 4242');
    const chargeId = await frame.locator('#receipt-charge').textContent();
    assert.match(chargeId, /^ch_/);
    const after = await stack.simStats();
    assert.equal(after.charges, before.charges + 1);
    assert.equal(after.customers, before.customers + 1);
    const charge = await stack.simGet(`/v1/charges/${chargeId}`);
    assert.deepEqual([charge.amount, charge.currency, charge.status], [5000, 'eur', 'succeeded']);
    await screenshot(page, 'embed-storefront-receipt');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a storefront not in allowed_origins is refused framing', async () => {
  const before = await stack.simStats();
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  try {
    await page.goto(`${otherShop.origin}/`);
    await page.locator('iframe[title=Checkout]').waitFor();
    // Chromium reports the blocked frame on the console; wait for that, not a fixed time.
    const deadline = Date.now() + 10000;
    while (!errors.some((text) => text.includes('frame-ancestors')) && Date.now() < deadline) await page.waitForTimeout(100);
    // Chromium: "Framing 'PROXY/' violates ... "frame-ancestors 'self' PROXY ALLOWED". The request has been blocked."
    assert.equal(errors.some((text) => text.includes(`Framing '${stack.proxyUrl}/' violates`)
      && text.includes(`"frame-ancestors 'self' ${stack.proxyUrl} ${allowedShop.origin}"`)), true, errors.join('\n'));
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    assert.equal(await frame.locator('#pay-form').count(), 0);
    const after = await stack.simStats();
    assert.deepEqual([after.charges, after.customers], [before.charges, before.customers]);
    await screenshot(page, 'embed-storefront-refused');
  } finally {
    await page.close();
  }
});

test('the report viewer cannot be framed, not even by an allowed storefront', async () => {
  allowedShopPage = () => `<!doctype html><html lang="en"><head><title>Frame the viewer</title>
<link rel="icon" href="data:,"></head><body><iframe title="Viewer" src="${stack.proxyUrl}/report/"></iframe></body></html>`;
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  try {
    await page.goto(`${allowedShop.origin}/`);
    const deadline = Date.now() + 10000;
    while (!errors.some((text) => text.includes('frame-ancestors')) && Date.now() < deadline) await page.waitForTimeout(100);
    assert.equal(errors.some((text) => text.includes("frame-ancestors 'none'")), true, errors.join('\n'));
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    assert.equal(await frame.locator('#load-live').count(), 0);
  } finally {
    allowedShopPage = storefrontPage;
    await page.close();
  }
});
