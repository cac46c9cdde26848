// Public JS API of the report core (package.json "exports").
import { loadCore } from './load_core.mjs';

export { loadCore };

/** Decimals of the currency's minor unit (0 for jpy, 3 for kwd); throws on a malformed code. */
export async function currencyExponent(code) {
  const core = await loadCore();
  const exponent = core.currencyExponent(String(code));
  if (exponent < 0) throw new RangeError(`not a currency code: ${JSON.stringify(code)}`);
  return exponent;
}

/** The core's version string. */
export async function version() {
  return (await loadCore()).version();
}
