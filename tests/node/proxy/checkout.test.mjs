// The public checkout against stripe-stateful-mock: priced from the catalog,
// idempotent through derived keys, minimal receipts, declines as 402, and
// every bad input refused before anything reaches Stripe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { baseConfig, startProxy, startStatefulMock } from './support.mjs';

let upstream;
let proxy;

before(async () => {
  upstream = await startStatefulMock();
  proxy = await startProxy(baseConfig(upstream.port));
});

after(async () => {
  assert.equal((await proxy.stop()).code, 0);
  await upstream.close();
  for (const text of [proxy.output.stdout, proxy.output.stderr]) {
    assert.equal(text.includes(proxy.secret), false);
    assert.equal(text.includes('tok_visa'), false);
    assert.equal(text.includes('@example.com'), false);
  }
});

function checkout(body, headers = {}) {
  return fetch(`${proxy.base}/api/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function upstreamList(path) {
  const response = await fetch(`http://127.0.0.1:${upstream.port}${path}`, { headers: { authorization: `Bearer ${proxy.secret}` } });
  return response.json();
}

test('GET /api/config shows the publishable key, mode and catalog, never the secret', async () => {
  const response = await fetch(`${proxy.base}/api/config`, { headers: { origin: 'http://127.0.0.1:8080' } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
  const text = await response.text();
  assert.equal(text.includes(proxy.secret), false);
  assert.deepEqual(JSON.parse(text), {
    publishable_key: 'pk_test_proxytests',
    mode: 'test',
    payment_flow: 'charges',
    payment_flow_legacy: true,  // token -> customer -> charge: kept for existing integrations, not for new shops
    catalog: [
      { sku: 'tshirt', name: 'T-shirt', unit_amount: 2500, currency: 'eur' },
      { sku: 'mug', name: 'Mug', unit_amount: 1200, currency: 'eur' },
      { sku: 'cap', name: 'Cap', unit_amount: 1500, currency: 'usd' },
    ],
  });
});

test('checkout charges the catalog amount, ignoring any price the browser sends', async () => {
  const response = await checkout({
    token: 'tok_visa', email: 'buyer@example.com', idempotency_key: 'order-0001-abcdef',
    items: [{ sku: 'tshirt', quantity: 2, unit_amount: 1 }, { sku: 'mug', quantity: 1, price: 0 }],
    amount: 1,
  }, { origin: 'http://127.0.0.1:8080' });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
  const receipt = await response.json();
  assert.deepEqual(Object.keys(receipt).sort(),
    ['amount', 'card', 'charge', 'created', 'currency', 'customer', 'receipt_email', 'status']);
  assert.equal(receipt.amount, 2 * 2500 + 1200);
  assert.equal(receipt.receipt_email, 'buyer@example.com');  // Stripe emails the receipt the page promises
  assert.ok(Number.isInteger(receipt.created) && Math.abs(receipt.created - Date.now() / 1000) < 600);
  assert.equal(receipt.currency, 'eur');
  assert.equal(receipt.status, 'succeeded');
  assert.deepEqual(receipt.card, { brand: 'Visa', last4: '4242' });
  assert.match(receipt.charge, /^ch_/);
  assert.match(receipt.customer, /^cus_/);
  const charge = await (await fetch(`http://127.0.0.1:${upstream.port}/v1/charges/${receipt.charge}`,
    { headers: { authorization: `Bearer ${proxy.secret}` } })).json();
  assert.equal(charge.amount, 6200);
  const customer = await upstreamList(`/v1/customers/${receipt.customer}`);
  assert.equal(customer.email, 'buyer@example.com');
  assert.equal(charge.metadata.items, 'tshirt:2,mug:1');
});

test('the same idempotency_key never creates a second customer or charge', async () => {
  const order = { token: 'tok_visa', email: 'twice@example.com', idempotency_key: 'order-0002-double-click', items: [{ sku: 'mug', quantity: 3 }] };
  const customersBefore = (await upstreamList('/v1/customers?limit=100')).data.length;
  const chargesBefore = (await upstreamList('/v1/charges?limit=100')).data.length;
  const answers = await Promise.all([checkout(order), checkout(order)]);
  const third = await checkout(order);
  const receipts = await Promise.all([...answers, third].map((r) => r.json()));
  for (const receipt of receipts) assert.equal(receipt.amount, 3600);
  assert.equal(new Set(receipts.map((r) => r.charge)).size, 1);
  assert.equal(new Set(receipts.map((r) => r.customer)).size, 1);
  assert.equal((await upstreamList('/v1/customers?limit=100')).data.length, customersBefore + 1);
  assert.equal((await upstreamList('/v1/charges?limit=100')).data.length, chargesBefore + 1);
  const keys = upstream.seen.filter((r) => r.method === 'POST').map((r) => r.headers['idempotency-key']);
  assert.ok(keys.every((k) => /^spx-(customer|charge)-[0-9a-f]{48}$/.test(k)));
  assert.equal(keys.some((k) => k.includes('order-0002')), false);
});

test('a declined card answers 402 with Stripe\'s message and decline_code', async () => {
  const response = await checkout({ token: 'tok_chargeDeclinedInsufficientFunds', email: 'poor@example.com', idempotency_key: 'order-0003-declined', items: [{ sku: 'tshirt', quantity: 1 }] });
  assert.equal(response.status, 402);
  const body = await response.json();
  assert.equal(body.error.type, 'card_error');
  assert.equal(body.error.code, 'card_declined');
  assert.equal(body.error.decline_code, 'insufficient_funds');
  assert.equal(typeof body.error.message, 'string');
  assert.deepEqual(Object.keys(body.error).filter((k) => !['type', 'code', 'decline_code', 'message', 'param'].includes(k)), []);
});

test('bad orders get a precise 4xx and nothing is forwarded', async () => {
  const good = { token: 'tok_visa', email: 'ok@example.com', idempotency_key: 'order-0004-bad-input', items: [{ sku: 'tshirt', quantity: 1 }] };
  const cases = [
    ['{"token":', 400, 'invalid_json', undefined],
    ['[1,2]', 400, 'invalid_json', undefined],
    [{ ...good, token: 42 }, 400, 'parameter_invalid', 'token'],
    [{ ...good, token: 'pm_card_visa' }, 400, 'parameter_invalid', 'token'],
    [{ ...good, email: 'not-an-email' }, 400, 'parameter_invalid', 'email'],
    [{ ...good, email: 'a@b.co\r\nBcc: x@y.z' }, 400, 'parameter_invalid', 'email'],
    [{ ...good, items: [] }, 400, 'parameter_invalid', 'items'],
    [{ ...good, items: 'tshirt' }, 400, 'parameter_invalid', 'items'],
    [{ ...good, items: [{ sku: 'nope', quantity: 1 }] }, 400, 'resource_missing', 'items[0].sku'],
    [{ ...good, items: [{ sku: 'tshirt', quantity: 0 }] }, 400, 'parameter_invalid', 'items[0].quantity'],
    [{ ...good, items: [{ sku: 'tshirt', quantity: -2 }] }, 400, 'parameter_invalid', 'items[0].quantity'],
    [{ ...good, items: [{ sku: 'tshirt', quantity: 1.5 }] }, 400, 'parameter_invalid', 'items[0].quantity'],
    [{ ...good, items: [{ sku: 'tshirt', quantity: '2' }] }, 400, 'parameter_invalid', 'items[0].quantity'],
    [{ ...good, items: [{ sku: 'tshirt', quantity: 1e30 }] }, 400, 'parameter_invalid', 'items[0].quantity'],
    [{ ...good, items: [{ sku: 'tshirt', quantity: 18446744073709551615 }] }, 400, 'parameter_invalid', 'items[0].quantity'],
    [{ ...good, items: [{ sku: 'tshirt', quantity: 1 }, { sku: 'cap', quantity: 1 }] }, 400, 'currency_mismatch', 'items[1].sku'],
    [{ ...good, idempotency_key: 'short' }, 400, 'parameter_invalid', 'idempotency_key'],
    [{ ...good, idempotency_key: 'k'.repeat(256) }, 400, 'parameter_invalid', 'idempotency_key'],
    [{ ...good, idempotency_key: undefined }, 400, 'parameter_invalid', 'idempotency_key'],
  ];
  const before = upstream.seen.length;
  for (const [body, status, code, param] of cases) {
    const response = await checkout(body);
    const answer = await response.json();
    assert.equal(response.status, status, JSON.stringify(body));
    assert.equal(answer.error.code, code, JSON.stringify(body));
    assert.equal(answer.error.param, param, JSON.stringify(body));
  }
  const wrongType = await fetch(`${proxy.base}/api/checkout`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(good) });
  assert.equal(wrongType.status, 415);
  const foreign = await checkout(good, { origin: 'https://evil.example' });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  const preflight = await fetch(`${proxy.base}/api/checkout`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
  assert.equal(preflight.status, 403);
  const allowed = await fetch(`${proxy.base}/api/checkout`, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:8080', 'access-control-request-method': 'POST' } });
  assert.equal(allowed.status, 204);
  assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
  assert.equal(upstream.seen.length, before);
});
