// npm run bench:proxy — not a test. The same loopback upstream reached
// directly, through stripe-proxy, and through nginx (proxy_pass + a fixed
// Authorization header), with wrk at a few concurrencies; then the proxy's
// RSS; then the export of 20k balance transactions from the simulator at
// 150 ms per page and 25 req/s against the rate bound (pages / rate).
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const concurrencies = (process.env.BENCH_CONNECTIONS ?? '8,64,256').split(',').map(Number);
const work = mkdtempSync(join(tmpdir(), 'stripe-proxy-bench-'));
const secret = `sk_test_${randomBytes(12).toString('hex')}`;
const token = `spx_${randomBytes(32).toString('hex')}`;
const children = [];
process.on('exit', () => { for (const child of children) child.kill('SIGTERM'); });

const charge = JSON.stringify({ id: 'ch_bench', object: 'charge', amount: 2500, currency: 'eur', status: 'succeeded', customer: 'cus_bench', created: 1700000000, metadata: {} });

// The shared upstream: a minimal Stripe-like answer, keep-alive.
async function startUpstream() {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_bench', 'content-length': Buffer.byteLength(charge) });
    res.end(charge);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function waitForLine(child, pattern) {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no ready line: ${text}`)), 120_000);
    child.stdout.on('data', (d) => {
      text += d;
      const match = text.match(pattern);
      if (match) { clearTimeout(timer); resolve(match); }
    });
  });
}

async function startProxy(upstream, extra = {}) {
  const config = {
    listen: '127.0.0.1:0', upstream, publishable_key: 'pk_test_bench', mode: 'test',
    tokens: [{ name: 'bench', sha256: createHash('sha256').update(token).digest('hex'), scopes: ['read'] }],
    limits: { rate_per_second: 10_000, max_upstream_concurrency: 4096, ...extra },
  };
  const file = join(work, `proxy-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(config));
  const child = spawn('build/native/proxy/stripe-proxy', ['serve', '--config', file], {
    env: { PATH: process.env.PATH, STRIPE_SECRET_KEY: secret }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const [, port] = await waitForLine(child, /listening on http:\/\/127\.0\.0\.1:(\d+)/);
  return { child, port: Number(port) };
}

async function startNginx(upstreamPort) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const conf = join(work, 'nginx.conf');
  writeFileSync(conf, `worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${work}/body; proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi; uwsgi_temp_path ${work}/uwsgi; scgi_temp_path ${work}/scgi;
  upstream stripe { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://stripe;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer ${secret}";
      proxy_set_header Stripe-Version "2022-11-15";
    }
  }
}
`);
  const child = spawn('nginx', ['-c', conf, '-p', work], { stdio: 'ignore' });
  children.push(child);
  for (let i = 0; i < 50; i++) {
    try { await fetch(`http://127.0.0.1:${port}/v1/charges/ch_bench`); return { child, port }; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  throw new Error('nginx did not start');
}

// Async, so that the upstream served from this process keeps answering.
async function wrk(port, connections) {
  const { stdout: out } = await promisify(execFile)('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '-H', `Authorization: Bearer ${token}`,
    `http://127.0.0.1:${port}/v1/charges/ch_bench`], { encoding: 'utf8' });
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]);
  const toMs = (value, unit) => Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit]);
  const p = (q) => { const m = out.match(new RegExp(`\\s${q}%\\s+([\\d.]+)(us|ms|s)`)); return toMs(m[1], m[2]); };
  const errors = out.match(/Non-2xx or 3xx responses: (\d+)/);
  return { rps, p50: p(50), p99: p(99), non2xx: errors ? Number(errors[1]) : 0 };
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))[1]);
  return { rss: (kb('VmRSS') / 1024).toFixed(1), peak: (kb('VmHWM') / 1024).toFixed(1) };
}

async function throughput() {
  const upstream = await startUpstream();
  const upstreamPort = upstream.address().port;
  const proxy = await startProxy(`http://127.0.0.1:${upstreamPort}`);
  const nginx = await startNginx(upstreamPort);
  console.log(`wrk -t2, ${seconds}s per run, GET /v1/charges/ch_bench; node upstream; nginx worker_processes 1, proxy 1 thread`);
  console.log('conns | target | req/s   | p50 ms | p99 ms | non-2xx');
  for (const connections of concurrencies) {
    const rows = {};
    for (const [name, port] of [['direct', upstreamPort], ['proxy', proxy.port], ['nginx', nginx.port]]) {
      rows[name] = await wrk(port, connections);
      const r = rows[name];
      console.log(`${String(connections).padStart(5)} | ${name.padEnd(6)} | ${r.rps.toFixed(0).padStart(7)} | ${r.p50.toFixed(2).padStart(6)} | ${r.p99.toFixed(2).padStart(6)} | ${r.non2xx}`);
    }
    console.log(`      proxy/nginx throughput ${(rows.proxy.rps / rows.nginx.rps).toFixed(2)}x; added p99 vs direct: proxy ${(rows.proxy.p99 - rows.direct.p99).toFixed(2)} ms, nginx ${(rows.nginx.p99 - rows.direct.p99).toFixed(2)} ms`);
  }
  const rss = rssMb(proxy.child.pid);
  console.log(`proxy RSS ${rss.rss} MB (peak ${rss.peak} MB)`);
  proxy.child.kill('SIGTERM');
  nginx.child.kill('SIGQUIT');
  upstream.close();
}

async function exportTiming() {
  const sim = 'build/native/sim/stripe-sim';
  if (!existsSync(sim)) { console.log('export: skipped (build/native/sim/stripe-sim not built)'); return; }
  const simChild = spawn(sim, ['--listen', '127.0.0.1:0', '--secret-key', secret, '--seed', '42', '--seed-charges', '20000', '--seed-weeks', '12', '--latency-ms', '150'],
    { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(simChild);
  const [, simPort] = await waitForLine(simChild, /listening on http:\/\/127\.0\.0\.1:(\d+)/);
  const proxy = await startProxy(`http://127.0.0.1:${simPort}`, { rate_per_second: 25, max_upstream_concurrency: 64, export_windows: 32 });
  const now = Math.floor(Date.now() / 1000);
  const from = now - 400 * 86400;
  const t0 = Date.now();
  const response = await fetch(`http://127.0.0.1:${proxy.port}/api/export/balance_transactions?created[gte]=${from}&created[lt]=${now + 86400}`,
    { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  const elapsed = (Date.now() - t0) / 1000;
  const lines = text.trimEnd().split('\n').length;
  const stats = await (await fetch(`http://127.0.0.1:${simPort}/_sim/stats`, { headers: { authorization: `Bearer ${secret}` } })).json();
  const pages = stats.requests - 0;
  const bound = Math.ceil(lines / 100) / 25;
  console.log(`export: ${lines} balance transactions, ${pages} upstream requests, ${elapsed.toFixed(2)} s; rate bound (full pages / 25 per s) ${bound.toFixed(2)} s -> ${(elapsed / bound).toFixed(2)}x; sequential at 150 ms/page would be ${(Math.ceil(lines / 100) * 0.15).toFixed(1)} s`);
  proxy.child.kill('SIGTERM');
  simChild.kill('SIGTERM');
}

await throughput();
await exportTiming();
process.exit(0);
