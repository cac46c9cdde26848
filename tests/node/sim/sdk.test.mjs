// The simulator driven by the official stripe SDK, as the proxy will drive it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimulator, SIM_SECRET_KEY, SIM_PUBLISHABLE_KEY } from '../../../sim/js/simulator_process.mjs';

let sim;
let stripe;

before(async () => {
  sim = await startSimulator({ args: ['--quiet'] });
  stripe = new Stripe(SIM_SECRET_KEY, { host: '127.0.0.1', port: sim.port, protocol: 'http', maxNetworkRetries: 0 });
});
after(async () => { assert.equal(await sim.stop(), 0); });

async function rejection(promise) {
  try { await promise; } catch (error) { return error; }
  assert.fail('expected the request to fail');
}

test('customer with token -> charge -> partial and full refund', async () => {
  const token = await stripe.tokens.create({ card: { number: '4242424242424242', exp_month: 12, exp_year: 2031, cvc: '123' } });
  assert.match(token.id, /^tok_/);
  assert.equal(token.card.last4, '4242');
  const customer = await stripe.customers.create({ email: 'jenny@example.com', source: token.id, metadata: { shop: 'demo' } });
  assert.match(customer.id, /^cus_/);
  assert.equal(customer.default_source, token.card.id);
  assert.deepEqual(customer.metadata, { shop: 'demo' });

  const charge = await stripe.charges.create({ amount: 2000, currency: 'eur', customer: customer.id, expand: ['balance_transaction'] });
  assert.equal(charge.status, 'succeeded');
  assert.equal(charge.customer, customer.id);
  assert.equal(charge.balance_transaction.amount, 2000);
  assert.equal(charge.balance_transaction.fee, 88);
  assert.equal(charge.balance_transaction.net, 1912);
  assert.equal(charge.balance_transaction.available_on % 86400, 0);
  assert.match(charge.lastResponse.requestId, /^req_/);

  const partial = await stripe.refunds.create({ charge: charge.id, amount: 500 });
  assert.equal(partial.amount, 500);
  const rest = await stripe.refunds.create({ charge: charge.id });
  assert.equal(rest.amount, 1500);
  const refunded = await stripe.charges.retrieve(charge.id);
  assert.equal(refunded.amount_refunded, 2000);
  assert.equal(refunded.refunded, true);

  const tooMuch = await rejection(stripe.refunds.create({ charge: (await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' })).id, amount: 1001 }));
  assert.equal(tooMuch.statusCode, 400);
  assert.equal(tooMuch.code, 'amount_too_large');
  const again = await rejection(stripe.refunds.create({ charge: charge.id }));
  assert.equal(again.statusCode, 400);
  assert.equal(again.code, 'charge_already_refunded');
  const refundList = await stripe.refunds.list({ charge: charge.id });
  assert.deepEqual(refundList.data.map((refund) => refund.amount), [1500, 500]);
});

test('card errors carry type, code, decline_code and status 402', async () => {
  const declined = await rejection(stripe.charges.create({ amount: 2000, currency: 'eur', source: 'tok_chargeDeclined' }));
  assert.equal(declined.type, 'StripeCardError');
  assert.equal(declined.statusCode, 402);
  assert.equal(declined.code, 'card_declined');
  assert.equal(declined.decline_code, 'generic_decline');
  const funds = await rejection(stripe.charges.create({ amount: 2000, currency: 'eur', source: 'tok_chargeDeclinedInsufficientFunds' }));
  assert.equal(funds.decline_code, 'insufficient_funds');
  const badNumber = await rejection(stripe.tokens.create({ card: { number: '4000000000000001', exp_month: 1, exp_year: 2031 } }));
  assert.equal(badNumber.code, 'incorrect_number');
  const missing = await rejection(stripe.charges.retrieve('ch_doesnotexist'));
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.code, 'resource_missing');
  const unknown = await rejection(stripe.charges.create({ amount: 2000, currency: 'eur', source: 'tok_visa', colour: 'red' }));
  assert.equal(unknown.code, 'parameter_unknown');
  assert.equal(unknown.param, 'colour');
});

test('lists page newest first and auto-pagination sees every object once', async () => {
  const customer = await stripe.customers.create({ email: 'list@example.com', source: 'tok_mastercard' });
  const ids = [];
  for (let i = 0; i < 7; i += 1) ids.push((await stripe.charges.create({ amount: 1000 + i, currency: 'usd', customer: customer.id })).id);
  const page = await stripe.charges.list({ customer: customer.id, limit: 3 });
  assert.deepEqual(page.data.map((charge) => charge.id), ids.slice(-3).reverse());
  assert.equal(page.has_more, true);
  assert.equal(page.url, '/v1/charges');
  const seen = [];
  for await (const charge of stripe.charges.list({ customer: customer.id, limit: 2 })) seen.push(charge.id);
  assert.deepEqual(seen, [...ids].reverse());
  const back = await stripe.charges.list({ customer: customer.id, limit: 2, ending_before: ids[2] });
  assert.deepEqual(back.data.map((charge) => charge.id), [ids[4], ids[3]]);
  const limit = await rejection(stripe.charges.list({ limit: 101 }));
  assert.equal(limit.code, 'parameter_invalid_integer');
  assert.equal(limit.param, 'limit');
  const both = await rejection(stripe.charges.list({ starting_after: ids[1], ending_before: ids[2] }));
  assert.equal(both.statusCode, 400);
  const expanded = await stripe.balanceTransactions.list({ limit: 2, type: 'charge', expand: ['data.source'] });
  assert.equal(expanded.data[0].source.object, 'charge');
});

test('idempotency keys replay the first response and refuse a different body', async () => {
  const first = await stripe.charges.create({ amount: 3000, currency: 'eur', source: 'tok_visa' }, { idempotencyKey: 'order-77' });
  const replay = await stripe.charges.create({ amount: 3000, currency: 'eur', source: 'tok_visa' }, { idempotencyKey: 'order-77' });
  assert.equal(replay.id, first.id);
  assert.equal(replay.lastResponse.headers['idempotent-replayed'], 'true');
  const conflict = await rejection(stripe.charges.create({ amount: 3001, currency: 'eur', source: 'tok_visa' }, { idempotencyKey: 'order-77' }));
  assert.equal(conflict.type, 'StripeIdempotencyError');
  assert.equal(conflict.statusCode, 400);
});

test('PaymentIntent with 3-D Secure: requires_action, then approve through the publishable key', async () => {
  const intent = await stripe.paymentIntents.create({ amount: 4200, currency: 'eur', payment_method_types: ['card'] });
  const browser = new Stripe(SIM_PUBLISHABLE_KEY, { host: '127.0.0.1', port: sim.port, protocol: 'http', maxNetworkRetries: 0 });
  const method = await browser.paymentMethods.create({ type: 'card', card: { number: '4000002760003184', exp_month: 2, exp_year: 2032, cvc: '314' } });
  const pending = await browser.paymentIntents.confirm(intent.id, { payment_method: method.id, client_secret: intent.client_secret });
  assert.equal(pending.status, 'requires_action');
  assert.equal(pending.next_action.type, 'use_stripe_sdk');
  const response = await fetch(`${sim.url}/v1/payment_intents/${intent.id}/_sim_authenticate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SIM_PUBLISHABLE_KEY}`, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1:9' },
    body: `result=approve&client_secret=${intent.client_secret}`,
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  const done = await response.json();
  assert.equal(done.status, 'succeeded');
  const charge = await stripe.charges.retrieve(done.latest_charge);
  assert.equal(charge.amount, 4200);
  assert.equal(charge.payment_intent, intent.id);
  const secretOnly = await rejection(browser.charges.list());
  assert.equal(secretOnly.statusCode, 401);
});

test('disputes, balance and the balance invariant', async () => {
  const disputed = await stripe.charges.create({ amount: 10000, currency: 'usd', source: 'tok_createDispute' });
  const disputes = await stripe.disputes.list({ charge: disputed.id });
  assert.equal(disputes.data.length, 1);
  assert.equal(disputes.data[0].balance_transactions[0].fee, 1500);
  const net = {};
  for await (const txn of stripe.balanceTransactions.list({ limit: 100 })) net[txn.currency] = (net[txn.currency] ?? 0) + txn.net;
  const balance = await stripe.balance.retrieve();
  const reported = {};
  for (const entry of [...balance.available, ...balance.pending]) reported[entry.currency] = (reported[entry.currency] ?? 0) + entry.amount;
  assert.deepEqual(reported, net);
});
