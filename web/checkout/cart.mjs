// The cart as data, no DOM: what `?items=` (or the embed's data-items) asks
// for, the lines and total it makes with the shop's catalog, and why it cannot
// be paid when it cannot. Amounts stay integer minor units (BigInt) and one
// currency per cart, like the proxy's parse_order (proxy/src/checkout_policy.cpp),
// which prices the order again and is the one that decides what is charged.
import { formatMoney, toMinorUnits } from '../shared/money.mjs';

/** Highest quantity the editor offers; the proxy accepts up to 1000 per line. */
export const EDITOR_MAX_QUANTITY = 99;
/** The proxy's max_quantity_per_line (proxy/include/stripe_proxy/checkout_policy.h). */
export const MAX_QUANTITY = 1000;

/**
 * Parses "tshirt:2,mug" (quantity 1 when left out) into { items, problems }.
 * A SKU named twice is one line with the quantities added. Problems are
 * sentences for the shopper; a cart with problems must not be paid.
 */
export function parseItemsParam(text) {
  const quantities = new Map();
  const problems = [];
  for (const entry of String(text ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const [sku, quantityText, ...rest] = entry.split(':');
    const quantity = quantityText === undefined ? 1 : /^\d{1,4}$/.test(quantityText) ? Number(quantityText) : Number.NaN;
    if (!sku || rest.length || !(quantity >= 1)) {
      problems.push(`The cart line "${entry.slice(0, 40)}" is not an item and quantity, like tshirt:2.`);
      continue;
    }
    quantities.set(sku, (quantities.get(sku) ?? 0) + quantity);
  }
  for (const [sku, quantity] of quantities) {
    if (quantity > MAX_QUANTITY) problems.push(`At most ${MAX_QUANTITY} of "${sku.slice(0, 40)}" fit in one order.`);
  }
  return { items: [...quantities].map(([sku, quantity]) => ({ sku, quantity })), problems };
}

/** Currency codes for people: "EUR", "EUR and USD", "EUR, JPY and USD". */
function listCurrencies(currencies) {
  const codes = currencies.map((code) => code.toUpperCase());
  return codes.length < 2 ? codes.join('') : `${codes.slice(0, -1).join(', ')} and ${codes.at(-1)}`;
}

/**
 * The cart's lines (catalog name, unit price, line amount) and its total.
 * Returns { lines, subtotals (Map currency -> BigInt), total: { amount, currency } | null,
 * problem: string | null }: total is null for an empty cart or one that cannot be paid; problem says why
 * it cannot (an unknown SKU, or items in more than one currency).
 */
export function describeCart(catalog, items) {
  const lines = [];
  const unknown = [];
  for (const { sku, quantity } of items) {
    if (quantity < 1) continue;
    const item = catalog.find((entry) => entry.sku === sku);
    if (!item) {
      unknown.push(sku);
      continue;
    }
    const unit = toMinorUnits(item.unit_amount);
    lines.push({ sku, name: item.name, quantity, currency: item.currency, unitAmount: unit, amount: unit * BigInt(quantity) });
  }
  if (unknown.length) {
    const names = unknown.map((sku) => `"${sku.slice(0, 40)}"`).join(', ');
    return { lines, subtotals: new Map(), total: null, problem: `This shop does not sell ${names}. Ask the shop for a corrected link.` };
  }
  const subtotals = new Map();
  for (const line of lines) subtotals.set(line.currency, (subtotals.get(line.currency) ?? 0n) + line.amount);
  const currencies = [...subtotals.keys()].sort();
  if (currencies.length > 1) {
    return {
      lines, subtotals, total: null,
      problem: `This cart mixes currencies (${listCurrencies(currencies)}). One payment is in one currency: `
        + `pay for the ${listCurrencies(currencies)} items separately.`,
    };
  }
  if (!lines.length) return { lines, subtotals, total: null, problem: null };
  return { lines, subtotals, total: { amount: subtotals.get(currencies[0]), currency: currencies[0] }, problem: null };
}

/** "Pay €25.00" for a payable total, else "Pay". */
export function payLabel(total) {
  return total ? `Pay ${formatMoney(total.amount, total.currency)}` : 'Pay';
}

/** A stable name for a cart's contents, whatever the order of its lines: "mug:2,tshirt:1". */
export function cartKey(items) {
  return items.filter((item) => item.quantity > 0).map(({ sku, quantity }) => `${sku}:${quantity}`).sort().join(',');
}
