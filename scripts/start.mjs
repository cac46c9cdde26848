// npm start: the demo. `npm start` has already built everything. One function
// per service, so the proxy slots in beside the others:
//   - the Stripe simulator, seeded with a deterministic history (skipped when
//     STRIPE_SECRET_KEY is set: then real Stripe is used, through the proxy only),
//   - the static pages (report viewer, checkout),
//   - the weekly report of the stripe-report CLI over the simulator's balance
//     transactions, fetched through its list API page by page.
// Ctrl-C (or SIGTERM) stops everything and exits 0.
import { execFileSync, spawn } from 'node:child_process';
import { serveStatic } from './static_server.mjs';
import { startSimulator, SIM_SECRET_KEY } from '../sim/js/simulator_process.mjs';
import { listAll } from '../sim/js/list_all.mjs';

const CLI = 'build/native/wasm/stripe-report';
const SEED = { charges: Number(process.env.SIM_SEED_CHARGES ?? 2000), weeks: Number(process.env.SIM_SEED_WEEKS ?? 8) };
const REPORT_ZONE = process.env.REPORT_TZ ?? 'Europe/Berlin';

const stops = [];  // run in reverse order on shutdown

/** The seeded simulator; resolves to { url, key, stop }. */
async function startSimulatorService() {
  const sim = await startSimulator({
    args: ['--seed', '42', '--seed-charges', String(SEED.charges), '--seed-weeks', String(SEED.weeks), '--quiet'],
    stderr: 'inherit',
  });
  stops.push(() => sim.stop());
  sim.exited.then((code) => {
    if (!shuttingDown) {
      console.error(`stripe-sim stopped unexpectedly (${code}); stopping the demo.`);
      shutdown(1);
    }
  });
  return { url: sim.url, key: SIM_SECRET_KEY };
}

/** The static pages on PORT (default 8080; 0 = any free port). */
async function startStaticPages() {
  const server = await serveStatic('.', Number(process.env.PORT ?? 8080));
  stops.push(() => new Promise((resolve) => {
    server.close(resolve);
    server.closeAllConnections();
  }));
  return { url: `http://127.0.0.1:${server.address().port}` };
}

/** Runs the CLI on NDJSON given on stdin; resolves to { code, stdout, stderr }. */
function runReportCli(args, ndjson) {
  return new Promise((resolve) => {
    const child = spawn(CLI, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: String(error) }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});  // a CLI that exits early closes its stdin
    child.stdin.end(ndjson);
  });
}

/** The weekly report over every balance transaction of the simulator. */
async function printWeeklyReport(simulator) {
  const transactions = await listAll(simulator.url, '/v1/balance_transactions', { key: simulator.key });
  const ndjson = transactions.map((txn) => JSON.stringify(txn)).join('\n') + '\n';
  const report = await runReportCli(['--tz', REPORT_ZONE, '--period', 'week', '-'], ndjson);
  console.log(`\nWeekly report (${REPORT_ZONE}) of ${transactions.length} balance transactions from the simulator, by stripe-report:`);
  if (report.code === 0) {
    console.log(report.stdout.trimEnd());
    return;
  }
  // This build's CLI cannot read transactions yet: say so, and show per-currency totals.
  console.log(`  (stripe-report exited ${report.code}: ${report.stderr.split('\n')[0]})`);
  console.log('  Totals per currency instead (minor units): transactions, amount, fee, net');
  const totals = new Map();
  for (const txn of transactions) {
    const sum = totals.get(txn.currency) ?? { count: 0, amount: 0, fee: 0, net: 0 };
    sum.count += 1;
    sum.amount += txn.amount;
    sum.fee += txn.fee;
    sum.net += txn.net;
    totals.set(txn.currency, sum);
  }
  for (const [currency, sum] of [...totals].sort()) {
    console.log(`  ${currency}  ${sum.count}  ${sum.amount}  ${sum.fee}  ${sum.net}`);
  }
}

let shuttingDown = false;
async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const stop of stops.reverse()) {
    try { await stop(); } catch (error) { console.error(`stop failed: ${error.message}`); }
  }
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  const cliVersion = execFileSync(CLI, ['--version'], { encoding: 'utf8' }).trim();
  console.log(`${cliVersion} built (${CLI})`);
  const realStripe = Boolean(process.env.STRIPE_SECRET_KEY);
  const simulator = realStripe ? null : await startSimulatorService();
  const pages = await startStaticPages();
  if (simulator) {
    console.log(`Stripe simulator: ${simulator.url} (secret key ${simulator.key}, ${SEED.charges} charges over ${SEED.weeks} weeks)`);
  } else {
    console.log('STRIPE_SECRET_KEY is set: real Stripe mode, no simulator. The secret stays with the proxy.');
  }
  console.log(`Report viewer: ${pages.url}/web/report/`);
  if (simulator) await printWeeklyReport(simulator);
  console.log('\nPress Ctrl-C to stop.');
} catch (error) {
  console.error(`npm start failed: ${error.message}`);
  await shutdown(1);
}
