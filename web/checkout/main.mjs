// The checkout page: cart and prices from the proxy's /api/config, Stripe.js
// (or the offline stand-in in demo mode) for the card, and one idempotency key
// per payment attempt so retries and double clicks charge at most once.
import { formatMoney, toMinorUnits } from '../shared/money.mjs';
import { PaymentAttempts, postJsonWithRetry } from './payment_attempt.mjs';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const attempts = new PaymentAttempts();
const BRAND_NAMES = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };

let stripe;
let card;
let catalog = [];
let flow = 'charges';
let inFlight = false;

// ---- loading -----------------------------------------------------------------
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src });
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

/**
 * Production always loads Stripe.js from Stripe; only demo mode loads the
 * offline stand-in, pointed at the simulator the proxy's config names (the
 * proxy's CSP lets the page reach that address and no other).
 */
async function loadStripe(config) {
  if (config.mode === 'demo') {
    const apiBase = config.stripe_js_api;
    if (!apiBase) throw new Error('the shop runs in demo mode but its config names no simulator ("stripe_js_api")');
    const standIn = new URL('../stripe-standin/stripe.js', location.href);
    standIn.searchParams.set('api', apiBase);
    $('demo-notice').hidden = false;
    await loadScript(standIn.href);
  } else {
    await loadScript('https://js.stripe.com/v3/');
  }
  return window.Stripe(config.publishable_key);
}

function initialQuantities() {
  const wanted = new Map((params.get('items') ?? '').split(',').filter(Boolean).map((entry) => {
    const [sku, quantity] = entry.split(':');
    return [sku, Math.max(0, Math.min(99, Number.parseInt(quantity ?? '1', 10) || 0))];
  }));
  return catalog.map((item, index) => (wanted.size ? wanted.get(item.sku) ?? 0 : index === 0 ? 1 : 0));
}

function renderCart() {
  const quantities = initialQuantities();
  $('cart').replaceChildren(...catalog.map((item, index) => {
    const li = document.createElement('li');
    const label = document.createElement('label');
    const input = Object.assign(document.createElement('input'), {
      type: 'number', min: '0', max: '99', step: '1', value: String(quantities[index]), id: `qty-${item.sku}`,
    });
    input.dataset.sku = item.sku;
    input.addEventListener('input', updateTotal);
    label.append(input, ` ${item.name}`);
    label.setAttribute('for', input.id);
    const price = Object.assign(document.createElement('span'), { textContent: `${formatMoney(item.unit_amount, item.currency)} each` });
    li.append(label, price);
    return li;
  }));
  updateTotal();
}

function cartItems() {
  return [...$('cart').querySelectorAll('input[data-sku]')]
    .map((input) => ({ sku: input.dataset.sku, quantity: Number.parseInt(input.value, 10) || 0 }))
    .filter((item) => item.quantity > 0);
}

// Shown for the shopper only; the proxy computes what is charged.
function updateTotal() {
  const totals = new Map();
  for (const { sku, quantity } of cartItems()) {
    const item = catalog.find((entry) => entry.sku === sku);
    totals.set(item.currency, (totals.get(item.currency) ?? 0n) + toMinorUnits(item.unit_amount) * BigInt(quantity));
  }
  $('total').textContent = totals.size
    ? [...totals].map(([currency, amount]) => formatMoney(amount, currency)).join(' + ')
    : 'nothing selected';
}

// ---- errors and receipt ------------------------------------------------------
function clearErrors() {
  for (const id of ['email-error', 'card-errors', 'form-error']) $(id).textContent = '';
  $('email').removeAttribute('aria-invalid');
}

function showError(where, message) {
  $(where).textContent = message;
  if (where === 'email-error') {
    $('email').setAttribute('aria-invalid', 'true');
    $('email').focus();
  }
}

function showAnswerError(result) {
  if (result.networkError) {
    return showError('form-error', 'We could not reach the shop. You have not been charged twice: press Pay to try again.');
  }
  const error = result.body?.error ?? {};
  const message = error.message ?? `The shop answered ${result.status}.`;
  if (result.status === 429 || result.status >= 500) {
    return showError('form-error', `${message} Press Pay to try again; the same attempt is reused, so you are charged at most once.`);
  }
  if (error.param === 'email') return showError('email-error', message);
  if (error.type === 'card_error' || result.status === 402) return showError('card-errors', message);
  return showError('form-error', message);
}

function showReceipt({ amount, currency, brand, last4, reference }) {
  $('receipt-amount').textContent = formatMoney(amount, currency);
  $('receipt-card').textContent = `${BRAND_NAMES[String(brand).toLowerCase()] ?? brand} ending in ${last4}`;
  $('receipt-charge').textContent = reference;
  // The live region exists before the receipt appears, so screen readers announce it.
  $('pay-status').textContent = `Payment received: ${$('receipt-amount').textContent}, ${$('receipt-card').textContent}. Reference ${reference}.`;
  $('pay-form').hidden = true;
  $('receipt').hidden = false;
  $('receipt').focus();
}

// ---- paying ------------------------------------------------------------------
async function payWithToken(attempt, order) {
  if (!attempt.token) {
    const { token, error } = await stripe.createToken(card);
    if (error) {
      attempts.settle();
      return showError('card-errors', error.message);
    }
    attempt.token = token.id;
  }
  const result = await postJsonWithRetry('/api/checkout', { token: attempt.token, ...order, idempotency_key: attempt.key });
  if (result.status !== 200) {
    if (result.status && result.status < 500 && result.status !== 429) attempts.settle();
    return showAnswerError(result);
  }
  attempts.settle();
  const charge = result.body;
  showReceipt({ amount: charge.amount, currency: charge.currency, brand: charge.card?.brand, last4: charge.card?.last4, reference: charge.charge });
}

// The SCA path: a PaymentIntent confirmed in the browser, with 3-D Secure when the bank asks.
async function payWithIntent(attempt, order) {
  if (!attempt.paymentMethod) {
    const { paymentMethod, error } = await stripe.createPaymentMethod({ type: 'card', card, billing_details: { email: order.email } });
    if (error) {
      attempts.settle();
      return showError('card-errors', error.message);
    }
    attempt.paymentMethod = paymentMethod;
  }
  if (!attempt.intent) {
    const result = await postJsonWithRetry('/api/payment_intents', { ...order, idempotency_key: attempt.key });
    if (result.status !== 200) {
      if (result.status && result.status < 500 && result.status !== 429) attempts.settle();
      return showAnswerError(result);
    }
    attempt.intent = result.body;
  }
  const { paymentIntent, error } = await stripe.confirmCardPayment(attempt.intent.client_secret, { payment_method: attempt.paymentMethod.id });
  if (error) {
    if (error.type !== 'api_connection_error') attempts.settle();
    return showError(error.type === 'api_connection_error' ? 'form-error' : 'card-errors', error.message);
  }
  attempts.settle();
  showReceipt({
    amount: paymentIntent.amount, currency: paymentIntent.currency,
    brand: attempt.paymentMethod.card?.brand, last4: attempt.paymentMethod.card?.last4,
    reference: paymentIntent.latest_charge ?? paymentIntent.charges?.data?.[0]?.id ?? paymentIntent.id,
  });
}

async function onPay(event) {
  event.preventDefault();
  if (inFlight) return;
  clearErrors();
  const email = $('email').value.trim();
  if (!email || !$('email').checkValidity()) return showError('email-error', 'Enter a valid email address, like name@example.com.');
  const items = cartItems();
  if (items.length === 0) return showError('form-error', 'Choose at least one item.');
  inFlight = true;
  $('pay-status').textContent = 'Paying…';
  $('pay').disabled = true;
  $('pay').textContent = 'Paying…';
  $('pay-form').setAttribute('aria-busy', 'true');
  try {
    const attempt = attempts.attemptFor({ email, items });
    await (flow === 'payment_intents' ? payWithIntent(attempt, { email, items }) : payWithToken(attempt, { email, items }));
  } catch (error) {
    showError('form-error', `Something went wrong in this page: ${error.message}. Reload and try again.`);
  } finally {
    inFlight = false;
    if ($('pay-status').textContent === 'Paying…') $('pay-status').textContent = '';
    $('pay').disabled = false;
    $('pay').textContent = 'Pay';
    $('pay-form').removeAttribute('aria-busy');
  }
}

// ---- embedding ---------------------------------------------------------------
// Inside an iframe (embed.js), tell the host page our height so it can size the frame.
function reportHeightToHost() {
  if (window.parent === window) return;
  const send = () => window.parent.postMessage({ type: 'stripe-sales-checkout:height', height: document.documentElement.scrollHeight }, '*');
  new ResizeObserver(send).observe(document.body);
  send();
}

async function start() {
  reportHeightToHost();
  let config;
  try {
    const response = await fetch('/api/config', { cache: 'no-store' });
    if (!response.ok) throw new Error(`the shop answered ${response.status}`);
    config = await response.json();
  } catch (error) {
    $('load-status').textContent = `The shop could not be reached (${error.message}). Check your connection and reload the page.`;
    return;
  }
  catalog = config.catalog ?? [];
  // The proxy's payment_flow decides; the page offers no override.
  flow = config.payment_flow === 'payment_intents' ? 'payment_intents' : 'charges';
  try {
    stripe = await loadStripe(config);
  } catch (error) {
    $('load-status').textContent = `Card payments are unavailable: ${error.message}. Reload the page to try again.`;
    return;
  }
  card = stripe.elements().create('card');
  card.mount('#card-element');
  card.on('change', (change) => {
    $('card-errors').textContent = change.error?.message ?? '';
    // A different card means a different token: start a new attempt.
    if (!inFlight && (attempts.current?.token || attempts.current?.paymentMethod)) attempts.settle();
  });
  renderCart();
  $('load-status').textContent = '';
  $('pay-form').hidden = false;
  $('pay-form').addEventListener('submit', onPay);
  $('new-payment').addEventListener('click', () => {
    $('receipt').hidden = true;
    $('pay-form').hidden = false;
    $('pay-status').textContent = '';
    card.clear();
    $('email').focus();
  });
}

start();
