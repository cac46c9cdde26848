// Issue 10 (items 3, 8, 10-14) and issue 14 (item 2) through the real proxy:
// a scripted fake upstream shows what was forwarded, and what a hostile or
// echoing upstream cannot make the proxy pass on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { baseConfig, json, makeToken, startFakeUpstream, startProxy } from './support.mjs';

let upstream;
let proxy;
let script = null;  // (req, body, res) for the next upstream answers; null: an empty list
const reader = makeToken('viewer', ['read']);
const refunder = makeToken('token', ['refund']);
const sameName = makeToken('token', ['refund']);  // `token create` defaults to the name "token"

before(async () => {
  upstream = await startFakeUpstream((req, body, res) => {
    if (script) script(req, body, res);
    else json(res, 200, { object: 'list', data: [], has_more: false, url: req.url });
  });
  proxy = await startProxy(baseConfig(upstream.port, { tokens: [reader.entry, refunder.entry, sameName.entry] }));
});

after(async () => {
  assert.equal((await proxy.stop()).code, 0);
  await upstream.close();
  for (const text of [proxy.output.stdout, proxy.output.stderr]) {
    assert.equal(text.includes(proxy.secret), false);
    for (const { token } of [reader, refunder, sameName]) assert.equal(text.includes(token), false);
  }
});

function call(path, { token = reader.token, method = 'GET', body, headers = {} } = {}) {
  return fetch(`${proxy.base}${path}`, {
    method,
    body,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...headers,
    },
  });
}

async function refusedLocally(path, options, status, code) {
  const before = upstream.seen.length;
  const response = await call(path, options);
  const body = await response.json();
  assert.equal(response.status, status, `${path}: ${JSON.stringify(body)}`);
  if (code) assert.equal(body.error.code, code, path);
  assert.equal(upstream.seen.length, before, `${path} was forwarded`);
  return body;
}

test('expand[] reaches only what the token could read directly (item 3)', async () => {
  await refusedLocally('/v1/charges?expand[]=data.payment_intent', {}, 400, 'parameter_invalid');
  await refusedLocally('/v1/balance_transactions?expand[]=data.source', {}, 400, 'parameter_invalid');
  await refusedLocally('/v1/refunds', { token: refunder.token, method: 'POST', body: 'charge=ch_1&expand[]=charge' },
    400, 'parameter_invalid');
  await refusedLocally('/v1/refunds', { token: refunder.token, method: 'POST', body: 'charge=ch_1&expand[0]=charge.customer' },
    400, 'parameter_invalid');
  const before = upstream.seen.length;
  for (const path of ['/v1/charges?expand[]=data.balance_transaction&expand[]=data.customer',
    '/v1/balance_transactions?type=charge&expand[]=data.source', '/v1/refunds/re_1?expand[]=charge']) {
    assert.equal((await call(path)).status, 200, path);
  }
  assert.deepEqual(upstream.seen.slice(before).map((r) => r.url), [
    '/v1/charges?expand[]=data.balance_transaction&expand[]=data.customer',
    '/v1/balance_transactions?type=charge&expand[]=data.source',
    '/v1/refunds/re_1?expand[]=charge',
  ]);
});

test('client idempotency keys keep their length, are namespaced per token, and are quoted back as sent (item 8)', async () => {
  const key = 'k'.repeat(250) + '"a\\b';  // 254 characters: 266 once prefixed the old way
  script = (req, body, res) => json(res, 400, { error: { type: 'idempotency_error',
    message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${req.headers['idempotency-key']}' if you meant to execute a different request.` } });
  try {
    const before = upstream.seen.length;
    const first = await call('/v1/refunds', { token: refunder.token, method: 'POST', body: 'charge=ch_1', headers: { 'idempotency-key': key } });
    const second = await call('/v1/refunds', { token: sameName.token, method: 'POST', body: 'charge=ch_1', headers: { 'idempotency-key': key } });
    assert.equal(first.status, 400);
    const message = (await first.json()).error.message;
    assert.ok(message.includes(`a key other than '${key}' if`), message);
    await second.json();
    const [seenFirst, seenSecond] = upstream.seen.slice(before).map((r) => r.headers['idempotency-key']);
    assert.match(seenFirst, /^gw-[0-9a-f]{64}$/);
    assert.match(seenSecond, /^gw-[0-9a-f]{64}$/);
    assert.notEqual(seenFirst, seenSecond);  // same name "token", different tokens
  } finally {
    script = null;
  }
  await refusedLocally('/v1/refunds', { token: refunder.token, method: 'POST', body: 'charge=ch_1', headers: { 'idempotency-key': 'k'.repeat(256) } },
    400, 'idempotency_key_invalid');
});

test('an echoing or hostile upstream cannot leak the secret or serve HTML on /v1 (item 10)', async () => {
  const escaped = [...proxy.secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  script = (req, body, res) => {
    res.writeHead(200, { 'content-type': `application/json; echo=${proxy.secret}`, 'request-id': `req_${proxy.secret}` });
    res.end(`{"object":"charge","description":"${escaped}","statement":"sk\\u005f${proxy.secret.slice(3)}"}`);
  };
  try {
    const response = await call('/v1/charges/ch_1');
    const text = await response.text();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(response.headers.get('request-id'), 'req_[redacted]');
    const parsed = JSON.parse(text);
    assert.equal(parsed.description, '[redacted]');
    assert.equal(parsed.statement, '[redacted]');
    assert.equal(JSON.stringify([...response.headers]).includes(proxy.secret), false);
    script = (req, body, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<script>alert(1)</script>'); };
    const html = await call('/v1/charges/ch_1');
    assert.equal(html.status, 502);
    assert.equal(html.headers.get('content-type'), 'application/json');
    assert.equal((await html.json()).error.code, 'upstream_invalid_response');
  } finally {
    script = null;
  }
});

test('loose edges: nested metadata, media types, /search, the other payment flow, /healthz?x=1 (item 11)', async () => {
  await refusedLocally('/v1/refunds', { token: refunder.token, method: 'POST', body: 'charge=ch_1&metadata[a][b]=1' }, 400, 'parameter_unknown');
  await refusedLocally('/v1/refunds', { token: refunder.token, method: 'POST', body: 'charge=ch_1',
    headers: { 'content-type': 'application/x-www-form-urlencodedx' } }, 415, 'content_type_invalid');
  await refusedLocally('/v1/charges/search?query=amount>1', {}, 404);
  const before = upstream.seen.length;
  const jsonx = await fetch(`${proxy.base}/api/checkout`, { method: 'POST', headers: { 'content-type': 'application/jsonx' },
    body: JSON.stringify({ token: 'tok_visa', email: 'a@example.com', items: [{ sku: 'mug', quantity: 1 }], idempotency_key: 'k1' }) });
  assert.equal(jsonx.status, 415);
  const intent = await fetch(`${proxy.base}/api/payment_intents`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'a@example.com', items: [{ sku: 'mug', quantity: 1 }], idempotency_key: 'k2' }) });
  assert.equal(intent.status, 400);
  assert.equal((await intent.json()).error.code, 'payment_flow_disabled');
  assert.equal(upstream.seen.length, before);
  const health = await fetch(`${proxy.base}/healthz?x=1`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok' });
});

test('per route only the filters Stripe lists: no created on a charge\'s refunds (item 12)', async () => {
  await refusedLocally('/v1/charges/ch_1/refunds?created[gte]=1700000000', {}, 400, 'parameter_unknown');
  await refusedLocally('/v1/customers?test_clock=clock_1', {}, 400, 'parameter_unknown');
  assert.equal((await call('/v1/charges/ch_1/refunds?limit=3')).status, 200);
});

test('Idempotent-Replayed from Stripe reaches the client (item 13)', async () => {
  script = (req, body, res) => json(res, 200, { id: 're_1', object: 'refund' }, { 'idempotent-replayed': 'true' });
  try {
    const response = await call('/v1/refunds', { token: refunder.token, method: 'POST', body: 'charge=ch_1', headers: { 'idempotency-key': 'again' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('idempotent-replayed'), 'true');
    await response.json();
  } finally {
    script = null;
  }
});

test('Stripe-Version: the SDK default is refused, the configured version passes (item 14)', async () => {
  const options = { host: '127.0.0.1', port: proxy.port, protocol: 'http', maxNetworkRetries: 0 };
  // stripe@23.1.0 from package-lock.json sends its own default version.
  assert.equal(Stripe.API_VERSION, '2026-10-28.endive');
  const before = upstream.seen.length;
  await assert.rejects(new Stripe(reader.token, options).charges.list({ limit: 1 }), (error) => {
    assert.equal(error.statusCode, 400);
    assert.equal(error.code, 'stripe_version_not_allowed');
    assert.ok(error.message.includes('2022-11-15') && error.message.includes(Stripe.API_VERSION), error.message);
    return true;
  });
  assert.equal(upstream.seen.length, before);
  const list = await new Stripe(reader.token, { ...options, apiVersion: '2022-11-15' }).charges.list({ limit: 1 });
  assert.equal(list.object, 'list');
  assert.equal(upstream.seen.length, before + 1);
  assert.equal(upstream.seen[before].headers['stripe-version'], '2022-11-15');
});

test('the read scope covers payouts and a payout\'s balance transactions (issue 14)', async () => {
  const before = upstream.seen.length;
  const stripe = new Stripe(reader.token, { host: '127.0.0.1', port: proxy.port, protocol: 'http', maxNetworkRetries: 0, apiVersion: '2022-11-15' });
  await stripe.payouts.list({ limit: 10, status: 'paid', arrival_date: { gte: 1700000000 } });
  script = (req, body, res) => json(res, 200, { id: 'po_1', object: 'payout', amount: 651371, currency: 'eur' });
  try {
    const payout = await stripe.payouts.retrieve('po_1');
    assert.equal(payout.amount, 651371);
  } finally {
    script = null;
  }
  await stripe.balanceTransactions.list({ payout: 'po_1', limit: 100 });
  assert.deepEqual(upstream.seen.slice(before).map((r) => r.url), [
    '/v1/payouts?limit=10&status=paid&arrival_date[gte]=1700000000',
    '/v1/payouts/po_1',
    '/v1/balance_transactions?payout=po_1&limit=100',
  ]);
  await assert.rejects(stripe.payouts.create({ amount: 100, currency: 'eur' }), (error) => error.statusCode === 403 || error.statusCode === 404);
  assert.equal(upstream.seen.length, before + 3);
});
