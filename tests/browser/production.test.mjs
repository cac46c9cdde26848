// The production pages in a real browser: the production build (no stand-in
// in it) served by the real proxy in test mode (no stripe_js_api), so the page
// loads https://js.stripe.com/v3/ under the proxy's production CSP. Stripe's
// hosts are answered by this test (support/stripe_hosts.mjs: the stand-in as
// Stripe.js, api.stripe.com relayed to the simulator, the 3-D Secure page as a
// hooks.stripe.com frame); every other request is aborted and must not happen.
// Each flow asserts no CSP violation and exact charges in the simulator.
// Last, the way a shop may deploy: the production pages on a plain static
// server, built with --proxy-origin, and the proxy on another origin (CORS,
// allowed_origins).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { buildStandIn, buildWeb } from '../../web/build.mjs';
import { PROXY_BINARY, SIM_BINARY, startLiveStack } from './support/live_stack.mjs';
import { routeStripeHosts } from './support/stripe_hosts.mjs';
import { screenshot } from './support/pages.mjs';
import { serveStatic } from '../../scripts/static_server.mjs';

// Production config: mode "test" (a pk_test_ key), no stripe_js_api.
const PRODUCTION = { mode: 'test', stripe_js_api: undefined };

let productionDir;
let browser;
let hosts;
let simulatorUrl = null;  // the stack whose simulator stands in for api.stripe.com now

before(async () => {
  for (const binary of [SIM_BINARY, PROXY_BINARY]) await access(binary);
  productionDir = await buildWeb({ outdir: resolve('build/web-production-test'), standIn: false });
  await assert.rejects(access(resolve(productionDir, 'stripe-standin')), 'the production build has no stand-in');
  const standInDir = await buildStandIn({ outdir: resolve('build/web-production-test-standin') });
  browser = await launchBrowser();
  hosts = await routeStripeHosts(browser.context, { standInDir, simulator: () => simulatorUrl });
});

after(async () => {
  await browser?.close();
});

async function openPage(url) {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(url);
  return { page, errors };
}

async function fillCard(scope, number) {
  await scope.locator('#email').fill('shop@example.com');
  await scope.locator('input[name=standin-cardnumber]').fill(number);
  await scope.locator('input[name=standin-exp-date]').fill('12 / 34');
  await scope.locator('input[name=standin-cvc]').fill('123');
}

/** No CSP violation (event or console), no page error, nothing sent off this machine. */
async function assertCleanRun(page, errors) {
  assert.deepEqual(await hosts.cspViolations(page), []);
  assert.deepEqual(errors, []);
  assert.deepEqual(hosts.leaked, []);
}

function stackLifecycle(proxyConfig) {
  const holder = {};
  before(async () => {
    holder.stack = await startLiveStack({ staticDir: productionDir, seedCharges: 20, seedWeeks: 1, proxyConfig: { ...PRODUCTION, ...proxyConfig } });
    simulatorUrl = holder.stack.simUrl;
  });
  after(async () => {
    await holder.stack?.close();
  });
  return holder;
}

describe('charges flow, production build and CSP', () => {
  const holder = stackLifecycle({});

  test('the proxy serves the production config and the CSP Stripe documents', async () => {
    const { stack } = holder;
    const config = await (await fetch(`${stack.proxyUrl}/api/config`)).json();
    assert.deepEqual([config.mode, config.publishable_key, config.stripe_js_api], ['test', 'pk_test_simulator', undefined]);
    const checkout = await fetch(`${stack.proxyUrl}/checkout/`);
    await checkout.body?.cancel();
    assert.equal(checkout.headers.get('content-security-policy'),
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com https://*.js.stripe.com; "
      + "frame-src 'self' https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com; "
      + "connect-src 'self' https://api.stripe.com; img-src 'self' data:; style-src 'self'; object-src 'none'; "
      + `base-uri 'none'; frame-ancestors 'self' ${stack.proxyUrl}; form-action 'self'`);
  });

  test('4242 pays: token from api.stripe.com, one charge of €25.00, no CSP violation', async () => {
    const { stack } = holder;
    const before = await stack.simStats();
    const seen = hosts.stripeRequests.length;
    const { page, errors } = await openPage(`${stack.proxyUrl}/checkout/`);
    await page.locator('#pay-form').waitFor({ timeout: 15000 });
    assert.equal(await page.locator('#demo-notice').isHidden(), true);
    await fillCard(page, '4242 4242 4242 4242');
    await page.click('#pay');
    await page.locator('#receipt').waitFor({ timeout: 15000 });
    assert.equal(await page.locator('#receipt-amount').textContent(), '€25.00');
    const chargeId = await page.locator('#receipt-charge').textContent();
    const charge = await stack.simGet(`/v1/charges/${chargeId}`);
    assert.deepEqual([charge.amount, charge.currency, charge.status], [2500, 'eur', 'succeeded']);
    const after = await stack.simStats();
    assert.equal(after.charges, before.charges + 1);
    assert.deepEqual(hosts.stripeRequests.slice(seen), ['GET https://js.stripe.com/v3/', 'POST https://api.stripe.com/v1/tokens']);
    await screenshot(page, 'production-charges-receipt');
    await assertCleanRun(page, errors);
    await page.close();
  });

  test('a declined card charges nothing and says why, under the production CSP', async () => {
    const { stack } = holder;
    const known = new Set((await stack.simGet('/v1/charges?limit=100')).data.map((charge) => charge.id));
    const { page, errors } = await openPage(`${stack.proxyUrl}/checkout/`);
    await page.locator('#pay-form').waitFor({ timeout: 15000 });
    await fillCard(page, '4000 0000 0000 0002');
    await page.click('#pay');
    await page.locator('#card-errors', { hasText: 'Your card was declined.' }).waitFor({ timeout: 15000 });
    // Like Stripe, the simulator declines tok_chargeDeclined when the proxy attaches it to the
    // customer, before any charge exists: no charge at all, failed or succeeded.
    const made = (await stack.simGet('/v1/charges?limit=100')).data.filter((charge) => !known.has(charge.id));
    assert.deepEqual(made.map((charge) => charge.status), []);
    // The proxy's 402 is logged by Chromium as a failed resource; nothing else may be.
    assert.deepEqual(errors.filter((text) => !text.includes('402')), []);
    assert.deepEqual(await hosts.cspViolations(page), []);
    assert.deepEqual(hosts.leaked, []);
    await page.close();
  });

  test('the same-origin storefront example frames the checkout, which pays', async () => {
    const { stack } = holder;
    const before = await stack.simStats();
    const { page, errors } = await openPage(`${stack.proxyUrl}/checkout/embed-example.html`);
    const frame = page.frameLocator('iframe[title=Checkout]');
    await frame.locator('#pay-form').waitFor({ timeout: 15000 });
    await fillCard(frame, '4242 4242 4242 4242');
    await frame.locator('#pay').click();
    await frame.locator('#receipt').waitFor({ timeout: 15000 });
    assert.equal(await frame.locator('#receipt-amount').textContent(), '€25.00');
    assert.equal((await stack.simStats()).charges, before.charges + 1);
    await screenshot(page, 'production-embed-example');
    await assertCleanRun(page, errors);
    await page.close();
  });
});

describe('payment_intents flow with 3-D Secure, production build and CSP', () => {
  const holder = stackLifecycle({ payment_flow: 'payment_intents' });

  async function payWith(number) {
    const { page, errors } = await openPage(`${holder.stack.proxyUrl}/checkout/`);
    await page.locator('#pay-form').waitFor({ timeout: 15000 });
    await fillCard(page, number);
    await page.click('#pay');
    return { page, errors };
  }

  test('4242 pays through a PaymentIntent confirmed at api.stripe.com', async () => {
    const { stack } = holder;
    const before = await stack.simStats();
    const seen = hosts.stripeRequests.length;
    const { page, errors } = await payWith('4242 4242 4242 4242');
    await page.locator('#receipt').waitFor({ timeout: 15000 });
    const after = await stack.simStats();
    assert.deepEqual([after.payment_intents, after.charges], [before.payment_intents + 1, before.charges + 1]);
    const stripeCalls = hosts.stripeRequests.slice(seen).filter((line) => !line.startsWith('OPTIONS'));
    assert.deepEqual(stripeCalls.map((line) => line.replace(/pi_\w+/, 'pi_ID')),
      ['GET https://js.stripe.com/v3/', 'POST https://api.stripe.com/v1/payment_methods', 'POST https://api.stripe.com/v1/payment_intents/pi_ID/confirm']);
    await assertCleanRun(page, errors);
    await page.close();
  });

  test('3-D Secure 4000 0027 6000 3184: the hooks.stripe.com frame appears, approval charges once', async () => {
    const { stack } = holder;
    const before = await stack.simStats();
    const { page, errors } = await payWith('4000 0027 6000 3184');
    const bank = page.frameLocator('dialog[open] iframe[title="3-D Secure authentication"]');
    await bank.locator('button[value=approve]').waitFor({ timeout: 15000 });
    assert.equal(await bank.locator('#amount').textContent(), '€25.00');
    assert.equal((await stack.simStats()).charges, before.charges);
    await screenshot(page, 'production-3ds-frame');
    await bank.locator('button[value=approve]').click();
    await page.locator('#receipt').waitFor({ timeout: 15000 });
    const chargeId = await page.locator('#receipt-charge').textContent();
    const charge = await stack.simGet(`/v1/charges/${chargeId}`);
    assert.deepEqual([charge.amount, charge.currency, charge.status], [2500, 'eur', 'succeeded']);
    const after = await stack.simStats();
    assert.deepEqual([after.payment_intents, after.charges], [before.payment_intents + 1, before.charges + 1]);
    await assertCleanRun(page, errors);
    await page.close();
  });

  test('failing 3-D Secure in the frame charges nothing', async () => {
    const { stack } = holder;
    const before = await stack.simStats();
    const { page, errors } = await payWith('4000 0027 6000 3184');
    const bank = page.frameLocator('dialog[open] iframe[title="3-D Secure authentication"]');
    await bank.locator('button[value=decline]').click({ timeout: 15000 });
    await page.locator('#card-errors', { hasText: 'We are unable to authenticate your payment method.' }).waitFor({ timeout: 15000 });
    assert.equal((await stack.simStats()).charges, before.charges);
    await assertCleanRun(page, errors);
    await page.close();
  });
});

describe('pages on a static host, the proxy on another origin (CORS, allowed_origins)', () => {
  const staticDir = resolve('build/web-production-static');
  let stack;
  let staticHost;
  let otherHost;
  const originOf = (server) => `http://127.0.0.1:${server.address().port}`;

  before(async () => {
    // The servers read files per request, so they may start before the build that names the proxy.
    staticHost = await serveStatic(staticDir);
    otherHost = await serveStatic(staticDir);
    stack = await startLiveStack({
      staticDir: productionDir, seedCharges: 20, seedWeeks: 1, extraOrigins: [originOf(staticHost)],
      proxyConfig: { ...PRODUCTION, payment_flow: 'payment_intents' },
    });
    simulatorUrl = stack.simUrl;
    await buildWeb({ outdir: staticDir, standIn: false, proxyOrigin: stack.proxyUrl });
  });
  after(async () => {
    staticHost?.close();
    otherHost?.close();
    await stack?.close();
  });

  test('the checkout from the static host pays through the proxy, 3-D Secure included, one charge', async () => {
    const before = await stack.simStats();
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    const toProxy = [];
    page.on('request', (request) => {
      if (request.url().startsWith(stack.proxyUrl)) toProxy.push(`${request.method()} ${new URL(request.url()).pathname} ${request.headers().origin ?? ''}`);
    });
    await page.goto(`${originOf(staticHost)}/checkout/`);
    await page.locator('#pay-form').waitFor({ timeout: 15000 });
    await fillCard(page, '4000 0027 6000 3184');
    await page.click('#pay');
    const bank = page.frameLocator('dialog[open] iframe[title="3-D Secure authentication"]');
    await bank.locator('button[value=approve]').click({ timeout: 15000 });
    await page.locator('#receipt').waitFor({ timeout: 15000 });
    assert.equal(await page.locator('#receipt-amount').textContent(), '€25.00');
    const after = await stack.simStats();
    assert.deepEqual([after.payment_intents, after.charges], [before.payment_intents + 1, before.charges + 1]);
    // Cross-origin calls, each with the static host's Origin (the preflight is answered by the proxy).
    assert.ok(toProxy.includes(`GET /api/config ${originOf(staticHost)}`), toProxy.join('\n'));
    assert.ok(toProxy.includes(`POST /api/payment_intents ${originOf(staticHost)}`), toProxy.join('\n'));
    assert.deepEqual(errors, []);
    assert.deepEqual(hosts.leaked, []);
    await page.close();
  });

  test('the same pages on an origin not in allowed_origins cannot use the proxy', async () => {
    const before = await stack.simStats();
    const page = await browser.context.newPage();
    await page.goto(`${originOf(otherHost)}/checkout/`);
    await page.locator('#load-status', { hasText: 'could not be reached' }).waitFor({ timeout: 15000 });
    assert.equal(await page.locator('#pay-form').isHidden(), true);
    assert.equal((await stack.simStats()).charges, before.charges);
    assert.deepEqual(hosts.leaked, []);
    await page.close();
  });
});
