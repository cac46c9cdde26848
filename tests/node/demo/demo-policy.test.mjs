// npm start's pure parts: the proxy config it writes, the real-Stripe mode
// from the keys, and the PORT value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CATALOG, parseTokenCreate, paymentFlowFromEnv, proxyConfig, realStripeMode } from '../../../scripts/demo/proxy_config.mjs';
import { publicPort, portInUseMessage } from '../../../scripts/demo/ports.mjs';

const ENTRY = { name: 'demo-admin', sha256: 'a'.repeat(64), scopes: ['read', 'refund'] };

test('proxy config: demo origin allowed, catalog, token entry, no secret', () => {
  const config = proxyConfig({
    listenPort: 0, publicPort: 8080, upstream: 'http://127.0.0.1:4000', publishableKey: 'pk_test_simulator',
    mode: 'demo', staticDir: '/x/build/web', tokenEntry: ENTRY,
  });
  assert.deepEqual(config, {
    listen: '127.0.0.1:0', upstream: 'http://127.0.0.1:4000', stripe_version: '2022-11-15',
    publishable_key: 'pk_test_simulator', mode: 'demo',
    allowed_origins: ['http://127.0.0.1:8080', 'http://localhost:8080'],
    static_dir: '/x/build/web', tokens: [ENTRY], catalog: DEMO_CATALOG,
  });
  assert.doesNotMatch(JSON.stringify(config), /sk_/);
});

test('proxy config: the offline demo names the simulator for the stripe.js stand-in', () => {
  const config = proxyConfig({
    listenPort: 8080, publicPort: 8080, upstream: 'http://127.0.0.1:4000', publishableKey: 'pk_test_simulator',
    mode: 'demo', staticDir: '/x/build/web', tokenEntry: ENTRY, stripeJsApi: 'http://127.0.0.1:4000',
  });
  assert.equal(config.listen, '127.0.0.1:8080');
  assert.equal(config.stripe_js_api, 'http://127.0.0.1:4000');
  assert.deepEqual(config.allowed_origins, ['http://127.0.0.1:8080', 'http://localhost:8080']);
  assert.equal('payment_flow' in config, false);
});

test('PAYMENT_FLOW: unset keeps the proxy default, the two flows pass, anything else is refused by name', () => {
  assert.equal(paymentFlowFromEnv(undefined), undefined);
  assert.equal(paymentFlowFromEnv(''), undefined);
  assert.equal(paymentFlowFromEnv('charges'), 'charges');
  assert.equal(paymentFlowFromEnv('payment_intents'), 'payment_intents');
  for (const bad of ['sca', 'PaymentIntents', 'payment_intent', ' charges']) {
    assert.throws(() => paymentFlowFromEnv(bad), new RegExp(`^Error: PAYMENT_FLOW must be "charges" or "payment_intents" .*not "${bad}"$`), bad);
  }
  const config = proxyConfig({
    listenPort: 0, publicPort: 0, upstream: 'http://127.0.0.1:4000', publishableKey: 'pk_test_simulator',
    mode: 'demo', staticDir: '/x', tokenEntry: ENTRY, paymentFlow: 'payment_intents',
  });
  assert.equal(config.payment_flow, 'payment_intents');
});

test('demo catalog: integer minor units, one currency per item, eur first', () => {
  assert.equal(DEMO_CATALOG[0].currency, 'eur');
  assert.deepEqual([...new Set(DEMO_CATALOG.map((item) => item.currency))], ['eur', 'usd', 'jpy']);
  for (const item of DEMO_CATALOG) assert.ok(Number.isSafeInteger(item.unit_amount) && item.unit_amount > 0, item.sku);
  assert.equal(new Set(DEMO_CATALOG.map((item) => item.sku)).size, DEMO_CATALOG.length);
});

test('real Stripe mode comes from the key prefixes', () => {
  assert.equal(realStripeMode('sk_test_abc123', 'pk_test_xyz'), 'test');
  assert.equal(realStripeMode('sk_live_abc123', 'pk_live_xyz'), 'live');
  assert.equal(realStripeMode('rk_test_abc123', 'pk_test_xyz'), 'test');
  assert.throws(() => realStripeMode('sk_test_abc123', undefined), /STRIPE_PUBLISHABLE_KEY is needed/);
  assert.throws(() => realStripeMode('sk_live_abc123', 'pk_test_xyz'), /must be a pk_live_ key/);
  assert.throws(() => realStripeMode('sk_test_abc123', 'pk_live_xyz'), /must be a pk_test_ key/);
  assert.throws(() => realStripeMode('pk_test_abc', 'pk_test_xyz'), /must be a Stripe secret key/);
  // The message never repeats the key.
  assert.throws(() => realStripeMode('sk_bogus_secret99', 'pk_test_x'), (error) => !error.message.includes('secret99'));
});

test('token create output is parsed, garbage refused', () => {
  const stdout = `spx_abcDEF123\n${JSON.stringify(ENTRY)}\n`;
  assert.deepEqual(parseTokenCreate(stdout), { token: 'spx_abcDEF123', entry: ENTRY });
  assert.throws(() => parseTokenCreate('oops\n{}'), /no spx_ token/);
  assert.throws(() => parseTokenCreate('spx_abc\n{"sha256":"xyz"}'), /no sha256/);
});

test('PORT: default 8080, 0 allowed, nonsense refused', () => {
  assert.equal(publicPort(undefined), 8080);
  assert.equal(publicPort(''), 8080);
  assert.equal(publicPort('0'), 0);
  assert.equal(publicPort('9000'), 9000);
  for (const bad of ['-1', '65536', 'abc', '80a', '1.5']) assert.throws(() => publicPort(bad), /PORT must be a port number/, bad);
  assert.match(portInUseMessage(8080), /port 8080 on 127\.0\.0\.1 is already in use.*PORT=8081 npm start/);
});
