// README "Going live", command by command, with the simulator standing in for
// Stripe: npm run setup from a CSV catalog, npm run token -- create / list /
// revoke (with an expiry), npm run build (dist/), and npm start with
// PROXY_CONFIG, twice, to show the shop's catalog and tokens survive a restart
// and that no token is made at start. PROXY_CONFIG points every command at a
// temporary config (the README's default is shop/proxy.json), and setup gets
// --upstream SIMULATOR: the only differences from the README.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SIM_SECRET_KEY, startSimulator } from '../../../sim/js/simulator_process.mjs';
import { withNpmLock } from './support/npm_lock.mjs';

const NO_STRIPE_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('STRIPE_') && name !== 'PROXY_CONFIG'));
const SHOP = 'https://shop.example';
const CSV = 'sku,name,price,currency\ntshirt,"T-shirt, organic",25.00,eur\nmug,Mug,12.50,eur\ntenugui,Tenugui towel,1500,jpy\n';

let simulator;
let workdir;
let configFile;

before(async () => {
  await access('build/native/proxy/stripe-proxy');
  simulator = await startSimulator({ args: ['--seed', '42', '--seed-charges', '10', '--seed-weeks', '1'] });
  workdir = await mkdtemp(join(tmpdir(), 'going-live-'));
  configFile = join(workdir, 'proxy.json');
  await writeFile(join(workdir, 'products.csv'), CSV);
});

after(async () => {
  await simulator?.stop();
  if (workdir) await rm(workdir, { recursive: true, force: true });
});

/** Runs `npm ARGS` to the end; resolves to { code, stdout, stderr }. */
function npm(args, env = {}) {
  return new Promise((resolveRun) => {
    const child = spawn('npm', args, { env: { ...NO_STRIPE_ENV, PROXY_CONFIG: configFile, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

const tokenIn = (stdout) => /^(spx_[A-Za-z0-9_-]+)$/m.exec(stdout)?.[1];

/** `npm start` until it is ready; resolves to { url, stdout(), stop() }. */
async function npmStart() {
  const child = spawn('npm', ['start'], {
    env: { ...NO_STRIPE_ENV, PROXY_CONFIG: configFile, STRIPE_SECRET_KEY: SIM_SECRET_KEY, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit(code ?? signal)));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  try {
    await new Promise((resolveReady, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start not ready in 300 s:\n${stdout}\n${stderr}`)), 300_000);
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (/Press Ctrl-C to stop\./.test(stdout)) { clearTimeout(timer); resolveReady(); }
      });
      exited.then((code) => { clearTimeout(timer); reject(new Error(`npm start exited ${code}:\n${stdout}\n${stderr}`)); });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: /^Proxy: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)[1], stdout: () => stdout, stop };
}

const bearer = (token) => ({ authorization: `Bearer ${token}` });

test('Going live: setup, tokens, build, npm start with PROXY_CONFIG, restart', () => withNpmLock(async () => {
  // 1. The starter config from the user's catalog.
  const setup = await npm(['run', 'setup', '--', '--catalog', join(workdir, 'products.csv'),
    '--publishable-key', 'pk_test_simulator', '--origin', SHOP, '--upstream', simulator.url]);
  assert.equal(setup.code, 0, setup.stderr);
  const written = JSON.parse(await readFile(configFile, 'utf8'));
  assert.deepEqual(written.catalog, [
    { sku: 'tshirt', name: 'T-shirt, organic', unit_amount: 2500, currency: 'eur' },
    { sku: 'mug', name: 'Mug', unit_amount: 1250, currency: 'eur' },
    { sku: 'tenugui', name: 'Tenugui towel', unit_amount: 1500, currency: 'jpy' },
  ]);
  assert.deepEqual([written.mode, written.payment_flow, written.listen, written.static_dir, written.allowed_origins],
    ['test', 'payment_intents', '127.0.0.1:8787', resolve('dist'), [SHOP]]);
  const again = await npm(['run', 'setup', '--', '--catalog', join(workdir, 'products.csv'), '--publishable-key', 'pk_test_simulator', '--origin', SHOP]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /exists already \(it may hold your tokens\): pass --force/);

  // 2. Named tokens: one for the weekly report, one that expires in 5 s, one revoked.
  const weekly = await npm(['run', 'token', '--', 'create', '--name', 'weekly-report', '--scopes', 'read']);
  assert.equal(weekly.code, 0, weekly.stderr);
  const weeklyToken = tokenIn(weekly.stdout);
  const shortLived = await npm(['run', 'token', '--', 'create', '--name', 'short', '--scopes', 'read', '--expires', '5s']);
  const shortToken = tokenIn(shortLived.stdout);
  const old = await npm(['run', 'token', '--', 'create', '--name', 'old', '--scopes', 'read,refund']);
  const oldToken = tokenIn(old.stdout);
  assert.equal((await npm(['run', 'token', '--', 'revoke', 'old'])).code, 0);
  const list = await npm(['run', 'token', '--', 'list']);
  assert.match(list.stdout, /^weekly-report +read +never expires$/m);
  assert.match(list.stdout, /^short +read +expire[sd] \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m);
  assert.doesNotMatch(list.stdout, /^old /m);
  const stored = await readFile(configFile, 'utf8');
  for (const token of [weeklyToken, shortToken, oldToken]) {
    assert.match(token, /^spx_/);
    assert.equal(stored.includes(token), false, 'only hashes are stored');
  }

  // 3. The pages for any static host.
  const build = await npm(['run', 'build']);
  assert.equal(build.code, 0, build.stderr.slice(-2000));
  await access('dist/checkout/index.html');
  await access('dist/report/stripe_report_core.wasm');
  await assert.rejects(access('dist/stripe-standin'));

  // 4. npm start with the shop's config: its catalog and tokens, no token made.
  let shop = await npmStart();
  try {
    assert.match(shop.stdout(), /^Shop: test mode, 3 products, payment_flow payment_intents \(config /m);
    assert.doesNotMatch(shop.stdout(), /spx_|Admin token|demo/i);
    const config = await fetch(`${shop.url}/api/config`, { headers: { origin: SHOP } });
    assert.equal(config.headers.get('access-control-allow-origin'), SHOP);
    const body = await config.json();
    assert.deepEqual([body.mode, body.payment_flow, body.payment_flow_legacy], ['test', 'payment_intents', false]);
    assert.deepEqual(body.catalog, written.catalog);
    const foreign = await fetch(`${shop.url}/api/config`, { headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    await foreign.body?.cancel();

    const intent = await fetch(`${shop.url}/api/payment_intents`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: SHOP },
      body: JSON.stringify({ email: 'buyer@example.com', items: [{ sku: 'tshirt', quantity: 2 }], idempotency_key: 'going-live-1' }),
    });
    assert.equal(intent.status, 200);
    const created = await intent.json();
    assert.deepEqual([created.amount, created.currency], [5000, 'eur']);

    assert.equal((await fetch(`${shop.url}/v1/charges?limit=1`, { headers: bearer(weeklyToken) })).status, 200);
    assert.equal((await fetch(`${shop.url}/v1/charges?limit=1`, { headers: bearer(oldToken) })).status, 401);
    const page = await fetch(`${shop.url}/checkout/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy'), /connect-src 'self' https:\/\/api\.stripe\.com;/);
    assert.equal((await fetch(`${shop.url}/stripe-standin/stripe.js`)).status, 404);
    // The 5 s token works until its expiry (which may have passed already), then the running proxy refuses it.
    let answer = await fetch(`${shop.url}/v1/charges?limit=1`, { headers: bearer(shortToken) });
    const deadline = Date.now() + 10_000;
    while (answer.status === 200 && Date.now() < deadline) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 250));
      answer = await fetch(`${shop.url}/v1/charges?limit=1`, { headers: bearer(shortToken) });
    }
    assert.equal(answer.status, 401);
    assert.equal((await answer.json()).error.code, 'token_expired');
  } finally {
    assert.equal(await shop.stop(), 0);
  }
  assert.equal(await readFile(configFile, 'utf8'), stored, 'npm start changed no token');

  // 5. After a restart the same tokens still work.
  shop = await npmStart();
  try {
    assert.equal((await fetch(`${shop.url}/v1/charges?limit=1`, { headers: bearer(weeklyToken) })).status, 200);
    assert.equal((await fetch(`${shop.url}/v1/charges?limit=1`, { headers: bearer(oldToken) })).status, 401);
  } finally {
    assert.equal(await shop.stop(), 0);
  }
}));
