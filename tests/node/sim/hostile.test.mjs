// Hostile input over real sockets: the simulator answers like Stripe and keeps serving.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startSimulator, SIM_SECRET_KEY } from '../../../sim/js/simulator_process.mjs';

let sim;
const auth = { authorization: `Bearer ${SIM_SECRET_KEY}` };

before(async () => { sim = await startSimulator({ args: ['--quiet'] }); });
after(async () => { assert.equal(await sim.stop(), 0); });

async function call(method, path, { body, headers = auth } = {}) {
  const response = await fetch(sim.url + path, { method, body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

// Sends raw bytes and returns whatever comes back before the server closes (bounded by time).
function raw(bytes, timeoutMs = 5000) {
  return new Promise((resolve) => {
    const socket = connect(sim.port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (chunk) => { received += chunk; });
    socket.on('error', () => {});
    socket.on('close', () => { clearTimeout(timer); resolve(received); });
    socket.end(bytes);
  });
}

async function stats() { return (await call('GET', '/_sim/stats')).body; }

test('the ready line is exact', () => {
  assert.match(sim.readyLine, /^stripe-sim listening on http:\/\/127\.0\.0\.1:\d+\n$/);
});

test('malformed form bodies are 400 and create nothing', async () => {
  for (const body of ['amount=%zz&currency=eur', 'a[b=1', '=x', 'amount=1&amount=2', 'amount=20.00&currency=eur&source=tok_visa']) {
    const reply = await call('POST', '/v1/charges', { body });
    assert.equal(reply.status, 400, body);
    assert.equal(reply.body.error.type, 'invalid_request_error');
    assert.match(reply.headers.get('request-id'), /^req_/);
  }
  assert.equal((await stats()).charges, 0);
});

test('a body over 1 MiB is 413', async () => {
  const reply = await raw(`POST /v1/charges HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${SIM_SECRET_KEY}\r\n` +
    `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n` + 'a'.repeat(64 * 1024));
  assert.match(reply, /^HTTP\/1\.1 413 /);
  assert.match(reply, /"type":"invalid_request_error"/);
});

test('garbage that is not HTTP gets a 400 and the server keeps serving', async () => {
  const reply = await raw('\x00\x01GARBAGE / NOT-HTTP\r\n\r\n');
  assert.match(reply, /^HTTP\/1\.1 400 /);
  assert.equal((await call('GET', '/v1/balance')).status, 200);
});

test('bad JSON and bad values to /_sim/faults are 400 and change nothing', async () => {
  for (const body of ['{not json', '[1]', '{"latency_ms":-5}', '{"error_rate":"high"}', '{"reset":{"when":"soon"}}']) {
    const reply = await call('POST', '/_sim/faults', { body, headers: { ...auth, 'content-type': 'application/json' } });
    assert.equal(reply.status, 400, body);
  }
  const current = await call('GET', '/_sim/faults');
  assert.equal(current.body.latency_ms, 0);
  assert.equal(current.body.error_rate, 0);
});

test('bad auth is 401 without echoing the key', async () => {
  const missing = await call('GET', '/v1/charges', { headers: {} });
  assert.equal(missing.status, 401);
  const wrong = await call('GET', '/v1/charges', { headers: { authorization: 'Bearer sk_test_notthesimulatorkey' } });
  assert.equal(wrong.status, 401);
  assert.ok(!JSON.stringify(wrong.body).includes('sk_test_notthesimulatorkey'));
  const basic = await call('GET', '/v1/charges', { headers: { authorization: 'Basic %%%' } });
  assert.equal(basic.status, 401);
  const control = await call('POST', '/_sim/faults', { body: '{"error_rate":1}', headers: {} });
  assert.equal(control.status, 401);
});

test('unknown routes are 404', async () => {
  assert.equal((await call('GET', '/v1/widgets')).status, 404);
  assert.equal((await call('GET', '/')).status, 404);
  assert.equal((await call('PUT', '/v1/charges')).status, 404);
  const reply = await call('GET', '/v1/charges/ch_x/nothing');
  assert.equal(reply.status, 404);
  assert.equal(reply.body.error.message, 'Unrecognized request URL (GET: /v1/charges/ch_x/nothing).');
});

test('many hostile requests in a row never crash it', async () => {
  const bodies = ['%', '%%%%', '[]=1', 'a]=1', 'metadata[[x]]=1', 'expand[]=' + 'a.'.repeat(50), 'amount=' + '9'.repeat(400),
    'card[number]=' + '4'.repeat(5000), 'source=tok_' + 'x'.repeat(10000)];
  for (const body of bodies) {
    for (const path of ['/v1/charges', '/v1/customers', '/v1/tokens', '/v1/refunds', '/v1/payment_intents', '/v1/payouts']) {
      const reply = await call('POST', path, { body });
      assert.ok([400, 402, 404].includes(reply.status), `${path} ${body.slice(0, 30)} -> ${reply.status}`);
    }
  }
  assert.equal((await call('GET', '/v1/balance')).status, 200);
});

test('SIGTERM stops it with exit code 0', async () => {
  const other = await startSimulator({ args: ['--quiet'] });
  assert.equal(await other.stop(), 0);
});
