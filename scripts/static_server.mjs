// A minimal static file server for the demo and browser tests, rooted at the
// repository. It refuses paths outside the root and serves .wasm with the MIME
// type browsers require for streaming compilation.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Starts serving `root` on 127.0.0.1:`port` (0 = any free port); resolves to the server. */
export function serveStatic(root, port = 0) {
  const rootDir = resolve(root);
  const server = createServer(async (request, response) => {
    try {
      const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
      let file = normalize(join(rootDir, path));
      if (file !== rootDir && !file.startsWith(rootDir + sep)) throw Object.assign(new Error(), { code: 'EACCES' });
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      response.end(body);
    } catch (error) {
      const status = error.code === 'EACCES' ? 403 : 404;
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(status === 403 ? 'forbidden\n' : 'not found\n');
    }
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveServer(server));
  });
}
