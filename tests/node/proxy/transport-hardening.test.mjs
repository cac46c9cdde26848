// Transport hardening (issue 10): what hostile clients and a misbehaving
// upstream found. Each test fails on the proxy before the fixes:
//  - chunk extensions and trailers are bounded by header_bytes (413, close);
//  - trailer fields are never taken as headers (Authorization included);
//  - HEAD answers carry no body, so keep-alive framing holds;
//  - `//checkout` never redirects to a protocol-relative `//checkout/`;
//  - at max_connections the oldest idle connection makes room, a client
//    address may be capped, and EMFILE backs off instead of spinning;
//  - a pooled upstream connection is reused only after a clean response
//    (extra bytes, 100 Continue, 101, an invalid status never cross answers);
//  - anonymous checkouts cannot take every upstream slot and the whole rate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  baseConfig, bodyOf, json, makeToken, newSecret, proxyBinary, rawRequest, sleep, startFakeUpstream, startProxy,
  statusOf,
} from './support.mjs';

const reader = makeToken('reader', ['read']);
const otherReader = makeToken('other-reader', ['read']);
const refunder = makeToken('refunder', ['refund']);

// ---------------------------------------------------------------------------
// Raw-socket helpers

// Opens a connection (optionally from another loopback address) and records
// what comes back and when it closes.
function openSocket(port, { localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    const state = { socket, received: '', closed: false };
    state.closedPromise = new Promise((done) => socket.on('close', () => { state.closed = true; done(); }));
    socket.on('data', (d) => { state.received += d; });
    socket.on('error', () => {});
    socket.once('connect', () => resolve(state));
    socket.once('error', reject);
  });
}

// Resolves once `state.received` holds `count` complete answers to GET /healthz.
async function waitForAnswers(state, count, ms = 3000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if ((state.received.match(/\{"status":"ok"\}/g) ?? []).length >= count) return;
    await sleep(5);
  }
  throw new Error(`no answer: ${JSON.stringify(state.received)}`);
}

// Sends `head`, then `filler` again and again (never a line end) until the
// proxy answers and closes or `most` bytes went out.
function flood(port, head, filler, most) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let sent = 0;
    let closed = false;
    const finish = () => { closed = true; clearTimeout(timer); resolve({ received, sent }); };
    // (`closed` also stops the pump once the answer came.)
    const timer = setTimeout(() => { socket.destroy(); resolve({ received, sent, timedOut: true }); }, 8000);
    // A client stops sending once answered, as browsers and curl do.
    socket.on('data', (d) => { received += d; if (!closed) { closed = true; socket.end(); } });
    socket.on('error', () => {});
    socket.on('close', finish);
    const pump = () => {
      while (!closed && sent < most) {
        sent += filler.length;
        if (!socket.write(filler)) return socket.once('drain', pump);
      }
    };
    socket.on('connect', () => { socket.write(head); pump(); });
  });
}

function rssKb(pid) {
  return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
}

function cpuTicks(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);  // utime + stime
}

// ---------------------------------------------------------------------------
// One proxy for the request-side cases, with a counting fake upstream.

let upstream;
let proxy;
let webRoot;

before(async () => {
  upstream = await startFakeUpstream((req, body, res) => json(res, 200, { id: 're_1', object: 'refund', body }));
  webRoot = mkdtempSync(join(tmpdir(), 'stripe-proxy-web-'));
  mkdirSync(join(webRoot, 'checkout'));
  writeFileSync(join(webRoot, 'checkout', 'index.html'), '<!doctype html><title>checkout</title>');
  proxy = await startProxy(baseConfig(upstream.port, {
    tokens: [reader.entry, refunder.entry],
    limits: { request_timeout_ms: 5000, header_bytes: 4096, body_bytes: 65536 },
  }), { args: ['--static', webRoot] });
});

after(async () => {
  assert.equal((await proxy.stop()).code, 0);
  await upstream.close();
  assert.equal(proxy.output.stderr.includes(proxy.secret), false);
});

test('a huge chunk extension gets 413 and a close, and the proxy does not grow', async () => {
  const before = rssKb(proxy.child.pid);
  const result = await flood(proxy.port,
    'POST /api/checkout HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=',
    'a'.repeat(64 * 1024), 32 << 20);
  assert.equal(result.timedOut, undefined, 'the proxy must answer and close');
  assert.equal(statusOf(result.received), 413, result.received.slice(0, 200));
  assert.match(JSON.parse(bodyOf(result.received)).error.message, /Chunk extensions or trailers/);
  assert.ok(rssKb(proxy.child.pid) - before < 8 * 1024, `RSS grew by ${rssKb(proxy.child.pid) - before} kB`);
});

test('a huge trailer (one long field or many short ones) gets 413 and a close', async () => {
  const head = `POST /v1/refunds HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${refunder.token}\r\n`
    + 'Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\nb\r\ncharge=ch_1\r\n0\r\n';
  const before = rssKb(proxy.child.pid);
  for (const filler of ['X-Long: ' + 'b'.repeat(64 * 1024), 'X-Short: 1\r\n'.repeat(4096)]) {
    const result = await flood(proxy.port, head, filler, 32 << 20);
    assert.equal(result.timedOut, undefined, 'the proxy must answer and close');
    assert.equal(statusOf(result.received), 413, result.received.slice(0, 200));
  }
  assert.ok(rssKb(proxy.child.pid) - before < 8 * 1024, `RSS grew by ${rssKb(proxy.child.pid) - before} kB`);
  assert.equal(upstream.seen.length, 0);
});

test('ordinary chunk extensions and a small trailer still pass', async () => {
  const result = await rawRequest(proxy.port,
    `POST /v1/refunds HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${refunder.token}\r\nConnection: close\r\n`
    + 'Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n'
    + '7;name=value\r\ncharge=\r\n4\r\nch_1\r\n0\r\nX-Checksum: 1\r\n\r\n');
  assert.equal(statusOf(result.received), 200, result.received);
  assert.equal(upstream.seen.at(-1).body, 'charge=ch_1');
  upstream.seen.length = 0;
});

test('trailer fields are ignored: an Authorization trailer authenticates nothing', async () => {
  const result = await rawRequest(proxy.port,
    'POST /v1/refunds HTTP/1.1\r\nHost: x\r\nConnection: close\r\n'
    + 'Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n'
    + `b\r\ncharge=ch_1\r\n0\r\nAuthorization: Bearer ${refunder.token}\r\n\r\n`);
  assert.equal(statusOf(result.received), 401, result.received);
  assert.equal(upstream.seen.length, 0);
  // Nor can a trailer replace the header's token with a stronger one.
  const swap = await rawRequest(proxy.port,
    `POST /v1/refunds HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${reader.token}\r\nConnection: close\r\n`
    + 'Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n'
    + `b\r\ncharge=ch_1\r\n0\r\nAuthorization: Bearer ${refunder.token}\r\n\r\n`);
  assert.equal(statusOf(swap.received), 403, swap.received);
  assert.equal(upstream.seen.length, 0);
});

test('HEAD on /healthz, /readyz and /api/config sends the headers only, so the next answer is framed', async () => {
  for (const path of ['/healthz', '/readyz', '/api/config']) {
    const result = await rawRequest(proxy.port,
      `HEAD ${path} HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const end = result.received.indexOf('\r\n\r\n');
    const head = result.received.slice(0, end);
    assert.equal(statusOf(head), 200, `${path}: ${result.received}`);
    assert.ok(Number(head.match(/Content-Length: (\d+)/i)[1]) > 0, head);
    const rest = result.received.slice(end + 4);
    assert.ok(rest.startsWith('HTTP/1.1 200 OK\r\n'), `${path}: after the HEAD answer came ${JSON.stringify(rest.slice(0, 40))}`);
    assert.equal(bodyOf(rest), '{"status":"ok"}');
  }
});

test('GET //checkout never redirects to a protocol-relative //checkout/', async () => {
  for (const target of ['//checkout', '///checkout', '//checkout//', '/checkout']) {
    const result = await rawRequest(proxy.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const location = result.received.match(/\r\nLocation: ([^\r]*)/i)?.[1];
    if (location !== undefined) {
      assert.equal(statusOf(result.received), 301);
      assert.equal(location, '/checkout/', target);
    } else {
      assert.equal(statusOf(result.received), 200, `${target}: ${result.received.slice(0, 100)}`);
    }
  }
  const plain = await rawRequest(proxy.port, 'GET /checkout HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(plain.received, /\r\nLocation: \/checkout\/\r\n/i);
});

// ---------------------------------------------------------------------------
// Connection caps

test('at max_connections the oldest idle connection is closed to make room, never a busy one', async () => {
  const capped = await startProxy(baseConfig(upstream.port, { limits: { max_connections: 8, request_timeout_ms: 10000 } }));
  try {
    // 4 keep-alive connections answered once, then 4 that never sent a byte.
    const answered = [];
    for (let i = 0; i < 4; ++i) {
      const state = await openSocket(capped.port);
      state.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      await waitForAnswers(state, 1);
      answered.push(state);
      await sleep(5);
    }
    const silent = [];
    for (let i = 0; i < 4; ++i) silent.push(await openSocket(capped.port, { localAddress: '127.0.0.2' }));
    await sleep(100);
    // The proxy is full (8). A new client is served: the oldest idle one goes.
    const healthz = () => rawRequest(capped.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const refill = async () => { silent.push(await openSocket(capped.port, { localAddress: '127.0.0.2' })); await sleep(20); };
    assert.equal(statusOf((await healthz()).received), 200, 'a new client must be served at the cap');
    await answered[0].closedPromise;
    assert.equal(answered[1].closed, false);
    await refill();
    assert.equal(statusOf((await healthz()).received), 200);
    await answered[1].closedPromise;
    assert.equal(answered[2].closed, false);
    // A connection in the middle of a request is never closed for room.
    answered[2].socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    answered[3].socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    await refill();
    assert.equal(statusOf((await healthz()).received), 200);
    await silent[0].closedPromise;  // the oldest idle one now
    assert.equal(answered[2].closed, false);
    assert.equal(answered[3].closed, false);
    // With every connection busy, a new one is refused.
    await refill();
    for (const state of silent.slice(1)) state.socket.write('GET /healthz HTTP/1.1\r\n');
    await sleep(50);
    const refused = await healthz();
    assert.equal(refused.received, '');
    assert.ok(refused.elapsed < 1000);
    for (const state of [...answered, ...silent]) state.socket.destroy();
  } finally {
    assert.equal((await capped.stop()).code, 0);
  }
});

test('max_connections_per_client caps one address, making room among its own idle connections', async () => {
  const capped = await startProxy(baseConfig(upstream.port, {
    limits: { max_connections: 100, max_connections_per_client: 2, request_timeout_ms: 10000 },
  }));
  try {
    const mine = [await openSocket(capped.port, { localAddress: '127.0.0.2' })];
    await sleep(20);
    mine.push(await openSocket(capped.port, { localAddress: '127.0.0.2' }));
    const other = await openSocket(capped.port, { localAddress: '127.0.0.3' });
    await sleep(50);
    // A third from 127.0.0.2 is served; its own oldest idle connection goes.
    const third = await openSocket(capped.port, { localAddress: '127.0.0.2' });
    third.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitForAnswers(third, 1);
    await mine[0].closedPromise;
    assert.equal(mine[1].closed, false);
    assert.equal(other.closed, false, 'another address keeps its connection');
    // Both of its connections busy: a further one from it is refused, one
    // from another address is not.
    for (const state of [mine[1], third]) state.socket.write('GET /healthz HTTP/1.1\r\n');
    await sleep(50);
    const refused = await openSocket(capped.port, { localAddress: '127.0.0.2' });
    refused.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await refused.closedPromise;
    assert.equal(refused.received, '');
    const served = await rawRequest(capped.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(statusOf(served.received), 200);
    for (const state of [...mine, other, third]) state.socket.destroy();
  } finally {
    assert.equal((await capped.stop()).code, 0);
  }
});

// Starts the proxy under a descriptor limit below max_connections.
async function startWithDescriptorLimit(config, limit) {
  const dir = mkdtempSync(join(tmpdir(), 'stripe-proxy-test-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const child = spawn('prlimit', [`--nofile=${limit}:${limit}`, proxyBinary, 'serve', '--config', file], {
    env: { PATH: process.env.PATH, STRIPE_SECRET_KEY: newSecret(),
      ...Object.fromEntries(['ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS']
        .filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]])) },
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => { output.stdout += d; });
  child.stderr.on('data', (d) => { output.stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const until = Date.now() + 10_000;
  while (!/listening on http:\/\/127\.0\.0\.1:(\d+)/.test(output.stdout)) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`proxy did not start: ${output.stderr}`);
    await sleep(10);
  }
  const port = Number(output.stdout.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/)[1]);
  return { child, output, port, exited };
}

test('out of descriptors: idle connections make room, and with none idle the listener backs off', async () => {
  const limited = await startWithDescriptorLimit(baseConfig(upstream.port, {
    limits: { max_connections: 1024, request_timeout_ms: 10000 },
  }), 64);
  const sockets = [];
  try {
    // Under the sanitizer build, UBSan checks each virtual call's type the
    // first time through a pipe, which cannot be opened without descriptors
    // (a false "invalid vptr"): run every path once while descriptors remain.
    await rawRequest(limited.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await rawRequest(limited.port, 'GARBAGE\r\n\r\n');
    const partial = await openSocket(limited.port);
    partial.socket.write('GET /healthz HTTP/1.1\r\n');
    await sleep(50);
    partial.socket.destroy();
    await sleep(50);
    // Idle connections use up the descriptors; a new client is still served.
    for (let i = 0; i < 80; ++i) sockets.push(await openSocket(limited.port));
    await sleep(200);
    const served = await rawRequest(limited.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      { timeoutMs: 3000 });
    assert.equal(statusOf(served.received), 200, 'a new client must be served when descriptors run out');
    // Now every descriptor holds a request in progress: nothing can be closed
    // for room, so the listener must wait instead of spinning on EMFILE.
    for (const state of sockets) state.socket.destroy();
    sockets.length = 0;
    await sleep(200);
    for (let i = 0; i < 80; ++i) {
      const state = await openSocket(limited.port);
      state.socket.write('GET /healthz HTTP/1.1\r\n');
      sockets.push(state);
    }
    await sleep(300);
    const ticksBefore = cpuTicks(limited.child.pid);
    const logBefore = limited.output.stderr.length;
    await sleep(1500);
    const ticks = cpuTicks(limited.child.pid) - ticksBefore;
    assert.ok(ticks < 30, `the proxy used ${ticks} CPU ticks in 1.5 s while out of descriptors`);
    const lines = limited.output.stderr.slice(logBefore).split('\n').filter((line) => line.includes('accept failed'));
    assert.ok(lines.length <= 2, `${lines.length} accept-failure lines in 1.5 s`);
    assert.match(limited.output.stderr, /stripe-proxy: accept failed \(Too many open files\)/);
  } finally {
    for (const state of sockets) state.socket.destroy();
    limited.child.kill('SIGTERM');
    assert.equal(await limited.exited, 0);
  }
});

// ---------------------------------------------------------------------------
// A misbehaving upstream on raw TCP: per path, a clean answer, one with extra
// bytes after it, an interim 100 first, a 101, or an invalid status.

async function startRawUpstream() {
  const seen = [];
  const server = createServer((socket) => {
    let pending = '';
    socket.on('error', () => {});
    socket.on('data', (d) => {
      pending += d;
      for (let end; (end = pending.indexOf('\r\n\r\n')) >= 0;) {
        const head = pending.slice(0, end);
        pending = pending.slice(end + 4);
        const path = head.split(' ')[1];
        seen.push(path);
        answer(socket, path);
      }
    });
  });
  const reply = (id) => {
    const body = JSON.stringify({ id, object: 'charge' });
    return `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  };
  const answer = (socket, path) => {
    const id = path.split('/').pop();
    if (id === 'ch_extra') socket.write(reply(id) + reply('ch_INJECTED'));
    else if (id === 'ch_late') { socket.write(reply(id)); setTimeout(() => socket.write(reply('ch_LATE_INJECTED')), 20); }
    else if (id === 'ch_continue') socket.write(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n${reply(id)}`);
    else if (id === 'ch_switch') socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n${reply('ch_SWITCHED')}`);
    else if (id === 'ch_badstatus') socket.write(`HTTP/1.1 999 Odd\r\nContent-Length: 2\r\n\r\n{}${reply('ch_AFTER_ODD')}`);
    else if (id === 'ch_zerostatus') socket.write(`HTTP/1.1 042 Odd\r\nContent-Length: 2\r\n\r\n{}${reply('ch_AFTER_ODD')}`);
    else socket.write(reply(id));
  };
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, seen, close: () => new Promise((resolve) => { server.close(resolve); server.unref(); }) };
}

test('the upstream pool never hands one caller another caller\'s answer', async () => {
  const raw = await startRawUpstream();
  const gateway = await startProxy(baseConfig(raw.port, {
    tokens: [reader.entry, otherReader.entry],
    limits: { retry_base_ms: 10, retry_cap_ms: 20 },
  }));
  const get = async (token, id) => {
    const response = await fetch(`${gateway.base}/v1/charges/${id}`, { headers: { authorization: `Bearer ${token.token}` } });
    return { status: response.status, body: await response.json() };
  };
  try {
    const cases = [
      ['ch_extra', 200], ['ch_late', 200], ['ch_continue', 200],
      ['ch_switch', 502], ['ch_badstatus', 502], ['ch_zerostatus', 502],
    ];
    for (const [odd, status] of cases) {
      const first = await get(reader, odd);
      assert.equal(first.status, status, `${odd}: ${JSON.stringify(first.body)}`);
      if (status === 200) assert.equal(first.body.id, odd);
      else assert.equal(first.body.error.type, 'api_connection_error');
      await sleep(40);  // the late extra bytes arrive while the connection is idle
      // The next caller, with another token, gets its own answer.
      for (let i = 0; i < 3; ++i) {
        const next = await get(otherReader, `ch_next_${odd}_${i}`);
        assert.equal(next.status, 200);
        assert.equal(next.body.id, `ch_next_${odd}_${i}`, `after ${odd}`);
      }
    }
    // Invalid answers are not retried: each went upstream once.
    for (const odd of ['ch_switch', 'ch_badstatus', 'ch_zerostatus']) {
      assert.equal(raw.seen.filter((path) => path.endsWith(`/${odd}`)).length, 1, odd);
    }
  } finally {
    assert.equal((await gateway.stop()).code, 0);
    await raw.close();
  }
});

// ---------------------------------------------------------------------------
// Anonymous checkouts and tokens: a share kept for tokens.

test('100 parallel anonymous checkouts leave a read token slots and rate', async () => {
  const slow = await startFakeUpstream(async (req, body, res) => {
    await sleep(150);
    if (req.url === '/v1/customers') return json(res, 200, { id: 'cus_1', object: 'customer' });
    if (req.url === '/v1/charges') {
      return json(res, 200, { id: 'ch_1', object: 'charge', amount: 2500, currency: 'eur', status: 'succeeded', customer: 'cus_1' });
    }
    return json(res, 200, { object: 'list', data: [], has_more: false });
  });
  const shop = await startProxy(baseConfig(slow.port, {
    tokens: [reader.entry],
    limits: { rate_per_second: 20, max_upstream_concurrency: 8 },
  }));
  try {
    const checkouts = Array.from({ length: 100 }, (_, i) => fetch(`${shop.base}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'tok_visa', email: 'a@example.com', idempotency_key: `order-${i}-abcdefgh`, items: [{ sku: 'tshirt', quantity: 1 }] }),
    }).then((response) => response.status));
    await sleep(100);  // the checkouts hold their slots and have booked the rate
    const started = Date.now();
    const read = await fetch(`${shop.base}/v1/charges?limit=1`, { headers: { authorization: `Bearer ${reader.token}` } });
    const waited = Date.now() - started;
    assert.equal(read.status, 200, await read.text());
    assert.ok(waited < 800, `the read token waited ${waited} ms`);
    const statuses = await Promise.all(checkouts);
    assert.ok(statuses.every((status) => status === 200 || status === 503), statuses.join(','));
    assert.ok(statuses.filter((status) => status === 200).length >= 6, statuses.join(','));
  } finally {
    assert.equal((await shop.stop()).code, 0);
    await slow.close();
  }
});
