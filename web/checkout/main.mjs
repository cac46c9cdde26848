// The checkout page: cart and prices from the proxy's /api/config, Stripe.js
// (or the offline stand-in in demo mode) for the card, and one payment attempt
// (idempotency key, token or PaymentIntent) kept across retries, reloads and
// tabs until a definitive answer (payment_attempt.mjs), so it charges at most once.
import { cartKey, describeCart, parseItemsParam } from './cart.mjs';
import { editorItems, renderCart, renderReceipt, showCartState } from './checkout_view.mjs';
import { PaymentAttempts, postJsonWithRetry, usableStorage } from './payment_attempt.mjs';
import { runAttempt } from './payment_flows.mjs';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const attempts = new PaymentAttempts({
  session: usableStorage(() => window.sessionStorage), shared: usableStorage(() => window.localStorage),
});
const RESUME_NOTE = 'Finishing the payment you started earlier. It is the same payment, so you are charged at most once.';
const OTHER_TAB_NOTE = 'A payment for this cart was already started in another tab or window. '
  + 'Finishing that one instead of paying twice.';

const state = {
  stripe: null, card: null, catalog: [], flow: 'charges',
  fixed: null,  // { items, problems } when the storefront gave the cart (?items= / data-items), else null
  inFlight: false,
};

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

// ---- the cart ----------------------------------------------------------------
/** The items being bought now: the storefront's, or what the editor says. */
function cartItems() {
  return state.fixed ? state.fixed.items : editorItems();
}

function currentCart() {
  const cart = describeCart(state.catalog, cartItems());
  const problem = state.fixed?.problems.join(' ') || cart.problem;
  return problem ? { ...cart, total: null, problem } : cart;
}

function updateCart() {
  showCartState(currentCart(), { busy: state.inFlight });
}

/** Shows `items` in the cart: the storefront's lines, or the editor set to these quantities. */
function showItems(items) {
  if (state.fixed) state.fixed = { items, problems: cartKey(items) === cartKey(state.fixed.items) ? state.fixed.problems : [] };
  renderCart({ catalog: state.catalog, fixedItems: state.fixed?.items ?? null, editorItems: items, onChange: updateCart });
  updateCart();
}

// ---- messages ----------------------------------------------------------------
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

function showReceipt(receipt) {
  renderReceipt(receipt, state.catalog);
  // The live region exists before the receipt appears, so screen readers announce it.
  $('pay-status').textContent = `Payment received: ${$('receipt-amount').textContent}, ${$('receipt-card').textContent}. Reference ${receipt.reference}.`;
  $('pay-form').hidden = true;
  $('receipt').hidden = false;
  $('receipt').focus();
}

/** Shows what a payment attempt ended with (see payment_flows.mjs for the kinds). */
function showOutcome(outcome) {
  if (outcome.kind === 'paid') {
    attempts.receipt = outcome.receipt;
    return showReceipt(outcome.receipt);
  }
  if (outcome.kind === 'declined') {
    // The alert is read where it is focused; the card field is the next Tab stop (it follows in the DOM).
    showError('card-errors', outcome.message);
    return $('card-errors').focus();
  }
  if (outcome.kind === 'refused') return showError(outcome.where, outcome.message);
  if (outcome.kind === 'retry') return showError('form-error', outcome.message);
  return undefined;
}

// ---- paying ------------------------------------------------------------------
// Leaving mid-payment loses nothing (the attempt is stored), but the shopper should know it is not finished.
function warnBeforeLeaving(event) {
  event.preventDefault();
  event.returnValue = '';
}

function setBusy(busy) {
  state.inFlight = busy;
  $('pay').disabled = busy;
  if (busy) {
    $('pay').textContent = 'Paying…';
    $('pay-status').textContent = 'Paying…';
    $('pay-form').setAttribute('aria-busy', 'true');
    window.addEventListener('beforeunload', warnBeforeLeaving);
  } else {
    if ($('pay-status').textContent === 'Paying…') $('pay-status').textContent = '';
    $('pay-form').removeAttribute('aria-busy');
    window.removeEventListener('beforeunload', warnBeforeLeaving);
    updateCart();
  }
}

/** Starts or finishes `attempt`; `note` says why the page is paying without a click (resume, other tab). */
async function run(attempt, note = '') {
  setBusy(true);
  $('attempt-note').textContent = note;
  if (note) {
    $('email').value = attempt.order.email;
    showItems(attempt.order.items);
  }
  try {
    const deps = { stripe: state.stripe, card: state.card, attempts, postJson: postJsonWithRetry };
    showOutcome(await runAttempt(deps, attempt));
  } catch (error) {
    showError('form-error', `Something went wrong in this page: ${error.message}. Reload and try again.`);
  } finally {
    $('attempt-note').textContent = '';
    setBusy(false);
  }
}

async function onPay(event) {
  event.preventDefault();
  if (state.inFlight) return undefined;
  clearErrors();
  // An attempt without an answer yet is finished first, whatever the form says now.
  const unresolved = attempts.current;
  if (unresolved?.sent) return run(unresolved, RESUME_NOTE);
  const email = $('email').value.trim();
  if (!email || !$('email').checkValidity()) return showError('email-error', 'Enter a valid email address, like name@example.com.');
  const cart = currentCart();
  if (cart.problem) return undefined;  // Pay is disabled and the cart says why
  if (!cart.lines.length) return showError('form-error', 'Choose at least one item.');
  const items = cart.lines.map(({ sku, quantity }) => ({ sku, quantity }));
  const attempt = attempts.attemptFor({ email, items }, state.flow);
  return run(attempt, attempt.adopted && attempt.sent ? OTHER_TAB_NOTE : '');
}

/** After a load: finish this tab's unresolved attempt, show its last receipt, or take over another tab's attempt. */
function resumeOnLoad() {
  attempts.sweep();
  const unresolved = attempts.current;
  if (unresolved?.sent) return run(unresolved, RESUME_NOTE);
  const receipt = attempts.receipt;
  if (receipt && (!state.fixed || cartKey(receipt.items) === cartKey(state.fixed.items))) return showReceipt(receipt);
  const elsewhere = attempts.pendingFor(cartItems());
  if (elsewhere) return run(attempts.adopt(elsewhere), OTHER_TAB_NOTE);
  return undefined;
}

// ---- embedding ---------------------------------------------------------------
// Inside an iframe (embed.js), tell the host page our height so it can size the frame.
function reportHeightToHost() {
  if (window.parent === window) return;
  const send = () => window.parent.postMessage({ type: 'stripe-sales-checkout:height', height: document.documentElement.scrollHeight }, '*');
  new ResizeObserver(send).observe(document.body);
  send();
}

function wireForm() {
  state.card = state.stripe.elements().create('card');
  state.card.mount('#card-element');
  state.card.on('change', (change) => {
    $('card-errors').textContent = change.error?.message ?? '';
    // A different card means a different token or PaymentMethod (an unresolved attempt keeps its own).
    if (!state.inFlight) attempts.forgetCard();
  });
  $('pay-form').addEventListener('submit', onPay);
  $('new-payment').addEventListener('click', () => {
    attempts.receipt = null;
    $('receipt').hidden = true;
    $('pay-form').hidden = false;
    $('pay-status').textContent = '';
    state.card.clear();
    $('email').focus();
  });
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
  state.catalog = config.catalog ?? [];
  // The proxy's payment_flow decides; the page offers no override.
  state.flow = config.payment_flow === 'payment_intents' ? 'payment_intents' : 'charges';
  try {
    state.stripe = await loadStripe(config);
  } catch (error) {
    $('load-status').textContent = `Card payments are unavailable: ${error.message}. Reload the page to try again.`;
    return;
  }
  // A storefront's cart (embed.js passes data-items as ?items=) is shown as is; no items: the catalog editor.
  if (params.get('items')) state.fixed = parseItemsParam(params.get('items'));
  const firstItem = state.catalog.slice(0, 1).map(({ sku }) => ({ sku, quantity: 1 }));
  showItems(state.fixed?.items ?? firstItem);
  wireForm();
  $('load-status').textContent = '';
  $('pay-form').hidden = false;
  resumeOnLoad();
}

start();
