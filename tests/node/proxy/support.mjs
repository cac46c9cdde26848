// Helpers for the proxy's integration tests: start the built proxy on an
// ephemeral port, fake or mock upstreams on loopback, raw HTTP for hostile cases.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// STRIPE_PROXY_BIN runs the same tests against another build, e.g. build/asan/proxy/stripe-proxy.
export const proxyBinary = process.env.STRIPE_PROXY_BIN ?? 'build/native/proxy/stripe-proxy';
const require = createRequire(import.meta.url);

// Only PATH (and the sanitizers' settings, for the ASan build) reach the proxy:
// the tests control its environment, the secret in particular.
const sanitizerEnv = Object.fromEntries(['ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS']
  .filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]]));

export function newSecret() {
  return `sk_test_${randomBytes(12).toString('hex')}`;
}

export function makeToken(name, scopes) {
  const token = `spx_${randomBytes(32).toString('hex')}`;
  return { token, entry: { name, sha256: createHash('sha256').update(token).digest('hex'), scopes } };
}

export const catalog = [
  { sku: 'tshirt', name: 'T-shirt', unit_amount: 2500, currency: 'eur' },
  { sku: 'mug', name: 'Mug', unit_amount: 1200, currency: 'eur' },
  { sku: 'cap', name: 'Cap', unit_amount: 1500, currency: 'usd' },
];

export function baseConfig(upstreamPort, overrides = {}) {
  return {
    listen: '127.0.0.1:0',
    upstream: `http://127.0.0.1:${upstreamPort}`,
    stripe_version: '2022-11-15',
    publishable_key: 'pk_test_proxytests',
    mode: 'test',
    allowed_origins: ['http://127.0.0.1:8080'],
    tokens: [],
    catalog,
    ...overrides,
  };
}

function writeConfig(config) {
  const dir = mkdtempSync(join(tmpdir(), 'stripe-proxy-test-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  return file;
}

// Runs the proxy to completion (for config errors and the CLI).
export function runProxy(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(proxyBinary, args, { env: { PATH: process.env.PATH, ...sanitizerEnv, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

export function runProxyWithConfig(config, env = {}, extraArgs = []) {
  return runProxy(['serve', '--config', writeConfig(config), ...extraArgs], env);
}

// Starts `stripe-proxy serve`; resolves once the ready line is printed.
export async function startProxy(config, { secret = newSecret(), args = [], env = {} } = {}) {
  const file = writeConfig(config);
  const child = spawn(proxyBinary, ['serve', '--config', file, ...args], {
    env: { PATH: process.env.PATH, ...sanitizerEnv, STRIPE_SECRET_KEY: secret, ...env },
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => { output.stdout += d; });
  child.stderr.on('data', (d) => { output.stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`proxy did not start: ${output.stderr}`)), 10_000);
    const check = () => {
      const match = output.stdout.match(/^stripe-proxy listening on (http:\/\/127\.0\.0\.1:(\d+))\n/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    };
    child.stdout.on('data', check);
    exited.then(() => { clearTimeout(timer); reject(new Error(`proxy exited: ${output.stderr}`)); });
  });
  const port = Number(new URL(base).port);
  return {
    base, port, child, output, secret, exited,
    accessLog() {
      return output.stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

// A loopback HTTP server that records every request and answers via `handler`
// (req, body, res, index). Counting what it saw proves what was not forwarded.
// With `passStream`, the handler gets the unread request right away (for
// Express apps) while the recorder listens to the same stream.
export async function startFakeUpstream(handler, { passStream = false } = {}) {
  const seen = [];
  const sockets = new Set();
  const server = createServer((req, res) => {
    const record = { method: req.method, url: req.url, headers: req.headers, body: '' };
    seen.push(record);
    const index = seen.length - 1;
    req.on('data', (d) => { record.body += d; });
    if (passStream) handler(req, res, index);
    else req.on('end', () => handler(req, record.body, res, index));
  });
  server.on('connection', (socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    seen,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// stripe-stateful-mock from npm, in-process, behind the recorder.
export async function startStatefulMock() {
  const app = require('stripe-stateful-mock').createExpressApp();
  return startFakeUpstream((req, res) => app(req, res), { passStream: true });
}

export function json(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_up${Math.random().toString(36).slice(2, 10)}`, ...headers });
  res.end(text);
}

// Sends raw bytes; resolves with everything the server sent until it closed
// (or `timeoutMs` passed, then `timedOut` is true).
export function rawRequest(port, text, { timeoutMs = 5000, writeSlowly = null } = {}) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let closedAt = null;
    const started = Date.now();
    const timer = setTimeout(() => { socket.destroy(); resolve({ received, timedOut: true, elapsed: Date.now() - started }); }, timeoutMs);
    socket.on('data', (d) => { received += d; });
    socket.on('error', () => {});
    socket.on('close', () => {
      closedAt = Date.now();
      clearTimeout(timer);
      resolve({ received, timedOut: false, elapsed: closedAt - started });
    });
    socket.on('connect', () => {
      if (writeSlowly) writeSlowly(socket);
      else socket.write(text);
    });
  });
}

export function statusOf(raw) {
  const match = raw.match(/^HTTP\/1\.1 (\d{3})/);
  return match ? Number(match[1]) : 0;
}

export function bodyOf(raw) {
  return raw.slice(raw.indexOf('\r\n\r\n') + 4);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
