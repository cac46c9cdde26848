// GET /api/export/balance_transactions?payout=po_...: one payout's balance
// transactions (Stripe's reconciliation list), paged upstream and streamed as
// NDJSON (issue 14, item 2).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { baseConfig, json, makeToken, startFakeUpstream, startProxy } from './support.mjs';

const reader = makeToken('viewer', ['read']);
const started = [];
after(async () => {
  for (const { proxy, upstream } of started) {
    assert.equal((await proxy.stop()).code, 0);
    await upstream.close();
    assert.equal(proxy.output.stderr.includes(proxy.secret), false);
  }
});

// 250 transactions in payout po_1 (newest first), 3 in po_2; pages of `limit`.
function payoutUpstream() {
  const rows = (payout, count) => Array.from({ length: count }, (_, i) => ({
    id: `txn_${payout}_${String(i).padStart(4, '0')}`, object: 'balance_transaction', amount: 1000 + i, currency: 'eur',
    created: 1_700_000_000 + i, fee: 59, net: 941 + i, type: 'charge', status: 'available',
  })).reverse();
  const all = { po_1: rows('po_1', 250), po_2: rows('po_2', 3) };
  return (req, body, res) => {
    const url = new URL(req.url, 'http://x');
    let list = all[url.searchParams.get('payout')] ?? [];
    const limit = Number(url.searchParams.get('limit'));
    const after = url.searchParams.get('starting_after');
    if (after) list = list.slice(list.findIndex((t) => t.id === after) + 1);
    json(res, 200, { object: 'list', url: '/v1/balance_transactions', has_more: list.length > limit, data: list.slice(0, limit) });
  };
}

test('a payout\'s transactions are exported page by page, each once, newest first', async () => {
  const upstream = await startFakeUpstream(payoutUpstream());
  const proxy = await startProxy(baseConfig(upstream.port, { tokens: [reader.entry] }));
  started.push({ proxy, upstream });
  const response = await fetch(`${proxy.base}/api/export/balance_transactions?payout=po_1`, { headers: { authorization: `Bearer ${reader.token}` } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/x-ndjson');
  const lines = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines.length, 250);
  assert.equal(new Set(lines.map((t) => t.id)).size, 250);
  assert.equal(lines[0].id, 'txn_po_1_0249');
  assert.equal(lines.at(-1).id, 'txn_po_1_0000');
  assert.equal(lines.reduce((sum, t) => sum + t.net, 0), 250 * 941 + (249 * 250) / 2);
  assert.deepEqual(upstream.seen.map((r) => r.url), [
    '/v1/balance_transactions?payout=po_1&limit=100',
    '/v1/balance_transactions?payout=po_1&limit=100&starting_after=txn_po_1_0150',
    '/v1/balance_transactions?payout=po_1&limit=100&starting_after=txn_po_1_0050',
  ]);
});

test('payout exports refuse other ids and mixing with a time range, before fetching', async () => {
  const upstream = await startFakeUpstream(payoutUpstream());
  const proxy = await startProxy(baseConfig(upstream.port, { tokens: [reader.entry] }));
  started.push({ proxy, upstream });
  for (const query of ['payout=ch_1', 'payout=po_1&payout=po_2', 'payout=po_1&created[gte]=1&created[lt]=2', 'payout=po_1%0d']) {
    const response = await fetch(`${proxy.base}/api/export/balance_transactions?${query}`, { headers: { authorization: `Bearer ${reader.token}` } });
    assert.equal(response.status, 400, query);
    assert.equal((await response.json()).error.code, 'parameter_invalid');
  }
  assert.equal(upstream.seen.length, 0);
});
