// Starts the real simulator and the real proxy (pointed at it, serving
// build/web) for the browser tests, on 127.0.0.1 ephemeral ports, and stops
// them. The proxy's checkout accepts only listed origins and the browser sends
// its own origin, so the proxy's port is chosen first (a free port found by
// binding port 0) and listed in allowed_origins. The proxy names the simulator
// as its demo stripe_js_api, so the stand-in reaches it under the real CSP.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';

export const SIM_BINARY = resolve('build/native/sim/stripe-sim');
export const PROXY_BINARY = resolve('build/native/proxy/stripe-proxy');
export const CATALOG = [
  { sku: 'tshirt', name: 'T-shirt', unit_amount: 2500, currency: 'eur' },
  { sku: 'mug', name: 'Mug', unit_amount: 1250, currency: 'eur' },
];

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Spawns a process and resolves to { child, url } once it prints "... listening on URL". */
async function startListening(binary, args, env = {}) {
  const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.on('data', (chunk) => { stderr.push(chunk); if (stderr.length > 200) stderr.shift(); });
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`${binary} did not start: ${Buffer.concat(stderr)}`)), 20000);
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (match) { clearTimeout(timer); resolveUrl(match[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${binary} exited ${code}: ${Buffer.concat(stderr)}`)); });
  });
  child.stdout.resume();
  return { child, url, stderr };
}

async function stop(child) {
  // A child killed by a signal has exitCode null and signalCode set: it has exited too.
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await once(child, 'exit');
  clearTimeout(timer);
}

/**
 * Starts the simulator (seeded) and the proxy in demo mode. `proxyConfig` adds
 * or overrides proxy config keys (e.g. { payment_flow: 'payment_intents' }).
 * Resolves to { simUrl, proxyUrl, token, simStats(), setFaults(), close() }.
 */
export async function startLiveStack({
  staticDir = resolve('build/web'), seedCharges = 300, seedWeeks = 6, extraOrigins = [], proxyConfig = {},
} = {}) {
  const workdir = await mkdtemp(join(tmpdir(), 'web-live-'));
  const sim = await startListening(SIM_BINARY, ['--listen', '127.0.0.1:0', '--seed', '42',
    '--seed-charges', String(seedCharges), '--seed-weeks', String(seedWeeks), '--rate-limit', '0']);
  let proxy;
  try {
    const [token, entryLine] = execFileSync(PROXY_BINARY, ['token', 'create', '--scopes', 'read,refund', '--name', 'viewer'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
    const port = await freePort();
    const proxyUrl = `http://127.0.0.1:${port}`;
    const configFile = join(workdir, 'proxy.json');
    await writeFile(configFile, JSON.stringify({
      listen: `127.0.0.1:${port}`, upstream: sim.url, stripe_version: '2022-11-15',
      publishable_key: 'pk_test_simulator', mode: 'demo', allowed_origins: [proxyUrl, ...extraOrigins],
      static_dir: staticDir, tokens: [JSON.parse(entryLine)], catalog: CATALOG, stripe_js_api: sim.url,
      ...proxyConfig,
    }));
    proxy = await startListening(PROXY_BINARY, ['serve', '--config', configFile], { STRIPE_SECRET_KEY: 'sk_test_simulator' });
    const control = (path, init = {}) => fetch(`${sim.url}${path}`, {
      ...init, headers: { authorization: 'Bearer sk_test_simulator', 'content-type': 'application/json', ...init.headers },
    }).then((response) => response.json());
    return {
      simUrl: sim.url, proxyUrl: proxy.url, token,
      proxyLog: () => Buffer.concat(proxy.stderr).toString(),
      simStats: () => control('/_sim/stats'),
      setFaults: (faults) => control('/_sim/faults', { method: 'POST', body: JSON.stringify(faults) }),
      /** GET on the simulator with the secret key (what the tests check behind the proxy's back). */
      simGet: (path) => control(path),
      /** Kills only the proxy (SIGKILL: a crash, not a graceful stop that would finish the export). */
      async killProxy() {
        if (proxy.child.exitCode !== null || proxy.child.signalCode !== null) return;
        proxy.child.kill('SIGKILL');
        await once(proxy.child, 'exit');
      },
      async close() {
        await stop(proxy?.child);
        await stop(sim.child);
        await rm(workdir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stop(proxy?.child);
    await stop(sim.child);
    await rm(workdir, { recursive: true, force: true });
    throw error;
  }
}
