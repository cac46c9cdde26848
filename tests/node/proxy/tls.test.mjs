// TLS to the upstream: peer verification against the trust store, SNI, and
// host-name verification. A throwaway CA is trusted through SSL_CERT_FILE
// (OpenSSL's default verify paths), so the real code path runs on loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeToken, startProxy } from './support.mjs';

const dir = mkdtempSync(join(tmpdir(), 'stripe-proxy-tls-'));
const reader = makeToken('viewer', ['read']);
const servers = [];
const proxies = [];

function openssl(...args) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

// A CA and two leaf certificates it signs: one for localhost, one for another name.
function makeCertificates() {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=proxy test CA');
  for (const name of ['localhost', 'wrong.example']) {
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=DNS:${name}\n`);
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  }
}

async function startTlsUpstream(name) {
  const seen = [];
  const server = createServer({ key: readFileSync(join(dir, `${name}.key`)), cert: readFileSync(join(dir, `${name}.pem`)) }, (req, res) => {
    seen.push({ url: req.url, servername: req.socket.servername, authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_tls' });
    res.end(JSON.stringify({ object: 'list', data: [], has_more: false, url: '/v1/charges' }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { port: server.address().port, seen };
}

async function proxyTo(port, trustCa) {
  const proxy = await startProxy({
    listen: '127.0.0.1:0', upstream: `https://localhost:${port}`, publishable_key: 'pk_test_tls', tokens: [reader.entry],
    limits: { max_retries: 0, connect_timeout_ms: 2000 },
  }, { env: trustCa ? { SSL_CERT_FILE: join(dir, 'ca.pem') } : {} });
  proxies.push(proxy);
  return proxy;
}

before(() => makeCertificates());
after(async () => {
  for (const proxy of proxies) assert.equal((await proxy.stop()).code, 0);
  for (const server of servers) server.close();
});

const list = (proxy) => fetch(`${proxy.base}/v1/charges`, { headers: { authorization: `Bearer ${reader.token}` } });

test('a trusted certificate for the upstream host: forwarded over TLS with SNI', async () => {
  const upstream = await startTlsUpstream('localhost');
  const proxy = await proxyTo(upstream.port, true);
  const response = await list(proxy);
  assert.equal(response.status, 200);
  assert.equal((await response.json()).object, 'list');
  assert.equal(upstream.seen.length, 1);
  assert.equal(upstream.seen[0].servername, 'localhost');
  assert.equal(upstream.seen[0].authorization, `Bearer ${proxy.secret}`);
});

test('an untrusted certificate is refused: 502, nothing sent', async () => {
  const upstream = await startTlsUpstream('localhost');
  const proxy = await proxyTo(upstream.port, false);
  const response = await list(proxy);
  assert.equal(response.status, 502);
  assert.equal((await response.json()).error.type, 'api_connection_error');
  assert.equal(upstream.seen.length, 0);
});

test('a trusted certificate for another host name is refused: 502, nothing sent', async () => {
  const upstream = await startTlsUpstream('wrong.example');
  const proxy = await proxyTo(upstream.port, true);
  const response = await list(proxy);
  assert.equal(response.status, 502);
  assert.equal(upstream.seen.length, 0);
});
