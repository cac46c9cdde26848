// npm start: the whole demo in one command (`npm start` has built everything).
// Offline by default: the seeded Stripe simulator, the proxy in demo mode
// serving the checkout and the report viewer, a fresh admin token, and the
// stripe-report CLI's weekly report over the seeded history. With
// STRIPE_SECRET_KEY + STRIPE_PUBLISHABLE_KEY set: real Stripe through the proxy
// (a test-mode try-out with the demo catalog and a fresh token). With
// PROXY_CONFIG: your shop, served from your own config (scripts/shop/).
// PORT selects the public port (default 8080; 0 = any free port);
// PAYMENT_FLOW=payment_intents switches the checkout to the 3-D Secure ready flow.
// Ctrl-C (or SIGTERM) stops everything and exits 0. See scripts/demo/.
import { execFileSync } from 'node:child_process';
import { startDemo } from './demo/start_demo.mjs';
import { publicPort } from './demo/ports.mjs';
import { CLI, weeklyReport } from './demo/weekly_report.mjs';
import { paymentFlowFromEnv } from './demo/proxy_config.mjs';
import { startShop } from './shop/start_shop.mjs';

const SEED = { charges: Number(process.env.SIM_SEED_CHARGES ?? 2000), weeks: Number(process.env.SIM_SEED_WEEKS ?? 8) };
const REPORT_ZONE = process.env.REPORT_TZ ?? 'Europe/Berlin';

let starting = null;  // startDemo()'s promise: a signal during start-up waits for it, then stops all
let shuttingDown = false;
async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  try {
    const demo = await starting?.catch(() => null);
    await demo?.stop();
  } catch (error) {
    console.error(`npm start: stopping failed: ${error.message}`);
    code = 1;
  }
  if (code === 0) console.log('Stopped.');
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
process.on('SIGHUP', () => shutdown(0));
// npm runs this script with `exec` (package.json), so npm's signals reach this
// process itself. If npm goes away without passing one on (killed, or its
// terminal closed), this process is re-parented: stop too, never leave the
// simulator and the proxy serving. Checked every 250 ms, so well within 5 s.
const parentAtStart = process.ppid;
setInterval(() => { if (process.ppid !== parentAtStart) shutdown(0); }, 250).unref();

const onUnexpectedExit = (name, code, stderrTail) => {
  console.error(`npm start: ${name} stopped unexpectedly (${code}); stopping.${stderrTail ? `\n${stderrTail}` : ''}`);
  shutdown(1);
};

/** Your shop from PROXY_CONFIG: your catalog and tokens; no token is made, no demo data. */
async function runShop(configFile) {
  starting = startShop({ configFile, echoStderr: true, onUnexpectedExit });  // the access log is the shop's log
  const shop = await starting;
  if (shuttingDown) await new Promise(() => {});
  const flow = shop.config.payment_flow ?? 'charges';
  console.log(`Shop: ${shop.config.mode} mode, ${shop.config.catalog?.length ?? 0} products, payment_flow ${flow}${flow === 'charges' ? ' (legacy)' : ''} (config ${configFile})`);
  console.log(`Proxy: ${shop.proxyUrl}`);
  if (shop.checkoutUrl) {
    console.log(`\nCheckout:      ${shop.checkoutUrl}`);
    console.log(`Report viewer: ${shop.viewerUrl}`);
  }
  console.log(`Tokens:        ${shop.config.tokens?.length ?? 0} in the config (npm run token -- list); none made at start`);
}

async function runDemo() {
  console.log(`${execFileSync(CLI, ['--version'], { encoding: 'utf8' }).trim()} built (${CLI})`);
  starting = startDemo({
    port: publicPort(process.env.PORT),
    paymentFlow: paymentFlowFromEnv(process.env.PAYMENT_FLOW),
    seed: SEED,
    echoStderr: process.env.DEMO_LOGS === '1',
    onUnexpectedExit,
  });
  const demo = await starting;
  if (shuttingDown) await new Promise(() => {});  // a signal arrived while starting; shutdown() exits
  if (demo.mode === 'demo') {
    console.log(`Offline demo: Stripe simulator at ${demo.simulatorUrl} (${SEED.charges} seeded charges over ${SEED.weeks} weeks), no real card is charged.`);
  } else {
    console.log('Real Stripe (STRIPE_SECRET_KEY is set): no simulator; the secret key stays inside stripe-proxy.');
    console.log('A try-out with the demo catalog and a fresh token; for your shop see "Going live" in README.md (PROXY_CONFIG).');
  }
  console.log(`Proxy: ${demo.proxyUrl} (config build/demo/proxy.json)`);
  console.log(`\nCheckout:      ${demo.checkoutUrl}${demo.mode === 'demo' ? '   (test card 4242 4242 4242 4242, any future date, any CVC)' : ''}`);
  console.log(`Payment flow:  ${paymentFlowFromEnv(process.env.PAYMENT_FLOW) ?? 'charges'}   (PAYMENT_FLOW=payment_intents for PaymentIntents with 3-D Secure)`);
  console.log(`Report viewer: ${demo.viewerUrl}`);
  console.log(`Admin token:   ${demo.token}   (scopes read,refund; paste it into "Live from the proxy"; valid until this demo stops)`);
  if (demo.mode === 'demo') {
    try {
      console.log(`\n${await weeklyReport({ proxyUrl: demo.proxyUrl, token: demo.token, weeks: SEED.weeks, timezone: REPORT_ZONE })}`);
    } catch (error) {
      console.log(`\n(no weekly report: ${error.message})`);
    }
  }
}

try {
  if (process.env.PROXY_CONFIG) await runShop(process.env.PROXY_CONFIG);
  else await runDemo();
  if (!shuttingDown) console.log('\nPress Ctrl-C to stop.');
} catch (error) {
  console.error(`npm start failed: ${error.message}`);
  await shutdown(1);
}
