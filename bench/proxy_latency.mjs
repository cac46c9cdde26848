// Latency at a fixed offered rate, for bench:proxy: runs the native
// bench/latency_probe (see its header). wrk keeps every connection busy, so on
// 2 saturated cores its p99 is mostly queueing; the probe instead offers a
// steady rate over exactly `connections` keep-alive connections and times each
// request from when it was due, so the added p99 is what a hop costs when the
// machine is not saturated. A Node client measured its own event loop and GC
// as much as the hop (direct p99 5-14 ms at 2000 req/s).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const probe = process.env.LATENCY_PROBE_BIN ?? 'build/native/bench/latency_probe';

/**
 * GETs `path` on 127.0.0.1:`port` at `rate` requests/s for `seconds`.
 * Returns {sent, completed, failures, late, p50, p99, p999, max, service_p99}
 * (ms; `late`: requests that found every connection busy when due, which a
 * fair run keeps at 0).
 */
export async function fixedRateLatency({ port, path, headers = {}, connections, rate, seconds }) {
  const args = ['--port', String(port), '--path', path, '--connections', String(connections),
    '--rate', String(rate), '--seconds', String(seconds)];
  for (const [name, value] of Object.entries(headers)) args.push('--header', `${name}: ${value}`);
  const { stdout } = await promisify(execFile)(probe, args, { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  return JSON.parse(stdout);
}
