// createReporter in Chromium: the package's ES module, the wasm core and the
// zone data load in a real browser and give the same report as in Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serveStatic } from '../../scripts/static_server.mjs';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { createReporter } from '../../wasm/js/index.mjs';

let server;
let browser;
let baseUrl;

before(async () => {
  server = await serveStatic('.');
  baseUrl = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('createReporter works in Chromium and matches Node', async () => {
  const text = readFileSync('tests/fixtures/core/mixed_objects.ndjson', 'utf8');
  const options = { timezone: 'Europe/Berlin', period: 'week' };
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  // A blank same-origin page: the module under test is imported by the test itself.
  await page.goto(`${baseUrl}/tests/browser/fixtures/blank.html`);
  const inBrowser = await page.evaluate(async ({ text, options }) => {
    const { createReporter: create } = await import('/wasm/js/index.mjs');
    const reporter = await create(options);
    const bytes = new TextEncoder().encode(text);
    for (let at = 0; at < bytes.length; at += 1000) {
      const outcome = reporter.feed(bytes.subarray(at, at + 1000));
      if (outcome) return outcome;
    }
    return reporter.finish();
  }, { text, options });

  const reporter = await createReporter(options);
  assert.equal(reporter.feed(new TextEncoder().encode(text)), null);
  const inNode = reporter.finish();
  assert.deepEqual(inBrowser, inNode);
  assert.equal(inBrowser.timezone, 'Europe/Berlin');
  assert.ok(inBrowser.rows.length > 0);
  assert.deepEqual(errors, []);
});
