// The loopback upstream of `npm run bench:proxy`, in its own process so that
// the bench driver's own work does not slow it: a minimal Stripe-like charge,
// keep-alive. Prints its port on stdout.
import { createServer } from 'node:http';

const charge = JSON.stringify({ id: 'ch_bench', object: 'charge', amount: 2500, currency: 'eur', status: 'succeeded', customer: 'cus_bench', created: 1700000000, metadata: {} });
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_bench', 'content-length': Buffer.byteLength(charge) });
  res.end(charge);
});
server.keepAliveTimeout = 120_000;
server.maxRequestsPerSocket = 0;
server.listen(0, '127.0.0.1', () => console.log(`upstream listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
