// npm run setup -- --catalog products.csv --publishable-key pk_live_... --origin https://pay.shop.example
// Writes the starter proxy config for your shop (default shop/proxy.json) from
// your catalog (CSV or JSON): your publishable key, the origins that may use
// the checkout, the proxy listening on 127.0.0.1 behind your TLS reverse
// proxy, the pages from dist/ (npm run build), and payment_flow
// "payment_intents". The secret key is never written: give it to the proxy as
// STRIPE_SECRET_KEY (or the config's secret_key_file). See "Going live" in README.md.
import { access, readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from './shop/cli_args.mjs';
import { configPath, writeConfig } from './shop/config_file.mjs';
import { STRIPE_API, parseCatalog, starterConfig } from './shop/shop_config.mjs';

const USAGE = `usage: npm run setup -- --catalog FILE.csv|FILE.json --publishable-key pk_... --origin https://pay.shop.example [--origin ...]
       [--config shop/proxy.json] [--listen 127.0.0.1:8787] [--static DIR|--no-static]
       [--payment-flow payment_intents|charges] [--upstream ${STRIPE_API}] [--force]`;

async function main(argv) {
  const { options, positional } = parseArgs(argv, {
    values: ['--catalog', '--publishable-key', '--config', '--listen', '--static', '--payment-flow', '--upstream'],
    repeatable: ['--origin'], flags: ['--force', '--no-static'],
  });
  if (positional.length || !options.catalog) throw new Error(`--catalog FILE is required\n${USAGE}`);
  if (!options.origin?.length) {
    throw new Error(`--origin is required: the public address of the proxy (e.g. https://pay.shop.example; browsers send it with every payment), plus each storefront that embeds the checkout\n${USAGE}`);
  }
  const catalogFile = resolve(options.catalog);
  const catalog = parseCatalog(await readFile(catalogFile, 'utf8'), basename(catalogFile));
  const file = configPath(options.config);
  if (!options.force && await access(file).then(() => true, () => false)) {
    throw new Error(`${file} exists already (it may hold your tokens): pass --force to replace it`);
  }
  const config = starterConfig({
    catalog,
    publishableKey: options.publishableKey ?? process.env.STRIPE_PUBLISHABLE_KEY,
    origins: options.origin ?? [],
    listen: options.listen,
    upstream: options.upstream,
    staticDir: options.noStatic ? undefined : resolve(options.static ?? 'dist'),
    paymentFlow: options.paymentFlow,
  });
  await writeConfig(file, config);
  console.log(`Wrote ${file} (${config.mode} mode, ${catalog.length} products, payment_flow ${config.payment_flow}, listening on ${config.listen}).`);
  for (const item of catalog) console.log(`  ${item.sku.padEnd(16)} ${String(item.unit_amount).padStart(10)} ${item.currency}  ${item.name}`);
  console.log(`Next: npm run token -- create --name NAME --scopes read  (a token for the report viewer or scripts)
      npm run build                                    (the pages, in dist/)
      PROXY_CONFIG=${file} STRIPE_SECRET_KEY=sk_... npm start`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`npm run setup: ${error.message}`);
  process.exit(1);
});
