// The proxy refuses at start-up, by field name and with exit code 2, the
// config mistakes the checkout settings invite: an unknown payment_flow, a
// stripe_js_api outside demo mode or off this machine, an allowed origin that
// is not a plain origin. The secret never appears in what it prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROXY_BINARY } from '../../../scripts/demo/start_demo.mjs';

const SECRET = 'sk_test_StartupRefusals123';

async function serveWith(config) {
  await access(PROXY_BINARY);
  const dir = await mkdtemp(join(tmpdir(), 'proxy-startup-'));
  try {
    const file = join(dir, 'proxy.json');
    await writeFile(file, JSON.stringify({ publishable_key: 'pk_test_simulator', upstream: 'http://127.0.0.1:9', listen: '127.0.0.1:0', ...config }));
    const run = spawnSync(PROXY_BINARY, ['serve', '--config', file], {
      env: { PATH: process.env.PATH, STRIPE_SECRET_KEY: SECRET }, encoding: 'utf8', timeout: 10_000,
    });
    assert.doesNotMatch(run.stdout + run.stderr, /StartupRefusals123/);
    return { code: run.status, stdout: run.stdout, stderr: run.stderr.trim() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('payment_flow other than charges / payment_intents stops the proxy', async () => {
  for (const value of ['sca', 'PaymentIntents', 7]) {
    const run = await serveWith({ payment_flow: value });
    assert.equal(run.code, 2, String(value));
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, typeof value === 'string'
      ? 'stripe-proxy: bad config: payment_flow: must be "charges" or "payment_intents"'
      : 'stripe-proxy: bad config: payment_flow: must be a string');
  }
});

test('stripe_js_api is refused outside demo mode and off loopback', async () => {
  for (const mode of ['test', undefined]) {
    const run = await serveWith({ mode, stripe_js_api: 'http://127.0.0.1:4000' });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'stripe-proxy: bad config: stripe_js_api: is allowed only with "mode": "demo" (real pages load https://js.stripe.com)');
  }
  for (const url of ['https://api.stripe.com', 'http://192.168.1.5:4000', 'http://127.0.0.1:4000/v1', 'http://127.0.0.1']) {
    const run = await serveWith({ mode: 'demo', stripe_js_api: url });
    assert.equal(run.code, 2, url);
    assert.equal(run.stderr, 'stripe-proxy: bad config: stripe_js_api: must be a loopback http origin with a port, like http://127.0.0.1:12111', url);
  }
});

test('an allowed origin that could smuggle a CSP directive is refused', async () => {
  const run = await serveWith({ allowed_origins: ['https://shop.example', "https://x.example;script-src 'unsafe-inline'"] });
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'stripe-proxy: bad config: allowed_origins[1]: must be an origin like https://shop.example (no path, no wildcard)');
});
