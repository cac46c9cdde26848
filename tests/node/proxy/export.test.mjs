// GET /api/export/balance_transactions: concurrent time windows paginated
// upstream (limit 100), streamed as NDJSON, within the rate budget, and
// cancelled when the caller goes away.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { baseConfig, bodyOf, json, makeToken, rawRequest, sleep, startFakeUpstream, startProxy, statusOf } from './support.mjs';

const reader = makeToken('viewer', ['read']);
const refundOnly = makeToken('refunder', ['refund']);
const started = [];
after(async () => {
  for (const { proxy, upstream } of started) {
    assert.equal((await proxy.stop()).code, 0);
    await upstream.close();
    assert.equal(proxy.output.stderr.includes(proxy.secret), false);
  }
});

const T0 = 1_700_000_000;

// A fake Stripe list endpoint over `count` transactions, one every `step` s,
// newest first, honouring created[gte]/created[lt], limit and starting_after.
function balanceUpstream(count, step, latencyMs, stats) {
  const all = Array.from({ length: count }, (_, i) => ({
    id: `txn_${String(i).padStart(6, '0')}`, object: 'balance_transaction', amount: 1000 + i, currency: 'eur',
    created: T0 + i * step, fee: 59, net: 941 + i, type: 'charge', status: 'available',
  })).reverse();
  return (req, body, res) => {
    stats.active += 1;
    stats.maxActive = Math.max(stats.maxActive, stats.active);
    const url = new URL(req.url, 'http://x');
    const gte = Number(url.searchParams.get('created[gte]'));
    const lt = Number(url.searchParams.get('created[lt]'));
    const limit = Number(url.searchParams.get('limit'));
    const after = url.searchParams.get('starting_after');
    let rows = all.filter((t) => t.created >= gte && t.created < lt);
    if (after) rows = rows.slice(rows.findIndex((t) => t.id === after) + 1);
    setTimeout(() => {
      stats.active -= 1;
      if (res.destroyed) return;
      json(res, 200, { object: 'list', url: '/v1/balance_transactions', has_more: rows.length > limit, data: rows.slice(0, limit) });
    }, latencyMs);
  };
}

async function setup(count, step, latencyMs, limits) {
  const stats = { active: 0, maxActive: 0 };
  const upstream = await startFakeUpstream(balanceUpstream(count, step, latencyMs, stats));
  const proxy = await startProxy(baseConfig(upstream.port, { tokens: [reader.entry, refundOnly.entry], limits }));
  started.push({ proxy, upstream });
  return { proxy, upstream, stats };
}

test('exports every transaction exactly once as NDJSON, windows fetched concurrently', async () => {
  const { proxy, upstream, stats } = await setup(2500, 60, 100, { export_windows: 8, rate_per_second: 200 });
  const t0 = Date.now();
  const response = await fetch(`${proxy.base}/api/export/balance_transactions?created[gte]=${T0}&created[lt]=${T0 + 2500 * 60}`,
    { headers: { authorization: `Bearer ${reader.token}` } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/x-ndjson');
  const text = await response.text();
  const elapsed = Date.now() - t0;
  const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines.length, 2500);
  assert.equal(new Set(lines.map((t) => t.id)).size, 2500);
  assert.ok(lines.every((t) => t.object === 'balance_transaction'));
  assert.equal(lines.reduce((sum, t) => sum + t.amount, 0), 2500 * 1000 + (2499 * 2500) / 2);
  assert.ok(upstream.seen.every((r) => /limit=100/.test(r.url)));
  // 8 windows of ~313 rows: at least 4 pages each (more when idle fetchers
  // take over halves of busy windows); sequentially >= 32 * 100 ms.
  assert.ok(upstream.seen.length >= 32 && upstream.seen.length <= 64, `${upstream.seen.length} pages`);
  assert.ok(stats.maxActive >= 4, `max concurrent upstream requests ${stats.maxActive}`);
  assert.ok(elapsed < 32 * 100, `elapsed ${elapsed} ms`);
});

test('data in a small part of the range still keeps every fetcher busy (work sharing)', async () => {
  const { proxy, upstream, stats } = await setup(3000, 1, 100, { export_windows: 8, rate_per_second: 500 });
  const t0 = Date.now();
  const response = await fetch(`${proxy.base}/api/export/balance_transactions?created[gte]=0&created[lt]=${T0 + 3000}`,
    { headers: { authorization: `Bearer ${reader.token}` } });
  const lines = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line));
  const elapsed = Date.now() - t0;
  assert.equal(lines.length, 3000);
  assert.equal(new Set(lines.map((t) => t.id)).size, 3000);
  // All rows sit in the last of 8 initial windows: 30 pages, 3 s if fetched one by one.
  assert.ok(stats.maxActive >= 4, `max concurrent upstream requests ${stats.maxActive}`);
  assert.ok(elapsed < 2500, `elapsed ${elapsed} ms for ${upstream.seen.length} pages`);
});

test('stays within the rate budget', async () => {
  const { proxy, upstream } = await setup(2000, 60, 5, { export_windows: 10, rate_per_second: 20 });
  const t0 = Date.now();
  const response = await fetch(`${proxy.base}/api/export/balance_transactions?created[gte]=${T0}&created[lt]=${T0 + 2000 * 60}`,
    { headers: { authorization: `Bearer ${reader.token}` } });
  const lines = (await response.text()).trimEnd().split('\n');
  const elapsed = Date.now() - t0;
  assert.equal(lines.length, 2000);
  const pages = upstream.seen.length;
  assert.ok(pages >= 20, `${pages} pages`);
  // N pages at 20/s with a burst of 4: at least (N - 4) / 20 s.
  assert.ok(elapsed >= ((pages - 4) / 20) * 1000 - 50, `elapsed ${elapsed} ms for ${pages} pages`);
});

test('stops fetching when the caller goes away', async () => {
  const { proxy, upstream } = await setup(20000, 6, 100, { export_windows: 2, rate_per_second: 50 });
  await new Promise((resolve, reject) => {
    const req = request(`${proxy.base}/api/export/balance_transactions?created[gte]=${T0}&created[lt]=${T0 + 20000 * 6}`,
      { headers: { authorization: `Bearer ${reader.token}` } }, (res) => {
        res.once('data', () => { req.destroy(); resolve(); });
      });
    req.on('error', () => {});
    req.end();
    setTimeout(() => reject(new Error('no data')), 5000);
  });
  await sleep(300);
  const afterAbort = upstream.seen.length;
  await sleep(700);
  assert.ok(upstream.seen.length <= afterAbort, 'no new upstream pages after the caller left');
  assert.ok(upstream.seen.length < 20, `fetched ${upstream.seen.length} of 200 pages`);
  const line = proxy.accessLog().find((l) => l.route === '/api/export/balance_transactions');
  assert.equal(line.status, 499);
});

test('refusals: token, scope and query are checked before anything is fetched', async () => {
  const { proxy, upstream } = await setup(10, 60, 0, {});
  const get = (query, token) => fetch(`${proxy.base}/api/export/balance_transactions${query}`,
    token ? { headers: { authorization: `Bearer ${token}` } } : {});
  assert.equal((await get(`?created[gte]=${T0}&created[lt]=${T0 + 1}`)).status, 401);
  assert.equal((await get(`?created[gte]=${T0}&created[lt]=${T0 + 1}`, refundOnly.token)).status, 403);
  for (const query of ['', `?created[gte]=${T0}`, `?created[gte]=${T0 + 5}&created[lt]=${T0}`,
    `?created[gte]=${T0}&created[lt]=${T0 + 9}&created[lt]=${T0 + 10}`, `?created[gte]=x&created[lt]=1`,
    `?created[gte]=${T0}&created[lt]=${T0 + 9}&type=charge`]) {
    const response = await get(query, reader.token);
    assert.equal(response.status, 400, query);
    assert.equal((await response.json()).error.code, 'parameter_invalid');
  }
  assert.equal(upstream.seen.length, 0);
});

test('an upstream failure mid-export is reported in the stream and the response is truncated', async () => {
  const stats = { active: 0, maxActive: 0 };
  const good = balanceUpstream(300, 60, 0, stats);
  const upstream = await startFakeUpstream((req, body, res, index) => (index < 1 ? good(req, body, res) : json(res, 400, { error: { type: 'invalid_request_error', message: 'boom' } })));
  const proxy = await startProxy(baseConfig(upstream.port, { tokens: [reader.entry], limits: { export_windows: 1 } }));
  started.push({ proxy, upstream });
  const raw = await rawRequest(proxy.port, `GET /api/export/balance_transactions?created[gte]=${T0}&created[lt]=${T0 + 300 * 60} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${reader.token}\r\n\r\n`);
  assert.equal(statusOf(raw.received), 200);
  assert.equal(raw.timedOut, false);
  // No terminating zero-length chunk: HTTP clients see a truncated body.
  assert.equal(raw.received.endsWith('\r\n0\r\n\r\n'), false);
  const text = bodyOf(raw.received).split('\r\n').filter((part, i) => i % 2 === 1).join('');
  const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines.length, 101);
  assert.equal(lines.at(-1).error.code, 'export_failed');
});
