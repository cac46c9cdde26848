// Stripe fidelity gaps found by the hardening review (issue 10, item 15), each
// checked through the official stripe SDK as an integration would meet it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimulator, SIM_SECRET_KEY } from '../../../sim/js/simulator_process.mjs';

let sim;
let stripe;

function client(options = {}) {
  return new Stripe(SIM_SECRET_KEY, { host: '127.0.0.1', port: sim.port, protocol: 'http', maxNetworkRetries: 0, ...options });
}

before(async () => {
  sim = await startSimulator({ args: ['--quiet'] });
  stripe = client();
});
after(async () => { assert.equal(await sim.stop(), 0); });

async function rejection(promise) {
  try { await promise; } catch (error) { return error; }
  assert.fail('expected the request to fail');
}

const get = async (path, headers = {}) => {
  const response = await fetch(sim.url + path, { headers: { authorization: `Bearer ${SIM_SECRET_KEY}`, ...headers } });
  return { status: response.status, body: await response.json() };
};

async function refundedCharge() {
  const charge = await stripe.charges.create({ amount: 3000, currency: 'eur', source: 'tok_visa' });
  const first = await stripe.refunds.create({ charge: charge.id, amount: 1000 });
  const second = await stripe.refunds.create({ charge: charge.id, amount: 500 });
  return { charge, refunds: [second, first] };  // newest first
}

test('expand[]=refunds fills in the refunds sub-list, also nested and on lists', async () => {
  const { charge, refunds } = await refundedCharge();
  const expanded = await stripe.charges.retrieve(charge.id, { expand: ['refunds'] });
  assert.equal(expanded.refunds.object, 'list');
  assert.deepEqual(expanded.refunds.data.map((refund) => refund.id), refunds.map((refund) => refund.id));
  assert.equal(expanded.refunds.total_count, 2);
  assert.equal(expanded.refunds.url, `/v1/charges/${charge.id}/refunds`);
  const deeper = await stripe.charges.retrieve(charge.id, { expand: ['refunds.data.balance_transaction'] });
  assert.equal(deeper.refunds.data[0].balance_transaction.amount, -500);
  const listed = await stripe.charges.list({ limit: 1, expand: ['data.refunds'] });
  assert.equal(listed.data[0].id, charge.id);
  assert.equal(listed.data[0].refunds.data.length, 2);
  const refund = await stripe.refunds.retrieve(refunds[0].id, { expand: ['charge.refunds'] });
  assert.equal(refund.charge.refunds.data.length, 2);
});

test('refunds are embedded in charges only for API versions before 2022-11-15', async () => {
  const { charge } = await refundedCharge();
  const current = await stripe.charges.retrieve(charge.id);  // stripe-node's own version (2026-…)
  assert.equal(current.refunds, undefined);
  assert.equal(current.amount_refunded, 1500);
  const old = await client({ apiVersion: '2022-08-01' }).charges.retrieve(charge.id);
  assert.deepEqual(old.refunds.data.map((refund) => refund.amount), [500, 1000]);
  const pinned = await get(`/v1/charges/${charge.id}`, { 'stripe-version': '2022-11-15' });
  assert.equal('refunds' in pinned.body, false);
  const byDefault = await get(`/v1/charges/${charge.id}`);  // the account's default: 2022-11-15
  assert.equal('refunds' in byDefault.body, false);
  const invalid = await get(`/v1/charges/${charge.id}`, { 'stripe-version': 'latest' });
  assert.equal(invalid.status, 400);
  assert.equal(invalid.body.error.type, 'invalid_request_error');
});

test('GET /v1/charges/{id}/refunds/{id} serves a refund of that charge only', async () => {
  const { charge, refunds } = await refundedCharge();
  const one = await get(`/v1/charges/${charge.id}/refunds/${refunds[1].id}`);
  assert.equal(one.status, 200);
  assert.equal(one.body.id, refunds[1].id);
  assert.equal(one.body.amount, 1000);
  const other = await refundedCharge();
  const foreign = await get(`/v1/charges/${charge.id}/refunds/${other.refunds[0].id}`);
  assert.equal(foreign.status, 404);
  assert.equal(foreign.body.error.code, 'resource_missing');
  assert.equal(foreign.body.error.param, 'id');
  const expanded = await get(`/v1/charges/${charge.id}/refunds/${refunds[0].id}?expand[]=balance_transaction`);
  assert.equal(expanded.body.balance_transaction.amount, -500);
});

test('payouts can be listed by arrival_date and destination', async () => {
  const page = await stripe.payouts.list({ arrival_date: { gte: 0 }, destination: 'ba_simulatorbank00000000', limit: 3 });
  assert.equal(page.object, 'list');
  assert.deepEqual(page.data, []);  // nothing paid out yet on a fresh account
  const exact = await stripe.payouts.list({ arrival_date: 1_700_000_000 });
  assert.deepEqual(exact.data, []);
  const bad = await rejection(stripe.payouts.list({ arrival_date: { after: 1 } }));
  assert.equal(bad.code, 'parameter_unknown');
});

test('declined cards fail when attached to a customer; tok_chargeCustomerFail attaches, then every charge fails', async () => {
  const before = (await get('/_sim/stats')).body.customers;
  for (const [source, declineCode] of [['tok_chargeDeclined', 'generic_decline'], ['tok_chargeDeclinedInsufficientFunds', 'insufficient_funds']]) {
    const declined = await rejection(stripe.customers.create({ email: 'declined@example.com', source }));
    assert.equal(declined.type, 'StripeCardError', source);
    assert.equal(declined.statusCode, 402);
    assert.equal(declined.code, 'card_declined');
    assert.equal(declined.decline_code, declineCode);
  }
  assert.equal((await get('/_sim/stats')).body.customers, before);  // no half-made customer
  const customer = await stripe.customers.create({ email: 'later@example.com', source: 'tok_chargeCustomerFail' });
  assert.match(customer.default_source, /^card_/);
  const failed = await rejection(stripe.charges.create({ amount: 2000, currency: 'usd', customer: customer.id }));
  assert.equal(failed.statusCode, 402);
  assert.equal(failed.code, 'card_declined');
  assert.equal(failed.decline_code, 'generic_decline');
  const charge = await stripe.charges.retrieve(failed.raw.charge);
  assert.equal(charge.status, 'failed');
  assert.equal(charge.customer, customer.id);
  const updated = await rejection(stripe.customers.update(customer.id, { source: 'tok_chargeDeclined' }));
  assert.equal(updated.statusCode, 402);
  assert.equal((await stripe.customers.retrieve(customer.id)).default_source, customer.default_source);
});

test('resource_missing names its param and doc_urls use Stripe\'s hyphenated form', async () => {
  const missing = await rejection(stripe.charges.retrieve('ch_doesnotexist'));
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.code, 'resource_missing');
  assert.equal(missing.param, 'id');
  assert.equal(missing.doc_url, 'https://stripe.com/docs/error-codes/resource-missing');
  assert.equal(missing.message, "No such charge: 'ch_doesnotexist'");
  const customer = await rejection(stripe.charges.create({ amount: 2000, currency: 'usd', customer: 'cus_nobody' }));
  assert.equal(customer.param, 'customer');
  const unknown = await rejection(stripe.charges.list({ colour: 'red' }));
  assert.equal(unknown.doc_url, 'https://stripe.com/docs/error-codes/parameter-unknown');
  const declined = await rejection(stripe.charges.create({ amount: 2000, currency: 'usd', source: 'tok_chargeDeclined' }));
  assert.equal(declined.doc_url, 'https://stripe.com/docs/error-codes/card-declined');
});
