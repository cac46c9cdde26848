// The /v1 gateway driven by the official stripe SDK against stripe-stateful-mock:
// scoped proxy tokens work unchanged, everything else is refused and never forwarded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { baseConfig, makeToken, startProxy, startStatefulMock } from './support.mjs';

let upstream;
let proxy;
const reader = makeToken('viewer', ['read']);
const refunder = makeToken('support', ['read', 'refund']);
const charger = makeToken('backoffice', ['read', 'charge']);

// The proxy speaks its configured API version only (proxy/README.md), so the
// SDK is told to use it; its own default is refused (policy-hardening.test.mjs).
function sdk(token) {
  return new Stripe(token, { host: '127.0.0.1', port: proxy.port, protocol: 'http', maxNetworkRetries: 0, apiVersion: '2022-11-15' });
}

before(async () => {
  upstream = await startStatefulMock();
  proxy = await startProxy(baseConfig(upstream.port, { tokens: [reader.entry, refunder.entry, charger.entry] }));
});

after(async () => {
  const { code } = await proxy.stop();
  await upstream.close();
  assert.equal(code, 0);
  // The key reached the upstream (as Bearer) and nothing else.
  assert.ok(upstream.seen.every((r) => r.headers.authorization === `Bearer ${proxy.secret}`));
  assert.equal(proxy.output.stdout.includes(proxy.secret), false);
  assert.equal(proxy.output.stderr.includes(proxy.secret), false);
  for (const { token } of [reader, refunder, charger]) assert.equal(proxy.output.stderr.includes(token), false);
});

test('charge scope creates a customer and charges him later; read lists and retrieves; refund refunds', async () => {
  const customer = await sdk(charger.token).customers.create({ email: 'later@example.com', source: 'tok_visa' });
  assert.match(customer.id, /^cus_/);
  const charge = await sdk(charger.token).charges.create({ amount: 4200, currency: 'eur', customer: customer.id });
  assert.equal(charge.amount, 4200);
  assert.equal(charge.status, 'succeeded');

  const fetched = await sdk(reader.token).charges.retrieve(charge.id);
  assert.equal(fetched.id, charge.id);
  assert.equal(fetched.amount, 4200);
  const listed = await sdk(reader.token).charges.list({ limit: 10 });
  assert.deepEqual(listed.data.filter((c) => c.id === charge.id).map((c) => c.amount), [4200]);

  const partial = await sdk(refunder.token).refunds.create({ charge: charge.id, amount: 1000 });
  assert.equal(partial.amount, 1000);
  assert.equal(partial.charge, charge.id);
  const refunds = await sdk(reader.token).refunds.list({ charge: charge.id });
  assert.equal(refunds.data.length, 1);
  assert.equal(refunds.data[0].amount, 1000);
});

test('Basic auth with the token as user name works like Bearer', async () => {
  const basic = Buffer.from(`${reader.token}:`).toString('base64');
  const response = await fetch(`${proxy.base}/v1/charges?limit=1`, { headers: { authorization: `Basic ${basic}` } });
  assert.equal(response.status, 200);
  assert.equal((await response.json()).object, 'list');
});

test('scopes are enforced locally: 403 and nothing forwarded', async () => {
  const before = upstream.seen.length;
  await assert.rejects(sdk(reader.token).refunds.create({ charge: 'ch_123', amount: 100 }), (error) => {
    assert.equal(error.statusCode, 403);
    assert.equal(error.code, 'permission_denied');
    return true;
  });
  await assert.rejects(sdk(refunder.token).charges.create({ amount: 100, currency: 'eur', customer: 'cus_x' }),
    (error) => error.statusCode === 403);
  await assert.rejects(sdk(reader.token).customers.create({ email: 'x@example.com' }), (error) => error.statusCode === 403);
  assert.equal(upstream.seen.length, before);
});

test('endpoints, methods and parameters outside the allow-list are refused and never forwarded', async () => {
  const before = upstream.seen.length;
  const all = makeToken('unused', ['read']);
  assert.ok(all);
  const cases = [
    () => sdk(charger.token).products.create({ name: 'x' }),                         // other path
    () => sdk(charger.token).customers.del('cus_123'),                                // other method
    () => sdk(charger.token).customers.update('cus_123', { email: 'a@b.co' }),       // POST to an object
    () => sdk(charger.token).charges.create({ amount: 100, currency: 'eur', source: 'tok_visa' }), // not a saved customer
    () => sdk(charger.token).charges.create({ amount: 100, currency: 'eur', customer: 'cus_1', capture: false }),
    () => sdk(reader.token).charges.list({ limit: 1000 }),
    () => sdk(reader.token).charges.list({ transfer_group: 'x' }),
    () => sdk(refunder.token).refunds.create({ charge: 'ch_1', amount: -5 }),
    () => sdk(refunder.token).refunds.create({ charge: 'ch_1', reverse_transfer: true }),
    () => sdk(reader.token).accounts.retrieve(),
    () => sdk(reader.token).balance.retrieve(),
    () => sdk(reader.token).charges.retrieve('ch_1', { stripeAccount: 'acct_123' }),
  ];
  for (const call of cases) {
    await assert.rejects(call(), (error) => {
      assert.ok([400, 403, 404].includes(error.statusCode), `status ${error.statusCode}`);
      assert.equal(typeof error.message, 'string');
      return true;
    });
  }
  assert.equal(upstream.seen.length, before);
});

test('unknown or missing tokens get 401, and Stripe keys are not proxy tokens', async () => {
  const before = upstream.seen.length;
  for (const key of ['spx_' + '0'.repeat(64), proxy.secret, 'sk_test_whatever']) {
    await assert.rejects(sdk(key).charges.list(), (error) => {
      assert.equal(error.statusCode, 401);
      assert.equal(error.message.includes(key), false);
      return true;
    });
  }
  const response = await fetch(`${proxy.base}/v1/charges`);
  assert.equal(response.status, 401);
  assert.equal((await response.json()).error.type, 'invalid_request_error');
  assert.equal(upstream.seen.length, before);
});

test('forwarded requests carry the pinned Stripe-Version and a normalized query', async () => {
  const before = upstream.seen.length;
  await sdk(reader.token).charges.list({ limit: 2, created: { gte: 1700000000 }, expand: ['data.customer'] });
  const forwarded = upstream.seen[before];
  assert.equal(forwarded.headers['stripe-version'], '2022-11-15');
  assert.equal(forwarded.url, '/v1/charges?limit=2&created[gte]=1700000000&expand[]=data.customer');
  assert.equal(forwarded.headers['x-stripe-client-user-agent'], undefined);
});

test('the access log has one JSON line per request, with no secrets or tokens', async () => {
  await new Promise((resolve) => setTimeout(resolve, 100));  // the line is written after the response
  const lines = proxy.accessLog();
  assert.ok(lines.length >= 10);
  for (const line of lines) {
    assert.match(line.request_id, /^req_[0-9a-f]{16}$/);
    assert.equal(typeof line.status, 'number');
    assert.equal(typeof line.latency_ms, 'number');
    assert.equal(typeof line.route, 'string');
  }
  assert.ok(lines.some((l) => l.route === '/v1/charges/{id}' && l.status === 200 && l.token === 'viewer' && /^req_/.test(l.upstream_request_id ?? 'req_')));
  assert.equal(JSON.stringify(lines).includes('later@example.com'), false);
});
