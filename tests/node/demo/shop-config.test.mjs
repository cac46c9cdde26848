// Going live's pure parts (scripts/shop/shop_config.mjs): the user's catalog
// in exact minor units, the starter config, token expiry and the token list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addToken, checkOrigin, listTokens, parseCatalog, parseCsv, parseExpiry, priceToMinorUnits, revokeToken, starterConfig,
} from '../../../scripts/shop/shop_config.mjs';
import { parseArgs } from '../../../scripts/shop/cli_args.mjs';

test('prices become exact minor units with the currency exponent, never through a float', () => {
  assert.equal(priceToMinorUnits('25.00', 'eur'), 2500);
  assert.equal(priceToMinorUnits('0.29', 'eur'), 29);    // 0.29 * 100 is 28.999999999999996 as a float
  assert.equal(priceToMinorUnits('19.9', 'usd'), 1990);
  assert.equal(priceToMinorUnits('1500', 'jpy'), 1500);
  assert.equal(priceToMinorUnits('1.234', 'kwd'), 1234);
  assert.equal(priceToMinorUnits('999999.99', 'eur'), 99_999_999);
  assert.throws(() => priceToMinorUnits('12.345', 'eur'), /more decimals than EUR has \(2\)/);
  assert.throws(() => priceToMinorUnits('1500.5', 'jpy'), /more decimals than JPY has \(0\)/);
  assert.throws(() => priceToMinorUnits('1,50', 'eur'), /not a decimal number/);
  assert.throws(() => priceToMinorUnits('-1', 'eur'), /not a decimal number/);
  assert.throws(() => priceToMinorUnits('0.00', 'eur'), /above 0/);
  assert.throws(() => priceToMinorUnits('1000000.00', 'eur'), /at most 99999999/);
});

test('CSV: header in any order, quoted names with commas, price or unit_amount, errors by line', () => {
  assert.deepEqual(parseCsv('a,"b, c","d ""q"""\r\n1,2,3\n'), [['a', 'b, c', 'd "q"'], ['1', '2', '3']]);
  const csv = 'currency,sku,name,price\neur,tshirt,"T-shirt, organic",25.00\njpy,tenugui,Tenugui,1500\n\nusd,cap,Cap,19.99\n';
  assert.deepEqual(parseCatalog(csv, 'products.csv'), [
    { sku: 'tshirt', name: 'T-shirt, organic', unit_amount: 2500, currency: 'eur' },
    { sku: 'tenugui', name: 'Tenugui', unit_amount: 1500, currency: 'jpy' },
    { sku: 'cap', name: 'Cap', unit_amount: 1999, currency: 'usd' },
  ]);
  assert.deepEqual(parseCatalog('sku,name,unit_amount,currency\nmug,Mug,1250,EUR\n', 'p.csv'),
    [{ sku: 'mug', name: 'Mug', unit_amount: 1250, currency: 'eur' }]);
  assert.throws(() => parseCatalog('sku,name,price\nmug,Mug,1\n', 'p.csv'), /p\.csv: the header row must name .*"currency" is missing/);
  assert.throws(() => parseCatalog('sku,name,price,currency\nmug,Mug,12.505,eur\n', 'p.csv'), /p\.csv: line 2: price "12\.505" has more decimals/);
  assert.throws(() => parseCatalog('sku,name,price,currency\nMug!,Mug,1,eur\n', 'p.csv'), /line 2: sku "Mug!" must be 1-64/);
  assert.throws(() => parseCatalog('sku,name,price,currency\nmug,Mug,1,eur\nmug,Mug 2,2,eur\n', 'p.csv'), /sku "mug" appears twice/);
  assert.throws(() => parseCatalog('sku,name,price,currency\n', 'p.csv'), /no products/);
  assert.throws(() => parseCatalog('sku,name,price,currency\nmug,Mug,,eur\n', 'p.csv'), /line 2: needs a price/);
});

test('JSON: an array or {catalog}, price or unit_amount, errors by entry', () => {
  const items = [{ sku: 'mug', name: 'Mug', price: '12.50', currency: 'eur' }, { sku: 'cap', name: 'Cap', unit_amount: 1999, currency: 'usd' }];
  const expected = [{ sku: 'mug', name: 'Mug', unit_amount: 1250, currency: 'eur' }, { sku: 'cap', name: 'Cap', unit_amount: 1999, currency: 'usd' }];
  assert.deepEqual(parseCatalog(JSON.stringify(items), 'p.json'), expected);
  assert.deepEqual(parseCatalog(JSON.stringify({ catalog: items }), 'p.json'), expected);
  assert.throws(() => parseCatalog('[{"sku":"a","name":"A","unit_amount":12.5,"currency":"eur"}]', 'p.json'), /entry 1: unit_amount "12\.5" must be an integer/);
  assert.throws(() => parseCatalog('{"products":[]}', 'p.json'), /expected an array/);
  assert.throws(() => parseCatalog('[{', 'p.json'), /not valid JSON/);
});

test('the starter config: mode from the publishable key, payment_intents by default, no secret', () => {
  const catalog = [{ sku: 'mug', name: 'Mug', unit_amount: 1250, currency: 'eur' }];
  const config = starterConfig({ catalog, publishableKey: 'pk_live_abc', origins: ['https://shop.example'], staticDir: '/srv/dist' });
  assert.deepEqual(config, {
    listen: '127.0.0.1:8787', upstream: 'https://api.stripe.com', stripe_version: '2022-11-15',
    publishable_key: 'pk_live_abc', mode: 'live', allowed_origins: ['https://shop.example'], static_dir: '/srv/dist',
    payment_flow: 'payment_intents', tokens: [], catalog,
  });
  assert.equal(starterConfig({ catalog, publishableKey: 'pk_test_abc', paymentFlow: 'charges' }).payment_flow, 'charges');
  assert.throws(() => starterConfig({ catalog, publishableKey: 'sk_live_abc' }), /--publishable-key must be your pk_test_/);
  assert.throws(() => starterConfig({ catalog, publishableKey: 'pk_test_abc', paymentFlow: 'sources' }), /--payment-flow must be/);
  for (const bad of ['https://shop.example/', 'https://shop.example/path', '*', 'shop.example', 'ftp://shop.example']) {
    assert.throws(() => checkOrigin(bad), /must be scheme:\/\/host\[:port\]/, bad);
  }
  assert.equal(checkOrigin('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
});

test('--expires: durations and ISO dates to Unix seconds, only in the future', () => {
  const now = Date.parse('2026-12-02T10:00:00Z');
  assert.equal(parseExpiry('90d', now), now / 1000 + 90 * 86400);
  assert.equal(parseExpiry('12h', now), now / 1000 + 12 * 3600);
  assert.equal(parseExpiry('3s', now), now / 1000 + 3);
  assert.equal(parseExpiry('2027-01-01', now), 1798761600);
  assert.equal(parseExpiry('2027-01-01T01:00:00+01:00', now), 1798761600);
  assert.throws(() => parseExpiry('2026-12-01', now), /is not in the future/);
  for (const bad of ['soon', '90', '2027-13', '1y', '2027-01-01T10:00']) assert.throws(() => parseExpiry(bad, now), /must be a duration/, bad);
});

test('tokens: unique names, revoke by name, the list shows scopes and expiry but never the hash', () => {
  let config = { tokens: [] };
  config = addToken(config, { name: 'weekly-report', sha256: 'a'.repeat(64), scopes: ['read'] });
  config = addToken(config, { name: 'refunds', sha256: 'b'.repeat(64), scopes: ['read', 'refund'], expires_at: 1798761600 });
  assert.throws(() => addToken(config, { name: 'refunds', sha256: 'c'.repeat(64), scopes: ['read'] }), /a token named "refunds" exists already/);
  assert.throws(() => addToken(config, { name: 'has space', sha256: 'c'.repeat(64), scopes: ['read'] }), /token name "has space"/);
  const lines = listTokens(config, Date.parse('2026-12-02T00:00:00Z'));
  assert.deepEqual(lines.map((line) => line.split(/\s+/)), [
    ['weekly-report', 'read', 'never', 'expires'], ['refunds', 'read,refund', 'expires', '2027-01-01T00:00:00Z'],
  ]);
  assert.match(listTokens(config, Date.parse('2027-02-01T00:00:00Z'))[1], /expired 2027-01-01T00:00:00Z/);
  assert.doesNotMatch(lines.join('\n'), /aaaa|bbbb/);
  config = revokeToken(config, 'weekly-report');
  assert.deepEqual(config.tokens.map((token) => token.name), ['refunds']);
  assert.throws(() => revokeToken(config, 'weekly-report'), /no token named "weekly-report"/);
});

test('command-line options: values, repeated options, flags, unknown options refused', () => {
  const spec = { values: ['--catalog'], repeatable: ['--origin'], flags: ['--force'] };
  assert.deepEqual(parseArgs(['--catalog', 'p.csv', '--origin', 'https://a.example', '--origin', 'https://b.example', '--force', 'x'], spec),
    { options: { catalog: 'p.csv', origin: ['https://a.example', 'https://b.example'], force: true }, positional: ['x'] });
  assert.throws(() => parseArgs(['--catalog'], spec), /--catalog needs a value/);
  assert.throws(() => parseArgs(['--secret', 'sk_live_x'], spec), /unknown option --secret/);
});
