// The checkout's DOM: the cart (an editor of the whole catalog, or the
// read-only lines a storefront asked for), the total and Pay label, and the
// receipt. No payment logic here (main.mjs and payment_flows.mjs).
import { formatMoney } from '../shared/money.mjs';
import { EDITOR_MAX_QUANTITY, describeCart, payLabel } from './cart.mjs';

const $ = (id) => document.getElementById(id);
const BRAND_NAMES = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };
const element = (tag, properties = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
};

export function brandName(brand) {
  return BRAND_NAMES[String(brand).toLowerCase()] ?? String(brand);
}

/** The editor: one number input per catalog item, every quantity changeable. */
function editorLine(item, quantity, onChange) {
  const input = element('input', { type: 'number', min: '0', max: String(EDITOR_MAX_QUANTITY), step: '1', value: String(quantity), id: `qty-${item.sku}` });
  input.dataset.sku = item.sku;
  input.addEventListener('input', onChange);
  const label = element('label', {}, input, ` ${item.name}`);
  label.setAttribute('for', input.id);
  return element('li', {}, label, element('span', { className: 'unit-price', textContent: `${formatMoney(item.unit_amount, item.currency)} each` }));
}

/** A read-only line: "2 × Tenugui", the unit price, the line's amount. */
function fixedLine(line) {
  const li = element('li', { className: 'fixed' },
    element('span', { className: 'line-name' }, element('span', { className: 'quantity', textContent: `${line.quantity} ×` }), ` ${line.name}`),
    element('span', { className: 'unit-price', textContent: `${formatMoney(line.unitAmount, line.currency)} each` }),
    element('span', { className: 'line-amount', textContent: formatMoney(line.amount, line.currency) }));
  li.dataset.sku = line.sku;
  return li;
}

/**
 * Renders the cart: the editor when `fixedItems` is null (quantities from
 * `editorItems`), else exactly `fixedItems` as read-only lines.
 */
export function renderCart({ catalog, fixedItems, editorItems, onChange }) {
  const cart = $('cart');
  cart.classList.toggle('fixed', Boolean(fixedItems));
  if (fixedItems) {
    cart.replaceChildren(...describeCart(catalog, fixedItems).lines.map(fixedLine));
  } else {
    const wanted = new Map(editorItems.map(({ sku, quantity }) => [sku, quantity]));
    cart.replaceChildren(...catalog.map((item) => editorLine(item, wanted.get(item.sku) ?? 0, onChange)));
  }
}

/** What the editor's inputs say, lines with quantity 0 left out. */
export function editorItems() {
  return [...$('cart').querySelectorAll('input[data-sku]')]
    .map((input) => ({ sku: input.dataset.sku, quantity: Math.min(EDITOR_MAX_QUANTITY, Math.max(0, Number.parseInt(input.value, 10) || 0)) }))
    .filter((item) => item.quantity > 0);
}

/**
 * Shows the total (shopper's view only: the proxy prices the order again),
 * the cart's problem if any, and Pay with the amount. A cart that cannot be
 * paid (mixed currencies, unknown item) disables Pay before anything is sent.
 */
export function showCartState(cart, { busy }) {
  const amounts = [...cart.subtotals].map(([currency, amount]) => formatMoney(amount, currency));
  $('total').textContent = amounts.length ? amounts.join(' + ') : 'nothing selected';
  $('cart-error').textContent = cart.problem ?? '';
  if (busy) return;
  $('pay').textContent = payLabel(cart.total);
  $('pay').disabled = Boolean(cart.problem);
}

function receiptLine(line) {
  return element('li', {},
    element('span', { textContent: `${line.quantity} × ${line.name}` }),
    element('span', { textContent: formatMoney(line.amount, line.currency) }));
}

/** Fills the receipt: items, amount charged (the server's figure), date, card, reference, emailed-receipt note. */
export function renderReceipt(receipt, catalog) {
  const lines = describeCart(catalog, receipt.items).lines;
  $('receipt-items').replaceChildren(...lines.map(receiptLine));
  $('receipt-amount').textContent = formatMoney(receipt.amount, receipt.currency);
  const paidAt = new Date(receipt.paidAt);
  $('receipt-date').textContent = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' }).format(paidAt);
  $('receipt-date').setAttribute('datetime', paidAt.toISOString());
  $('receipt-card').textContent = receipt.card?.last4 ? `${brandName(receipt.card.brand)} ending in ${receipt.card.last4}` : 'Card';
  $('receipt-charge').textContent = receipt.reference;
  $('receipt-email').textContent = receipt.email;
}
