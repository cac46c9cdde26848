// npm run bench:web — what the pages cost: gzipped bytes of our own JS + CSS +
// wasm per page (budgets: checkout <= 40 KB, report viewer <= 250 KB), and the
// time from picking a 100k-transaction NDJSON file to the rendered report in
// Chromium (median of RUNS, budget 2 s). The report timing needs the real core
// (createReporter); the same run with the test fake core is printed beside it
// to show what the worker, transfer and rendering cost on their own.
import { readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { buildWeb } from '../web/build.mjs';
import { serveStatic } from '../scripts/static_server.mjs';
import { launchBrowser } from '../tests/support/browser.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 100_000);
const PAGES = {
  checkout: { budget: 40 * 1024, files: ['checkout/index.html', 'checkout/main.js', 'checkout/main.css', 'checkout/embed.js'] },
  report: { budget: 250 * 1024, files: ['report/index.html', 'report/main.js', 'report/main.css', 'report/report_worker.js', 'report/stripe_report_core.wasm'] },
};

async function gzippedSize(file) {
  return gzipSync(await readFile(file), { level: 9 }).length;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Deterministic NDJSON of balance transactions over ~26 weeks, three currencies. */
function transactions(count) {
  const currencies = ['eur', 'usd', 'jpy'];
  const start = 1704067200;   // 2024-01-01T00:00:00Z
  const lines = [];
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < count; ++i) {
    const currency = currencies[i % 3];
    const refund = random() < 0.05;
    const amount = (refund ? -1 : 1) * (100 + Math.floor(random() * 20000));
    const fee = refund ? 0 : 30 + Math.round(amount * 0.029);
    lines.push(JSON.stringify({
      id: `txn_${i}`, object: 'balance_transaction', type: refund ? 'refund' : 'charge',
      reporting_category: refund ? 'refund' : 'charge', currency, amount, fee, net: amount - fee,
      created: start + Math.floor(i * (26 * 7 * 86400 / count)), available_on: start + Math.floor(i * (26 * 7 * 86400 / count)) + 2 * 86400,
      source: refund ? `re_${i}` : `ch_${i}`,
    }));
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

// Timed inside the page, from the input's change event (the data is there) to
// the status saying done, so the test harness's file transfer is not counted.
async function timeReport(browser, baseUrl, dataFile) {
  const times = [];
  let failure = null;
  for (let run = 0; run < RUNS; ++run) {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/report/?timezone=UTC`);
    await page.locator('#core-version', { hasText: 'report core' }).waitFor({ timeout: 20000 });
    await page.evaluate(() => {
      window.benchDone = new Promise((resolveDone) => {
        let started = 0;
        document.getElementById('file-input').addEventListener('change', () => { started = performance.now(); }, { capture: true });
        new MutationObserver(() => {
          const state = document.getElementById('status').dataset.state;
          if (started && (state === 'done' || state === 'error')) resolveDone(performance.now() - started);
        }).observe(document.getElementById('status'), { attributes: true, childList: true });
      });
    });
    await page.setInputFiles('#file-input', dataFile);
    const elapsed = Math.round(await page.evaluate(() => window.benchDone));
    if (await page.locator('#status').getAttribute('data-state') === 'error') {
      failure = await page.locator('#status').textContent();
      await page.close();
      break;
    }
    times.push(elapsed);
    await page.close();
  }
  return { times, failure };
}

const realDir = await buildWeb();
const fakeDir = await buildWeb({ outdir: resolve('build/web-bench-fake'), coreModule: resolve('tests/browser/support/fake_report_core.mjs') });

console.log('gzipped size of our JS + CSS + HTML + wasm per page (level 9):');
for (const [name, page] of Object.entries(PAGES)) {
  let total = 0;
  const parts = [];
  for (const file of page.files) {
    const size = await gzippedSize(join(realDir, file));
    total += size;
    parts.push(`${file.split('/')[1]} ${(size / 1024).toFixed(1)}`);
  }
  const verdict = total <= page.budget ? 'within' : 'OVER';
  console.log(`  ${name.padEnd(8)} ${(total / 1024).toFixed(1)} KB (${verdict} budget ${page.budget / 1024} KB): ${parts.join(', ')}`);
}
const standIn = await gzippedSize(join(realDir, 'stripe-standin/stripe.js'));
console.log(`  demo-only stripe.js stand-in: ${(standIn / 1024).toFixed(1)} KB (not loaded in production)`);

const data = transactions(TRANSACTIONS);
const dataFile = resolve('build/bench-web-transactions.ndjson');
await writeFile(dataFile, data);
console.log(`\nfile picked -> report rendered, ${TRANSACTIONS} transactions (${(data.length / 1e6).toFixed(1)} MB NDJSON), ${RUNS} runs, Chromium headless:`);
const browser = await launchBrowser();
const servers = [];
try {
  for (const [label, dir] of [['real wasm core', realDir], ['fake JS core (test double)', fakeDir]]) {
    const server = await serveStatic(dir);
    servers.push(server);
    const { times, failure } = await timeReport(browser, `http://127.0.0.1:${server.address().port}`, dataFile);
    if (failure) console.log(`  ${label.padEnd(28)} not measured: ${failure}`);
    else console.log(`  ${label.padEnd(28)} median ${median(times)} ms (runs: ${times.join(', ')} ms; budget 2000 ms)`);
  }
} finally {
  await browser.close();
  for (const server of servers) server.close();
}
