// Helpers shared by the browser tests: build the pages once per variant, drop
// files on the viewer the way a person would, and save screenshots.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildWeb } from '../../../web/build.mjs';

export const ARTIFACTS = resolve('test-artifacts');

/** The pages built with the fake report core (tests of the viewer's plumbing). */
export function buildWithFakeCore() {
  return buildWeb({
    outdir: resolve('build/web-test-fake'),
    coreModule: resolve('tests/browser/support/fake_report_core.mjs'),
    minify: false,
  });
}

/** Dispatches dragover + drop with the given files on #drop-zone. */
export function dropFiles(page, files) {
  return page.evaluate((list) => {
    const transfer = new DataTransfer();
    for (const file of list) transfer.items.add(new File([file.text], file.name, { type: file.type ?? '' }));
    const zone = document.getElementById('drop-zone');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Waits until #status has the given data-state; returns its text. */
export async function waitForStatus(page, state, timeout = 15000) {
  await page.locator(`#status[data-state="${state}"]`).waitFor({ timeout });
  return page.locator('#status').textContent();
}

/** Text of each summary figure of one currency card. */
export async function summaryOf(page, currency) {
  const card = page.locator(`#summary .card[data-currency="${currency}"]`);
  const entries = await card.locator('dl > div').evaluateAll((rows) => rows.map((row) => [row.dataset.field, row.querySelector('dd').textContent]));
  return Object.fromEntries(entries);
}
