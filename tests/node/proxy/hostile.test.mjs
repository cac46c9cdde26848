// Hostile clients over raw sockets: limits (413), slowloris (closed by the
// request timeout), malformed HTTP, smuggled headers, static path traversal.
// A counting fake upstream proves that none of it was forwarded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseConfig, bodyOf, json, makeToken, rawRequest, startFakeUpstream, startProxy, statusOf } from './support.mjs';

let upstream;
let proxy;
let webRoot;
const reader = makeToken('viewer', ['read', 'refund']);

before(async () => {
  upstream = await startFakeUpstream((req, body, res) => json(res, 200, { object: 'list', data: [], has_more: false }));
  webRoot = mkdtempSync(join(tmpdir(), 'stripe-proxy-web-'));
  mkdirSync(join(webRoot, 'report'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>shop</title>');
  writeFileSync(join(webRoot, 'report', 'core.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(webRoot, 'report', 'app.mjs'), 'export {};');
  writeFileSync(join(webRoot, 'report', 'index.html'), '<!doctype html><title>viewer</title>');
  writeFileSync(join(webRoot, '.env'), 'SECRET=1');
  const outside = mkdtempSync(join(tmpdir(), 'stripe-proxy-outside-'));
  writeFileSync(join(outside, 'private.txt'), 'private');
  symlinkSync(join(outside, 'private.txt'), join(webRoot, 'escape.txt'));
  proxy = await startProxy(baseConfig(upstream.port, {
    tokens: [reader.entry],
    limits: { request_timeout_ms: 1000, header_bytes: 4096, body_bytes: 4096 },
  }), { args: ['--static', webRoot] });
});

after(async () => {
  assert.equal((await proxy.stop()).code, 0);
  await upstream.close();
  assert.equal(upstream.seen.length, 0, JSON.stringify(upstream.seen.map((r) => r.url)));
  assert.equal(proxy.output.stderr.includes(proxy.secret), false);
  assert.equal(proxy.output.stderr.includes(reader.token), false);
});

const auth = () => `Authorization: Bearer ${reader.token}\r\n`;

test('oversized headers and bodies get 413', async () => {
  const big = await rawRequest(proxy.port, `GET /v1/charges HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(8000)}\r\n\r\n`);
  assert.equal(statusOf(big.received), 413);
  assert.equal(JSON.parse(bodyOf(big.received)).error.code, 'request_too_large');
  const body = 'x'.repeat(5000);
  const large = await rawRequest(proxy.port, `POST /v1/refunds HTTP/1.1\r\nHost: x\r\n${auth()}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  assert.equal(statusOf(large.received), 413);
  const chunked = await rawRequest(proxy.port, `POST /api/checkout HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1400\r\n${'y'.repeat(0x1400)}\r\n0\r\n\r\n`);
  assert.equal(statusOf(chunked.received), 413);
});

test('a slowloris client is cut off by the request timeout', async () => {
  const result = await rawRequest(proxy.port, '', {
    timeoutMs: 5000,
    writeSlowly(socket) {
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      let n = 0;
      const timer = setInterval(() => {
        if (socket.destroyed || ++n > 40) return clearInterval(timer);
        socket.write(`X-Slow-${n}: 1\r\n`);
      }, 100);
    },
  });
  assert.equal(result.timedOut, false, 'the proxy must close the connection');
  assert.ok(result.elapsed >= 900 && result.elapsed < 3000, `closed after ${result.elapsed} ms`);
  assert.equal(statusOf(result.received), 0);
  // An idle keep-alive connection is closed the same way.
  const idle = await rawRequest(proxy.port, '', { timeoutMs: 5000, writeSlowly() {} });
  assert.equal(idle.timedOut, false);
  assert.ok(idle.elapsed < 3000);
  // And the proxy still serves others.
  assert.equal((await fetch(`${proxy.base}/healthz`)).status, 200);
});

test('malformed HTTP and header injection get 400 and close', async () => {
  for (const text of [
    'GET /v1/charges HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n',
    'GET /v1/charges HTTP/1.1\r\nHost: x\r\nX-A: 1\rX-B: 2\r\n\r\n',
    'GET /v1/char ges HTTP/1.1\r\nHost: x\r\n\r\n',
    'POST /v1/refunds HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'GARBAGE\r\n\r\n',
  ]) {
    const result = await rawRequest(proxy.port, text);
    assert.equal(result.timedOut, false, JSON.stringify(text));
    assert.equal(statusOf(result.received), 400, JSON.stringify(text));
  }
});

test('gateway refusals: duplicate parameters, oversized idempotency keys, wrong content type, query on POST', async () => {
  const post = (body, extra = '') => rawRequest(proxy.port,
    `POST /v1/refunds HTTP/1.1\r\nHost: x\r\n${auth()}${extra}Connection: close\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  const withType = 'Content-Type: application/x-www-form-urlencoded\r\n';
  const cases = [
    [await post('charge=ch_1&charge=ch_2', withType), 400, 'parameter_duplicate'],
    [await post('charge=ch_1', `${withType}Idempotency-Key: ${'k'.repeat(300)}\r\n`), 400, 'idempotency_key_invalid'],
    [await post('{"charge":"ch_1"}', 'Content-Type: application/json\r\n'), 415, 'content_type_invalid'],
    [await post('charge=ch_1&amount=1e3', withType), 400, 'parameter_invalid'],
    [await post('charge=ch_1&metadata[a]=x%0d%0aSet-Cookie:1', withType), 400, 'parameter_invalid'],
    [await post('charge=%zz', withType), 400, undefined],
    [await post('amount=100', withType), 400, 'parameter_missing'],
  ];
  for (const [result, status, code] of cases) {
    assert.equal(statusOf(result.received), status, result.received);
    assert.equal(JSON.parse(bodyOf(result.received)).error.code, code);
  }
  const get = await rawRequest(proxy.port, `GET /v1/charges?limit=1&limit=2 HTTP/1.1\r\nHost: x\r\n${auth()}Connection: close\r\n\r\n`);
  assert.equal(statusOf(get.received), 400);
  const traversal = await rawRequest(proxy.port, `GET /v1/charges/../../v1/accounts HTTP/1.1\r\nHost: x\r\n${auth()}Connection: close\r\n\r\n`);
  assert.equal(statusOf(traversal.received), 404);
  const encoded = await rawRequest(proxy.port, `GET /v1/charges/ch_1%2F..%2Faccounts HTTP/1.1\r\nHost: x\r\n${auth()}Connection: close\r\n\r\n`);
  assert.equal(statusOf(encoded.received), 404);
});

test('static files: correct MIME and CSP, no traversal, no hidden files, no symlink escape', async () => {
  const wasm = await fetch(`${proxy.base}/report/core.wasm`);
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.deepEqual([...new Uint8Array(await wasm.arrayBuffer())], [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  const module = await fetch(`${proxy.base}/report/app.mjs`);
  assert.equal(module.headers.get('content-type'), 'text/javascript; charset=utf-8');
  const index = await fetch(`${proxy.base}/`);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  const csp = index.headers.get('content-security-policy');
  // Stripe's documented CSP for Stripe.js and 3-D Secure, and nothing else external.
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' https:\/\/js\.stripe\.com https:\/\/\*\.js\.stripe\.com;/);
  assert.match(csp, /frame-src https:\/\/js\.stripe\.com https:\/\/\*\.js\.stripe\.com https:\/\/hooks\.stripe\.com;/);
  assert.match(csp, /connect-src 'self' https:\/\/api\.stripe\.com;/);
  const external = csp.match(/https?:\/\/[^\s;]+/g);
  assert.deepEqual([...new Set(external)].sort(),
    ['https://*.js.stripe.com', 'https://api.stripe.com', 'https://hooks.stripe.com', 'https://js.stripe.com']);
  assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  // A directory without its slash: a redirect, so the page's relative URLs work.
  const bare = await fetch(`${proxy.base}/report`, { redirect: 'manual' });
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.get('location'), '/report/');
  const viewer = await fetch(`${proxy.base}/report`);
  assert.equal(viewer.status, 200);
  assert.match(await viewer.text(), /<title>viewer<\/title>/);
  for (const path of ['/../../../../etc/passwd', '/report/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd',
    '/report/..%2F..%2Fetc%2Fpasswd', '/.env', '/escape.txt', '/report\\..\\..\\etc\\passwd', '/nope.html']) {
    const result = await rawRequest(proxy.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(statusOf(result.received), 404, path);
    assert.equal(result.received.includes('root:'), false);
    assert.equal(result.received.includes('private'), false);
  }
});

test('health and readiness answer without touching Stripe', async () => {
  assert.deepEqual(await (await fetch(`${proxy.base}/healthz`)).json(), { status: 'ok' });
  assert.deepEqual(await (await fetch(`${proxy.base}/readyz`)).json(), { status: 'ready' });
  const unknown = await fetch(`${proxy.base}/api/whatever`);
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).error.type, 'invalid_request_error');
});
