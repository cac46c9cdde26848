// startDemo(): the whole demo as one function (scripts/start.mjs wraps it with
// signal handling; tests/browser/demo.test.mjs calls it directly).
//   offline (default): seeded stripe-sim, and stripe-proxy (mode demo,
//     serving build/web) on the public port; the proxy's config names the
//     simulator as stripe_js_api, so the offline stripe.js stand-in in the
//     page calls the simulator directly (its CORS endpoints) under the
//     proxy's CSP;
//   real Stripe (STRIPE_SECRET_KEY + STRIPE_PUBLISHABLE_KEY, test keys only:
//     live keys sell from the shop's own config, scripts/shop/start_shop.mjs):
//     stripe-proxy on the public port, upstream api.stripe.com, pages built
//     without the stand-in.
// The secret reaches the proxy through its environment only.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SIM_BINARY, SIM_PUBLISHABLE_KEY, SIM_SECRET_KEY } from '../../sim/js/simulator_process.mjs';
import { startListening } from './processes.mjs';
import { claimPort } from './ports.mjs';
import { STRIPE_API, parseTokenCreate, proxyConfig, realStripeMode } from './proxy_config.mjs';

export const PROXY_BINARY = resolve('build/native/proxy/stripe-proxy');
export const DEMO_DIR = resolve('build/demo');

/** The environment of a child: ours without any Stripe key, plus `extra`. */
function childEnv(env, extra = {}) {
  const clean = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('STRIPE_')));
  return { ...clean, ...extra };
}

/** A fresh admin token (scopes read,refund) and its config entry, from the proxy's own CLI. */
function createAdminToken(env) {
  let stdout;
  try {
    stdout = execFileSync(PROXY_BINARY, ['token', 'create', '--scopes', 'read,refund', '--name', 'demo-admin'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: childEnv(env) });
  } catch (error) {
    throw new Error(error.code === 'ENOENT'
      ? `${PROXY_BINARY} is not built: run npm run build (npm start builds it first)`
      : `stripe-proxy token create failed: ${error.message}`);
  }
  return parseTokenCreate(stdout);
}

async function writeConfig(dir, config) {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'proxy.json');
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/**
 * Starts the demo. Options: port (public port, 0 = any free one), env
 * (default process.env), seed {charges, weeks}, dir (where proxy.json goes),
 * onUnexpectedExit(name, code, stderrTail), echoStderr (children's logs to ours),
 * paymentFlow ("charges" | "payment_intents", see paymentFlowFromEnv). Resolves to
 *   { mode, origin, checkoutUrl, viewerUrl, token, simulatorUrl, proxyUrl, pids, stop() }.
 * On failure everything started is stopped before the error is thrown.
 */
export async function startDemo({
  port = 8080, env = process.env, seed = { charges: 2000, weeks: 8 }, dir = DEMO_DIR,
  onUnexpectedExit = () => {}, echoStderr = false, paymentFlow,
} = {}) {
  const stops = [];
  const children = [];
  let stopping = null;  // the one stop in progress (stop() is idempotent)
  const stop = () => {
    stopping ??= (async () => {
      const failures = [];
      for (const stopOne of stops.reverse()) {
        try { await stopOne(); } catch (error) { failures.push(error.message); }
      }
      if (failures.length) throw new Error(`stopping the demo: ${failures.join('; ')}`);
    })();
    return stopping;
  };
  // If node exits without stop() (an uncaught error), still take the children down.
  const killLeftovers = () => { for (const service of children) if (service.child.exitCode === null) service.child.kill('SIGKILL'); };
  process.once('exit', killLeftovers);
  stops.unshift(async () => process.off('exit', killLeftovers));
  const watch = (service) => {
    children.push(service);
    stops.push(() => service.stop());
    service.exited.then((code) => { if (!stopping) onUnexpectedExit(service.name, code, service.stderrTail()); });
  };

  try {
    const { token, entry } = createAdminToken(env);
    const real = Boolean(env.STRIPE_SECRET_KEY);
    let origin;
    let simulator = null;
    let proxy;
    if (real) {
      const mode = realStripeMode(env.STRIPE_SECRET_KEY, env.STRIPE_PUBLISHABLE_KEY);
      if (mode === 'live') {
        throw new Error('live keys sell from your own config, never the demo catalog: npm run setup, then PROXY_CONFIG=shop/proxy.json npm start (see "Going live" in README.md)');
      }
      const publicPort = await claimPort(port);
      // Production pages: Stripe.js from js.stripe.com, no stand-in.
      const { buildWeb } = await import('../../web/build.mjs');
      const staticDir = await buildWeb({ outdir: join(dir, 'web'), standIn: false });
      const configFile = await writeConfig(dir, proxyConfig({
        listenPort: publicPort, publicPort, upstream: STRIPE_API, publishableKey: env.STRIPE_PUBLISHABLE_KEY,
        mode, staticDir, tokenEntry: entry, paymentFlow,
      }));
      proxy = await startListening({
        name: 'stripe-proxy', binary: PROXY_BINARY, args: ['serve', '--config', configFile], echoStderr,
        env: childEnv(env, { STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY }),
      });
      watch(proxy);
      origin = proxy.url;
    } else {
      let publicPort = await claimPort(port);
      simulator = await startListening({
        name: 'stripe-sim', binary: SIM_BINARY, echoStderr, env: childEnv(env),
        args: ['--listen', '127.0.0.1:0', '--seed', '42', '--seed-charges', String(seed.charges),
          '--seed-weeks', String(seed.weeks), '--quiet'],
      });
      watch(simulator);
      // With PORT=0 the simulator could be given the port just released; pick another then.
      if (simulator.port === publicPort) publicPort = await claimPort(0);
      const configFile = await writeConfig(dir, proxyConfig({
        listenPort: publicPort, publicPort, upstream: simulator.url, publishableKey: SIM_PUBLISHABLE_KEY,
        mode: 'demo', staticDir: resolve('build/web'), tokenEntry: entry, stripeJsApi: simulator.url, paymentFlow,
      }));
      proxy = await startListening({
        name: 'stripe-proxy', binary: PROXY_BINARY, args: ['serve', '--config', configFile], echoStderr,
        env: childEnv(env, { STRIPE_SECRET_KEY: SIM_SECRET_KEY }),
      });
      watch(proxy);
      origin = proxy.url;
    }
    return {
      mode: real ? 'real' : 'demo',
      origin,
      checkoutUrl: `${origin}/checkout/`,
      viewerUrl: `${origin}/report/`,
      token,
      simulatorUrl: simulator?.url ?? null,
      proxyUrl: proxy.url,
      pids: children.map((child) => child.child.pid),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
