// Loads the report core's wasm module in the browser, a worker or Node.
// The module is built for web,worker (see wasm/CMakeLists.txt); under Node,
// Emscripten 3.1.6 would fetch() a file path, so we read the bytes ourselves.
import createStripeReportModule from '../../build/wasm/wasm/stripe_report_core.mjs';

const wasmUrl = new URL('../../build/wasm/wasm/stripe_report_core.wasm', import.meta.url);
const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

let modulePromise;

/** Resolves to the instantiated core module (one instance per realm). */
export function loadCore() {
  modulePromise ??= instantiate();
  return modulePromise;
}

async function instantiate() {
  const options = {};
  if (isNode) {
    const { readFile } = await import('node:fs/promises');
    options.wasmBinary = await readFile(wasmUrl);
  }
  return createStripeReportModule(options);
}
