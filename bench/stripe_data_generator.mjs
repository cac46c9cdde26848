// Deterministic Stripe-shaped balance transactions for benchmarks: the shape of
// Stripe's API fixture (fee_details, description, exchange_rate, ...), a mix
// of categories and currencies, ~440 bytes each.

/** mulberry32: a small seeded PRNG, so every run benchmarks the same bytes. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const kinds = [
  // [weight, reporting_category, type, sign, fee]
  [80, 'charge', 'charge', 1, true],
  [8, 'refund', 'refund', -1, false],
  [4, 'payout', 'payout', -1, false],
  [3, 'dispute', 'adjustment', -1, true],
  [3, 'fee', 'stripe_fee', -1, false],
  [2, 'other_adjustment', 'adjustment', 1, false],
];
const currencies = [[70, 'eur'], [20, 'usd'], [10, 'jpy']];

function pick(table, r) {
  let x = r * table.reduce((sum, row) => sum + row[0], 0);
  for (const row of table) { x -= row[0]; if (x < 0) return row; }
  return table[table.length - 1];
}

/** The JSON text of balance transaction number i (no trailing newline). */
export function transactionJson(i, random) {
  const [, category, type, sign, hasFee] = pick(kinds, random());
  const [, currency] = pick(currencies, random());
  const amount = sign * (100 + Math.floor(random() * 50000));
  const fee = hasFee ? 30 + Math.floor(Math.abs(amount) * 0.029) : 0;
  const created = 1704067200 + i * 157 + Math.floor(random() * 100);
  const id = `txn_${i.toString(36).padStart(8, '0')}B7WZ01zgkWEV3TLf40`;
  const feeDetails = fee
    ? `[{"amount":${fee},"application":null,"currency":"${currency}","description":"Stripe processing fees","type":"stripe_fee"}]`
    : '[]';
  return `{"id":"${id}","object":"balance_transaction","amount":${amount},` +
    `"available_on":${created + 172800},"created":${created},"currency":"${currency}",` +
    `"description":"Payment for order #${i} (caf\\u00e9 \u00e9)","exchange_rate":null,` +
    `"fee":${fee},"fee_details":${feeDetails},"net":${amount - fee},` +
    `"reporting_category":"${category}","source":"ch_${i.toString(36)}B7WZ01zgkWXYmPNZs8",` +
    `"status":"available","type":"${type}","balance_type":"payments"}`;
}

/** A Stripe list response of `count` balance transactions, as UTF-8 bytes. */
export function balanceTransactionList(count, seed = 42) {
  const random = seededRandom(seed);
  const parts = ['{"object":"list","url":"/v1/balance_transactions","has_more":false,"data":['];
  for (let i = 0; i < count; ++i) parts.push((i ? ',\n' : '') + transactionJson(i, random));
  parts.push(']}');
  return new TextEncoder().encode(parts.join(''));
}

/**
 * Yields the same kind of list, `count` transactions, as Uint8Array chunks of
 * about `chunkBytes`, never holding the whole text (for inputs beyond V8's
 * string limit). The yielded buffer is reused: consume it before the next step.
 */
export function* balanceTransactionListChunks(count, chunkBytes, seed = 42) {
  const random = seededRandom(seed);
  const encoder = new TextEncoder();
  const buffer = new Uint8Array(chunkBytes);
  let used = 0;
  const put = function* (text) {
    for (;;) {
      const { read, written } = encoder.encodeInto(text, buffer.subarray(used));
      used += written;
      if (read === text.length) return;
      yield buffer.subarray(0, used);
      used = 0;
      text = text.slice(read);
    }
  };
  yield* put('{"object":"list","data":[');
  for (let i = 0; i < count; ++i) yield* put((i ? ',\n' : '') + transactionJson(i, random));
  yield* put(']}');
  if (used) yield buffer.subarray(0, used);
}
