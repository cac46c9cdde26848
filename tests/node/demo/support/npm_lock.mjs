// `npm start` and `npm run build` rebuild build/web and run ninja in the
// shared build directories; two test files doing so at once (node --test runs
// files in parallel) could trip over each other. withNpmLock runs one such
// section at a time across files: a directory created atomically by mkdir,
// removed when the section ends (or found older than 15 minutes: a dead run).
import { mkdir, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';

const LOCK = resolve('build/.npm-commands.lock');
const STALE_MS = 15 * 60_000;

export async function withNpmLock(section) {
  await mkdir(resolve('build'), { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(LOCK).then((info) => info.mtimeMs, () => Date.now()));
      if (age > STALE_MS) await rm(LOCK, { recursive: true, force: true });
      else await new Promise((resolveWait) => setTimeout(resolveWait, 250));
    }
  }
  try {
    return await section();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}
