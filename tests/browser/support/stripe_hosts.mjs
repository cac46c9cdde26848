// Stripe's hosts answered by the test itself, for the production pages:
// https://js.stripe.com/v3/ is the offline stand-in (which then acts as
// Stripe.js: API at api.stripe.com, 3-D Secure in a hooks.stripe.com frame),
// https://api.stripe.com is relayed to the simulator, https://hooks.stripe.com
// serves the stand-in's bank page. Loopback requests go through untouched;
// every other request is aborted and recorded, so a test can assert that
// nothing left this machine. CSP violations of every frame are recorded too.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const RELAYED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'stripe-version'];

function corsHeaders(request) {
  return {
    'access-control-allow-origin': request.headers().origin ?? '*',
    'access-control-allow-headers': 'authorization, content-type, idempotency-key, stripe-version',
    'access-control-allow-methods': 'GET, POST',
  };
}

async function relay(route, simulatorUrl) {
  const request = route.request();
  if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: corsHeaders(request) });
  const url = new URL(request.url());
  const headers = Object.fromEntries(RELAYED_HEADERS.filter((name) => request.headers()[name]).map((name) => [name, request.headers()[name]]));
  const response = await fetch(`${simulatorUrl}${url.pathname}${url.search}`, {
    method: request.method(), headers, body: request.postDataBuffer() ?? undefined,
  });
  return route.fulfill({
    status: response.status,
    headers: { ...corsHeaders(request), 'content-type': response.headers.get('content-type') ?? 'application/json' },
    body: Buffer.from(await response.arrayBuffer()),
  });
}

/**
 * Routes every request of `context`. `standInDir` holds the built stand-in
 * (web/build.mjs buildStandIn); `simulator()` names the simulator to relay
 * api.stripe.com to (asked per request, so one browser can serve several stacks).
 * Resolves to { stripeRequests, leaked, cspViolations(page) }.
 */
export async function routeStripeHosts(context, { standInDir, simulator }) {
  const stripeJs = await readFile(join(standInDir, 'stripe.js'));
  const bankPage = await readFile(join(standInDir, 'three_d_secure_frame.html'));
  const stripeRequests = [];
  const leaked = [];
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    stripeRequests.push(`${route.request().method()} ${url.origin}${url.pathname}`);
    if (url.origin === 'https://js.stripe.com' && url.pathname === '/v3/') {
      return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: stripeJs });
    }
    if (url.origin === 'https://api.stripe.com') return relay(route, simulator());
    if (url.origin === 'https://hooks.stripe.com' && url.pathname === '/3d_secure_2/standin') {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: bankPage });
    }
    stripeRequests.pop();
    leaked.push(url.href);
    return route.abort('blockedbyclient');
  });
  return {
    stripeRequests,
    leaked,
    /** Every CSP violation seen by the page and its frames. */
    async cspViolations(page) {
      const lists = await Promise.all(page.frames().map((frame) => frame.evaluate(() => window.__cspViolations ?? []).catch(() => [])));
      return lists.flat();
    },
  };
}
