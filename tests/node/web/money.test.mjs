import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KNOWN_EXPONENT_CURRENCIES, currencyExponent, divideRounded, formatMoney, minorToDecimalString,
  parseMajorAmount, toMinorUnits,
} from '../../../web/shared/money.mjs';
import { currencyExponent as coreCurrencyExponent } from '../../../wasm/js/index.mjs';

test('decimals per currency agree with the wasm core', async () => {
  const codes = [...KNOWN_EXPONENT_CURRENCIES, 'eur', 'usd', 'gbp', 'chf', 'huf', 'isk', 'twd'];
  for (const code of codes) assert.equal(currencyExponent(code), await coreCurrencyExponent(code), code);
  assert.equal(currencyExponent('jpy'), 0);
  assert.equal(currencyExponent('kwd'), 3);
  assert.equal(currencyExponent('EUR'), 2);
  assert.throws(() => currencyExponent('eu'), /not a currency code: "eu"/);
  assert.throws(() => currencyExponent('e1r'), RangeError);
});

test('minor units become exact decimal strings', () => {
  assert.equal(minorToDecimalString(123456, 2), '1234.56');
  assert.equal(minorToDecimalString(-5, 2), '-0.05');
  assert.equal(minorToDecimalString(0, 2), '0.00');
  assert.equal(minorToDecimalString(500, 0), '500');
  assert.equal(minorToDecimalString(1, 3), '0.001');
  assert.equal(minorToDecimalString('-123456789012345678901', 2), '-1234567890123456789.01');
  assert.equal(minorToDecimalString(2n ** 64n, 2), '184467440737095516.16');
});

test('amounts must be integers', () => {
  assert.equal(toMinorUnits('42'), 42n);
  assert.equal(toMinorUnits(-7), -7n);
  assert.throws(() => toMinorUnits(1.5), /not a safe integer/);
  assert.throws(() => toMinorUnits(2 ** 53), /not a safe integer/);
  assert.throws(() => toMinorUnits('1.5'), /not an integer in minor units/);
  assert.throws(() => toMinorUnits(null), RangeError);
});

test('formatMoney uses the currency decimals and never rounds', () => {
  assert.equal(formatMoney(123456, 'eur', 'en-US'), '€1,234.56');
  assert.equal(formatMoney(-2500, 'usd', 'en-US'), '-$25.00');
  assert.equal(formatMoney(500, 'jpy', 'en-US'), '¥500');
  assert.equal(formatMoney(12345, 'kwd', 'en-US'), 'KWD\u00a012.345');
  assert.equal(formatMoney(123456, 'eur', 'de-DE'), '1.234,56\u00a0€');
  // Beyond 2^53 the string stays exact (a float would end in ...992 or ...000).
  assert.equal(formatMoney('900719925474099312', 'eur', 'en-US'), '€9,007,199,254,740,993.12');
  assert.equal(formatMoney(2n ** 63n, 'jpy', 'en-US'), '¥9,223,372,036,854,775,808');
});

test('typed amounts parse to exact minor units or say what is wrong', () => {
  assert.deepEqual(parseMajorAmount('12.5', 'eur'), { minor: 1250n });
  assert.deepEqual(parseMajorAmount('12,50', 'eur'), { minor: 1250n });
  assert.deepEqual(parseMajorAmount(' 7 ', 'jpy'), { minor: 7n });
  assert.deepEqual(parseMajorAmount('1.234', 'kwd'), { minor: 1234n });
  assert.deepEqual(parseMajorAmount('0.1', 'jpy'), { error: 'JPY has no decimals; enter a whole number.' });
  assert.deepEqual(parseMajorAmount('1.001', 'eur'), { error: 'EUR has 2 decimals at most.' });
  assert.deepEqual(parseMajorAmount('-3', 'eur'), { error: 'Enter an amount like 12.50, using digits only.' });
  assert.deepEqual(parseMajorAmount('1e3', 'eur'), { error: 'Enter an amount like 12.50, using digits only.' });
  assert.deepEqual(parseMajorAmount('0.00', 'eur'), { error: 'Enter an amount greater than zero.' });
});

test('rounded division of minor units', () => {
  assert.equal(divideRounded(10n, 4n), 3n);   // 2.5 -> 3
  assert.equal(divideRounded(9n, 4n), 2n);    // 2.25 -> 2
  assert.equal(divideRounded(-10n, 4n), -3n);
  assert.equal(divideRounded(7n, 7n), 1n);
  assert.throws(() => divideRounded(1n, 0n), /division by zero/);
});
