// The demo's public port in offline mode. The proxy's pages allow fetches to
// their own origin only (CSP connect-src 'self'), while the offline stripe.js
// stand-in must reach the simulator's browser endpoints. So one origin serves
// both: the few publishable-key calls Stripe.js makes go to the simulator,
// everything else to the proxy, unchanged. /api/config gains "stripe_js_api"
// (this origin) so the checkout page finds the stand-in's API by itself.
import { createServer, request as httpRequest } from 'node:http';
import { portInUseMessage } from './ports.mjs';

const STANDIN_PATHS = [
  /^\/v1\/tokens$/,
  /^\/v1\/payment_methods$/,
  /^\/v1\/payment_intents\/[A-Za-z0-9_]+\/(confirm|_sim_authenticate)$/,
];
const MAX_STANDIN_BODY = 64 * 1024;

/**
 * Where a request goes: "simulator" only for a POST with a publishable key to
 * one of the stand-in's endpoints (what js.stripe.com would receive),
 * "config" for GET /api/config, otherwise "proxy".
 */
export function routeRequest(method, url, authorization = '') {
  const path = url.split('?')[0];
  if (method === 'POST' && /^Bearer pk_(test|live)_[A-Za-z0-9_]+$/.test(authorization)
      && STANDIN_PATHS.some((pattern) => pattern.test(path))) {
    return 'simulator';
  }
  if (method === 'GET' && path === '/api/config') return 'config';
  return 'proxy';
}

/** Adds the stand-in's API address to the proxy's /api/config answer. */
export function withStandInApi(configBody, origin) {
  const config = JSON.parse(configBody);
  return JSON.stringify({ ...config, stripe_js_api: origin });
}

/** The page's own origin (127.0.0.1 or localhost on this port), else the default. */
export function sameOrigin(host, fallback) {
  const port = new URL(fallback).port;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` ? `http://${host}` : fallback;
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer'];
function endToEnd(headers, drop = []) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.includes(name) && !drop.includes(name)));
}

function forward(incoming, outgoing, target, { onBody } = {}) {
  const url = new URL(target);
  const headers = { ...endToEnd(incoming.headers), host: url.host };
  const upstream = httpRequest({
    host: url.hostname, port: url.port, method: incoming.method, path: incoming.url, headers,
    agent: false,  // no idle keep-alive connections to hold the proxy up when it stops
  }, (answer) => {
    // A cut-off answer (the export's failure signal: no terminating chunk) stays cut off.
    answer.on('close', () => { if (!answer.complete) outgoing.destroy(); });
    if (!onBody) {
      outgoing.writeHead(answer.statusCode, endToEnd(answer.headers));
      answer.pipe(outgoing);
      return;
    }
    const chunks = [];
    answer.on('data', (chunk) => chunks.push(chunk));
    answer.on('end', () => {
      const { body, headers: changed } = onBody(answer, Buffer.concat(chunks).toString());
      outgoing.writeHead(answer.statusCode,
        { ...endToEnd(answer.headers, ['transfer-encoding', 'content-length']), ...changed, 'content-length': Buffer.byteLength(body) });
      outgoing.end(body);
    });
  });
  upstream.on('error', () => {
    if (!outgoing.headersSent) {
      outgoing.writeHead(502, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ error: { type: 'api_error', message: 'The demo could not reach its local service.' } }));
    } else {
      outgoing.destroy();
    }
  });
  outgoing.on('close', () => { if (!outgoing.writableFinished) upstream.destroy(); });
  incoming.pipe(upstream);
}

/**
 * Listens on 127.0.0.1:port (0 = any free port) and forwards as routeRequest
 * says. `targets()` -> { proxy, simulator } base URLs (known after the proxy
 * starts). Resolves to { server, port, origin, close() }; rejects with a clear
 * message when the port is taken.
 */
export function startFrontDoor(port, targets) {
  let origin = '';
  const server = createServer((incoming, outgoing) => {
    const route = routeRequest(incoming.method, incoming.url, incoming.headers.authorization);
    const { proxy, simulator } = targets();
    if (route === 'simulator') {
      if (Number(incoming.headers['content-length'] ?? 0) > MAX_STANDIN_BODY) {
        outgoing.writeHead(413, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'Request body too large.' } }));
        incoming.resume();
        return;
      }
      forward(incoming, outgoing, simulator);
    } else if (route === 'config') {
      forward(incoming, outgoing, proxy, {
        onBody: (answer, body) => (answer.statusCode === 200
          ? { body: withStandInApi(body, sameOrigin(incoming.headers.host, origin)), headers: {} }
          : { body, headers: {} }),
      });
    } else {
      forward(incoming, outgoing, proxy);
    }
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', (error) => reject(error.code === 'EADDRINUSE' ? new Error(portInUseMessage(port)) : error));
    server.listen(port, '127.0.0.1', () => {
      const bound = server.address().port;
      origin = `http://127.0.0.1:${bound}`;
      resolveStart({
        server, port: bound, origin,
        close: () => new Promise((resolveClose) => {
          server.close(() => resolveClose());
          server.closeAllConnections();
        }),
      });
    });
  });
}
