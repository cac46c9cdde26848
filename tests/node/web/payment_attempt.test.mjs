import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PaymentAttempts, isRetryableStatus, postJsonWithRetry } from '../../../web/checkout/payment_attempt.mjs';

test('one key per attempt; a new key after it settles or the order changes', () => {
  let counter = 0;
  const attempts = new PaymentAttempts(() => `key-${++counter}`);
  const order = { email: 'a@example.com', items: [{ sku: 'tshirt', quantity: 1 }] };
  const first = attempts.attemptFor(order);
  assert.equal(first.key, 'key-1');
  first.token = 'tok_1';
  assert.equal(attempts.attemptFor({ ...order }), first);   // retry: same key, same token
  assert.equal(attempts.attemptFor({ ...order }).token, 'tok_1');
  assert.equal(attempts.attemptFor({ ...order, email: 'b@example.com' }).key, 'key-2');
  attempts.settle();
  assert.equal(attempts.current, null);
  assert.equal(attempts.attemptFor(order).key, 'key-3');
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
