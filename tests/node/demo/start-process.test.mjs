// `node scripts/start.mjs` as a user runs it (after npm start's build): what
// it prints, that it serves, that SIGTERM stops everything with exit 0, and
// its clear refusals (port taken, bad PORT, incomplete real-Stripe keys).
// Last, `npm start` itself stopped by a signal sent to the npm process alone
// (not its process group, as a terminal's Ctrl-C would): the proxy and the
// simulator stop within 5 s and nothing is left running. One file, so the
// demos (which share build/demo/proxy.json) never run at the same time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { once } from 'node:events';
import { descendants, running } from './support/process_tree.mjs';
import { withNpmLock } from './support/npm_lock.mjs';

const START = resolve('scripts/start.mjs');
const NO_STRIPE_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('STRIPE_') && name !== 'PROXY_CONFIG'));

/** Runs start.mjs; resolves once `until` matches stdout (or it exits). */
function runStart(env, until = /Press Ctrl-C to stop\./) {
  const child = spawn(process.execPath, [START], { env: { ...NO_STRIPE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit(code ?? signal)));
  const ready = new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`start.mjs not ready in 90 s:\n${stdout}\n${stderr}`)); }, 90_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (until.test(stdout)) { clearTimeout(timer); resolveReady(); }
    });
    exited.then(() => { clearTimeout(timer); resolveReady(); });
  });
  return { child, exited, ready, output: () => ({ stdout, stderr }) };
}

function field(stdout, label) {
  const match = new RegExp(`^${label}:\\s+(\\S+)`, 'm').exec(stdout);
  assert.ok(match, `no "${label}:" line in:\n${stdout}`);
  return match[1];
}

async function stopWithSigterm(run, signal = 'SIGTERM') {
  run.child.kill(signal);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 30_000);
  const code = await run.exited;
  clearTimeout(timer);
  return code;
}

test('offline demo: prints the URLs, token and weekly report; serves them; SIGTERM stops all with 0', async () => {
  await access('build/native/proxy/stripe-proxy');
  const run = runStart({ PORT: '0', SIM_SEED_CHARGES: '200', SIM_SEED_WEEKS: '2', REPORT_TZ: 'UTC' });
  await run.ready;
  const { stdout } = run.output();
  const checkout = field(stdout, 'Checkout');
  const viewer = field(stdout, 'Report viewer');
  const token = field(stdout, 'Admin token');
  assert.equal(field(stdout, 'Payment flow'), 'charges');
  const proxy = /^Proxy: (http:\/\/127\.0\.0\.1:\d+) /m.exec(stdout)[1];
  const simulator = /Stripe simulator at (http:\/\/127\.0\.0\.1:\d+) \(200 seeded charges over 2 weeks\)/.exec(stdout)[1];
  const origin = new URL(checkout).origin;
  assert.match(checkout, /^http:\/\/127\.0\.0\.1:[1-9]\d*\/checkout\/$/);
  assert.equal(viewer, `${origin}/report/`);
  assert.match(token, /^spx_/);
  assert.match(stdout, /Weekly report \(UTC\) of \d+ balance transactions, by stripe-report over the proxy's export:/);
  assert.doesNotMatch(stdout, /stripe-report exited|no weekly report/);
  assert.doesNotMatch(stdout + run.output().stderr, /sk_test_simulator/);

  const config = await (await fetch(`${origin}/api/config`)).json();
  assert.equal(config.mode, 'demo');
  assert.equal(config.stripe_js_api, simulator);
  assert.equal(proxy, origin);
  const exported = await fetch(`${origin}/api/export/balance_transactions?created[gte]=0&created[lt]=${Math.floor(Date.now() / 1000) + 86400}`,
    { headers: { authorization: `Bearer ${token}` } });
  assert.equal(exported.status, 200);
  const lines = (await exported.text()).trim().split('\n');
  assert.ok(lines.length >= 200, `${lines.length} balance transactions`);
  assert.equal((await fetch(`${origin}/api/export/balance_transactions?created[gte]=0&created[lt]=1`,
    { headers: { authorization: 'Bearer spx_wrong' } })).status, 401);
  const saved = await readFile('build/demo/proxy.json', 'utf8');
  assert.doesNotMatch(saved, /sk_/);
  assert.doesNotMatch(saved, new RegExp(token));

  assert.equal(await stopWithSigterm(run), 0);
  assert.match(run.output().stdout, /Stopped\.\n$/);
  for (const url of [origin, proxy, simulator]) await assert.rejects(fetch(`${url}/healthz`), TypeError, url);
});

test('a port in use gives a clear message and exit 1', async () => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  const { port } = blocker.address();
  try {
    const run = runStart({ PORT: String(port) });
    assert.equal(await run.exited, 1);
    assert.match(run.output().stderr, new RegExp(`npm start failed: port ${port} on 127\\.0\\.0\\.1 is already in use`));
  } finally {
    blocker.close();
  }
});

test('a bad PAYMENT_FLOW is refused by name before anything starts', async () => {
  const run = runStart({ PORT: '0', PAYMENT_FLOW: 'sca' });
  assert.equal(await run.exited, 1);
  assert.match(run.output().stderr, /npm start failed: PAYMENT_FLOW must be "charges" or "payment_intents" \(the 3-D Secure ready flow\), not "sca"/);
  assert.doesNotMatch(run.output().stdout, /Checkout:/);
});

test('a bad PORT is refused by name', async () => {
  const run = runStart({ PORT: 'eighty' });
  assert.equal(await run.exited, 1);
  assert.match(run.output().stderr, /PORT must be a port number from 0 to 65535 \(0 = any free port\), not "eighty"/);
});

test('real Stripe without a publishable key is refused, the secret never printed', async () => {
  const run = runStart({ PORT: '0', STRIPE_SECRET_KEY: 'sk_test_NotARealKey123' });
  assert.equal(await run.exited, 1);
  const { stdout, stderr } = run.output();
  assert.match(stderr, /STRIPE_PUBLISHABLE_KEY is needed with STRIPE_SECRET_KEY/);
  assert.doesNotMatch(stdout + stderr, /NotARealKey123/);
});

test('live keys never sell the demo catalog: without PROXY_CONFIG they are refused', async () => {
  const run = runStart({ PORT: '0', STRIPE_SECRET_KEY: 'sk_live_NotARealKey123', STRIPE_PUBLISHABLE_KEY: 'pk_live_NotARealEither' });
  assert.equal(await run.exited, 1);
  const { stdout, stderr } = run.output();
  assert.match(stderr, /npm start failed: live keys sell from your own config, never the demo catalog: npm run setup, then PROXY_CONFIG=shop\/proxy\.json npm start/);
  assert.doesNotMatch(stdout + stderr, /NotARealKey123|Checkout:/);
});

test('a PROXY_CONFIG that cannot be read is refused by name, nothing starts', async () => {
  const run = runStart({ PORT: '0', PROXY_CONFIG: resolve('tests/node/demo/missing-proxy.json') });
  assert.equal(await run.exited, 1);
  assert.match(run.output().stderr, /npm start failed: PROXY_CONFIG=.*missing-proxy\.json cannot be read \(npm run setup writes one\)/);
});

test('real Stripe mode: no simulator, proxy in test mode on api.stripe.com, pages without the stand-in', async () => {
  // Nothing here makes the proxy call upstream: only config and static files are read.
  const run = runStart({ PORT: '0', STRIPE_SECRET_KEY: 'sk_test_NotARealKey123', STRIPE_PUBLISHABLE_KEY: 'pk_test_NotARealEither' });
  await run.ready;
  const { stdout, stderr } = run.output();
  assert.match(stdout, /Real Stripe \(STRIPE_SECRET_KEY is set\): no simulator/);
  assert.doesNotMatch(stdout, /Stripe simulator at|Weekly report/);
  assert.doesNotMatch(stdout + stderr, /NotARealKey123/);
  const origin = new URL(field(stdout, 'Checkout')).origin;
  const proxy = /^Proxy: (http:\/\/127\.0\.0\.1:\d+) /m.exec(stdout)[1];
  assert.equal(proxy, origin);
  const config = await (await fetch(`${origin}/api/config`)).json();
  assert.deepEqual([config.mode, config.publishable_key, config.stripe_js_api], ['test', 'pk_test_NotARealEither', undefined]);
  assert.equal((await fetch(`${origin}/checkout/`)).status, 200);
  assert.equal((await fetch(`${origin}/stripe-standin/stripe.js`)).status, 404);
  const saved = JSON.parse(await readFile('build/demo/proxy.json', 'utf8'));
  assert.equal(saved.upstream, 'https://api.stripe.com');
  assert.doesNotMatch(JSON.stringify(saved), /NotARealKey123/);
  assert.equal(await stopWithSigterm(run, 'SIGINT'), 0);  // Ctrl-C
  assert.match(run.output().stdout, /Stopped\.\n$/);
  await assert.rejects(fetch(`${origin}/healthz`), TypeError);
});

function startNpm() {
  // detached: npm leads its own process group, so the signal below reaches npm alone.
  const npm = spawn('npm', ['start'], {
    env: { ...NO_STRIPE_ENV, PORT: '0', SIM_SEED_CHARGES: '50', SIM_SEED_WEEKS: '1', REPORT_TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let stdout = '';
  let stderr = '';
  npm.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolveExit) => npm.once('exit', (code, signal) => resolveExit(code ?? signal)));
  const ready = new Promise((resolveReady, reject) => {
    // npm start first runs bootstrap and an incremental build (a no-op after npm test's build).
    const timer = setTimeout(() => reject(new Error(`npm start not ready in 300 s:\n${stdout}\n${stderr}`)), 300_000);
    npm.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (/Press Ctrl-C to stop\./.test(stdout)) { clearTimeout(timer); resolveReady(); }
    });
    exited.then((code) => { clearTimeout(timer); reject(new Error(`npm start exited ${code}:\n${stdout}\n${stderr}`)); });
  });
  return { npm, ready, exited, output: () => stdout };
}

async function waitUntilGone(pids, ms) {
  const deadline = Date.now() + ms;
  while (pids.some(running) && Date.now() < deadline) await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  return pids.filter(running);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  test(`${signal} to the npm process stops the proxy and the simulator within 5 s, no orphans`, () => withNpmLock(async () => {
    const run = startNpm();
    let tree = [];
    try {
      await run.ready;
      tree = descendants(run.npm.pid);
      const commands = tree.map((child) => child.command);
      assert.ok(commands.some((command) => /stripe-proxy serve/.test(command)), commands.join('\n'));
      assert.ok(commands.some((command) => /stripe-sim /.test(command)), commands.join('\n'));
      const proxyUrl = /^Proxy: (http:\/\/127\.0\.0\.1:\d+) /m.exec(run.output())[1];
      assert.equal((await fetch(`${proxyUrl}/healthz`)).status, 200);

      const sent = Date.now();
      process.kill(run.npm.pid, signal);
      const left = await waitUntilGone(tree.map((child) => child.pid), 5000);
      assert.deepEqual(tree.filter((child) => left.includes(child.pid)).map((child) => child.command), []);
      assert.ok(Date.now() - sent < 5000);
      await assert.rejects(fetch(`${proxyUrl}/healthz`), TypeError);
    } finally {
      for (const { pid } of tree) if (running(pid)) process.kill(pid, 'SIGKILL');
      if (running(run.npm.pid)) process.kill(run.npm.pid, 'SIGKILL');
    }
    await run.exited;
  }));
}
