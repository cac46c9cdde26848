import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { serveStatic } from '../../scripts/static_server.mjs';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';

let server;
let browser;
let baseUrl;

before(async () => {
  server = await serveStatic('.');
  baseUrl = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
  await mkdir('test-artifacts', { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('report page loads the wasm core in Chromium', async () => {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${baseUrl}/web/report/`);
  await page.getByText('Core ready').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('#core-status').textContent(),
    'Core ready (decimals: usd 2, jpy 0, kwd 3).');
  assert.match(await page.locator('#core-version').textContent(), /^\d+\.\d+\.\d+$/);
  await page.screenshot({ path: 'test-artifacts/report-core-loaded.png' });
  assert.deepEqual(errors, []);
});

test('static server refuses paths outside the root', async () => {
  const response = await fetch(`${baseUrl}/..%2f..%2fetc/passwd`);
  assert.equal(response.status, 403);
});
