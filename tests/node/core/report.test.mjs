// The wasm report core against the native CLI on the same fixtures (results
// must be identical), in random chunkings; errors come back as data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createReporter } from 'stripe-sales-toolkit';

const cli = 'build/native/wasm/stripe-report';
const fixtures = [
  'tests/fixtures/core/balance_transactions_pages.json',
  'tests/fixtures/core/mixed_objects.ndjson',
  'tests/fixtures/csv/itemized_balance.csv',
  'tests/fixtures/core/hardening.ndjson',
];
const optionSets = [
  {},
  { timezone: 'Europe/Berlin' },
  { timezone: 'America/New_York', week_start: 'sunday' },
  { timezone: 'Europe/Berlin', period: 'month', basis: 'available_on' },
  { timezone: 'Asia/Tokyo', period: 'day', currency: 'eur', from: '2024-03-01', to: '2024-11-01' },
];

function cliArgs(options) {
  const flags = { timezone: '--tz', period: '--period', week_start: '--week-start',
    basis: '--basis', from: '--from', to: '--to', currency: '--currency' };
  return Object.entries(options).flatMap(([key, value]) => [flags[key], String(value)]);
}

function runCli(args) {
  return spawnSync(cli, args, { encoding: 'utf8' });
}

// A deterministic PRNG so a failure names a reproducible chunking.
function* chunks(bytes, seed) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648);
  for (let at = 0; at < bytes.length;) {
    const size = 1 + (next() % (next() % 4 === 0 ? 5 : 4096));
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function wasmReport(bytes, options, seed) {
  const reporter = await createReporter(options);
  for (const chunk of chunks(bytes, seed)) {
    const outcome = reporter.feed(chunk);
    if (outcome) return { ...reporter.finish(), fedError: outcome.error };
  }
  return reporter.finish();
}

for (const fixture of fixtures) {
  test(`wasm and native CLI agree on ${fixture}`, async () => {
    const bytes = new Uint8Array(readFileSync(fixture));
    for (const [index, options] of optionSets.entries()) {
      const native = JSON.parse(execFileSync(cli, [...cliArgs(options), '--format', 'json', fixture],
        { encoding: 'utf8' }));
      const wasm = await wasmReport(bytes, options, 17 + index);
      assert.deepEqual(wasm, native, `options ${JSON.stringify(options)}`);
      if (!options.currency) assert.ok(native.rows.length > 0, 'the fixture must produce rows');
    }
  });
}

test('the Berlin week report of the list fixture has exact figures', async () => {
  const bytes = new Uint8Array(readFileSync(fixtures[0]));
  const report = await wasmReport(bytes, { timezone: 'Europe/Berlin' }, 5);
  assert.equal(report.timezone, 'Europe/Berlin');
  assert.equal(report.counts.duplicates, 1);
  assert.equal(report.counts.balance_transactions, 60);
  const eur = report.totals.find((total) => total.currency === 'eur');
  assert.equal(eur.net, eur.gross + eur.refunds + eur.disputes + eur.other - eur.fees);
  assert.equal(report.checks.invariant_ok, true);
  const weeks = report.rows.map((row) => row.period_start);
  assert.deepEqual(weeks, [...weeks].sort());
  for (const row of report.rows) assert.equal(new Date(`${row.period_start}T12:00:00Z`).getUTCDay(), 1);
});

test('malformed input: error as data, earlier objects kept, same as the CLI', async () => {
  const good = readFileSync(fixtures[1], 'utf8').split('\n').slice(0, 5).join('\n');
  const text = `${good}\n{"id":"txn_bad","object":"balance_transaction","amount":"12"}\n`;
  const reporter = await createReporter({ timezone: 'Europe/Berlin' });
  const outcome = reporter.feed(new TextEncoder().encode(text));
  assert.equal(outcome.error.code, 'wrong_type');
  assert.equal(outcome.error.object_id, 'txn_bad');
  assert.equal(outcome.error.field, 'amount');
  assert.equal(outcome.error.line, 6);
  assert.equal(outcome.error.byte_offset, Buffer.byteLength(good) + 1 + 56);
  assert.equal(reporter.feed(new Uint8Array([123])).error.code, 'wrong_type');  // later chunks refused
  const report = reporter.finish();
  assert.deepEqual(report.error, outcome.error);

  const native = runCli(['--tz', 'Europe/Berlin', '--format', 'json', '-']);
  const piped = spawnSync(cli, ['--tz', 'Europe/Berlin', '--format', 'json', '-'], { input: text, encoding: 'utf8' });
  assert.equal(native.status, 4);  // empty stdin: nothing to report, its own exit code
  assert.equal(piped.status, 1);
  assert.deepEqual(JSON.parse(piped.stdout), report);
  assert.match(piped.stderr, /byte \d+, line 6: balance_transaction txn_bad: field `amount` must be an integer \[wrong_type\]/);
});

test('truncated and non-UTF-8 input are errors at finish and at the byte', async () => {
  let reporter = await createReporter({});
  assert.equal(reporter.feed(new TextEncoder().encode('{"object":"list","data":[{"id":"txn_1"')), null);
  const truncated = reporter.finish();
  assert.equal(truncated.error.code, 'truncated');
  assert.equal(truncated.error.byte_offset, 38);
  reporter = await createReporter({});
  const outcome = reporter.feed(new Uint8Array([0x7b, 0x22, 0x61, 0xc3, 0x28, 0x22]));
  assert.equal(outcome.error.code, 'invalid_utf8');
  assert.equal(outcome.error.byte_offset, 4);
});

test('bad options and arguments are errors as data, never exceptions', async () => {
  for (const [options, field] of [[{ period: 'year' }, 'period'], [{ week_start: 'friday' }, 'week_start'],
    [{ basis: 'paid' }, 'basis'], [{ currency: 'EURO' }, 'currency'], [{ from: 'yesterday' }, 'from'],
    [{ timezone: 'Mars/Olympus' }, 'timezone'], [{ timezone: '../etc/passwd' }, 'timezone']]) {
    const reporter = await createReporter(options);
    assert.equal(reporter.feed(new Uint8Array(1)).error.code, 'invalid_option');
    const report = reporter.finish();
    assert.equal(report.error.code, 'invalid_option', JSON.stringify(options));
    assert.equal(report.error.field, field);
  }
  const reporter = await createReporter({});
  assert.equal(reporter.feed('not bytes').error.code, 'invalid_argument');
  assert.equal(reporter.feed(new Uint16Array([0x2020])), null);  // any view: its bytes
  assert.equal(reporter.finish().error.code, 'no_balance_transactions');  // two spaces
});

test('amounts beyond 2^53 come as exact decimal strings', async () => {
  const big = '9007199254740993';
  const text = `{"id":"txn_big","object":"balance_transaction","amount":${big},"fee":0,"net":${big},` +
    '"currency":"jpy","created":1710000000,"reporting_category":"charge"}';
  const reporter = await createReporter({});
  assert.equal(reporter.feed(new TextEncoder().encode(text)), null);
  const report = reporter.finish();
  assert.equal(report.rows[0].gross, big);
  assert.equal(report.rows[0].net, big);
  assert.equal(report.rows[0].charges, 1);
  assert.equal(reporter.feed(new Uint8Array(1)).error.code, 'finished');
});

test('CLI: help, usage errors and I/O errors have documented exit codes', () => {
  const help = runCli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Exit codes:/);
  assert.match(help.stdout, /4 {2}no balance transactions in the input/);
  assert.match(help.stdout, /--units U +major \| minor/);
  assert.match(help.stdout, /fees +the fee of every transaction, and the amounts of fee,\n +network_cost and tax/);
  assert.match(help.stdout, /gross +charge \(count in `charges`\), partial_capture_reversal/);
  assert.equal(runCli(['--period', 'year', fixtures[0]]).status, 2);
  assert.equal(runCli(['--bogus', fixtures[0]]).status, 2);
  assert.equal(runCli([]).status, 2);
  assert.equal(runCli(['--tz', 'Mars/Olympus', fixtures[0]]).status, 3);
  const missing = runCli(['no/such/file.json']);
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /cannot open no\/such\/file.json/);
  const csv = runCli(['--format', 'csv', '--tz', 'Europe/Berlin', fixtures[2]]);
  assert.equal(csv.status, 0);
  assert.equal(csv.stdout.split('\n')[0], 'period_start,currency,units,charges,gross,refunds,disputes,other,fees,net');
  assert.match(csv.stdout, /^2024-03-25,eur,major,1,25\.00,-10\.00,0\.00,0\.00,1\.03,13\.97$/m);
  const table = runCli(['--tz', 'Europe/Berlin', fixtures[2]]);
  assert.match(table.stdout, /2024-04-01 {2}KWD +1 +12\.250 +0\.000 +0\.000 +0\.000 +0\.360 +11\.890/);
});

// ---- issue #10: hardening of the report core and CLI ----------------------

const HARDENING = 'tests/fixtures/core/hardening.ndjson';

test('ids with the same 64-bit hash count as two sales; categories follow Stripe (wasm = native)', async () => {
  const report = await wasmReport(new Uint8Array(readFileSync(HARDENING)), {}, 3);
  const native = JSON.parse(execFileSync(cli, ['--format', 'json', HARDENING], { encoding: 'utf8' }));
  assert.deepEqual(report, native);
  assert.equal(report.units, 'minor');
  assert.equal(report.counts.duplicates, 1);  // only the real repeat
  const eur = report.totals.find((total) => total.currency === 'eur');
  // Two charges with colliding ids, a payment without category; the partial
  // capture lowers gross; network cost and tax on fees are fees; the payout
  // failure and the transfer cancel are no activity.
  assert.deepEqual(eur, { currency: 'eur', charges: 3, gross: 10000 + 2500 - 3000 + 5000, refunds: 0,
    disputes: 0, other: 0, fees: 320 + 103 + 45 + 61 + 175, net: 9680 + 2397 - 3000 - 45 - 61 + 4825 });
  assert.equal(report.counts.excluded, 2);
});

test('CLI: csv and table are decimal by default, json minor units, --units switches; each says so', () => {
  const csv = runCli(['--format', 'csv', HARDENING]);
  assert.equal(csv.status, 0);
  assert.match(csv.stdout, /^total,eur,major,3,145\.00,0\.00,0\.00,0\.00,7\.04,137\.96$/m);
  assert.match(csv.stdout, /^total,idr,major,1,12341234000076\.07,0\.00,0\.00,0\.00,150000000\.00,12341084000076\.07$/m);
  const minor = runCli(['--format', 'csv', '--units', 'minor', HARDENING]);
  assert.match(minor.stdout, /^total,eur,minor,3,14500,0,0,0,704,13796$/m);
  const json = JSON.parse(runCli(['--format', 'json', HARDENING]).stdout);
  assert.equal(json.units, 'minor');
  assert.equal(json.totals.find((t) => t.currency === 'eur').gross, 14500);
  const major = runCli(['--format', 'json', '--units', 'major', HARDENING]);
  assert.match(major.stdout, /"units":"major"/);
  assert.match(major.stdout, /"currency":"eur","charges":3,"gross":145\.00,/);
  assert.match(runCli([HARDENING]).stdout, /amounts in major units/);
  assert.match(runCli(['--units', 'minor', HARDENING]).stdout, /amounts in integer minor units/);
  assert.equal(runCli(['--units', 'cents', HARDENING]).status, 2);
});

test('CLI: table columns are as wide as their widest value (a 17-character IDR amount)', () => {
  const table = runCli([HARDENING]);
  assert.equal(table.status, 0);
  const lines = table.stdout.split('\n');
  const header = lines.find((line) => line.startsWith('period'));
  const idr = lines.find((line) => line.startsWith('total') && line.includes('IDR'));
  assert.deepEqual(idr.split(/ {2,}/), ['total', 'IDR', '1', '12341234000076.07', '0.00', '0.00', '0.00',
    '150000000.00', '12341084000076.07']);
  // Right-aligned numbers: each column ends where its header ends.
  for (const name of ['charges', 'gross', 'fees', 'net']) {
    const end = header.indexOf(name) + name.length;
    for (const line of lines.filter((l) => /^(\d{4}-|total)/.test(l))) {
      assert.equal(line[end - 1] !== ' ' && (line[end] === ' ' || line[end] === undefined), true, `${name} in ${line}`);
    }
  }
});

test('CLI and wasm: files that are no balance transaction export are named; nothing to report exits 4', async () => {
  const cases = [
    { name: 'empty file', bytes: new Uint8Array(0), code: 'no_balance_transactions', says: /the input is empty/ },
    { name: 'customers', code: 'no_balance_transactions', says: /a \/v1\/customers list/,
      bytes: '{"object":"list","url":"/v1/customers","data":[{"id":"cus_1","object":"customer"}],"has_more":false}' },
    { name: 'charges only', code: 'no_balance_transactions', says: /2 charges: a charges-only export/,
      bytes: '{"id":"ch_1","object":"charge","amount":100,"currency":"eur","created":1710000000,"status":"succeeded"}\n' +
        '{"id":"ch_2","object":"charge","amount":200,"currency":"eur","created":1710000000,"status":"succeeded"}\n' },
    { name: 'html', code: 'html_input', says: /HTML page/, bytes: '<!doctype html><title>Log in</title>' },
    { name: 'gzip', code: 'gzip_input', says: /gzip-compressed/, bytes: new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]) },
    { name: 'stripe error', code: 'stripe_error_response', says: /Invalid API Key provided/,
      bytes: '{"error":{"message":"Invalid API Key provided: sk_test_****","type":"invalid_request_error"}}' },
  ];
  for (const c of cases) {
    const bytes = typeof c.bytes === 'string' ? new TextEncoder().encode(c.bytes) : c.bytes;
    const wasm = await wasmReport(bytes, {}, 11);
    assert.equal(wasm.error.code, c.code, c.name);
    assert.match(wasm.error.message, c.says, c.name);
    const table = spawnSync(cli, ['-'], { input: bytes, encoding: 'utf8' });
    assert.equal(table.status, c.code === 'no_balance_transactions' ? 4 : 1, c.name);
    assert.equal(table.stdout, '', c.name);
    assert.match(table.stderr, c.says, c.name);
    assert.doesNotMatch(table.stderr, /no sales in the input/, c.name);
    const json = spawnSync(cli, ['--format', 'json', '-'], { input: bytes, encoding: 'utf8' });
    const { fedError, ...report } = wasm;
    assert.deepEqual(JSON.parse(json.stdout), report, c.name);
    assert.ok(fedError === undefined || fedError.code === c.code, c.name);
  }
});
