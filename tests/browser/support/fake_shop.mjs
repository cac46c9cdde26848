// Test-only fake of the proxy's public API and of the simulator's
// publishable-key endpoints, on one 127.0.0.1 ephemeral port, serving the
// built pages too. It keeps just enough state (tokens, charges, idempotency
// keys, refunds) for the browser tests to assert exact counts; the real proxy
// and simulator replace it in the integration tests.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

// The proxy's Content-Security-Policy for its checkout pages (proxy/src/static_files.cpp),
// except frame-ancestors: the checkout must be embeddable by the shop's storefront.
const csp = (frameAncestors) => "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com https://*.js.stripe.com; " +
  "frame-src 'self' https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com; connect-src 'self' https://api.stripe.com; " +
  "img-src 'self' data:; style-src 'self'; " +
  `object-src 'none'; base-uri 'none'; frame-ancestors ${frameAncestors}; form-action 'self'`;
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
const CATALOG = [
  { sku: 'tshirt', name: 'T-shirt', unit_amount: 2500, currency: 'eur' },
  { sku: 'mug', name: 'Mug', unit_amount: 1250, currency: 'eur' },
];
const CARDS = {
  4242424242424242: { brand: 'Visa', outcome: 'ok' },
  4000000000000002: { brand: 'Visa', outcome: 'card_declined' },
  4000000000009995: { brand: 'Visa', outcome: 'insufficient_funds' },
  4000002500003155: { brand: 'Visa', outcome: 'three_d_secure' },
};

async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeShop({ staticDir, mode = 'demo', exportLines = [] }) {
  const state = {
    mode, paymentFlow: 'charges', advertiseStripeApi: true, tokens: new Map(), charges: [], refunds: [], intents: new Map(), idempotency: new Map(),
    frameAncestors: "'none'", requests: [], checkoutBodies: [], checkoutDelayMs: 0, dropNextCheckout: false, exportLines: [...exportLines], lastAuthorization: null,
  };
  let nextId = 1;
  const id = (prefix) => `${prefix}_${String(nextId++).padStart(6, '0')}`;

  function json(response, status, body, extraHeaders = {}) {
    response.writeHead(status, { 'content-type': 'application/json', ...extraHeaders });
    response.end(JSON.stringify(body));
  }
  const cors = { 'access-control-allow-origin': '*' };

  function priceOf(items) {
    let amount = 0;
    for (const { sku, quantity } of items ?? []) {
      const item = CATALOG.find((entry) => entry.sku === sku);
      if (!item || !Number.isInteger(quantity) || quantity < 1) return null;
      amount += item.unit_amount * quantity;
    }
    return amount || null;
  }

  function chargeFor(card, amount, email) {
    const charge = { id: id('ch'), amount, amount_refunded: 0, refunded: false, currency: 'eur', card, email, created: Math.floor(Date.now() / 1000) };
    state.charges.push(charge);
    state.exportLines.push(JSON.stringify({ id: id('txn'), object: 'balance_transaction', type: 'charge', currency: 'eur', amount, fee: 30 + Math.round(amount * 0.029), net: amount - 30 - Math.round(amount * 0.029), created: charge.created, source: charge.id }));
    return charge;
  }

  async function checkout(request, response) {
    const body = JSON.parse(await readBody(request));
    state.checkoutBodies.push(body);
    if (state.checkoutDelayMs) await new Promise((resolveDelay) => setTimeout(resolveDelay, state.checkoutDelayMs));
    const key = body.idempotency_key;
    if (state.idempotency.has(key)) {
      const replay = state.idempotency.get(key);
      return json(response, replay.status, replay.body);
    }
    const amount = priceOf(body.items);
    let answer;
    if (!/^[^@\s]+@[^@\s]+$/.test(body.email ?? '')) {
      answer = { status: 400, body: { error: { type: 'invalid_request_error', param: 'email', message: 'Invalid email address: ' + body.email } } };
    } else if (amount === null) {
      answer = { status: 400, body: { error: { type: 'invalid_request_error', param: 'items', message: 'Unknown item.' } } };
    } else {
      const token = state.tokens.get(body.token);
      if (!token) {
        answer = { status: 400, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such token: '${body.token}'` } } };
      } else if (token.outcome === 'card_declined' || token.outcome === 'insufficient_funds') {
        answer = { status: 402, body: { error: { type: 'card_error', code: 'card_declined', decline_code: token.outcome === 'card_declined' ? 'generic_decline' : 'insufficient_funds',
          message: token.outcome === 'card_declined' ? 'Your card was declined.' : 'Your card has insufficient funds.' } } };
      } else {
        const charge = chargeFor({ brand: token.brand, last4: token.last4 }, amount, body.email);
        answer = { status: 200, body: { charge: charge.id, amount, currency: 'eur', status: 'succeeded', card: charge.card, customer: id('cus') } };
      }
    }
    state.idempotency.set(key, answer);
    // "Did my charge go through?": commit, then cut the connection before answering.
    if (state.dropNextCheckout) {
      state.dropNextCheckout = false;
      request.socket.destroy();
      return undefined;
    }
    return json(response, answer.status, answer.body);
  }

  async function route(request, response, url) {
    const { pathname } = url;
    const form = () => readBody(request).then((text) => new URLSearchParams(text));
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { ...cors, 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST' });
      return response.end();
    }
    if (pathname === '/api/config') {
      return json(response, 200, {
        publishable_key: 'pk_test_simulator', mode: state.mode, payment_flow: state.paymentFlow, catalog: CATALOG,
        ...(state.advertiseStripeApi ? { stripe_js_api: `http://${request.headers.host}` } : {}),
      });
    }
    if (pathname === '/api/checkout' && request.method === 'POST') return checkout(request, response);
    if (pathname === '/api/payment_intents' && request.method === 'POST') {
      const body = JSON.parse(await readBody(request));
      const amount = priceOf(body.items);
      if (amount === null) return json(response, 400, { error: { type: 'invalid_request_error', message: 'Unknown item.' } });
      const intent = { id: id('pi'), object: 'payment_intent', amount, currency: 'eur', status: 'requires_payment_method' };
      intent.client_secret = `${intent.id}_secret_test`;
      state.intents.set(intent.id, intent);
      return json(response, 200, { id: intent.id, client_secret: intent.client_secret, amount, currency: 'eur' });
    }
    if (pathname === '/v1/tokens' || pathname === '/v1/payment_methods') {
      const params = await form();
      if (request.headers.authorization !== 'Bearer pk_test_simulator') return json(response, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } }, cors);
      const number = params.get('card[number]');
      const card = CARDS[number];
      if (!card) return json(response, 402, { error: { type: 'card_error', code: 'incorrect_number', message: 'Your card number is incorrect.' } }, cors);
      const object = pathname === '/v1/tokens'
        ? { id: id('tok'), object: 'token', card: { brand: card.brand, last4: number.slice(-4) } }
        : { id: id('pm'), object: 'payment_method', type: 'card', card: { brand: card.brand.toLowerCase(), last4: number.slice(-4) } };
      state.tokens.set(object.id, { ...card, last4: number.slice(-4) });
      return json(response, 200, object, cors);
    }
    const confirm = /^\/v1\/payment_intents\/(pi_\w+)\/confirm$/.exec(pathname);
    if (confirm) {
      const params = await form();
      const intent = state.intents.get(confirm[1]);
      if (!intent || params.get('client_secret') !== intent.client_secret) return json(response, 404, { error: { type: 'invalid_request_error', message: 'No such payment_intent.' } }, cors);
      const method = state.tokens.get(params.get('payment_method'));
      intent.payment_method = params.get('payment_method');
      if (method.outcome === 'three_d_secure') {
        intent.status = 'requires_action';
        // Same shape as the simulator's (sim/src/payment_intents.cpp).
        intent.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `/v1/payment_intents/${intent.id}/_sim_authenticate` } };
      } else if (method.outcome === 'ok') {
        intent.status = 'succeeded';
        intent.latest_charge = chargeFor({ brand: method.brand, last4: method.last4 }, intent.amount, '').id;
      } else {
        intent.status = 'requires_payment_method';
        intent.last_payment_error = { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' };
      }
      return json(response, 200, intent, cors);
    }
    const threeDS = /^\/v1\/payment_intents\/(pi_\w+)\/_sim_authenticate$/.exec(pathname);
    if (threeDS) {
      const params = await form();
      const intent = state.intents.get(threeDS[1]);
      const method = state.tokens.get(intent.payment_method);
      delete intent.next_action;
      if (params.get('result') === 'approve') {
        intent.status = 'succeeded';
        intent.latest_charge = chargeFor({ brand: method.brand, last4: method.last4 }, intent.amount, '').id;
      } else {
        intent.status = 'requires_payment_method';
        intent.last_payment_error = { type: 'card_error', code: 'payment_intent_authentication_failure', message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.' };
      }
      return json(response, 200, intent, cors);
    }
    if (pathname === '/api/export/balance_transactions') {
      state.lastAuthorization = request.headers.authorization;
      // Like the proxy for a known token without the read scope.
      if (request.headers.authorization === 'Bearer spx_no_read') {
        return json(response, 403, { error: { type: 'invalid_request_error', code: 'permission_denied', message: "The proxy token 'no-read' does not have the 'read' scope." } });
      }
      if (request.headers.authorization !== 'Bearer spx_test_viewer') return json(response, 401, { error: { type: 'invalid_request_error', message: 'Invalid proxy token.' } });
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      // A slow export: the lines in `exportSlow.chunks` parts, `exportSlow.delayMs` apart;
      // with `exportSlow.dropAfter`, the connection is cut after that many parts (the proxy stopped).
      if (state.exportSlow) {
        const { chunks, delayMs, dropAfter } = state.exportSlow;
        const size = Math.ceil(state.exportLines.length / chunks);
        for (let part = 0; part < chunks; ++part) {
          if (dropAfter !== undefined && part === dropAfter) return response.socket.destroy();
          response.write(state.exportLines.slice(part * size, (part + 1) * size).map((line) => `${line}\n`).join(''));
          await new Promise((resolveDelay) => setTimeout(resolveDelay, delayMs));
        }
        return response.end();
      }
      if (state.exportFilterRange) {
        // Like the proxy: only created[gte] <= created < created[lt].
        const gte = Number(url.searchParams.get('created[gte]'));
        const lt = Number(url.searchParams.get('created[lt]'));
        const inRange = (line) => { const { created } = JSON.parse(line); return created >= gte && created < lt; };
        return response.end(state.exportLines.filter(inRange).map((line) => `${line}\n`).join(''));
      }
      const lines = state.exportLines.map((line) => `${line}\n`).join('');
      // Like the proxy when Stripe fails midway: what was fetched, then one error line.
      if (state.exportFailsMidway) {
        return response.end(`${lines}{"error":{"type":"api_error","code":"export_failed","message":"Stripe answered 500 while exporting; the export is incomplete."}}\n`);
      }
      return response.end(lines);
    }
    const chargeMatch = /^\/v1\/charges\/(ch_\w+)$/.exec(pathname);
    if (chargeMatch) {
      const charge = state.charges.find((entry) => entry.id === chargeMatch[1]);
      if (!charge) return json(response, 404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such charge: '${chargeMatch[1]}'` } });
      return json(response, 200, { object: 'charge', ...charge });
    }
    if (pathname === '/v1/refunds' && request.method === 'POST') {
      const params = await form();
      const key = request.headers['idempotency-key'];
      state.refunds.push({ key, charge: params.get('charge'), amount: Number(params.get('amount')) });
      if (state.idempotency.has(`refund:${key}`)) return json(response, 200, state.idempotency.get(`refund:${key}`));
      const charge = state.charges.find((entry) => entry.id === params.get('charge'));
      const amount = Number(params.get('amount'));
      if (charge.amount_refunded + amount > charge.amount) return json(response, 400, { error: { type: 'invalid_request_error', code: 'amount_too_large', message: 'Refund amount is greater than unrefunded amount on charge.' } });
      charge.amount_refunded += amount;
      charge.refunded = charge.amount_refunded === charge.amount;
      const refund = { id: id('re'), object: 'refund', amount, charge: charge.id, currency: 'eur', status: 'succeeded' };
      state.idempotency.set(`refund:${key}`, refund);
      state.exportLines.push(JSON.stringify({ id: id('txn'), object: 'balance_transaction', type: 'refund', currency: 'eur', amount: -amount, fee: 0, net: -amount, created: Math.floor(Date.now() / 1000), source: refund.id }));
      return json(response, 200, refund);
    }
    return serveFile(response, pathname);
  }

  const root = resolve(staticDir);
  async function serveFile(response, pathname) {
    try {
      let file = normalize(join(root, decodeURIComponent(pathname)));
      if (file !== root && !file.startsWith(root + sep)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-security-policy': csp(state.frameAncestors) });
      response.end(await readFile(file));
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found\n');
    }
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    state.requests.push(`${request.method} ${url.pathname}`);
    route(request, response, url).catch((error) => {
      if (!response.headersSent) json(response, 500, { error: { type: 'api_error', message: error.message } });
    });
  });
  await new Promise((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  return {
    state,
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolveClose) => { server.closeAllConnections(); server.close(resolveClose); }),
  };
}
