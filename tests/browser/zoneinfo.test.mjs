import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveStatic } from '../../scripts/static_server.mjs';
import { launchBrowser } from '../support/browser.mjs';

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

// In a browser there is no /usr/share/zoneinfo: the bytes must come over HTTP.
test('zoneinfo.mjs fetches TZif bytes relative to the module in Chromium', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${baseUrl}/tests/browser/fixtures/blank.html`);
  const result = await page.evaluate(async () => {
    const { loadTzif, listZones } = await import('/wasm/js/zoneinfo.mjs');
    const berlin = await loadTzif('Europe/Berlin');
    const zones = await listZones();
    const failures = [];
    for (const name of ['../../etc/passwd', 'Europe/Atlantis']) {
      try {
        await loadTzif(name);
        failures.push(`${name}: loaded`);
      } catch (error) {
        failures.push(`${name}: ${error.name}`);
      }
    }
    return { berlin: Array.from(berlin), zoneCount: zones.length, hasUtc: zones.includes('UTC'), failures };
  });
  assert.deepEqual(Buffer.from(result.berlin), await readFile('/usr/share/zoneinfo/Europe/Berlin'));
  assert.ok(result.zoneCount >= 300);
  assert.equal(result.hasUtc, true);
  assert.deepEqual(result.failures, ['../../etc/passwd: RangeError', 'Europe/Atlantis: RangeError']);
  await page.close();
});
