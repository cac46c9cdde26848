// Latency at a fixed offered rate, for bench:proxy. wrk keeps every connection
// busy, so on 2 saturated cores its p99 is mostly queueing, and any extra hop
// adds queueing. This client instead offers a steady `rate` of requests over
// exactly `connections` keep-alive connections (request i goes to connection
// i % connections, a request starts only on a free connection), so the added
// p99 is what a hop costs when the machine is not saturated.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * GETs `path` on 127.0.0.1:`port` at `rate` requests/s for `seconds`.
 * Returns {sent, completed, failures, late, p50, p99, p999} (ms; `late`: requests
 * that found their connection still busy and waited, which a fair run keeps ~0).
 */
export async function fixedRateLatency({ port, path, headers, connections, rate, seconds }) {
  const agents = Array.from({ length: connections }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const latencies = [];
  let failures = 0;
  let late = 0;
  let inFlight = 0;
  const busy = new Array(connections).fill(false);
  const queued = Array.from({ length: connections }, () => []);

  const send = (connection) => {
    busy[connection] = true;
    inFlight++;
    const started = performance.now();
    const request = http.get({ host: '127.0.0.1', port, path, headers, agent: agents[connection] }, (response) => {
      response.resume();
      response.on('end', () => {
        if (response.statusCode === 200) latencies.push(performance.now() - started);
        else failures++;
        done(connection);
      });
    });
    request.on('error', () => { failures++; done(connection); });
  };
  const done = (connection) => {
    inFlight--;
    busy[connection] = false;
    if (queued[connection].length) {
      queued[connection].shift();
      send(connection);
    }
  };

  const total = Math.round(rate * seconds);
  const t0 = performance.now();
  let next = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
      for (; next < due; next++) {
        const connection = next % connections;
        if (busy[connection]) {
          late++;
          queued[connection].push(next);
        } else {
          send(connection);
        }
      }
      if (next < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  // Let the last requests finish (bounded).
  for (let waited = 0; (inFlight > 0 || queued.some((q) => q.length)) && waited < 5000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  for (const agent of agents) agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (fraction) => latencies[Math.min(latencies.length - 1, Math.floor(fraction * latencies.length))] ?? NaN;
  return { sent: total, completed: latencies.length, failures, late, p50: q(0.5), p99: q(0.99), p999: q(0.999) };
}
