// /readyz says not-ready when the upstream does not accept connections (a
// TCP connect, cached about 3 s; no request is sent). The "stopping" answer is
// covered by unit-health.cpp (new connections are refused while stopping).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { baseConfig, json, sleep, startFakeUpstream, startProxy } from './support.mjs';

async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const readyz = async (proxy) => {
  const response = await fetch(`${proxy.base}/readyz`);
  return { status: response.status, body: await response.json(), cache: response.headers.get('cache-control') };
};

test('ready while the upstream accepts connections; the probe sends no request', async () => {
  const upstream = await startFakeUpstream((req, body, res) => json(res, 200, {}));
  const proxy = await startProxy(baseConfig(upstream.port));
  try {
    assert.deepEqual(await readyz(proxy), { status: 200, body: { status: 'ready' }, cache: 'no-store' });
    assert.deepEqual(await readyz(proxy), { status: 200, body: { status: 'ready' }, cache: 'no-store' });
    assert.equal(upstream.seen.length, 0);
  } finally {
    assert.equal((await proxy.stop()).code, 0);
    await upstream.close();
  }
});

test('not ready when the upstream is down, while liveness stays ok', async () => {
  const proxy = await startProxy(baseConfig(await closedPort()));
  try {
    assert.deepEqual(await readyz(proxy), { status: 503, body: { status: 'upstream_unreachable' }, cache: 'no-store' });
    assert.equal((await fetch(`${proxy.base}/healthz`)).status, 200);
    assert.equal(proxy.output.stderr.includes(proxy.secret), false);
  } finally {
    assert.equal((await proxy.stop()).code, 0);
  }
});

test('the answer is cached for a few seconds, then follows the upstream going away', async () => {
  const upstream = await startFakeUpstream((req, body, res) => json(res, 200, {}));
  const proxy = await startProxy(baseConfig(upstream.port));
  try {
    assert.equal((await readyz(proxy)).status, 200);
    await upstream.close();
    assert.equal((await readyz(proxy)).status, 200, 'cached');
    await sleep(3200);
    assert.deepEqual((await readyz(proxy)).body, { status: 'upstream_unreachable' });
  } finally {
    assert.equal((await proxy.stop()).code, 0);
  }
});
