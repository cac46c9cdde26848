import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTEMPT_MAX_AGE_MS, PaymentAttempts, isRetryableStatus, postJsonWithRetry } from '../../../web/checkout/payment_attempt.mjs';

/** A Web Storage stand-in over a Map (sessionStorage and localStorage have the same interface). */
function memoryStorage() {
  const map = new Map();
  return {
    map,
    getItem: (key) => (map.has(key) ? map.get(key) : null),
    setItem: (key, value) => map.set(key, String(value)),
    removeItem: (key) => map.delete(key),
    key: (index) => [...map.keys()][index] ?? null,
    get length() { return map.size; },
  };
}

/** Two tabs of one browser: each its own sessionStorage, one shared localStorage. */
function browser() {
  let counter = 0;
  let clock = 1_000_000;
  const shared = memoryStorage();
  const tab = (session = memoryStorage()) => ({
    session, attempts: new PaymentAttempts({ session, shared, newKey: () => `key-${++counter}`, now: () => clock }),
  });
  return { shared, tab, advance: (ms) => { clock += ms; } };
}

const order = { email: 'a@example.com', items: [{ sku: 'tshirt', quantity: 1 }] };

test('one key per attempt; a new key after it settles or the order changes', () => {
  const { tab } = browser();
  const { attempts } = tab();
  const first = attempts.attemptFor(order, 'charges');
  assert.equal(first.key, 'key-1');
  attempts.update({ token: 'tok_1' });
  assert.equal(attempts.attemptFor({ ...order }, 'charges').key, 'key-1');   // retry: same key, same token
  assert.equal(attempts.attemptFor({ ...order }, 'charges').token, 'tok_1');
  assert.equal(attempts.attemptFor({ ...order, email: 'b@example.com' }, 'charges').key, 'key-2');
  attempts.settle();
  assert.equal(attempts.current, null);
  assert.equal(attempts.attemptFor(order, 'charges').key, 'key-3');
});

test('a reload (a new PaymentAttempts on the same sessionStorage) finds the same attempt', () => {
  const { tab } = browser();
  const first = tab();
  first.attempts.attemptFor(order, 'charges');
  first.attempts.update({ token: 'tok_1' });
  first.attempts.markSent();
  const reloaded = tab(first.session);
  assert.deepEqual([reloaded.attempts.current.key, reloaded.attempts.current.token, reloaded.attempts.current.sent], ['key-1', 'tok_1', true]);
});

test('a sent attempt is never replaced: not by another order, not by a card change', () => {
  const { tab } = browser();
  const { attempts } = tab();
  attempts.attemptFor(order, 'charges');
  attempts.update({ token: 'tok_1' });
  attempts.markSent();
  attempts.forgetCard();
  const other = attempts.attemptFor({ email: 'b@example.com', items: [{ sku: 'mug', quantity: 3 }] }, 'charges');
  assert.deepEqual([other.key, other.token, other.order.email], ['key-1', 'tok_1', 'a@example.com']);
});

test('before it is sent, a card change drops the token (and the attempt)', () => {
  const { tab } = browser();
  const { attempts } = tab();
  attempts.attemptFor(order, 'charges');
  attempts.update({ token: 'tok_1' });
  attempts.forgetCard();
  assert.equal(attempts.current, null);
});

test('a second tab on the same cart takes over the pending attempt; another cart gets its own', () => {
  const { tab, shared } = browser();
  const first = tab();
  first.attempts.attemptFor(order, 'charges');
  first.attempts.update({ token: 'tok_1' });
  assert.equal(first.attempts.current.sent, false);
  assert.equal(tab().attempts.pendingFor(order.items), null);   // nothing sent yet: nothing to take over
  first.attempts.markSent();
  const second = tab();
  // Same cart in another order of lines, another email typed: still the same cart's attempt.
  const taken = second.attempts.attemptFor({ email: 'x@example.com', items: [{ sku: 'tshirt', quantity: 1 }] }, 'charges');
  assert.deepEqual([taken.key, taken.token, taken.order.email, taken.adopted], ['key-1', 'tok_1', 'a@example.com', true]);
  const third = tab();
  assert.equal(third.attempts.attemptFor({ ...order, items: [{ sku: 'tshirt', quantity: 2 }] }, 'charges').key, 'key-2');
  // The first tab's definitive answer clears the shared copy; the second tab still finishes its own.
  first.attempts.settle();
  assert.equal([...shared.map.keys()].filter((key) => key.includes('pending')).length, 0);
  assert.equal(second.attempts.current.key, 'key-1');
  assert.equal(tab().attempts.attemptFor(order, 'charges').key, 'key-3');
});

test('a declined PaymentIntent attempt keeps its intent for the next card, in this tab only', () => {
  const { tab } = browser();
  const first = tab();
  first.attempts.attemptFor(order, 'payment_intents');
  first.attempts.update({ paymentMethod: { id: 'pm_1' }, card: { brand: 'visa', last4: '0002' } });
  first.attempts.markSent();
  first.attempts.update({ intent: { id: 'pi_1', client_secret: 'pi_1_secret_x' } });
  first.attempts.declined();
  const after = first.attempts.current;
  assert.deepEqual([after.key, after.sent, after.paymentMethod, after.intent.id], ['key-1', false, null, 'pi_1']);
  assert.equal(tab().attempts.pendingFor(order.items), null);
  assert.equal(first.attempts.attemptFor(order, 'payment_intents').intent.id, 'pi_1');
});

test('attempts older than 24 hours are dropped, in both storages', () => {
  const { tab, advance } = browser();
  const first = tab();
  first.attempts.attemptFor(order, 'charges');
  first.attempts.update({ token: 'tok_1' });
  first.attempts.markSent();
  advance(ATTEMPT_MAX_AGE_MS - 1);
  assert.equal(tab().attempts.pendingFor(order.items).key, 'key-1');
  advance(1);
  assert.equal(tab().attempts.pendingFor(order.items), null);
  assert.equal(first.attempts.current, null);
});

test('sweep drops every cart\'s pending copy older than 24 hours, and keeps the others', () => {
  const { tab, shared, advance } = browser();
  const old = tab();
  old.attempts.attemptFor(order, 'charges');
  old.attempts.markSent();
  advance(ATTEMPT_MAX_AGE_MS);
  const recent = tab();
  recent.attempts.attemptFor({ ...order, items: [{ sku: 'mug', quantity: 1 }] }, 'charges');
  recent.attempts.markSent();
  shared.setItem('unrelated', 'kept');
  tab().attempts.sweep();
  assert.deepEqual([...shared.map.keys()].sort(), ['stripe-sales-checkout:pending:mug:1', 'unrelated']);
});

test('corrupt or missing storage: the attempt lives in memory', () => {
  const session = memoryStorage();
  session.setItem('stripe-sales-checkout:attempt', '{not json');
  const attempts = new PaymentAttempts({ session, newKey: () => 'k' });
  assert.equal(attempts.current, null);
  const noStorage = new PaymentAttempts({ newKey: () => 'mem-1' });
  noStorage.attemptFor(order, 'charges');
  noStorage.markSent();
  assert.deepEqual([noStorage.current.key, noStorage.current.sent], ['mem-1', true]);
  assert.equal(noStorage.pendingFor(order.items), null);
  // A full sessionStorage (setItem throws QuotaExceededError): the page still knows its token.
  const full = { ...memoryStorage(), setItem: () => { throw new Error('QuotaExceededError'); } };
  const quota = new PaymentAttempts({ session: full, newKey: () => 'q-1' });
  quota.attemptFor(order, 'charges');
  quota.update({ token: 'tok_9' });
  assert.deepEqual([quota.markSent().token, quota.current.sent], ['tok_9', true]);
});

test('the last receipt is kept per tab until cleared', () => {
  const { tab } = browser();
  const first = tab();
  first.attempts.receipt = { reference: 'ch_1', amount: 2500, currency: 'eur' };
  assert.equal(tab(first.session).attempts.receipt.reference, 'ch_1');
  assert.equal(tab().attempts.receipt, null);
  first.attempts.receipt = null;
  assert.equal(first.attempts.receipt, null);
});

test('retryable answers', () => {
  assert.equal(isRetryableStatus(500), true);
  assert.equal(isRetryableStatus(503), true);
  assert.equal(isRetryableStatus(429), true);
  assert.equal(isRetryableStatus(402), false);
  assert.equal(isRetryableStatus(400), false);
  assert.equal(isRetryableStatus(200), false);
});

function fakeFetch(answers) {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, body: init.body });
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  };
  return { calls, fetchImpl };
}

test('a network failure is retried with the very same body and key', async () => {
  const { calls, fetchImpl } = fakeFetch([new TypeError('Failed to fetch'), { status: 200, body: { charge: 'ch_1' } }]);
  const result = await postJsonWithRetry('/api/checkout', { token: 'tok_1', idempotency_key: 'k1' }, { fetchImpl, delaysMs: [1] });
  assert.deepEqual(result, { status: 200, body: { charge: 'ch_1' } });
  assert.equal(calls.length, 2);
  assert.equal(calls[0].body, calls[1].body);
  assert.equal(JSON.parse(calls[1].body).idempotency_key, 'k1');
});

test('a decline is final: no retry', async () => {
  const decline = { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } };
  const { calls, fetchImpl } = fakeFetch([{ status: 402, body: decline }]);
  const result = await postJsonWithRetry('/api/checkout', {}, { fetchImpl, delaysMs: [1] });
  assert.deepEqual(result, { status: 402, body: decline });
  assert.equal(calls.length, 1);
});

test('retries are bounded and report the last failure', async () => {
  const { calls, fetchImpl } = fakeFetch([{ status: 503, body: {} }, new TypeError('reset'), { status: 500, body: { error: { message: 'boom' } } }, { status: 200, body: {} }]);
  const result = await postJsonWithRetry('/api/checkout', {}, { fetchImpl, attempts: 3, delaysMs: [1] });
  assert.deepEqual(result, { status: 500, body: { error: { message: 'boom' } } });
  assert.equal(calls.length, 3);
  const { fetchImpl: failing } = fakeFetch([new TypeError('a'), new TypeError('b')]);
  assert.deepEqual(await postJsonWithRetry('/x', {}, { fetchImpl: failing, attempts: 2, delaysMs: [1] }), { networkError: 'b' });
});
