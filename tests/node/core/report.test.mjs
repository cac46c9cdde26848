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
  assert.equal(native.status, 0);  // empty stdin: an empty report
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
  assert.equal(reporter.finish().error, undefined);
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
  assert.equal(runCli(['--period', 'year', fixtures[0]]).status, 2);
  assert.equal(runCli(['--bogus', fixtures[0]]).status, 2);
  assert.equal(runCli([]).status, 2);
  assert.equal(runCli(['--tz', 'Mars/Olympus', fixtures[0]]).status, 3);
  const missing = runCli(['no/such/file.json']);
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /cannot open no\/such\/file.json/);
  const csv = runCli(['--format', 'csv', '--tz', 'Europe/Berlin', fixtures[2]]);
  assert.equal(csv.status, 0);
  assert.equal(csv.stdout.split('\n')[0], 'period_start,currency,charges,gross,refunds,disputes,other,fees,net');
  assert.match(csv.stdout, /^2024-03-25,eur,1,2500,-1000,0,0,103,1397$/m);
  const table = runCli(['--tz', 'Europe/Berlin', fixtures[2]]);
  assert.match(table.stdout, /2024-04-01 {2}KWD +1 +12\.250 +0\.000 +0\.000 +0\.000 +0\.360 +11\.890/);
});
