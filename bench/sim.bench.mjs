// Simulator benchmarks (npm run bench:sim), not timed tests:
//  1. seeding: 1k vs 10k charges over 12 weeks, wall and CPU time from the
//     simulator's own "seeded ..." line, median of RUNS starts each;
//  2. requests over one keep-alive connection: POST /v1/charges and
//     GET /v1/balance_transactions?limit=100 pages, median latency.
import { startSimulator, SIM_SECRET_KEY } from '../sim/js/simulator_process.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const REQUESTS = Number(process.env.REQUESTS ?? 300);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function seedOnce(charges) {
  const sim = await startSimulator({ args: ['--quiet', '--seed-charges', String(charges), '--seed-weeks', '12'], stderr: 'pipe' });
  let log = '';
  sim.child.stderr.on('data', (chunk) => { log += chunk; });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await sim.stop();
  const match = /in (\d+) ms \((\d+) ms CPU\)/.exec(log);
  if (!match) throw new Error(`no seeding line in: ${log}`);
  return { wall: Number(match[1]), cpu: Number(match[2]) };
}

async function seeding() {
  const results = {};
  for (const charges of [1000, 10000]) results[charges] = { wall: [], cpu: [] };
  for (let run = 0; run < RUNS; run += 1) {
    for (const charges of [1000, 10000]) {  // interleaved, so load changes hit both alike
      const { wall, cpu } = await seedOnce(charges);
      results[charges].wall.push(wall);
      results[charges].cpu.push(cpu);
    }
  }
  for (const charges of [1000, 10000]) {
    console.log(`seed ${charges} charges / 12 weeks: median ${median(results[charges].wall)} ms wall, ${median(results[charges].cpu)} ms CPU (${RUNS} runs)`);
  }
  console.log(`ratio 10k/1k (CPU medians): ${(median(results[10000].cpu) / Math.max(1, median(results[1000].cpu))).toFixed(2)}`);
}

async function requests() {
  const sim = await startSimulator({ args: ['--quiet', '--seed-charges', '10000', '--seed-weeks', '12'] });
  const headers = { authorization: `Bearer ${SIM_SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded' };
  const timed = async (call) => {
    const times = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      const started = performance.now();
      const response = await call(i);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      times.push(performance.now() - started);
    }
    return median(times);
  };
  const create = await timed(() => fetch(`${sim.url}/v1/charges`, { method: 'POST', headers, body: 'amount=2000&currency=eur&source=tok_visa' }));
  const page = await timed(() => fetch(`${sim.url}/v1/balance_transactions?limit=100`, { headers }));
  await sim.stop();
  console.log(`POST /v1/charges: median ${create.toFixed(3)} ms (${REQUESTS} sequential requests)`);
  console.log(`GET /v1/balance_transactions?limit=100 (10k-charge history): median ${page.toFixed(3)} ms (${REQUESTS} requests)`);
}

await seeding();
await requests();
