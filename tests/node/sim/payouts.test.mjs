// Payouts that really happen (issue 14, item 1): the automatic schedule pays out
// seeded and live activity as the simulated clock moves, statuses follow
// arrival_date, failed payouts come back as payout_failure, and every automatic
// payout reconciles through GET /v1/balance_transactions?payout=.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimulator, SIM_SECRET_KEY } from '../../../sim/js/simulator_process.mjs';

const DAY = 86400;
let sim;
let stripe;

const control = async (method, path, body) => {
  const response = await fetch(sim.url + path, {
    method, headers: { authorization: `Bearer ${SIM_SECRET_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

async function all(list) {
  const out = [];
  for await (const object of list) out.push(object);
  return out;
}

// Net of a payout's transactions, its own `payout` transaction aside.
async function reconciledNet(payout) {
  const transactions = await all(stripe.balanceTransactions.list({ payout: payout.id, limit: 100 }));
  assert.ok(transactions.some((txn) => txn.type === 'payout' && txn.source === payout.id), payout.id);
  return transactions.filter((txn) => !(txn.type === 'payout' && txn.source === payout.id)).reduce((sum, txn) => sum + txn.net, 0);
}

before(async () => {
  sim = await startSimulator({ args: ['--quiet', '--seed', '5', '--seed-charges', '400', '--seed-weeks', '3'] });
  stripe = new Stripe(SIM_SECRET_KEY, { host: '127.0.0.1', port: sim.port, protocol: 'http', maxNetworkRetries: 0 });
});
after(async () => { assert.equal(await sim.stop(), 0); });

test('the seeded history is paid out daily, one payout per currency, with a failed payout reversed', async () => {
  const payouts = await all(stripe.payouts.list({ limit: 100 }));
  assert.ok(payouts.length >= 2 * 18, `${payouts.length} payouts`);
  const slots = new Set(payouts.map((payout) => `${payout.created} ${payout.currency}`));
  assert.equal(slots.size, payouts.length);
  assert.ok(payouts.every((payout) => payout.created % DAY === 0 && payout.arrival_date === payout.created + DAY && payout.automatic));
  const failed = await all(stripe.payouts.list({ status: 'failed', limit: 100 }));
  assert.ok(failed.length >= 1);
  const reversal = await stripe.balanceTransactions.retrieve(failed[0].failure_balance_transaction);
  assert.equal(reversal.type, 'payout_failure');
  assert.equal(reversal.reporting_category, 'payout_reversal');
  assert.equal(reversal.amount, failed[0].amount);
  assert.equal(reversal.source, failed[0].id);
  assert.equal(failed[0].failure_code, 'account_closed');
  const paid = await all(stripe.payouts.list({ status: 'paid', limit: 100 }));
  const inTransit = await all(stripe.payouts.list({ status: 'in_transit', limit: 100 }));
  const pending = await all(stripe.payouts.list({ status: 'pending', limit: 100 }));
  assert.equal(paid.length + inTransit.length + pending.length + failed.length, payouts.length);
  assert.ok(paid.length > 0);
});

test('every automatic payout reconciles: its transactions net exactly its amount', async () => {
  const payouts = await all(stripe.payouts.list({ limit: 100 }));
  for (const payout of payouts) assert.equal(await reconciledNet(payout), payout.amount, payout.id);
});

test('payouts list by arrival_date, created and status, page by page', async () => {
  const payouts = await all(stripe.payouts.list({ limit: 100 }));
  const middle = payouts[Math.floor(payouts.length / 2)];
  const arriving = await all(stripe.payouts.list({ arrival_date: middle.arrival_date, limit: 100 }));
  assert.ok(arriving.length >= 1 && arriving.every((payout) => payout.arrival_date === middle.arrival_date));
  assert.ok(arriving.some((payout) => payout.id === middle.id));
  const later = await all(stripe.payouts.list({ created: { gt: middle.created }, limit: 100 }));
  assert.equal(later.length, payouts.filter((payout) => payout.created > middle.created).length);
  const window = await all(stripe.payouts.list({ arrival_date: { gte: middle.arrival_date, lt: middle.arrival_date + 2 * DAY }, limit: 3 }));
  assert.equal(window.length, payouts.filter((payout) => payout.arrival_date >= middle.arrival_date && payout.arrival_date < middle.arrival_date + 2 * DAY).length);
  const first = await stripe.payouts.list({ limit: 5 });
  assert.equal(first.has_more, true);
  const second = await stripe.payouts.list({ limit: 5, starting_after: first.data[4].id });
  assert.deepEqual(second.data.map((payout) => payout.id), payouts.slice(5, 10).map((payout) => payout.id));
});

test('a charge made now is paid out once the clock moves: pending, in_transit, paid', async () => {
  const clock = (await control('GET', '/_sim/clock')).body;
  assert.deepEqual(clock.payout_schedule, { delay_days: 2, interval: 'daily' });
  const charge = await stripe.charges.create({ amount: 12345, currency: 'usd', source: 'tok_visa', expand: ['balance_transaction'] });
  const availableOn = charge.balance_transaction.available_on;
  assert.equal(availableOn, Math.floor(clock.now / DAY) * DAY + 2 * DAY);
  // To 30 minutes after the day the funds become available: its payout is made, still pending.
  const moved = await control('POST', '/_sim/clock/advance', { seconds: availableOn + 1800 - clock.now });
  assert.equal(moved.status, 200);
  assert.ok(moved.body.payouts_made >= 1);
  const [payout] = (await stripe.payouts.list({ created: availableOn, limit: 100 })).data.filter((p) => p.currency === 'usd');
  assert.equal(payout.status, 'pending');
  const included = await all(stripe.balanceTransactions.list({ payout: payout.id, limit: 100 }));
  assert.ok(included.some((txn) => txn.source === charge.id));
  assert.equal(await reconciledNet(payout), payout.amount);
  await control('POST', '/_sim/clock/advance', { seconds: 3600 });
  assert.equal((await stripe.payouts.retrieve(payout.id)).status, 'in_transit');
  await control('POST', '/_sim/clock/advance', { days: 1 });
  assert.equal((await stripe.payouts.retrieve(payout.id)).status, 'paid');
  const balance = await stripe.balance.retrieve();
  assert.equal(balance.available.find((entry) => entry.currency === 'usd').amount, 0);
});

test('the schedule is configurable: weekly on a weekday from the command line or the control API', async () => {
  const weekly = await startSimulator({ args: ['--quiet', '--payout-schedule', 'weekly:friday', '--payout-delay-days', '3'] });
  try {
    const get = async (path) => (await fetch(weekly.url + path, { headers: { authorization: `Bearer ${SIM_SECRET_KEY}` } })).json();
    const clock = await get('/_sim/clock');
    assert.deepEqual(clock.payout_schedule, { delay_days: 3, interval: 'weekly', weekly_anchor: 'friday' });
    assert.equal(new Date(clock.next_payout_at * 1000).getUTCDay(), 5);
  } finally {
    assert.equal(await weekly.stop(), 0);
  }
  const changed = await control('POST', '/_sim/payout_schedule', { interval: 'weekly', weekly_anchor: 'tuesday' });
  assert.deepEqual(changed.body, { delay_days: 2, interval: 'weekly', weekly_anchor: 'tuesday' });
  assert.equal(new Date((await control('GET', '/_sim/clock')).body.next_payout_at * 1000).getUTCDay(), 2);
  assert.equal((await control('POST', '/_sim/payout_schedule', { interval: 'hourly' })).status, 400);
  await control('POST', '/_sim/payout_schedule', { interval: 'daily' });
});

test('a bad schedule on the command line is refused', async () => {
  await assert.rejects(startSimulator({ args: ['--payout-schedule', 'weekly:someday'] }), /exited early/);
});
