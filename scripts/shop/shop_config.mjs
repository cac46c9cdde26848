// Going live, as pure functions (tested without processes in tests/node/demo/):
// the user's catalog (CSV or JSON) as the proxy's catalog in integer minor
// units, the starter config written by `npm run setup`, and the named tokens
// kept in it by `npm run token -- create|list|revoke`.
import { currencyExponent } from '../../web/shared/money.mjs';

export const STRIPE_API = 'https://api.stripe.com';
const MAX_UNIT_AMOUNT = 99_999_999;  // Stripe's largest amount: 8 digits of minor units (the proxy's limit too)

/**
 * A decimal price in the currency's major unit ("25.00", "1500", "0.5") as an
 * integer of minor units, exactly (string arithmetic, never a float). Throws
 * for more decimals than the currency has (12.345 eur) or anything not a number.
 */
export function priceToMinorUnits(price, currency) {
  const exponent = currencyExponent(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(String(price).trim());
  if (!match) throw new Error(`price "${price}" is not a decimal number like 25.00`);
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    throw new Error(`price "${price}" has more decimals than ${currency.toUpperCase()} has (${exponent})`);
  }
  const minor = BigInt(match[1] + fraction.padEnd(exponent, '0'));
  if (minor < 1n || minor > BigInt(MAX_UNIT_AMOUNT)) throw new Error(`price "${price}" must be above 0 and at most ${MAX_UNIT_AMOUNT} minor units`);
  return Number(minor);
}

/** Rows of a CSV text (RFC 4180: quoted fields may hold commas, quotes as "", newlines). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; ++i; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') ++i;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (quoted) throw new Error('a quoted field is not closed');
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

/** One catalog entry, checked like the proxy checks it; `where` names it in errors. */
function catalogItem({ sku, name, price, unit_amount: unitAmount, currency }, where) {
  const fail = (message) => { throw new Error(`${where}: ${message}`); };
  const code = String(currency ?? '').trim().toLowerCase();
  if (!/^[a-z]{3}$/.test(code)) fail(`currency "${currency ?? ''}" must be an ISO 4217 code such as eur`);
  const id = String(sku ?? '').trim();
  if (!/^[a-z0-9_-]{1,64}$/.test(id)) fail(`sku "${id}" must be 1-64 characters of a-z, 0-9, '-', '_'`);
  const title = String(name ?? '').trim();
  if (!title || title.length > 200) fail('name must be 1-200 characters');
  let amount;
  if (unitAmount !== undefined && unitAmount !== '') {
    amount = Number(unitAmount);
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > MAX_UNIT_AMOUNT) fail(`unit_amount "${unitAmount}" must be an integer of minor units from 1 to ${MAX_UNIT_AMOUNT}`);
  } else if (price !== undefined && price !== '') {
    try { amount = priceToMinorUnits(price, code); } catch (error) { fail(error.message); }
  } else {
    fail('needs a price (e.g. 25.00) or a unit_amount (minor units, e.g. 2500)');
  }
  return { sku: id, name: title, unit_amount: amount, currency: code };
}

/**
 * The user's catalog: CSV with a header row naming sku, name, currency and
 * price (major units, "25.00") or unit_amount (minor units), or JSON (an array
 * of such objects, or { "catalog": [...] }). Errors name the line or entry.
 */
export function parseCatalog(text, fileName = 'catalog') {
  let entries;
  if (/\.json$/i.test(fileName) || /^\s*[[{]/.test(text)) {
    let parsed;
    try { parsed = JSON.parse(text); } catch (error) { throw new Error(`${fileName}: not valid JSON (${error.message})`); }
    const list = Array.isArray(parsed) ? parsed : parsed?.catalog;
    if (!Array.isArray(list)) throw new Error(`${fileName}: expected an array of products or {"catalog": [...]}`);
    entries = list.map((item, index) => catalogItem(item ?? {}, `${fileName}: entry ${index + 1}`));
  } else {
    const [header, ...rows] = parseCsv(text);
    const columns = (header ?? []).map((cell) => cell.trim().toLowerCase());
    for (const needed of ['sku', 'name', 'currency']) {
      if (!columns.includes(needed)) throw new Error(`${fileName}: the header row must name sku, name, currency and price (or unit_amount); "${needed}" is missing`);
    }
    entries = rows.map((cells, index) => catalogItem(
      Object.fromEntries(columns.map((column, at) => [column, cells[at]?.trim()])), `${fileName}: line ${index + 2}`));
  }
  if (entries.length === 0) throw new Error(`${fileName}: no products`);
  const seen = new Set();
  for (const { sku } of entries) {
    if (seen.has(sku)) throw new Error(`${fileName}: sku "${sku}" appears twice`);
    seen.add(sku);
  }
  return entries;
}

/** A plain origin for allowed_origins: scheme://host[:port], nothing else (the proxy's rule). */
export function checkOrigin(origin) {
  const url = (() => { try { return new URL(origin); } catch { return null; } })();
  if (!url || !['https:', 'http:'].includes(url.protocol) || url.origin !== origin) {
    throw new Error(`origin "${origin}" must be scheme://host[:port] with no path or slash, e.g. https://shop.example`);
  }
  return origin;
}

/**
 * The starter config. The secret key is never part of it (STRIPE_SECRET_KEY
 * or secret_key_file at start). Going live defaults to payment_intents.
 */
export function starterConfig({
  catalog, publishableKey, origins = [], listen = '127.0.0.1:8787', upstream = STRIPE_API, staticDir,
  paymentFlow = 'payment_intents',
}) {
  const mode = /^pk_(test|live)_[A-Za-z0-9]+$/.exec(publishableKey ?? '')?.[1];
  if (!mode) throw new Error('--publishable-key must be your pk_test_... or pk_live_... key (Dashboard > Developers > API keys)');
  if (!['payment_intents', 'charges'].includes(paymentFlow)) {
    throw new Error(`--payment-flow must be "payment_intents" (default) or "charges" (legacy), not "${paymentFlow}"`);
  }
  return {
    listen,
    upstream,
    stripe_version: '2022-11-15',
    publishable_key: publishableKey,
    mode,
    allowed_origins: origins.map(checkOrigin),
    ...(staticDir ? { static_dir: staticDir } : {}),
    payment_flow: paymentFlow,
    tokens: [],
    catalog,
  };
}

/**
 * --expires: a duration from now ("90d", "12h", "30m", "45s") or an ISO 8601
 * date ("2027-06-30", midnight UTC) or date-time with a zone; Unix seconds.
 */
export function parseExpiry(text, now = Date.now()) {
  const duration = /^(\d{1,6})([smhd])$/.exec(text);
  let at;
  if (duration) {
    at = now + Number(duration[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[duration[2]];
  } else if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/.test(text)) {
    at = Date.parse(text);
  }
  if (!Number.isFinite(at)) throw new Error(`--expires "${text}" must be a duration (90d, 12h, 30m) or a date (2027-06-30, 2027-06-30T12:00:00Z)`);
  if (at <= now) throw new Error(`--expires "${text}" is not in the future`);
  return Math.ceil(at / 1000);
}

/** Adds a token entry; names are unique (revoke goes by name). */
export function addToken(config, entry) {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(entry.name)) throw new Error(`token name "${entry.name}" must be 1-64 characters of letters, digits, '.', '-', '_'`);
  const tokens = config.tokens ?? [];
  if (tokens.some((token) => token.name === entry.name)) throw new Error(`a token named "${entry.name}" exists already: revoke it first or choose another name`);
  return { ...config, tokens: [...tokens, entry] };
}

/** Removes the token named `name`; throws if there is none. */
export function revokeToken(config, name) {
  const tokens = config.tokens ?? [];
  if (!tokens.some((token) => token.name === name)) throw new Error(`no token named "${name}" (npm run token -- list shows them)`);
  return { ...config, tokens: tokens.filter((token) => token.name !== name) };
}

/** One line per token: name, scopes, expiry and whether it is still valid. Never the hash. */
export function listTokens(config, now = Date.now()) {
  const tokens = config.tokens ?? [];
  if (tokens.length === 0) return ['no tokens (npm run token -- create --name NAME --scopes read)'];
  return tokens.map(({ name, scopes, expires_at: expiresAt }) => {
    const expiry = expiresAt
      ? `${expiresAt * 1000 <= now ? 'expired' : 'expires'} ${new Date(expiresAt * 1000).toISOString().replace('.000Z', 'Z')}`
      : 'never expires';
    return `${name.padEnd(20)} ${scopes.join(',').padEnd(18)} ${expiry}`;
  });
}
