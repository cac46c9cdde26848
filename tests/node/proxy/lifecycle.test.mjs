// The process: config errors name the field, the secret never comes from
// the command line, `token create`, and graceful SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { baseConfig, json, makeToken, newSecret, runProxy, runProxyWithConfig, sleep, startFakeUpstream, startProxy } from './support.mjs';

test('bad configs are refused with a message naming the field', async () => {
  const secret = newSecret();
  const good = baseConfig(9);
  const cases = [
    ['{not json', 'config: not valid JSON'],
    [{ ...good, listen: 'nowhere' }, 'listen:'],
    [{ ...good, upstream: 'http://api.stripe.com' }, 'upstream: plain http is allowed only for a loopback'],
    [{ ...good, upstream: 'ftp://x' }, 'upstream:'],
    [{ ...good, publishable_key: 'sk_test_oops' }, 'publishable_key:'],
    [{ ...good, mode: 'prod' }, 'mode:'],
    [{ ...good, allowed_origins: ['*'] }, 'allowed_origins[0]:'],
    [{ ...good, tokens: [{ name: 'a', sha256: 'abc', scopes: ['read'] }] }, 'tokens[0].sha256:'],
    [{ ...good, tokens: [{ name: 'a', sha256: 'a'.repeat(64), scopes: ['admin'] }] }, 'tokens[0].scopes:'],
    [{ ...good, catalog: [{ sku: 'x', name: 'X', unit_amount: 0, currency: 'eur' }] }, 'catalog[0].unit_amount:'],
    [{ ...good, catalog: [{ sku: 'x', name: 'X', unit_amount: 1.5, currency: 'eur' }] }, 'catalog[0].unit_amount:'],
    [{ ...good, catalog: [{ sku: 'x', name: 'X', unit_amount: 100, currency: 'EUR' }] }, 'catalog[0].currency:'],
    [{ ...good, catalog: [good.catalog[0], good.catalog[0]] }, 'catalog[1].sku:'],
    [{ ...good, limits: { body_bytes: 'big' } }, 'limits.body_bytes:'],
    [{ ...good, secret_key: secret }, 'secret_key:'],
    [{ ...good, colour: 'blue' }, 'colour: unknown setting'],
  ];
  for (const [config, expected] of cases) {
    const { code, stdout, stderr } = await runProxyWithConfig(config, { STRIPE_SECRET_KEY: secret });
    assert.equal(code, 2, JSON.stringify(config));
    assert.equal(stdout, '');
    assert.ok(stderr.includes(expected), `${stderr} should mention ${expected}`);
    assert.equal(stderr.includes(secret), false);
  }
});

test('the secret comes only from the environment or a key file, and must look like one', async () => {
  const config = baseConfig(9);
  let result = await runProxyWithConfig(config, {});
  assert.equal(result.code, 2);
  assert.match(result.stderr, /STRIPE_SECRET_KEY: is not set/);
  result = await runProxyWithConfig(config, { STRIPE_SECRET_KEY: 'pk_test_wrongkind' });
  assert.match(result.stderr, /STRIPE_SECRET_KEY: must be a Stripe secret/);
  assert.equal(result.stderr.includes('pk_test_wrongkind'), false);
  const live = `sk_live_${'9'.repeat(24)}`;
  result = await runProxyWithConfig(config, { STRIPE_SECRET_KEY: live });
  assert.match(result.stderr, /a live key needs "mode": "live"/);
  assert.equal(result.stderr.includes(live), false);
  result = await runProxy(['serve', '--config', '/nonexistent.json', '--secret-key', 'sk_test_abcdefgh']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /never accepted on the command line/);
  assert.equal(result.stderr.includes('sk_test_abcdefgh'), false);
});

test('token create prints a new token once and its config entry', async () => {
  const { code, stdout } = await runProxy(['token', 'create', '--scopes', 'read,refund', '--name', 'viewer']);
  assert.equal(code, 0);
  const [token, entryLine] = stdout.trim().split('\n');
  assert.match(token, /^spx_[0-9a-f]{64}$/);
  const entry = JSON.parse(entryLine);
  assert.deepEqual(entry, { name: 'viewer', sha256: createHash('sha256').update(token).digest('hex'), scopes: ['read', 'refund'] });
  const second = await runProxy(['token', 'create', '--scopes', 'read']);
  assert.notEqual(second.stdout.split('\n')[0], token);
  const bad = await runProxy(['token', 'create', '--scopes', 'read,admin']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown scope "admin"/);
});

test('SIGTERM finishes in-flight requests, refuses new ones, and exits 0', async () => {
  const reader = makeToken('viewer', ['read']);
  const upstream = await startFakeUpstream((req, body, res) => setTimeout(() => json(res, 200, { object: 'list', data: [{ id: 'ch_slow' }] }), 700));
  const proxy = await startProxy(baseConfig(upstream.port, { tokens: [reader.entry] }));
  const inflight = fetch(`${proxy.base}/v1/charges`, { headers: { authorization: `Bearer ${reader.token}` } });
  await sleep(200);
  proxy.child.kill('SIGTERM');
  await sleep(100);
  await assert.rejects(fetch(`${proxy.base}/healthz`));
  const response = await inflight;
  assert.equal(response.status, 200);
  assert.equal((await response.json()).data[0].id, 'ch_slow');
  const { code } = await proxy.exited;
  assert.equal(code, 0);
  assert.match(proxy.output.stderr, /stripe-proxy: stopped/);
  await upstream.close();
});
