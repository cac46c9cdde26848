// The proxy's configuration for `npm start`, as pure functions (tested
// without processes in tests/node/demo/).

/** What the demo shop sells: one currency per cart, so a few in eur plus usd and jpy. */
export const DEMO_CATALOG = [
  { sku: 'tshirt', name: 'T-shirt', unit_amount: 2500, currency: 'eur' },
  { sku: 'mug', name: 'Mug', unit_amount: 1250, currency: 'eur' },
  { sku: 'stickers', name: 'Sticker pack', unit_amount: 300, currency: 'eur' },
  { sku: 'cap', name: 'Cap (US shop)', unit_amount: 1999, currency: 'usd' },
  { sku: 'tenugui', name: 'Tenugui towel (JP shop)', unit_amount: 1500, currency: 'jpy' },
];

export const STRIPE_API = 'https://api.stripe.com';
export const STRIPE_VERSION = '2022-11-15';

/**
 * The mode for real Stripe from the key prefixes: "test" for sk_test_/rk_test_,
 * "live" for sk_live_/rk_live_. Throws a clear error for anything else, or
 * when the publishable key is missing or of the other mode.
 */
export function realStripeMode(secretKey, publishableKey) {
  const secret = /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.exec(secretKey ?? '');
  if (!secret) throw new Error('STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_..., sk_live_... or a restricted rk_ key)');
  const mode = secret[2];
  if (!publishableKey) {
    throw new Error('STRIPE_PUBLISHABLE_KEY is needed with STRIPE_SECRET_KEY (the checkout page gives it to Stripe.js)');
  }
  if (!publishableKey.startsWith(`pk_${mode}_`)) {
    throw new Error(`STRIPE_PUBLISHABLE_KEY must be a pk_${mode}_ key to go with a ${mode} secret key`);
  }
  return mode;
}

/**
 * PAYMENT_FLOW for npm start: unset -> undefined (the proxy's default,
 * "charges"), "charges" or "payment_intents"; anything else is refused by name.
 */
export function paymentFlowFromEnv(value) {
  if (value === undefined || value === '') return undefined;
  if (value === 'charges' || value === 'payment_intents') return value;
  throw new Error(`PAYMENT_FLOW must be "charges" or "payment_intents" (the 3-D Secure ready flow), not "${value}"`);
}

/** The browser origins of the demo site (both spellings of the loopback host). */
export function demoOrigins(port) {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/**
 * The proxy config object. `listenPort` is where the proxy listens;
 * `publicPort` the port the browser uses (the same one unless something sits
 * before the proxy). `stripeJsApi`: the simulator the offline stripe.js
 * stand-in calls (demo mode only; the proxy refuses it otherwise).
 * `paymentFlow`: "charges" | "payment_intents" (absent: the proxy's default). The secret
 * key is never part of it.
 */
export function proxyConfig({
  listenPort, publicPort, upstream, publishableKey, mode, staticDir, tokenEntry, catalog = DEMO_CATALOG, stripeJsApi,
  paymentFlow,
}) {
  return {
    listen: `127.0.0.1:${listenPort}`,
    upstream,
    stripe_version: STRIPE_VERSION,
    publishable_key: publishableKey,
    mode,
    allowed_origins: demoOrigins(publicPort),
    static_dir: staticDir,
    tokens: [tokenEntry],
    catalog,
    ...(stripeJsApi ? { stripe_js_api: stripeJsApi } : {}),
    ...(paymentFlow ? { payment_flow: paymentFlow } : {}),
  };
}

/** Parses `stripe-proxy token create` output: the token line, then its JSON config entry. */
export function parseTokenCreate(stdout) {
  const [token, entryLine] = stdout.trim().split('\n');
  if (!/^spx_[A-Za-z0-9_-]+$/.test(token ?? '')) throw new Error('stripe-proxy token create printed no spx_ token');
  const entry = JSON.parse(entryLine);
  if (!/^[0-9a-f]{64}$/.test(entry.sha256)) throw new Error('stripe-proxy token create printed no sha256 entry');
  return { token, entry };
}
