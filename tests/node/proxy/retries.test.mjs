// Upstream faults against a scripted fake upstream: retries as Stripe's SDKs
// do (connection errors, 409, 5xx, Stripe-Should-Retry; POST only with an
// Idempotency-Key; backoff from 0.5 s; at most 2), saturation -> 503, and a
// connection reset after the charge committed still ends with exactly one charge.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { baseConfig, json, makeToken, sleep, startFakeUpstream, startProxy } from './support.mjs';

const reader = makeToken('viewer', ['read', 'refund']);
const started = [];
after(async () => {
  for (const { proxy, upstream } of started) {
    assert.equal((await proxy.stop()).code, 0);
    await upstream.close();
    assert.equal(proxy.output.stderr.includes(proxy.secret), false);
  }
});

// `script[i]` answers the i-th upstream request: a status, 'reset' (destroy
// the socket), or a function (req, body, res).
async function setup(script, limits = {}) {
  const upstream = await startFakeUpstream((req, body, res, index) => {
    const step = script[Math.min(index, script.length - 1)];
    if (typeof step === 'function') return step(req, body, res, index);
    if (step === 'reset') return req.socket.destroy();
    const headers = {};
    let status = step;
    if (typeof step === 'object') { status = step.status; Object.assign(headers, step.headers); }
    json(res, status, status === 200 ? { object: 'refund', id: `re_${index}`, amount: 100 } : { error: { type: 'api_error', message: `fault ${status}` } }, headers);
  });
  const proxy = await startProxy(baseConfig(upstream.port, { tokens: [reader.entry], limits }));
  started.push({ proxy, upstream });
  return { proxy, upstream };
}

function refund(proxy, headers = {}) {
  return fetch(`${proxy.base}/v1/refunds`, {
    method: 'POST',
    headers: { authorization: `Bearer ${reader.token}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: 'charge=ch_1&amount=100',
  });
}

test('5xx twice then success: retried with the same Idempotency-Key after jittered backoff', async () => {
  const { proxy, upstream } = await setup([500, 503, 200]);
  const t0 = Date.now();
  const response = await refund(proxy);
  const elapsed = Date.now() - t0;
  assert.equal(response.status, 200);
  assert.equal((await response.json()).id, 're_2');
  assert.equal(upstream.seen.length, 3);
  const keys = upstream.seen.map((r) => r.headers['idempotency-key']);
  assert.match(keys[0], /^spx-auto-[0-9a-f]{32}$/);
  assert.deepEqual(new Set(keys).size, 1);
  // Delays: first in [0.5, 0.5] s (at least base), second in [0.5, 1] s.
  assert.ok(elapsed >= 1000 && elapsed < 2500, `elapsed ${elapsed} ms`);
  await sleep(100);  // the log line follows the response
  const line = proxy.accessLog().find((l) => l.route === '/v1/refunds');
  assert.equal(line.upstream_attempts, 3);
});

test('at most 2 retries, then the last upstream answer', async () => {
  const { proxy, upstream } = await setup([500]);
  const response = await refund(proxy);
  assert.equal(response.status, 500);
  assert.equal(upstream.seen.length, 3);
});

test('409 is retried; 400 and 402 are not; Stripe-Should-Retry decides when present', async () => {
  let setupResult = await setup([409, 200]);
  assert.equal((await refund(setupResult.proxy)).status, 200);
  assert.equal(setupResult.upstream.seen.length, 2);

  setupResult = await setup([400, 200]);
  assert.equal((await refund(setupResult.proxy)).status, 400);
  assert.equal(setupResult.upstream.seen.length, 1);

  setupResult = await setup([{ status: 500, headers: { 'stripe-should-retry': 'false' } }, 200]);
  assert.equal((await refund(setupResult.proxy)).status, 500);
  assert.equal(setupResult.upstream.seen.length, 1);

  setupResult = await setup([{ status: 400, headers: { 'stripe-should-retry': 'true' } }, 200]);
  assert.equal((await refund(setupResult.proxy)).status, 200);
  assert.equal(setupResult.upstream.seen.length, 2);
});

test('429 backs off at least Retry-After, then succeeds', async () => {
  const { proxy, upstream } = await setup([{ status: 429, headers: { 'retry-after': '1' } }, 200]);
  const t0 = Date.now();
  const response = await fetch(`${proxy.base}/v1/charges?limit=1`, { headers: { authorization: `Bearer ${reader.token}` } });
  assert.equal(response.status, 200);
  assert.ok(Date.now() - t0 >= 1000);
  assert.equal(upstream.seen.length, 2);
});

test('a reset connection is retried; the client\'s Idempotency-Key is kept (namespaced) across attempts', async () => {
  const { proxy, upstream } = await setup(['reset', 200]);
  const response = await refund(proxy, { 'idempotency-key': 'client-key-1' });
  assert.equal(response.status, 200);
  assert.equal(upstream.seen.length, 2);
  const keys = upstream.seen.map((r) => r.headers['idempotency-key']);
  assert.equal(keys[0], keys[1]);
  // gw- + SHA-256 of the token's digest and the client's key (proxy/README.md).
  assert.equal(keys[0], `gw-${createHash('sha256').update(`${reader.entry.sha256}\nclient-key-1`).digest('hex')}`);
});

test('upstream down: 502 Stripe-style error after 3 connection attempts', async () => {
  const { proxy } = await setup([200]);
  // Point a second proxy at a port nobody listens on.
  const closed = createServer();
  await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const deadPort = closed.address().port;
  await new Promise((resolve) => closed.close(resolve));
  const dead = await startProxy(baseConfig(deadPort, { tokens: [reader.entry], limits: { retry_base_ms: 50 } }));
  started.push({ proxy: dead, upstream: { close: async () => {} } });
  const response = await fetch(`${dead.base}/v1/charges`, { headers: { authorization: `Bearer ${reader.token}` } });
  assert.equal(response.status, 502);
  const body = await response.json();
  assert.equal(body.error.type, 'api_connection_error');
  assert.equal(JSON.stringify(body).includes(dead.secret), false);
  await sleep(100);
  assert.equal(dead.accessLog().at(-1).upstream_attempts, 3);
  assert.ok(proxy);
});

// Boost 1.74's parser hands a response's announced Content-Length to the body
// before refusing it; reserving that much would throw out of the coroutine
// and end the proxy. It must answer 502 and keep serving.
test('an upstream announcing a body of 10^18 bytes gets a 502, and the proxy stays up', async () => {
  const { proxy, upstream } = await setup([(req, body, res) => {
    res.socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000000000000000\r\n\r\n{}');
  }], { retry_base_ms: 50 });
  const response = await fetch(`${proxy.base}/v1/charges`, { headers: { authorization: `Bearer ${reader.token}` } });
  assert.equal(response.status, 502);
  assert.equal((await response.json()).error.type, 'api_connection_error');
  assert.equal(upstream.seen.length, 3);  // a connection error, retried as such
  assert.equal((await fetch(`${proxy.base}/healthz`)).status, 200);
});

test('slow upstream: the response timeout answers 504', async () => {
  const { proxy, upstream } = await setup([(req, body, res) => setTimeout(() => json(res, 200, {}), 3000)],
    { upstream_timeout_ms: 300, max_retries: 0 });
  const response = await fetch(`${proxy.base}/v1/charges`, { headers: { authorization: `Bearer ${reader.token}` } });
  assert.equal(response.status, 504);
  assert.equal(upstream.seen.length, 1);
});

test('saturation: beyond max_upstream_concurrency the proxy answers 503 with Retry-After', async () => {
  const { proxy, upstream } = await setup([(req, body, res) => setTimeout(() => json(res, 200, { object: 'list', data: [] }), 600)],
    { max_upstream_concurrency: 2 });
  const calls = Array.from({ length: 5 }, () => fetch(`${proxy.base}/v1/charges`, { headers: { authorization: `Bearer ${reader.token}` } }));
  const responses = await Promise.all(calls);
  const statuses = responses.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 200, 503, 503, 503]);
  const busy = responses.find((r) => r.status === 503);
  assert.equal(busy.headers.get('retry-after'), '1');
  assert.equal((await busy.json()).error.code, 'proxy_saturated');
  assert.equal(upstream.seen.length, 2);
});

test('the rate budget spaces upstream requests (rate_per_second 20)', async () => {
  const { proxy, upstream } = await setup([200], { rate_per_second: 20 });
  const t0 = Date.now();
  await Promise.all(Array.from({ length: 14 }, () => fetch(`${proxy.base}/v1/charges`, { headers: { authorization: `Bearer ${reader.token}` } })));
  const elapsed = Date.now() - t0;
  assert.equal(upstream.seen.length, 14);
  // Burst of 4, then 10 more at 50 ms intervals: at least ~500 ms.
  assert.ok(elapsed >= 450, `elapsed ${elapsed} ms`);
  await sleep(0);
});
