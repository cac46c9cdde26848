// Faults on demand over real sockets: latency, 429s, 500s, connection resets.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startSimulator, SIM_SECRET_KEY } from '../../../sim/js/simulator_process.mjs';

let sim;

before(async () => { sim = await startSimulator({ args: ['--quiet'] }); });
after(async () => { assert.equal(await sim.stop(), 0); });
beforeEach(async () => { assert.equal((await setFaults({})).status, 200); });

// A fresh connection per request (agent: false) so a reset hits only this request.
function send(method, path, body = '', contentType = 'application/x-www-form-urlencoded') {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sim.port, method, path, agent: false, timeout: 10_000,
      headers: { authorization: `Bearer ${SIM_SECRET_KEY}`, 'content-type': contentType, 'content-length': Buffer.byteLength(body) } },
    (res) => {
      let text = '';
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

const setFaults = (faults) => send('POST', '/_sim/faults', JSON.stringify(faults), 'application/json');
const stats = async () => (await send('GET', '/_sim/stats')).body;
const charge = () => send('POST', '/v1/charges', 'amount=1000&currency=eur&source=tok_visa');

test('latency delays every response by at least latency_ms', async () => {
  await setFaults({ latency_ms: 150, jitter_ms: 50 });
  const started = performance.now();
  const reply = await send('GET', '/v1/balance');
  const elapsed = performance.now() - started;
  assert.equal(reply.status, 200);
  assert.ok(elapsed >= 150, `elapsed ${elapsed} ms`);
  assert.ok(elapsed < 5000, `elapsed ${elapsed} ms`);
});

test('rate limit answers 429 rate_limit beyond the limit per second', async () => {
  await setFaults({ rate_limit_per_sec: 5 });
  const replies = [];
  for (let i = 0; i < 12; i += 1) replies.push(await send('GET', '/v1/balance'));
  const statuses = replies.map((reply) => reply.status);
  // 12 requests take far less than a second here; on a loaded machine at most two windows pass.
  assert.ok(statuses.filter((status) => status === 200).length <= 10, statuses.join(','));
  assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200]);
  const limited = replies.find((reply) => reply.status === 429);
  assert.ok(limited, statuses.join(','));
  assert.equal(limited.body.error.code, 'rate_limit');
  assert.equal(limited.body.error.type, 'invalid_request_error');
  // The control API is never rate limited, so a test can always switch it off.
  assert.equal((await setFaults({})).status, 200);
  assert.equal((await send('GET', '/v1/balance')).status, 200);
});

test('error_rate 1 answers 500 api_error and changes nothing', async () => {
  const before = (await stats()).charges;
  await setFaults({ error_rate: 1 });
  const reply = await charge();
  assert.equal(reply.status, 500);
  assert.equal(reply.body.error.type, 'api_error');
  await setFaults({});
  assert.equal((await stats()).charges, before);
});

test('reset before_commit drops the connection and the charge does not exist', async () => {
  const before = (await stats()).charges;
  await setFaults({ reset: { when: 'before_commit', method: 'POST', path_prefix: '/v1/charges', count: 1 } });
  await assert.rejects(charge(), (error) => ['ECONNRESET', 'socket hang up'].some((text) => `${error.code} ${error.message}`.includes(text)));
  assert.equal((await stats()).charges, before);
  assert.equal((await charge()).status, 200);  // count 1: the next one goes through
  assert.equal((await stats()).charges, before + 1);
});

test('reset after_commit drops the connection but the charge exists', async () => {
  const before = (await stats()).charges;
  await setFaults({ reset: { when: 'after_commit', path_prefix: '/v1/charges' } });
  await assert.rejects(charge(), (error) => ['ECONNRESET', 'socket hang up'].some((text) => `${error.code} ${error.message}`.includes(text)));
  assert.equal((await stats()).charges, before + 1);
});

test('an idempotent retry after an after_commit reset returns the original charge', async () => {
  await setFaults({ reset: { when: 'after_commit', path_prefix: '/v1/charges' } });
  const body = 'amount=4500&currency=usd&source=tok_visa';
  const sendKeyed = () => new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sim.port, method: 'POST', path: '/v1/charges', agent: false,
      headers: { authorization: `Bearer ${SIM_SECRET_KEY}`, 'idempotency-key': 'retry-1', 'content-type': 'application/x-www-form-urlencoded' } },
    (res) => { let text = ''; res.on('data', (c) => { text += c; }); res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) })); });
    req.on('error', reject);
    req.end(body);
  });
  await assert.rejects(sendKeyed());
  const before = (await stats()).charges;
  const retry = await sendKeyed();
  assert.equal(retry.status, 200);
  assert.equal(retry.body.amount, 4500);
  assert.equal((await stats()).charges, before);
});

test('stats count requests, including faulted ones', async () => {
  const first = (await stats()).requests;
  await setFaults({ error_rate: 1 });
  await send('GET', '/v1/balance');
  await setFaults({});
  const second = (await stats()).requests;
  assert.equal(second - first, 4);  // balance + two fault settings + this stats call
});
