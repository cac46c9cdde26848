// Exact money formatting for the pages. Amounts arrive as integer minor units
// (number, decimal string or BigInt) and are never turned into floats: we build
// the decimal string ourselves and hand it to Intl.NumberFormat, which formats
// decimal strings exactly. The decimals lists mirror wasm/src/currency.cpp (a
// node test checks they agree) so the checkout page needs no wasm.

const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga',
  'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

export const KNOWN_EXPONENT_CURRENCIES = [...ZERO_DECIMAL, ...THREE_DECIMAL];

/** Decimals of the currency's minor unit (0 for jpy, 3 for kwd, else 2); throws on a malformed code. */
export function currencyExponent(code) {
  const currency = String(code).toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw new RangeError(`not a currency code: ${JSON.stringify(code)}`);
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/** An integer amount in minor units as a BigInt; throws for fractions or non-numbers. */
export function toMinorUnits(amount) {
  if (typeof amount === 'bigint') return amount;
  if (typeof amount === 'number') {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`amount is not a safe integer: ${amount}`);
    return BigInt(amount);
  }
  if (typeof amount === 'string' && /^-?\d+$/.test(amount)) return BigInt(amount);
  throw new RangeError(`amount is not an integer in minor units: ${JSON.stringify(amount)}`);
}

/** "-1234" with exponent 2 -> "-12.34"; exact for any size. */
export function minorToDecimalString(amount, exponent) {
  const minor = toMinorUnits(amount);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const fraction = exponent ? `.${digits.slice(-exponent)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

const formatters = new Map();

/** Formats minor units for display, e.g. (123456, 'eur', 'en-US') -> "€1,234.56", (500, 'jpy') -> "¥500". */
export function formatMoney(amount, currency, locale = undefined) {
  const exponent = currencyExponent(currency);
  const key = `${locale ?? ''}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency', currency: currency.toUpperCase(),
      minimumFractionDigits: exponent, maximumFractionDigits: exponent,
    });
    formatters.set(key, formatter);
  }
  return formatter.format(minorToDecimalString(amount, exponent));
}

/**
 * Parses what a person typed as a major-unit amount ("12.5", "12,50") into
 * minor units (BigInt). Returns { minor } or { error } with a message to show.
 */
export function parseMajorAmount(text, currency) {
  const exponent = currencyExponent(currency);
  const cleaned = String(text).trim().replace(',', '.');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return { error: 'Enter an amount like 12.50, using digits only.' };
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    return { error: exponent === 0
      ? `${currency.toUpperCase()} has no decimals; enter a whole number.`
      : `${currency.toUpperCase()} has ${exponent} decimals at most.` };
  }
  const minor = BigInt(match[1] + fraction.padEnd(exponent, '0'));
  if (minor <= 0n) return { error: 'Enter an amount greater than zero.' };
  return { minor };
}

/** Rounded-half-away-from-zero division of BigInts (for averages of minor units). */
export function divideRounded(numerator, denominator) {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = (numerator < 0n) !== (denominator < 0n);
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}
