import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { currencyExponent, version } from 'stripe-sales-toolkit';

test('wasm core reports Stripe currency exponents', async () => {
  assert.equal(await currencyExponent('usd'), 2);
  assert.equal(await currencyExponent('jpy'), 0);
  assert.equal(await currencyExponent('kwd'), 3);
  await assert.rejects(currencyExponent('USD'), RangeError);
});

test('wasm core and native CLI are the same version', async () => {
  const cli = execFileSync('build/native/wasm/stripe-report', ['--version'], { encoding: 'utf8' });
  assert.equal(cli.trim(), `stripe-report ${await version()}`);
});
