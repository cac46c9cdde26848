// npm run token -- create --name NAME --scopes read[,refund,charge] [--expires 90d|2027-06-30]
// npm run token -- list
// npm run token -- revoke NAME
// Named proxy tokens kept in the shop's config (--config FILE, else
// PROXY_CONFIG, else shop/proxy.json), so they survive restarts. The token is
// made by the proxy's own `stripe-proxy token create` and printed once; only its
// SHA-256 is stored. The proxy reads its config at start: restart it after a
// change. An expired token is refused from its expiry on, without a restart.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseTokenCreate } from './demo/proxy_config.mjs';
import { parseArgs } from './shop/cli_args.mjs';
import { configPath, readConfig, writeConfig } from './shop/config_file.mjs';
import { addToken, listTokens, parseExpiry, revokeToken } from './shop/shop_config.mjs';

const PROXY_BINARY = resolve('build/native/proxy/stripe-proxy');
const USAGE = `usage: npm run token -- create --name NAME --scopes read[,refund,charge] [--expires 90d|2027-06-30] [--config FILE]
       npm run token -- list [--config FILE]
       npm run token -- revoke NAME [--config FILE]`;

function newToken(name, scopes) {
  try {
    return parseTokenCreate(execFileSync(PROXY_BINARY, ['token', 'create', '--scopes', scopes, '--name', name],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error(`${PROXY_BINARY} is not built: run npm run build`);
    throw new Error(String(error.stderr ?? error.message).trim().replace(/^stripe-proxy: /, ''));
  }
}

async function main(argv) {
  const { options, positional: [command, ...rest] } = parseArgs(argv, {
    values: ['--name', '--scopes', '--expires', '--config'], flags: [],
  });
  const file = configPath(options.config);
  if (command === 'create' && rest.length === 0) {
    if (!options.name || !options.scopes) throw new Error(`create needs --name and --scopes\n${USAGE}`);
    const config = await readConfig(file);
    const expiresAt = options.expires ? parseExpiry(options.expires) : undefined;
    addToken(config, { name: options.name, sha256: '', scopes: [] });  // name checks before a token is made
    const { token, entry } = newToken(options.name, options.scopes);
    await writeConfig(file, addToken(config, { ...entry, ...(expiresAt ? { expires_at: expiresAt } : {}) }));
    console.log(`Token "${entry.name}" (scopes ${entry.scopes.join(',')}, ${expiresAt ? `expires ${new Date(expiresAt * 1000).toISOString()}` : 'never expires'}):`);
    console.log(token);
    console.log(`Shown once: store it now. Only its SHA-256 is in ${file}; restart the proxy to use it.`);
  } else if (command === 'list' && rest.length === 0) {
    for (const line of listTokens(await readConfig(file))) console.log(line);
  } else if (command === 'revoke' && rest.length === 1) {
    await writeConfig(file, revokeToken(await readConfig(file), rest[0]));
    console.log(`Revoked "${rest[0]}" in ${file}; restart the proxy to refuse it.`);
  } else {
    throw new Error(USAGE);
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`npm run token: ${error.message}`);
  process.exit(1);
});
