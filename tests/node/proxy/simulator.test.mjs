// The proxy against the project's simulator (build/native/sim/stripe-sim):
// checkout under the simulator's fault modes ends with exactly one charge,
// refusals never reach it (its request count), and the export returns every
// balance transaction it holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { baseConfig, makeToken, newSecret, startProxy } from './support.mjs';

const simBinary = 'build/native/sim/stripe-sim';
const secret = newSecret();
const reader = makeToken('viewer', ['read', 'refund']);
let sim;
let simBase;
let proxy;

async function simPost(path, body) {
  const response = await fetch(`${simBase}${path}`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}
async function simStats() {
  return (await fetch(`${simBase}/_sim/stats`, { headers: { authorization: `Bearer ${secret}` } })).json();
}

before(async () => {
  assert.ok(existsSync(simBinary), `${simBinary} must be built (cmake --build --preset native --target stripe-sim)`);
  sim = spawn(simBinary, ['--listen', '127.0.0.1:0', '--secret-key', secret, '--seed', '7', '--seed-charges', '1500', '--seed-weeks', '8', '--quiet'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  simBase = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${text}`)), 15_000);
    sim.stdout.on('data', (d) => {
      text += d;
      const match = text.match(/stripe-sim listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
  });
  proxy = await startProxy(baseConfig(Number(new URL(simBase).port), { tokens: [reader.entry], limits: { rate_per_second: 200, retry_base_ms: 100 } }), { secret });
});

after(async () => {
  assert.equal((await proxy.stop()).code, 0);
  sim.kill('SIGTERM');
  assert.equal(proxy.output.stderr.includes(secret), false);
  assert.equal(proxy.output.stdout.includes(secret), false);
});

function checkout(key, token = 'tok_visa') {
  return fetch(`${proxy.base}/api/checkout`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, email: 'sim@example.com', idempotency_key: key, items: [{ sku: 'tshirt', quantity: 3 }] }),
  });
}

test('checkout through the proxy creates one customer and one charge at the catalog price', async () => {
  const before = await simStats();
  const response = await checkout('sim-order-0001');
  assert.equal(response.status, 200);
  const receipt = await response.json();
  assert.equal(receipt.amount, 7500);
  assert.equal(receipt.currency, 'eur');
  assert.equal(receipt.status, 'succeeded');
  assert.deepEqual(receipt.card, { brand: 'Visa', last4: '4242' });
  const after = await simStats();
  assert.equal(after.customers, before.customers + 1);
  assert.equal(after.charges, before.charges + 1);
});

test('connection reset after the charge committed: the proxy retries with the same key, exactly one charge', async () => {
  await simPost('/_sim/faults', { reset: { when: 'after_commit', method: 'POST', path_prefix: '/v1/charges', count: 1 } });
  const before = await simStats();
  const response = await checkout('sim-order-0002');
  assert.equal(response.status, 200);
  const receipt = await response.json();
  const again = await (await checkout('sim-order-0002')).json();
  assert.equal(again.charge, receipt.charge);
  const after = await simStats();
  assert.equal(after.charges, before.charges + 1);
  assert.equal(after.customers, before.customers + 1);
  await simPost('/_sim/faults', {});
});

test('upstream 500s exhaust the retries: 502 to the client, who retries later with the same key: one charge', async () => {
  await simPost('/_sim/faults', { error_rate: 1.0 });
  const before = await simStats();
  const failed = await checkout('sim-order-0003');
  assert.equal(failed.status, 502);
  assert.equal((await failed.json()).error.type, 'api_error');
  await simPost('/_sim/faults', {});
  const retried = await checkout('sim-order-0003');
  assert.equal(retried.status, 200);
  const after = await simStats();
  assert.equal(after.charges, before.charges + 1);
  assert.equal(after.customers, before.customers + 1);
});

test('a slow upstream (simulator latency) still completes, once', async () => {
  await simPost('/_sim/faults', { latency_ms: 250 });
  const before = await simStats();
  const t0 = Date.now();
  const response = await checkout('sim-order-0005');
  assert.equal(response.status, 200);
  assert.ok(Date.now() - t0 >= 500, 'two upstream calls of >= 250 ms each');
  await simPost('/_sim/faults', {});
  assert.equal((await simStats()).charges, before.charges + 1);
});

test('a decline answers 402 with the decline code', async () => {
  const response = await checkout('sim-order-0004', 'tok_chargeDeclinedInsufficientFunds');
  assert.equal(response.status, 402);
  const body = await response.json();
  assert.equal(body.error.type, 'card_error');
  assert.equal(body.error.decline_code, 'insufficient_funds');
});

test('refused requests never reach the simulator', async () => {
  const before = (await simStats()).requests;
  const headers = { authorization: `Bearer ${reader.token}` };
  assert.equal((await fetch(`${proxy.base}/v1/balance`, { headers })).status, 404);
  assert.equal((await fetch(`${proxy.base}/v1/charges?limit=500`, { headers })).status, 400);
  assert.equal((await fetch(`${proxy.base}/v1/customers`, { method: 'POST', headers })).status, 403);
  assert.equal((await fetch(`${proxy.base}/v1/charges`)).status, 401);
  assert.equal((await checkout('x')).status, 400);
  assert.equal((await simStats()).requests, before + 1);  // only the stats call itself
});

test('the export streams every balance transaction the simulator holds', async () => {
  const stats = await simStats();
  const now = Math.floor(Date.now() / 1000);
  const response = await fetch(`${proxy.base}/api/export/balance_transactions?created[gte]=0&created[lt]=${now + 3600}`,
    { headers: { authorization: `Bearer ${reader.token}` } });
  assert.equal(response.status, 200);
  const lines = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines.length, stats.balance_transactions);
  assert.equal(new Set(lines.map((t) => t.id)).size, stats.balance_transactions);
  assert.ok(lines.every((t) => t.object === 'balance_transaction' && Number.isInteger(t.amount)));
});

test('POST /api/payment_intents creates a PaymentIntent for the catalog amount and answers its client_secret', async () => {
  const before = await simStats();
  // The endpoint belongs to the payment_intents flow; with "charges" it is refused.
  const sca = await startProxy(baseConfig(Number(new URL(simBase).port), { payment_flow: 'payment_intents', limits: { rate_per_second: 200 } }), { secret });
  const order = { email: 'sca@example.com', idempotency_key: 'sim-intent-0001', items: [{ sku: 'mug', quantity: 2, unit_amount: 1 }] };
  const post = () => fetch(`${sca.base}/api/payment_intents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
  const first = await post();
  assert.equal(first.status, 200);
  const intent = await first.json();
  assert.deepEqual(Object.keys(intent).sort(), ['amount', 'client_secret', 'currency', 'id']);
  assert.equal(intent.amount, 2400);
  assert.equal(intent.currency, 'eur');
  assert.match(intent.id, /^pi_/);
  assert.ok(intent.client_secret.startsWith(`${intent.id}_secret_`));
  const again = await (await post()).json();
  assert.equal(again.id, intent.id);
  assert.equal((await simStats()).payment_intents, before.payment_intents + 1);
  assert.equal((await sca.stop()).code, 0);
  assert.equal(sca.output.stderr.includes(secret), false);
});
