// The shop's proxy config file: where it is (--config, else PROXY_CONFIG, else
// shop/proxy.json), and reading and writing it readable by its owner only (it
// holds token hashes; never the secret key).
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export const DEFAULT_CONFIG = 'shop/proxy.json';

export function configPath(option, env = process.env) {
  return resolve(option ?? env.PROXY_CONFIG ?? DEFAULT_CONFIG);
}

export async function readConfig(file) {
  let text;
  try { text = await readFile(file, 'utf8'); } catch { throw new Error(`cannot read ${file}: run npm run setup first (or pass --config FILE)`); }
  try { return JSON.parse(text); } catch (error) { throw new Error(`${file} is not valid JSON (${error.message})`); }
}

/** Writes via a temporary file and a rename, so a crash never leaves half a config. */
export async function writeConfig(file, config) {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}
