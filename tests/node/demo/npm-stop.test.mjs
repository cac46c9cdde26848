// `npm start` stopped by a signal sent to the npm process itself (not to its
// process group, as a terminal's Ctrl-C would): the proxy and the simulator
// stop within 5 s and nothing of the process tree is left running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const NO_STRIPE_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('STRIPE_')));

/** The state letter of a process from /proc (null when it is gone). */
function processState(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return null;
  }
}

const running = (pid) => !['Z', 'X', null].includes(processState(pid));

/** Every live descendant of `root`, from /proc's parent links: [{ pid, command }]. */
function descendants(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      children.set(ppid, [...(children.get(ppid) ?? []), { pid: Number(entry), command }]);
    } catch { /* exited meanwhile */ }
  }
  const found = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found.filter((child) => running(child.pid));
}

function startNpm() {
  // detached: npm leads its own process group, so the signal below reaches npm alone.
  const npm = spawn('npm', ['start'], {
    env: { ...NO_STRIPE_ENV, PORT: '0', SIM_SEED_CHARGES: '50', SIM_SEED_WEEKS: '1', REPORT_TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let stdout = '';
  let stderr = '';
  npm.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolveExit) => npm.once('exit', (code, signal) => resolveExit(code ?? signal)));
  const ready = new Promise((resolveReady, reject) => {
    // npm start first runs bootstrap and an incremental build (a no-op after npm test's build).
    const timer = setTimeout(() => reject(new Error(`npm start not ready in 300 s:\n${stdout}\n${stderr}`)), 300_000);
    npm.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (/Press Ctrl-C to stop\./.test(stdout)) { clearTimeout(timer); resolveReady(); }
    });
    exited.then((code) => { clearTimeout(timer); reject(new Error(`npm start exited ${code}:\n${stdout}\n${stderr}`)); });
  });
  return { npm, ready, exited, output: () => stdout };
}

async function waitUntilGone(pids, ms) {
  const deadline = Date.now() + ms;
  while (pids.some(running) && Date.now() < deadline) await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  return pids.filter(running);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  test(`${signal} to the npm process stops the proxy and the simulator within 5 s, no orphans`, async () => {
    const run = startNpm();
    let tree = [];
    try {
      await run.ready;
      tree = descendants(run.npm.pid);
      const commands = tree.map((child) => child.command);
      assert.ok(commands.some((command) => /stripe-proxy serve/.test(command)), commands.join('\n'));
      assert.ok(commands.some((command) => /stripe-sim /.test(command)), commands.join('\n'));
      const proxyUrl = /^Proxy: (http:\/\/127\.0\.0\.1:\d+) /m.exec(run.output())[1];
      assert.equal((await fetch(`${proxyUrl}/healthz`)).status, 200);

      const sent = Date.now();
      process.kill(run.npm.pid, signal);
      const left = await waitUntilGone(tree.map((child) => child.pid), 5000);
      assert.deepEqual(tree.filter((child) => left.includes(child.pid)).map((child) => child.command), []);
      assert.ok(Date.now() - sent < 5000);
      await assert.rejects(fetch(`${proxyUrl}/healthz`), TypeError);
    } finally {
      for (const { pid } of tree) if (running(pid)) process.kill(pid, 'SIGKILL');
      if (running(run.npm.pid)) process.kill(run.npm.pid, 'SIGKILL');
    }
    await run.exited;
  });
}
