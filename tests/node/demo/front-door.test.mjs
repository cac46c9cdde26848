// The demo's front door against two fake upstreams (Node servers standing in
// for the proxy and the simulator): what goes where, bodies and statuses kept,
// /api/config extended, a cut-off export stays cut off, a taken port refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { startFrontDoor } from '../../../scripts/demo/front_door.mjs';

const seen = [];
let proxy;
let simulator;
let door;

function fakeUpstream(name, handler) {
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    seen.push({ to: name, method: request.method, url: request.url, body, authorization: request.headers.authorization });
    handler(request, response, body);
  });
  server.listen(0, '127.0.0.1');
  return once(server, 'listening').then(() => server);
}
const urlOf = (server) => `http://127.0.0.1:${server.address().port}`;

before(async () => {
  proxy = await fakeUpstream('proxy', (request, response) => {
    if (request.url === '/api/config') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ publishable_key: 'pk_test_simulator', mode: 'demo', catalog: [{ sku: 'tshirt' }] }));
    } else if (request.url.startsWith('/api/export')) {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.write('{"id":"txn_1"}\n');
      setTimeout(() => response.socket.destroy(), 20);  // upstream failure: no terminating chunk
    } else {
      response.writeHead(401, { 'content-type': 'application/json', 'x-from': 'proxy' });
      response.end('{"error":{"type":"invalid_request_error"}}');
    }
  });
  simulator = await fakeUpstream('simulator', (request, response, body) => {
    response.writeHead(200, { 'content-type': 'application/json', 'x-from': 'simulator' });
    response.end(JSON.stringify({ id: 'tok_1', echoed: body }));
  });
  door = await startFrontDoor(0, () => ({ proxy: urlOf(proxy), simulator: urlOf(simulator) }));
});

after(async () => {
  await door?.close();
  proxy?.close();
  simulator?.close();
});

test('the stand-in\'s token call reaches the simulator with its body and key', async () => {
  seen.length = 0;
  const response = await fetch(`${door.origin}/v1/tokens`, {
    method: 'POST',
    headers: { authorization: 'Bearer pk_test_simulator', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'card[number]=4242424242424242',
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('x-from'), 'simulator');
  assert.deepEqual(await response.json(), { id: 'tok_1', echoed: 'card[number]=4242424242424242' });
  assert.deepEqual(seen, [{ to: 'simulator', method: 'POST', url: '/v1/tokens', body: 'card[number]=4242424242424242', authorization: 'Bearer pk_test_simulator' }]);
});

test('a secret key on the same path goes to the proxy (which refuses it), never to the simulator', async () => {
  seen.length = 0;
  const response = await fetch(`${door.origin}/v1/tokens`, { method: 'POST', headers: { authorization: 'Bearer sk_test_simulator' }, body: 'x=1' });
  assert.equal(response.status, 401);
  assert.equal(response.headers.get('x-from'), 'proxy');
  await response.text();
  assert.deepEqual(seen.map((entry) => entry.to), ['proxy']);
});

test('/api/config gains stripe_js_api = the page\'s origin', async () => {
  const config = await (await fetch(`${door.origin}/api/config`)).json();
  assert.deepEqual(config, { publishable_key: 'pk_test_simulator', mode: 'demo', catalog: [{ sku: 'tshirt' }], stripe_js_api: door.origin });
  const viaLocalhost = await (await fetch(`http://localhost:${door.port}/api/config`).catch(() => null))?.json();
  if (viaLocalhost) assert.equal(viaLocalhost.stripe_js_api, `http://localhost:${door.port}`);
});

test('an export cut off upstream is cut off for the browser too', async () => {
  const response = await fetch(`${door.origin}/api/export/balance_transactions`);
  assert.equal(response.status, 200);
  await assert.rejects(response.text(), TypeError);
});

test('an oversized stand-in body is refused with 413 and not forwarded', async () => {
  seen.length = 0;
  const response = await fetch(`${door.origin}/v1/payment_methods`, {
    method: 'POST', headers: { authorization: 'Bearer pk_test_simulator' }, body: 'x'.repeat(70 * 1024),
  });
  assert.equal(response.status, 413);
  await response.text();
  assert.deepEqual(seen, []);
});

test('an unreachable upstream answers 502 with a JSON error', async () => {
  const closed = await startFrontDoor(0, () => ({ proxy: 'http://127.0.0.1:1', simulator: 'http://127.0.0.1:1' }));
  try {
    const response = await fetch(`${closed.origin}/checkout/`);
    assert.equal(response.status, 502);
    assert.equal((await response.json()).error.type, 'api_error');
  } finally {
    await closed.close();
  }
});

test('a taken port is refused with a clear message', async () => {
  await assert.rejects(startFrontDoor(door.port, () => ({})), new RegExp(`port ${door.port} on 127\\.0\\.0\\.1 is already in use`));
});
