// The public port: PORT (default 8080, 0 = any free port), and a clear
// message when it is taken.
import { createServer } from 'node:net';

/** Parses PORT; throws a clear error for anything but an integer 0..65535. */
export function publicPort(value) {
  if (value === undefined || value === '') return 8080;
  if (!/^\d{1,5}$/.test(String(value)) || Number(value) > 65535) {
    throw new Error(`PORT must be a port number from 0 to 65535 (0 = any free port), not "${value}"`);
  }
  return Number(value);
}

export function portInUseMessage(port) {
  return `port ${port} on 127.0.0.1 is already in use (another npm start?). Stop that program or choose another port: PORT=${port === 8080 ? 8081 : 8080} npm start (PORT=0 picks a free one)`;
}

/**
 * Binds 127.0.0.1:port and releases it; resolves to the port actually bound
 * (the free port chosen by the system when `port` is 0). Rejects with
 * portInUseMessage when it is taken.
 */
export function claimPort(port) {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', (error) => reject(error.code === 'EADDRINUSE' ? new Error(portInUseMessage(port)) : error));
    server.listen(port, '127.0.0.1', () => {
      const bound = server.address().port;
      server.close(() => resolvePort(bound));
    });
  });
}
