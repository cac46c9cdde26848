// The stripe-report CLI's weekly report over the demo's balance transactions,
// fetched the way any back-office script would: through the proxy's NDJSON
// export with the admin token.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const CLI = resolve('build/native/wasm/stripe-report');

/** Runs the CLI with NDJSON on stdin; resolves to { code, stdout, stderr }. */
export function runReportCli(args, ndjson) {
  return new Promise((resolveRun) => {
    const child = spawn(CLI, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', (error) => resolveRun({ code: -1, stdout, stderr: String(error) }));
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
    child.stdin.on('error', () => {});  // a CLI that exits early closes its stdin
    child.stdin.end(ndjson);
  });
}

/** NDJSON of every balance transaction created in [fromSeconds, toSeconds). */
export async function exportBalanceTransactions(proxyUrl, token, fromSeconds, toSeconds) {
  const url = new URL('/api/export/balance_transactions', proxyUrl);
  url.searchParams.set('created[gte]', String(fromSeconds));
  url.searchParams.set('created[lt]', String(toSeconds));
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`export answered ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

/**
 * The report text (or a one-line reason it is missing) for the last `weeks`
 * weeks up to now, in `timezone`.
 */
export async function weeklyReport({ proxyUrl, token, weeks, timezone, now = Date.now() }) {
  const to = Math.floor(now / 1000) + 86400;
  const from = to - (weeks + 2) * 7 * 86400;
  const ndjson = await exportBalanceTransactions(proxyUrl, token, from, to);
  const count = ndjson.split('\n').filter((line) => line.trim()).length;
  const report = await runReportCli(['--tz', timezone, '--period', 'week', '-'], ndjson);
  if (report.code !== 0) return `stripe-report exited ${report.code}: ${report.stderr.split('\n')[0]}`;
  return `Weekly report (${timezone}) of ${count} balance transactions, by stripe-report over the proxy's export:\n${report.stdout.trimEnd()}`;
}
