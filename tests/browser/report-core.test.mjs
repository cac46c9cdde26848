// The real wasm core loads in Chromium inside the viewer's worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic } from '../../scripts/static_server.mjs';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { buildWeb } from '../../web/build.mjs';
import { screenshot } from './support/pages.mjs';

let server;
let browser;

before(async () => {
  server = await serveStatic(await buildWeb());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('report viewer loads the wasm core in its worker', async () => {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`http://127.0.0.1:${server.address().port}/report/`);
  await page.locator('#core-version', { hasText: /^report core \d+\.\d+\.\d+$/ }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'empty');
  await screenshot(page, 'report-core-loaded');
  assert.deepEqual(errors, []);
  await page.close();
});

test('static server refuses paths outside the root', async () => {
  const response = await fetch(`http://127.0.0.1:${server.address().port}/..%2f..%2fetc/passwd`);
  assert.equal(response.status, 403);
});
