// Child processes of the demo: spawn a server binary, wait for its one ready
// line ("... listening on http://HOST:PORT"), stop it with SIGTERM.
import { spawn } from 'node:child_process';

/**
 * startListening({ name, binary, args, env, readyTimeoutMs }) ->
 *   { name, url, port, child, exited, stderrTail(), stop() }
 * `env` replaces the child's environment entirely (so secrets are passed on
 * purpose only). stderr is kept (last lines) for error messages.
 */
export function startListening({ name, binary, args, env, readyTimeoutMs = 60_000, echoStderr = false }) {
  // Same process group as node: a terminal's Ctrl-C (or a group kill) reaches
  // the children too, so they stop even if node cannot stop them.
  const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  child.stderr.on('data', (chunk) => {
    if (echoStderr) process.stderr.write(chunk);
    tail.push(chunk);
    if (tail.length > 50) tail.shift();
  });
  const stderrTail = () => Buffer.concat(tail).toString().trim().split('\n').slice(-5).join('\n');
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit(code ?? signal)));
  const stop = async (killAfterMs = 10_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    }
    return exited;
  };
  return new Promise((resolveReady, rejectReady) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectReady(new Error(`${name} did not say it was listening within ${readyTimeoutMs} ms. ${stderrTail()}`));
    }, readyTimeoutMs);
    child.once('error', (error) => { clearTimeout(timer); rejectReady(new Error(`${name} could not start (${binary}): ${error.message}`)); });
    const early = (code) => {
      clearTimeout(timer);
      // Give the stderr pipe a moment to drain so the message carries the reason.
      setTimeout(() => rejectReady(new Error(`${name} exited (${code}) before listening: ${stderrTail() || output}`)), 50);
    };
    child.once('exit', early);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = / listening on (http:\/\/(?:[\w.-]+|\[[\da-fA-F:]+\]):(\d+))\n/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', early);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolveReady({ name, url: match[1], port: Number(match[2]), child, exited, stderrTail, stop });
    });
  });
}
