// npm run bench:proxy — not a test. The same loopback upstream (a node
// process) reached directly, through stripe-proxy, and through nginx
// configured as a competent operator would (proxy_pass + a fixed Authorization
// header, worker_processes auto, keep-alive to the upstream, buffered access
// log), with wrk at a few concurrencies. Each run measures the three targets
// side by side (order rotated), after a warm-up; the table shows medians over
// BENCH_RUNS runs. Then the proxy's RSS; the added p99 at 64 connections
// under a fixed offered rate below saturation (BENCH_LATENCY_RATE, default
// 2000 req/s per target, the three targets interleaved in each run of the
// native bench/latency_probe); and the export of 20k balance
// transactions from the simulator at 150 ms per page and 25 req/s against the
// rate bound (pages / rate).
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedRateLatency } from './proxy_latency.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const concurrencies = (process.env.BENCH_CONNECTIONS ?? '8,64,256').split(',').map(Number);
const parts = (process.env.BENCH_PARTS ?? 'throughput,latency,export').split(',');
const latencyRate = Number(process.env.BENCH_LATENCY_RATE ?? 2000);
const proxyBinary = process.env.STRIPE_PROXY_BIN ?? 'build/native/proxy/stripe-proxy';
const work = mkdtempSync(join(tmpdir(), 'stripe-proxy-bench-'));
const secret = `sk_test_${randomBytes(12).toString('hex')}`;
const token = `spx_${randomBytes(32).toString('hex')}`;
const children = [];
process.on('exit', () => { for (const child of children) child.kill('SIGTERM'); });

const median = (values) => { const s = [...values].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

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

async function startUpstream() {
  const child = spawn(process.execPath, ['bench/proxy_upstream.mjs'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [, port] = await waitForLine(child, /listening on http:\/\/127\.0\.0\.1:(\d+)/);
  return { child, port: Number(port) };
}

async function startProxy(upstream, extra = {}) {
  const config = {
    listen: '127.0.0.1:0', upstream, publishable_key: 'pk_test_bench', mode: 'test',
    tokens: [{ name: 'bench', sha256: createHash('sha256').update(token).digest('hex'), scopes: ['read'] }],
    // A budget far above what the loopback upstream can serve: the bench
    // measures the proxying, not the (tested) rate limiter.
    limits: { rate_per_second: 1_000_000, max_upstream_concurrency: 1024, ...extra },
  };
  const file = join(work, `proxy-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(config));
  // The access log stays on (as nginx's does) but goes to a file, not the terminal.
  const child = spawn('bash', ['-c', `exec "$0" serve --config "$1" 2>>"$2"`, proxyBinary, file, join(work, 'proxy-access.log')], {
    env: { PATH: process.env.PATH, STRIPE_SECRET_KEY: secret }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const [, port] = await waitForLine(child, /listening on http:\/\/127\.0\.0\.1:(\d+)/);
  return { child, port: Number(port), pids: [child.pid] };
}

async function startNginx(upstreamPort) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const conf = join(work, 'nginx.conf');
  writeFileSync(conf, `worker_processes auto;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log;
daemon off;
events { worker_connections 4096; }
http {
  access_log ${work}/nginx-access.log combined buffer=64k flush=1s;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path ${work}/body; proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi; uwsgi_temp_path ${work}/uwsgi; scgi_temp_path ${work}/scgi;
  upstream stripe { server 127.0.0.1:${upstreamPort}; keepalive 1024; keepalive_requests 1000000; keepalive_timeout 120s; }
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
    try {
      await fetch(`http://127.0.0.1:${port}/v1/charges/ch_bench`);
      const workers = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
        try { return readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1] === String(child.pid); } catch { return false; }
      }).map(Number);
      return { child, port, pids: workers };
    } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  throw new Error('nginx did not start');
}

// CPU seconds (user + system) used so far by `pids`.
function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); ticks += Number(f[11]) + Number(f[12]); } catch { /* gone */ }
  }
  return ticks / 100;
}

async function wrk(port, connections, duration = seconds) {
  const { stdout: out } = await promisify(execFile)('wrk', ['-t2', `-c${connections}`, `-d${duration}s`, '--latency', '-H', `Authorization: Bearer ${token}`,
    `http://127.0.0.1:${port}/v1/charges/ch_bench`], { encoding: 'utf8' });
  const toMs = (value, unit) => Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit]);
  const p = (q) => { const m = out.match(new RegExp(`\\s${q}%\\s+([\\d.]+)(us|ms|s)`)); return toMs(m[1], m[2]); };
  const errors = out.match(/Non-2xx or 3xx responses: (\d+)/);
  const socketErrors = out.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  return {
    rps: Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]), requests: Number(out.match(/(\d+) requests in/)[1]),
    p50: p(50), p99: p(99), failures: (errors ? Number(errors[1]) : 0) + (socketErrors ? socketErrors.slice(1).reduce((s, x) => s + Number(x), 0) : 0),
  };
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))[1]);
  return { rss: (kb('VmRSS') / 1024).toFixed(1), peak: (kb('VmHWM') / 1024).toFixed(1) };
}

const f0 = (x) => x.toFixed(0).padStart(6);
const f2 = (x) => x.toFixed(2).padStart(6);

async function throughput() {
  const upstream = await startUpstream();
  const proxy = await startProxy(`http://127.0.0.1:${upstream.port}`);
  const nginx = await startNginx(upstream.port);
  const targets = { direct: { port: upstream.port, pids: [] }, proxy, nginx };
  console.log(`wrk -t2, ${seconds}s per run, ${runs} runs per concurrency (targets rotated, 1s warm-up each), GET /v1/charges/ch_bench`);
  console.log(`node upstream (own process); proxy: 1 thread; nginx: worker_processes auto (${nginx.pids.length} workers), upstream keepalive 1024`);
  console.log(`load average at start: ${load()}`);
  const summary = [];
  for (const connections of concurrencies) {
    const results = { direct: [], proxy: [], nginx: [] };
    const ratios = [];
    for (const name of Object.keys(targets)) await wrk(targets[name].port, connections, 1);
    for (let run = 0; run < runs; run++) {
      const order = Object.keys(targets);
      for (let i = 0; i < run % order.length; i++) order.push(order.shift());
      const row = {};
      for (const name of order) {
        const before = cpuSeconds(targets[name].pids);
        row[name] = await wrk(targets[name].port, connections);
        row[name].cpuUsPerRequest = ((cpuSeconds(targets[name].pids) - before) * 1e6) / row[name].requests;
        results[name].push(row[name]);
      }
      ratios.push(row.proxy.rps / row.nginx.rps);
    }
    const med = (name, key) => median(results[name].map((r) => r[key]));
    const line = { connections };
    for (const name of Object.keys(targets)) line[name] = { rps: med(name, 'rps'), p50: med(name, 'p50'), p99: med(name, 'p99'), cpu: med(name, 'cpuUsPerRequest'), failures: results[name].reduce((s, r) => s + r.failures, 0) };
    line.ratio = median(ratios);
    line.ratios = ratios;
    summary.push(line);
    console.log(`  c=${connections}: proxy/nginx per run ${ratios.map((r) => r.toFixed(2)).join(', ')}; failures direct/proxy/nginx ${line.direct.failures}/${line.proxy.failures}/${line.nginx.failures}`);
  }
  console.log('\nmedians over the runs; proxy/nginx is the median of the per-run ratios (measured side by side)');
  console.log('conns |        req/s direct/proxy/nginx |    p50 ms direct/proxy/nginx |    p99 ms direct/proxy/nginx | proxy/nginx | added p99 proxy/nginx | CPU us/req proxy/nginx');
  for (const l of summary) {
    console.log(`${String(l.connections).padStart(5)} | ${f0(l.direct.rps)} ${f0(l.proxy.rps)} ${f0(l.nginx.rps)}     | ${f2(l.direct.p50)} ${f2(l.proxy.p50)} ${f2(l.nginx.p50)}         | ` +
      `${f2(l.direct.p99)} ${f2(l.proxy.p99)} ${f2(l.nginx.p99)}         | ${l.ratio.toFixed(2).padStart(10)}x | ${f2(l.proxy.p99 - l.direct.p99)} ${f2(l.nginx.p99 - l.direct.p99)} ms       | ${f0(l.proxy.cpu)} ${f0(l.nginx.cpu)}`);
  }
  const rss = rssMb(proxy.child.pid);
  console.log(`proxy RSS ${rss.rss} MB (peak ${rss.peak} MB); load average at end: ${load()}`);
  proxy.child.kill('SIGTERM');
  nginx.child.kill('SIGQUIT');
  upstream.child.kill('SIGTERM');
}

// Added latency at 64 connections with the machine not saturated: the three
// targets measured in one probe run each, interleaved, each at the offered
// rate over its own 64 connections (bench/proxy_latency.mjs); the order of
// the targets rotates between runs; medians of the runs.
async function latency() {
  const upstream = await startUpstream();
  const proxy = await startProxy(`http://127.0.0.1:${upstream.port}`);
  const nginx = await startNginx(upstream.port);
  const targets = { direct: upstream.port, proxy: proxy.port, nginx: nginx.port };
  const connections = 64;
  const probe = async (names, secondsToRun) => {
    const results = await fixedRateLatency({ ports: names.map((name) => targets[name]), path: '/v1/charges/ch_bench',
      headers: { authorization: `Bearer ${token}` }, connections, rate: latencyRate, seconds: secondsToRun });
    return Object.fromEntries(names.map((name, i) => [name, results[i]]));
  };
  console.log(`\nlatency: ${latencyRate} req/s offered to each target over its own ${connections} keep-alive connections, ` +
    `the three interleaved in one run; ${seconds}s per run, ${runs} runs (1s warm-up)`);
  await probe(Object.keys(targets), 1);
  const results = { direct: [], proxy: [], nginx: [] };
  const added = { proxy: [], nginx: [] };
  for (let run = 0; run < runs; run++) {
    const order = Object.keys(targets);
    for (let i = 0; i < run % order.length; i++) order.push(order.shift());
    const row = await probe(order, seconds);
    for (const name of order) results[name].push(row[name]);
    added.proxy.push(row.proxy.p99 - row.direct.p99);
    added.nginx.push(row.nginx.p99 - row.direct.p99);
    console.log(`  run ${run + 1}: p99 direct/proxy/nginx ${row.direct.p99.toFixed(2)}/${row.proxy.p99.toFixed(2)}/${row.nginx.p99.toFixed(2)} ms; ` +
      `completed ${row.direct.completed}/${row.proxy.completed}/${row.nginx.completed} of ${row.direct.sent}; failures ${row.direct.failures}/${row.proxy.failures}/${row.nginx.failures}; ` +
      `waited for a busy connection ${row.direct.late}/${row.proxy.late}/${row.nginx.late}`);
  }
  const med = (name, key) => median(results[name].map((r) => r[key]));
  console.log('        |  p50 ms |  p99 ms | p99.9 ms | service p99 ms | added p99 (median of per-run differences)');
  for (const name of Object.keys(targets)) {
    const extra = name === 'direct' ? '' : `${f2(median(added[name]))} ms`;
    console.log(`${name.padEnd(7)} | ${f2(med(name, 'p50'))}  | ${f2(med(name, 'p99'))}  | ${f2(med(name, 'p999'))}   | ${f2(med(name, 'service_p99'))}         | ${extra}`);
  }
  proxy.child.kill('SIGTERM');
  nginx.child.kill('SIGQUIT');
  upstream.child.kill('SIGTERM');
}

async function exportTiming() {
  const sim = 'build/native/sim/stripe-sim';
  if (!existsSync(sim)) { console.log('export: skipped (build/native/sim/stripe-sim not built)'); return; }
  const simChild = spawn(sim, ['--listen', '127.0.0.1:0', '--secret-key', secret, '--seed', '42', '--seed-charges', '20000', '--seed-weeks', '12', '--latency-ms', '150'],
    { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(simChild);
  const [, simPort] = await waitForLine(simChild, /listening on http:\/\/127\.0\.0\.1:(\d+)/);
  const proxy = await startProxy(`http://127.0.0.1:${simPort}`, { rate_per_second: 25, max_upstream_concurrency: 64 });
  const statsOf = async () => (await fetch(`http://127.0.0.1:${simPort}/_sim/stats`, { headers: { authorization: `Bearer ${secret}` } })).json();
  const requestsBefore = (await statsOf()).requests;
  const now = Math.floor(Date.now() / 1000);
  const from = now - 400 * 86400;
  const t0 = Date.now();
  const response = await fetch(`http://127.0.0.1:${proxy.port}/api/export/balance_transactions?created[gte]=${from}&created[lt]=${now + 86400}`,
    { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  const elapsed = (Date.now() - t0) / 1000;
  const lines = text.trimEnd().split('\n');
  const ids = new Set(lines.map((line) => JSON.parse(line).id));
  const pages = (await statsOf()).requests - requestsBefore - 1;  // minus the first stats call itself
  const fullPages = Math.ceil(lines.length / 100);
  const bound = fullPages / 25;
  console.log(`export: ${lines.length} balance transactions (${ids.size} distinct), ${pages} upstream requests for ${fullPages} full pages, ${elapsed.toFixed(2)} s; ` +
    `rate bound (full pages / 25 per s) ${bound.toFixed(2)} s -> ${(elapsed / bound).toFixed(2)}x; sequential at 150 ms/page would be ${(fullPages * 0.15).toFixed(1)} s`);
  proxy.child.kill('SIGTERM');
  simChild.kill('SIGTERM');
}

if (parts.includes('throughput')) await throughput();
if (parts.includes('latency')) await latency();
if (parts.includes('export')) await exportTiming();
process.exit(0);
