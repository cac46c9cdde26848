// Only in pages built for a static host on another origin than the proxy
// (node web/build.mjs --production --proxy-origin https://pay.shop.example):
// web/build.mjs injects this module as the bundles' `fetch`, so the pages'
// calls to the proxy's public endpoints ("/api/...") go to the proxy's origin
// (CORS: the static host's origin must be in the proxy's allowed_origins).
// Anything else is fetched exactly as given. Pages built without
// --proxy-origin never include it and call their own origin.
/* global __STRIPE_PROXY_ORIGIN__ */
const proxyOrigin = __STRIPE_PROXY_ORIGIN__;

function fetchFromProxy(input, init) {
  if (typeof input === 'string' && input.startsWith('/api/')) return globalThis.fetch(new URL(input, proxyOrigin).href, init);
  return globalThis.fetch(input, init);
}

export { fetchFromProxy as fetch };
