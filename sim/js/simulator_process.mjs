// Starts the built stripe-sim binary on 127.0.0.1 (an ephemeral port by
// default) and resolves once it prints its ready line. Used by the demo
// (scripts/start.mjs) and the node tests.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const SIM_BINARY = resolve(fileURLToPath(new URL('../../build/native/sim/stripe-sim', import.meta.url)));
export const SIM_SECRET_KEY = 'sk_test_simulator';
export const SIM_PUBLISHABLE_KEY = 'pk_test_simulator';

/**
 * startSimulator({ args, listen, stderr, readyTimeoutMs }) -> { url, port, child, stop() }
 * `args` are extra flags (e.g. ['--seed-charges', '500']); `stderr` 'inherit' | 'ignore' | 'pipe'.
 * stop() sends SIGTERM and resolves with the exit code.
 */
export function startSimulator({ args = [], listen = '127.0.0.1:0', stderr = 'ignore', readyTimeoutMs = 60_000 } = {}) {
  const child = spawn(SIM_BINARY, ['--listen', listen, ...args], { stdio: ['ignore', 'pipe', stderr] });
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit(code ?? signal)));
  return new Promise((resolveReady, rejectReady) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectReady(new Error(`stripe-sim did not print its ready line within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    child.once('error', (error) => { clearTimeout(timer); rejectReady(error); });
    const early = (code) => { clearTimeout(timer); rejectReady(new Error(`stripe-sim exited early (${code}): ${output}`)); };
    child.once('exit', early);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /^stripe-sim listening on (http:\/\/[\d.]+:(\d+))\n/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', early);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolveReady({
        url: match[1],
        port: Number(match[2]),
        child,
        readyLine: match[0],
        exited,
        stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}
