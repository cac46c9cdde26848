// Bundles the static pages with esbuild into build/web/ (plain files any static
// host can serve): one folder per page, the report core's wasm beside the
// report worker, and the offline stripe.js stand-in unless --production.
// --proxy-origin: for a static host on another origin than the proxy; the
// checkout then calls that origin's /api/... (web/shared/proxy_origin_fetch.mjs).
//   node web/build.mjs [--production] [--outdir DIR] [--proxy-origin https://pay.shop.example]
import * as esbuild from 'esbuild';
import { cp, copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The core's zoneinfo.mjs fetches TZif files relative to its own source
// location (build/wasm/zoneinfo/); in the bundle they sit beside the worker.
const zoneinfoNextToBundle = {
  name: 'zoneinfo-next-to-bundle',
  setup(build) {
    build.onLoad({ filter: /wasm[\\/]js[\\/]zoneinfo\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const rewritten = source.replace("new URL('../../build/wasm/zoneinfo/', import.meta.url)", "new URL('./zoneinfo/', import.meta.url)");
      if (rewritten === source) throw new Error('zoneinfo.mjs no longer names ../../build/wasm/zoneinfo/; update web/build.mjs');
      return { contents: rewritten, loader: 'js' };
    });
  },
};

const COMMON = {
  bundle: true, format: 'esm', target: ['chrome109', 'firefox115', 'safari16'],
  logLevel: 'warning', legalComments: 'none', sourcemap: false,
};

/**
 * The offline Stripe.js stand-in into `outdir`: stripe.js (a classic script),
 * its stylesheet, and the bank page it frames when it plays Stripe.js
 * (three_d_secure_frame.html). Resolves to `outdir`.
 */
export async function buildStandIn({ outdir, minify = true }) {
  await esbuild.build({
    ...COMMON, minify, format: 'iife',
    entryPoints: { stripe: join(root, 'web/stripe-standin/stripe.mjs') },
    outdir,
  });
  for (const file of ['stripe.css', 'three_d_secure_frame.html']) {
    await copyFile(join(root, 'web/stripe-standin', file), join(outdir, file));
  }
  return outdir;
}

/**
 * Builds the pages into `outdir`. `coreModule` is the module the report worker
 * imports as 'report-core' (the wasm core's JS API; tests may point it at a fake).
 * `standIn` controls whether the offline stripe.js stand-in is emitted.
 * `proxyOrigin` ("https://pay.shop.example"): the pages' /api/ calls go there
 * instead of to their own origin (pages on a static host, the proxy elsewhere).
 */
export async function buildWeb({
  outdir = join(root, 'build/web'),
  coreModule = join(root, 'wasm/js/index.mjs'),
  standIn = true,
  minify = true,
  proxyOrigin,
} = {}) {
  if (proxyOrigin !== undefined && !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(proxyOrigin)) {
    throw new Error(`--proxy-origin must be scheme://host[:port], e.g. https://pay.shop.example, not "${proxyOrigin}"`);
  }
  await rm(outdir, { recursive: true, force: true });
  const common = { ...COMMON, minify };
  await esbuild.build({
    ...common,
    entryPoints: [
      { in: join(root, 'web/report/main.mjs'), out: 'report/main' },
      { in: join(root, 'web/report/report_worker.mjs'), out: 'report/report_worker' },
      { in: join(root, 'web/report/main.css'), out: 'report/main' },
      { in: join(root, 'web/checkout/main.mjs'), out: 'checkout/main' },
      { in: join(root, 'web/checkout/main.css'), out: 'checkout/main' },
    ],
    outdir,
    alias: { 'report-core': coreModule },
    // The core's loader reads files only under Node; never in these bundles.
    external: ['node:*'],
    loader: { '.css': 'css' },
    plugins: [zoneinfoNextToBundle],
    ...(proxyOrigin ? {
      inject: [join(root, 'web/shared/proxy_origin_fetch.mjs')],
      define: { __STRIPE_PROXY_ORIGIN__: JSON.stringify(proxyOrigin) },
    } : {}),
  });
  // Classic scripts: the embed snippet and the stripe.js stand-in are loaded by <script src>.
  await esbuild.build({
    ...common, format: 'iife',
    entryPoints: { 'checkout/embed': join(root, 'web/checkout/embed.mjs') },
    outdir,
  });
  if (standIn) await buildStandIn({ outdir: join(outdir, 'stripe-standin'), minify });
  for (const page of ['report', 'checkout']) {
    await copyFile(join(root, `web/${page}/index.html`), join(outdir, page, 'index.html'));
  }
  await copyFile(join(root, 'web/index.html'), join(outdir, 'index.html'));
  await copyFile(join(root, 'web/checkout/embed-example.html'), join(outdir, 'checkout/embed-example.html'));
  await mkdir(join(outdir, 'report'), { recursive: true });
  await copyFile(join(root, 'build/wasm/wasm/stripe_report_core.wasm'), join(outdir, 'report/stripe_report_core.wasm'));
  await cp(join(root, 'build/wasm/zoneinfo'), join(outdir, 'report/zoneinfo'), { recursive: true });
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const valueOf = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const outdir = await buildWeb({
    standIn: !args.includes('--production'),
    ...(valueOf('--outdir') ? { outdir: resolve(valueOf('--outdir')) } : {}),
    proxyOrigin: valueOf('--proxy-origin'),
  });
  console.log(`web: built ${outdir}`);
}
