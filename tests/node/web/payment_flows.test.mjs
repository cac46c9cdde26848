// The checkout's payment flows against a fake Stripe.js and a fake proxy: a
// resumed attempt (reload, second tab) repeats the same request under the same
// key or reads its PaymentIntent, and never creates a second token charge or
// a second PaymentIntent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PaymentAttempts } from '../../../web/checkout/payment_attempt.mjs';
import { runAttempt } from '../../../web/checkout/payment_flows.mjs';

function memoryStorage() {
  const map = new Map();
  return { getItem: (key) => (map.has(key) ? map.get(key) : null), setItem: (key, value) => map.set(key, String(value)), removeItem: (key) => map.delete(key) };
}

const order = { email: 'a@example.com', items: [{ sku: 'tshirt', quantity: 1 }] };

/** A fake Stripe.js whose PaymentIntent statuses the test scripts; every call is recorded. */
function fakeStripe(script = {}) {
  const calls = [];
  let tokens = 0;
  return {
    calls,
    createToken: async () => { calls.push('createToken'); return { token: { id: `tok_${++tokens}`, card: { brand: 'Visa', last4: '4242' } } }; },
    createPaymentMethod: async () => { calls.push('createPaymentMethod'); return { paymentMethod: { id: `pm_${++tokens}`, card: { brand: 'visa', last4: '3184' } } }; },
    confirmCardPayment: async (secret, data) => { calls.push(`confirm ${data.payment_method}`); return script.confirm(); },
    retrievePaymentIntent: async () => { calls.push('retrieve'); return { paymentIntent: script.retrieve() }; },
    handleNextAction: async () => { calls.push('handleNextAction'); return script.nextAction(); },
  };
}

/** A fake proxy: answers[i] is the i-th answer; bodies are recorded. */
function fakeProxy(answers) {
  const bodies = [];
  return { bodies, postJson: async (url, body) => { bodies.push({ url, body }); return answers.shift(); } };
}

function setup(flow, script, answers) {
  const session = memoryStorage();
  const shared = memoryStorage();
  let keys = 0;
  const attempts = new PaymentAttempts({ session, shared, newKey: () => `key-${++keys}` });
  const stripe = fakeStripe(script);
  const proxy = fakeProxy(answers);
  const deps = { stripe, card: {}, attempts, postJson: proxy.postJson };
  // A reload: the same sessionStorage, a new page.
  const reload = () => ({ ...deps, attempts: new PaymentAttempts({ session, shared, newKey: () => `key-${++keys}` }) });
  return { attempts, stripe, proxy, deps, reload, shared };
}

const RECEIPT = { charge: 'ch_1', amount: 2500, currency: 'eur', status: 'succeeded', card: { brand: 'Visa', last4: '4242' } };
const INTENT = { id: 'pi_1', client_secret: 'pi_1_secret_s', amount: 2500, currency: 'eur' };

test('charges: an unknown outcome keeps the attempt; after a reload the same token and key are sent again; one token', async () => {
  const { attempts, stripe, proxy, deps, reload } = setup('charges', {}, [{ networkError: 'Failed to fetch' }, { status: 200, body: RECEIPT }]);
  const first = await runAttempt(deps, attempts.attemptFor(order, 'charges'));
  assert.equal(first.kind, 'retry');
  assert.equal(attempts.current.sent, true);
  const resumed = reload();
  const outcome = await runAttempt(resumed, resumed.attempts.current);
  assert.equal(outcome.kind, 'paid');
  assert.deepEqual([outcome.receipt.reference, outcome.receipt.amount, outcome.receipt.email], ['ch_1', 2500, 'a@example.com']);
  assert.deepEqual(stripe.calls, ['createToken']);
  assert.deepEqual(proxy.bodies.map(({ body }) => [body.idempotency_key, body.token]), [['key-1', 'tok_1'], ['key-1', 'tok_1']]);
  assert.equal(resumed.attempts.current, null);
});

test('charges: a decline is definitive; the next payment has a new key', async () => {
  const decline = { status: 402, body: { error: { type: 'card_error', message: 'Your card was declined.' } } };
  const { attempts, proxy, deps } = setup('charges', {}, [decline, { status: 200, body: RECEIPT }]);
  assert.deepEqual(await runAttempt(deps, attempts.attemptFor(order, 'charges')), { kind: 'declined', message: 'Your card was declined.' });
  assert.equal(attempts.current, null);
  assert.equal((await runAttempt(deps, attempts.attemptFor(order, 'charges'))).kind, 'paid');
  assert.deepEqual(proxy.bodies.map(({ body }) => body.idempotency_key), ['key-1', 'key-2']);
});

test('charges: a bad email is refused next to the field and settles the attempt', async () => {
  const refusal = { status: 400, body: { error: { type: 'invalid_request_error', param: 'email', message: 'email must be an email address.' } } };
  const { attempts, deps } = setup('charges', {}, [refusal]);
  assert.deepEqual(await runAttempt(deps, attempts.attemptFor(order, 'charges')),
    { kind: 'refused', message: 'email must be an email address.', where: 'email-error' });
  assert.equal(attempts.current, null);
});

test('payment_intents: reload before the answer of /api/payment_intents re-sends it under the same key; one PaymentIntent', async () => {
  const script = { confirm: () => ({ paymentIntent: { ...INTENT, status: 'succeeded', latest_charge: 'ch_9' } }) };
  const { attempts, stripe, proxy, deps, reload } = setup('payment_intents', script, [{ networkError: 'reset' }, { status: 200, body: INTENT }]);
  assert.equal((await runAttempt(deps, attempts.attemptFor(order, 'payment_intents'))).kind, 'retry');
  const resumed = reload();
  const outcome = await runAttempt(resumed, resumed.attempts.current);
  assert.deepEqual([outcome.kind, outcome.receipt.reference, outcome.receipt.card.last4], ['paid', 'ch_9', '3184']);
  assert.deepEqual(proxy.bodies.map(({ body }) => body.idempotency_key), ['key-1', 'key-1']);
  assert.deepEqual(stripe.calls, ['createPaymentMethod', 'confirm pm_1']);
});

async function pendingIntent(script) {
  const context = setup('payment_intents', script, [{ status: 200, body: INTENT }]);
  const attempt = context.attempts.attemptFor(order, 'payment_intents');
  context.attempts.update({ paymentMethod: { id: 'pm_7' }, card: { brand: 'visa', last4: '3184' } });
  context.attempts.markSent();
  context.attempts.update({ intent: { id: INTENT.id, client_secret: INTENT.client_secret } });
  const resumed = context.reload();
  return { ...context, attempt, resumed, outcome: await runAttempt(resumed, resumed.attempts.current) };
}

test('payment_intents resume: already succeeded -> receipt, nothing confirmed again', async () => {
  const { stripe, proxy, outcome } = await pendingIntent({ retrieve: () => ({ ...INTENT, status: 'succeeded', latest_charge: 'ch_5' }) });
  assert.deepEqual([outcome.kind, outcome.receipt.reference], ['paid', 'ch_5']);
  assert.deepEqual(stripe.calls, ['retrieve']);
  assert.equal(proxy.bodies.length, 0);
});

test('payment_intents resume: waiting for 3-D Secure -> the challenge again (handleNextAction), then the receipt', async () => {
  const { stripe, outcome } = await pendingIntent({
    retrieve: () => ({ ...INTENT, status: 'requires_action' }),
    nextAction: () => ({ paymentIntent: { ...INTENT, status: 'succeeded', latest_charge: 'ch_6' } }),
  });
  assert.deepEqual([outcome.kind, outcome.receipt.reference], ['paid', 'ch_6']);
  assert.deepEqual(stripe.calls, ['retrieve', 'handleNextAction']);
});

test('payment_intents resume: this card was declined -> the decline, no second confirm; the intent is kept for the next card', async () => {
  const error = { type: 'card_error', message: 'Your card was declined.', payment_method: { id: 'pm_7' } };
  const { stripe, outcome, resumed } = await pendingIntent({ retrieve: () => ({ ...INTENT, status: 'requires_payment_method', last_payment_error: error }) });
  assert.deepEqual(outcome, { kind: 'declined', message: 'Your card was declined.' });
  assert.deepEqual(stripe.calls, ['retrieve']);
  const kept = resumed.attempts.current;
  assert.deepEqual([kept.sent, kept.paymentMethod, kept.intent.id], [false, null, 'pi_1']);
});

test('payment_intents resume: never confirmed -> confirmed now with the stored card', async () => {
  const { stripe, outcome } = await pendingIntent({
    retrieve: () => ({ ...INTENT, status: 'requires_payment_method', last_payment_error: null }),
    confirm: () => ({ paymentIntent: { ...INTENT, status: 'succeeded', latest_charge: 'ch_8' } }),
  });
  assert.deepEqual([outcome.kind, outcome.receipt.reference], ['paid', 'ch_8']);
  assert.deepEqual(stripe.calls, ['retrieve', 'confirm pm_7']);
});

test('payment_intents: another tab finished the intent meanwhile -> read it again, receipt', async () => {
  const statuses = ['requires_action', 'succeeded'];
  const { stripe, outcome } = await pendingIntent({
    retrieve: () => ({ ...INTENT, status: statuses.shift(), latest_charge: 'ch_4' }),
    nextAction: () => ({ error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: 'You cannot authenticate this PaymentIntent because it has a status of succeeded.' } }),
  });
  assert.deepEqual([outcome.kind, outcome.receipt.reference], ['paid', 'ch_4']);
  assert.deepEqual(stripe.calls, ['retrieve', 'handleNextAction', 'retrieve']);
});

test('payment_intents: after a decline the next card confirms the same PaymentIntent', async () => {
  const results = [{ error: { type: 'card_error', message: 'Your card was declined.' } }, { paymentIntent: { ...INTENT, status: 'succeeded', latest_charge: 'ch_2' } }];
  const { attempts, stripe, proxy, deps } = setup('payment_intents', { confirm: () => results.shift() }, [{ status: 200, body: INTENT }]);
  assert.equal((await runAttempt(deps, attempts.attemptFor(order, 'payment_intents'))).kind, 'declined');
  const outcome = await runAttempt(deps, attempts.attemptFor(order, 'payment_intents'));
  assert.deepEqual([outcome.kind, outcome.receipt.reference], ['paid', 'ch_2']);
  assert.deepEqual(stripe.calls, ['createPaymentMethod', 'confirm pm_1', 'createPaymentMethod', 'confirm pm_2']);
  assert.equal(proxy.bodies.length, 1);
  assert.equal(attempts.current, null);
});

test('the receipt carries Stripe\'s own time of the charge when the answer has it, else when the page sent it', async () => {
  const created = 1764633600;  // 2025-12-02T00:00:00Z
  const withTime = setup('charges', {}, [{ status: 200, body: { ...RECEIPT, created } }]);
  const paid = await runAttempt(withTime.deps, withTime.attempts.attemptFor(order, 'charges'));
  assert.equal(paid.kind, 'paid');
  assert.equal(paid.receipt.paidAt, created * 1000);
  const without = setup('charges', {}, [{ status: 200, body: RECEIPT }]);
  const before = Date.now();
  const fallback = await runAttempt(without.deps, without.attempts.attemptFor(order, 'charges'));
  assert.ok(fallback.receipt.paidAt >= before - 60_000 && fallback.receipt.paidAt <= Date.now());
});
