// npm start with PROXY_CONFIG: the shop's own proxy config (npm run setup),
// served as it is: its catalog, its tokens (none is made), its listen address
// (PORT, when set, overrides it), upstream api.stripe.com unless the config
// says otherwise. The secret key comes from STRIPE_SECRET_KEY or the config's
// secret_key_file and reaches the proxy through its environment only. A
// config whose static_dir is this repository's dist/ gets the production pages
// built there if they are missing.
import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startListening } from '../demo/processes.mjs';
import { PROXY_BINARY } from '../demo/start_demo.mjs';
import { publicPort } from '../demo/ports.mjs';

/** The environment of the proxy: ours without Stripe keys, plus the secret if given. */
function proxyEnv(env) {
  const clean = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('STRIPE_')));
  return env.STRIPE_SECRET_KEY ? { ...clean, STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY } : clean;
}

async function readShopConfig(file) {
  let text;
  try { text = await readFile(file, 'utf8'); } catch { throw new Error(`PROXY_CONFIG=${file} cannot be read (npm run setup writes one)`); }
  try { return JSON.parse(text); } catch (error) { throw new Error(`PROXY_CONFIG=${file} is not valid JSON (${error.message})`); }
}

/**
 * startShop({ configFile, env, echoStderr, onUnexpectedExit }) ->
 *   { mode, config, proxyUrl, checkoutUrl, viewerUrl, pids, stop() }
 */
export async function startShop({ configFile, env = process.env, echoStderr = false, onUnexpectedExit = () => {} }) {
  const file = resolve(configFile);
  const config = await readShopConfig(file);
  if (!env.STRIPE_SECRET_KEY && !config.secret_key_file) {
    throw new Error(`set STRIPE_SECRET_KEY (or "secret_key_file" in ${file}): the secret key is never in the config`);
  }
  if (config.static_dir === resolve('dist') && !(await access(resolve('dist/checkout/index.html')).then(() => true, () => false))) {
    const { buildWeb } = await import('../../web/build.mjs');
    await buildWeb({ outdir: resolve('dist'), standIn: false });
  }
  const args = ['serve', '--config', file];
  if (env.PORT !== undefined && env.PORT !== '') args.push('--listen', `127.0.0.1:${publicPort(env.PORT)}`);
  const proxy = await startListening({ name: 'stripe-proxy', binary: PROXY_BINARY, args, echoStderr, env: proxyEnv(env) });
  let stopping = null;
  const killLeftover = () => { if (proxy.child.exitCode === null) proxy.child.kill('SIGKILL'); };
  process.once('exit', killLeftover);
  proxy.exited.then((code) => { if (!stopping) onUnexpectedExit(proxy.name, code, proxy.stderrTail()); });
  return {
    mode: config.mode,
    config,
    proxyUrl: proxy.url,
    checkoutUrl: config.static_dir ? `${proxy.url}/checkout/` : null,
    viewerUrl: config.static_dir ? `${proxy.url}/report/` : null,
    pids: [proxy.child.pid],
    stop() {
      stopping ??= proxy.stop().then(() => { process.off('exit', killLeftover); });
      return stopping;
    },
  };
}
