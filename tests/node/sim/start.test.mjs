// npm start's demo script: starts the seeded simulator and the pages, prints
// the URLs and a report, and stops everything on Ctrl-C.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';

function runDemo(env) {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, PORT: '0', SIM_SEED_CHARGES: '300', SIM_SEED_WEEKS: '3', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready output in 60 s:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      if (output.includes('Press Ctrl-C to stop.')) { clearTimeout(timer); resolve(); }
    });
    child.on('exit', () => { clearTimeout(timer); reject(new Error(`demo exited early:\n${output}`)); });
  });
  return { child, ready, exited, output: () => output };
}

function portIsClosed(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => { socket.destroy(); resolve(false); });
    socket.on('error', () => resolve(true));
  });
}

test('the demo serves the simulator and the pages, prints a report, and Ctrl-C stops it all', async () => {
  const demo = runDemo({ STRIPE_SECRET_KEY: '' });
  await demo.ready;
  const output = demo.output();
  const simUrl = /Stripe simulator: (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
  const viewer = /Report viewer: (http:\/\/127\.0\.0\.1:\d+\/web\/report\/)/.exec(output);
  assert.ok(simUrl, output);
  assert.ok(viewer, output);
  assert.match(output, /Weekly report \(Europe\/Berlin\) of \d+ balance transactions/);
  const balance = await fetch(`${simUrl[1]}/v1/balance`, { headers: { authorization: 'Bearer sk_test_simulator' } });
  assert.equal(balance.status, 200);
  assert.equal((await balance.json()).object, 'balance');
  assert.equal((await fetch(viewer[1])).status, 200);
  demo.child.kill('SIGINT');
  assert.equal(await demo.exited, 0);
  assert.equal(await portIsClosed(Number(simUrl[2])), true);
});

test('with STRIPE_SECRET_KEY set it starts no simulator and never prints the key', async () => {
  const demo = runDemo({ STRIPE_SECRET_KEY: 'sk_test_realaccountsecret123' });
  await demo.ready;
  const output = demo.output();
  assert.doesNotMatch(output, /Stripe simulator:/);
  assert.match(output, /real Stripe mode/);
  assert.ok(!output.includes('sk_test_realaccountsecret123'));
  demo.child.kill('SIGTERM');
  assert.equal(await demo.exited, 0);
});
