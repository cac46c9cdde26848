// The real wasm core in Chromium, inside the viewer's worker: it loads, and a
// dropped itemized balance CSV gives exactly what the stripe-report CLI gives
// for the same file, in a non-UTC time zone (TZif fetched beside the worker).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serveStatic } from '../../scripts/static_server.mjs';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { buildWeb } from '../../web/build.mjs';
import { dropFiles, screenshot, waitForStatus } from './support/pages.mjs';

const CLI = resolve('build/native/wasm/stripe-report');
const CSV_FIXTURE = 'tests/fixtures/csv/itemized_balance.csv';
let server;
let browser;
let baseUrl;

before(async () => {
  server = await serveStatic(await buildWeb());
  baseUrl = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('report viewer loads the wasm core in its worker', async () => {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${baseUrl}/report/`);
  await page.locator('#core-version', { hasText: /^report core \d+\.\d+\.\d+$/ }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'empty');
  await screenshot(page, 'report-core-loaded');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a dropped itemized balance CSV matches the CLI, per week in Europe/Berlin', async () => {
  const csv = await readFile(CSV_FIXTURE, 'utf8');
  const cli = JSON.parse(execFileSync(CLI, ['--format', 'json', '--tz', 'Europe/Berlin', '--period', 'week', CSV_FIXTURE], { encoding: 'utf8' }));
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${baseUrl}/report/?timezone=Europe/Berlin`);
  await page.locator('#core-version', { hasText: /^report core \d/ }).waitFor({ timeout: 15000 });
  await dropFiles(page, [{ name: 'itemized_balance.csv', text: csv, type: 'text/csv' }]);
  await waitForStatus(page, 'done');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const shown = JSON.parse(await readFile(await download.path(), 'utf8'));
  const pick = (entry) => [entry.currency, entry.charges, entry.gross, entry.refunds, entry.disputes, entry.other, entry.fees, entry.net].map(String).join(',');
  assert.equal(shown.timezone, 'Europe/Berlin');
  assert.deepEqual(shown.totals.map(pick), cli.totals.map(pick));
  assert.deepEqual(shown.rows.map((row) => `${row.period_start},${pick(row)}`), cli.rows.map((row) => `${row.period_start},${pick(row)}`));
  assert.equal(await page.locator('#report-table tbody tr').count(), cli.rows.length);
  await screenshot(page, 'report-csv-dropped');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a file that is not a Stripe export is refused with the core\'s reason', async () => {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${baseUrl}/report/?timezone=UTC`);
  await page.locator('#core-version', { hasText: /^report core \d/ }).waitFor({ timeout: 15000 });
  await dropFiles(page, [{ name: 'notes.txt', text: 'hello, this is not an export\n' }]);
  assert.match(await waitForStatus(page, 'error'), /^Could not read notes\.txt: .+ Use a Stripe balance transactions export/);
  await screenshot(page, 'report-not-an-export');
  assert.deepEqual(errors, []);
  await page.close();
});

test('static server refuses paths outside the root', async () => {
  const response = await fetch(`${baseUrl}/..%2f..%2fetc/passwd`);
  assert.equal(response.status, 403);
});
