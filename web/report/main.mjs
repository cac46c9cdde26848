import { currencyExponent, version } from '../../wasm/js/index.mjs';

const versionOutput = document.getElementById('core-version');
const status = document.getElementById('core-status');

try {
  versionOutput.textContent = await version();
  const exponents = await Promise.all(['usd', 'jpy', 'kwd'].map(currencyExponent));
  status.textContent = `Core ready (decimals: usd ${exponents[0]}, jpy ${exponents[1]}, kwd ${exponents[2]}).`;
} catch (error) {
  status.textContent = `The report core could not load: ${error.message}`;
}
