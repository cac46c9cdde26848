// npm start: runs the demo. Until the simulator and proxy exist, it serves the
// static pages (with the wasm core) and prints where they are. Ctrl-C stops it.
import { execFileSync } from 'node:child_process';
import { serveStatic } from './static_server.mjs';

const port = Number(process.env.PORT ?? 8080);
const server = await serveStatic('build/web', port);
const base = `http://127.0.0.1:${server.address().port}`;
const cliVersion = execFileSync('build/native/wasm/stripe-report', ['--version'], { encoding: 'utf8' }).trim();

console.log(`${cliVersion} built (build/native/wasm/stripe-report)`);
console.log(`Report viewer: ${base}/report/ (open Stripe files; nothing is uploaded)`);
console.log('Press Ctrl-C to stop.');

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
