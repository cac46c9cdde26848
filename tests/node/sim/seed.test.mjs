// The seeded history through the list API: complete pagination, the balance
// invariant, payouts that add up, and determinism across two processes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, SIM_SECRET_KEY } from '../../../sim/js/simulator_process.mjs';
import { listAll } from '../../../sim/js/list_all.mjs';

const SEED_ARGS = ['--quiet', '--seed', '7', '--seed-charges', '600', '--seed-weeks', '5'];
let sim;

before(async () => { sim = await startSimulator({ args: SEED_ARGS }); });
after(async () => { assert.equal(await sim.stop(), 0); });

const get = async (path) => (await fetch(sim.url + path, { headers: { authorization: `Bearer ${SIM_SECRET_KEY}` } })).json();

test('pagination returns every object exactly once, newest first', async () => {
  const stats = await get('/_sim/stats');
  assert.equal(stats.charges, 600);
  const charges = await listAll(sim.url, '/v1/charges', { key: SIM_SECRET_KEY });
  assert.equal(charges.length, 600);
  assert.equal(new Set(charges.map((charge) => charge.id)).size, 600);
  for (let i = 1; i < charges.length; i += 1) assert.ok(charges[i - 1].created >= charges[i].created);
  const transactions = await listAll(sim.url, '/v1/balance_transactions', { key: SIM_SECRET_KEY });
  assert.equal(transactions.length, stats.balance_transactions);
  const now = Date.now() / 1000;
  assert.ok(charges.every((charge) => charge.created < now - 3000 && charge.created > now - 5 * 7 * 86400 - 60));
  assert.deepEqual([...new Set(charges.map((charge) => charge.currency))].sort(), ['eur', 'jpy', 'kwd', 'usd']);
});

test('sum of net per currency equals the balance', async () => {
  const transactions = await listAll(sim.url, '/v1/balance_transactions', { key: SIM_SECRET_KEY });
  const net = {};
  for (const txn of transactions) {
    assert.equal(txn.net, txn.amount - txn.fee);
    net[txn.currency] = (net[txn.currency] ?? 0) + txn.net;
  }
  const balance = await get('/v1/balance');
  const reported = {};
  for (const entry of [...balance.available, ...balance.pending]) reported[entry.currency] = (reported[entry.currency] ?? 0) + entry.amount;
  assert.deepEqual(reported, net);
  const types = new Set(transactions.map((txn) => txn.type));
  for (const type of ['charge', 'refund', 'adjustment', 'payout']) assert.ok(types.has(type), type);
});

test('each automatic payout equals the net of the transactions it paid out', async () => {
  const payouts = await listAll(sim.url, '/v1/payouts', { key: SIM_SECRET_KEY });
  assert.ok(payouts.length >= 4);
  for (const payout of payouts.slice(0, 4)) {
    const included = await listAll(sim.url, '/v1/balance_transactions', { key: SIM_SECRET_KEY, params: { payout: payout.id } });
    const paid = included.filter((txn) => txn.type !== 'payout').reduce((sum, txn) => sum + txn.net, 0);
    assert.equal(paid, payout.amount, payout.id);
    assert.ok(included.some((txn) => txn.type === 'payout' && txn.source === payout.id));
  }
});

test('the same seed gives the same history in another process', async () => {
  const other = await startSimulator({ args: SEED_ARGS });
  try {
    const summary = (charges) => charges.map((charge) => `${charge.id} ${charge.amount} ${charge.currency} ${charge.status} ${charge.amount_refunded}`);
    const mine = await listAll(sim.url, '/v1/charges', { key: SIM_SECRET_KEY });
    const theirs = await listAll(other.url, '/v1/charges', { key: SIM_SECRET_KEY });
    assert.deepEqual(summary(theirs), summary(mine));
  } finally {
    assert.equal(await other.stop(), 0);
  }
});
