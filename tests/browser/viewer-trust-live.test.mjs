// Issue 13 against the real proxy and simulator: the proxy's own 401 and 403
// bodies (an expired token and one without the read scope both get the same
// 403 permission_denied, so the viewer names both), live progress figures, and
// a proxy that stops mid-load blamed on the network, not on Stripe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { access } from 'node:fs/promises';
import { launchBrowser, collectPageErrors } from '../support/browser.mjs';
import { buildWeb } from '../../web/build.mjs';
import { PROXY_BINARY, SIM_BINARY, startLiveStack } from './support/live_stack.mjs';
import { screenshot, waitForStatus } from './support/pages.mjs';

let stack;
let browser;
const tokens = {};

function createToken(scopes, name) {
  const [token, entry] = execFileSync(PROXY_BINARY, ['token', 'create', '--scopes', scopes, '--name', name],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
  return { token, entry: JSON.parse(entry) };
}

before(async () => {
  for (const binary of [SIM_BINARY, PROXY_BINARY]) await access(binary);
  const read = createToken('read', 'viewer');
  const expired = createToken('read', 'expired');
  const refundOnly = createToken('refund', 'refunds');
  Object.assign(tokens, { read: read.token, expired: expired.token, refundOnly: refundOnly.token });
  stack = await startLiveStack({
    staticDir: await buildWeb(), seedCharges: 400, seedWeeks: 4,
    // expires_at 1 (1970): expired for the proxy.
    proxyConfig: { tokens: [read.entry, { ...expired.entry, expires_at: 1 }, refundOnly.entry] },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

async function openViewer() {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${stack.proxyUrl}/report/?timezone=UTC`);
  await page.locator('#core-version', { hasText: /report core \d/ }).waitFor({ timeout: 15000 });
  await page.selectOption('#range-preset', 'this-month');
  await page.fill('#from', new Date(Date.now() - 35 * 86400_000).toISOString().slice(0, 10));
  return { page, errors };
}

async function load(page, token) {
  await page.fill('#token', token);
  await page.click('#load-live');
}

const NO_READ_SCOPE = 'The proxy knows this token but it lacks the "read" scope that reports need. Ask the shop\'s admin for a token with the "read" scope.';
const EXPIRED = 'This token has expired. Ask the shop\'s admin for a new one (npm run token -- create).';

test('the proxy\'s refusals are told apart at the token field', async () => {
  const { page, errors } = await openViewer();
  await load(page, 'spx_not_a_token');
  await waitForStatus(page, 'error', 15000);
  assert.equal(await page.locator('#token-error').textContent(),
    'The proxy does not know this token. Check it for typos, or ask the shop\'s admin for a new one.');
  for (const [token, message] of [[tokens.expired, EXPIRED], [tokens.refundOnly, NO_READ_SCOPE]]) {
    await load(page, token);
    await page.locator('#token-error', { hasText: message }).waitFor({ timeout: 15000 });
    assert.equal(await page.locator('#token-error').textContent(), message);
    assert.equal(await page.locator('#token').getAttribute('aria-invalid'), 'true');
    await page.fill('#token', '');   // clears the mark before the next try
  }
  await load(page, tokens.read);
  assert.match(await waitForStatus(page, 'done', 30000), /^Report ready: /);
  assert.equal(await page.locator('#token').getAttribute('aria-invalid'), null);
  assert.deepEqual(errors.filter((text) => !/40[13]/.test(text)), []);
  await page.close();
});

test('a slow live load shows its figures; a proxy that stops mid-load is blamed on the network', async () => {
  const { page, errors } = await openViewer();
  await stack.setFaults({ latency_ms: 700 });
  try {
    await load(page, tokens.read);
    const figures = page.locator('#progress-text', { hasText: /transactions received, oldest from / });
    await figures.waitFor({ timeout: 20000 });
    assert.match(await figures.textContent(),
      /^[\d,]+ transactions received, oldest from \d{4}-\d\d-\d\d: \d+ % of the range(, about [\d a-z]+ left)?…$/);
    assert.equal(await page.locator('#status').textContent(), 'Loading from the proxy…');
    await screenshot(page, 'viewer-live-loading');
    await stack.killProxy();
    assert.match(await waitForStatus(page, 'error', 20000), /^The network failed: the connection to the proxy was lost/);
    assert.equal(await page.locator('#results').isHidden(), true);
    assert.deepEqual(errors.filter((text) => !/ERR_|network|Failed to fetch/i.test(text)), []);
  } finally {
    await page.close();
  }
});
