// npm run bench:core — the report core's speed and size, measured side by side
// in one Node process on the same bytes:
//   1. 100k balance transactions (~44 MB list JSON): wasm core vs the plain-JS
//      baseline (TextDecoder + JSON.parse + a loop), medians of several runs,
//      and the native core (bench/core_bench_native) on the same file;
//   2. 2M transactions (~0.9 GB) generated chunk by chunk and streamed through
//      feed() in 1 MB chunks: peak wasm memory (must stay <= 64 MB);
//   3. the browser .wasm size, raw and gzip.
// A benchmark, not a test: it prints figures and fails only on wrong results.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { createReporter, wasmMemoryBytes } from '../wasm/js/index.mjs';
import { balanceTransactionList, balanceTransactionListChunks } from './stripe_data_generator.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SMALL_COUNT = 100_000;
const LARGE_COUNT = Number(process.env.BENCH_LARGE_COUNT ?? 2_000_000);
const CHUNK = 1 << 20;
const root = new URL('..', import.meta.url).pathname;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes) => bytes / 1e6;

async function wasmReport(bytes) {
  const reporter = await createReporter({ timezone: 'UTC', period: 'week' });
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    const error = reporter.feed(bytes.subarray(offset, offset + CHUNK));
    if (error) throw new Error(error.error.message);
  }
  return reporter.finish();
}

// The plain-JS way: decode, parse, loop. Same semantics for these inputs
// (UTC weeks from Monday, classification, dedupe by id, fees, net).
const SALES = { charge: 'gross', refund: 'refunds', refund_failure: 'refunds',
  partial_capture_reversal: 'refunds', dispute: 'disputes', dispute_reversal: 'disputes', fee: 'fee' };
const NOT_SALES = new Set(['payout', 'payout_reversal', 'transfer', 'transfer_reversal', 'topup',
  'topup_reversal']);
function jsBaselineReport(bytes) {
  const list = JSON.parse(new TextDecoder().decode(bytes));
  const seen = new Set();
  const rows = new Map();
  for (const t of list.data) {
    if (t.object !== 'balance_transaction' || seen.has(t.id)) continue;
    seen.add(t.id);
    const category = t.reporting_category ?? t.type;
    if (NOT_SALES.has(category)) continue;
    const days = Math.floor(t.created / 86400);
    const weekStart = days - ((days + 3) % 7);
    const key = `${weekStart}|${t.currency}`;
    let row = rows.get(key);
    if (!row) rows.set(key, row = { charges: 0, gross: 0, refunds: 0, disputes: 0, other: 0, fees: 0, net: 0 });
    const bucket = SALES[category] ?? 'other';
    if (bucket === 'fee') row.fees -= t.amount;
    else row[bucket] += t.amount;
    if (bucket === 'gross') row.charges += 1;
    row.fees += t.fee;
    row.net += t.net;
  }
  return rows;
}

function sameTotals(report, jsRows) {
  const sum = (rows) => rows.reduce((s, r) => s + r.net + r.gross + r.fees, 0);
  return report.rows.length === jsRows.size && sum(report.rows) === sum([...jsRows.values()]);
}

console.log(`bench:core — Node ${process.version}, ${RUNS} runs each, medians` +
  `${globalThis.gc ? ', heap collected before each timed run' : ''}\n`);

// 1. Throughput on 100k transactions.
const bytes = balanceTransactionList(SMALL_COUNT);
console.log(`input: ${SMALL_COUNT} balance transactions, ${mb(bytes.length).toFixed(1)} MB list JSON`);
const wasmSeconds = [];
const jsSeconds = [];
let wasmResult;
let jsResult;
await wasmReport(bytes.subarray(0, 0));  // instantiate the module outside the timing
// Each timed run starts on a collected heap, so neither side pays for the
// other's garbage (the JS baseline leaves ~100k parsed objects behind).
const collect = globalThis.gc ?? (() => {});
for (let run = 0; run < RUNS; ++run) {
  collect();
  let start = performance.now();
  wasmResult = await wasmReport(bytes);
  wasmSeconds.push((performance.now() - start) / 1000);
  collect();
  start = performance.now();
  jsResult = jsBaselineReport(bytes);
  jsSeconds.push((performance.now() - start) / 1000);
}
if (!sameTotals(wasmResult, jsResult)) throw new Error('wasm and JS baseline disagree');
const wasmMBs = mb(bytes.length) / median(wasmSeconds);
const jsMBs = mb(bytes.length) / median(jsSeconds);

const dir = mkdtempSync(join(tmpdir(), 'bench-core-'));
let native;
try {
  const file = join(dir, 'list.json');
  writeFileSync(file, bytes);
  native = JSON.parse(execFileSync(join(root, 'build/native/bench/core_bench_native'),
    [file, String(RUNS)], { encoding: 'utf8' }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`  wasm core      ${wasmMBs.toFixed(0).padStart(6)} MB/s  (median ${(median(wasmSeconds) * 1000).toFixed(1)} ms)`);
console.log(`  JS baseline    ${jsMBs.toFixed(0).padStart(6)} MB/s  (median ${(median(jsSeconds) * 1000).toFixed(1)} ms)`);
console.log(`  native core    ${native.median_mb_per_s.toFixed(0).padStart(6)} MB/s`);
console.log(`  wasm / JS      ${(wasmMBs / jsMBs).toFixed(2)}x   (target >= 4x and >= 300 MB/s)`);
console.log(`  report: ${wasmResult.rows.length} rows, ${wasmResult.counts.included} transactions included\n`);

// 2. Memory: 2M transactions streamed in 1 MB chunks.
const reporter = await createReporter({ timezone: 'UTC', period: 'week' });
let streamed = 0;
let feedSeconds = 0;
for (const chunk of balanceTransactionListChunks(LARGE_COUNT, CHUNK, 7)) {
  streamed += chunk.length;
  const start = performance.now();
  const error = reporter.feed(chunk);
  feedSeconds += (performance.now() - start) / 1000;
  if (error) throw new Error(error.error.message);
}
const large = reporter.finish();
if (large.counts.balance_transactions !== LARGE_COUNT) throw new Error('large stream lost transactions');
const peak = await wasmMemoryBytes();
console.log(`stream: ${LARGE_COUNT} transactions, ${mb(streamed).toFixed(0)} MB in 1 MB chunks, ` +
  `feed ${(mb(streamed) / feedSeconds).toFixed(0)} MB/s`);
console.log(`  peak wasm memory ${(peak / 1048576).toFixed(1)} MiB (limit 64 MiB)${peak <= 64 * 1048576 ? '' : '  OVER LIMIT'}\n`);

// 3. Size of the browser module.
const wasm = readFileSync(join(root, 'build/wasm/wasm/stripe_report_core.wasm'));
console.log(`wasm size: ${(wasm.length / 1024).toFixed(1)} KiB raw, ` +
  `${(gzipSync(wasm, { level: 9 }).length / 1024).toFixed(1)} KiB gzip (limit 200 KB raw)`);
