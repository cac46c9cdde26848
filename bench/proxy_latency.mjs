// Latency at a fixed offered rate, for bench:proxy: runs the native
// bench/latency_probe (see its header). wrk keeps every connection busy, so on
// 2 saturated cores its p99 is mostly queueing; the probe instead offers a
// steady rate over exactly `connections` keep-alive connections per target and
// times each request from when it was due, so the added p99 is what a hop
// costs when the machine is not saturated. It measures the targets in one run,
// interleaved, so that this VM's host stalls fall on all of them alike. (A
// Node client measured its own event loop and GC as much as the hop: direct
// p99 5-14 ms at 2000 req/s.)
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const probe = process.env.LATENCY_PROBE_BIN ?? 'build/native/bench/latency_probe';

/**
 * GETs `path` on each of 127.0.0.1:`ports` at `rate` requests/s for `seconds`,
 * every port with its own `connections` and the requests interleaved in time.
 * Returns one result per port, in order: {port, sent, completed, failures,
 * late, p50, p99, p999, max, service_p99} (ms; `late`: requests that found every
 * connection busy when due, which a fair run keeps at 0).
 */
export async function fixedRateLatency({ ports, path, headers = {}, connections, rate, seconds }) {
  const args = ['--path', path, '--connections', String(connections), '--rate', String(rate), '--seconds', String(seconds)];
  for (const port of ports) args.push('--port', String(port));
  for (const [name, value] of Object.entries(headers)) args.push('--header', `${name}: ${value}`);
  const { stdout } = await promisify(execFile)(probe, args, { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  return stdout.trim().split('\n').map((line) => JSON.parse(line));
}
