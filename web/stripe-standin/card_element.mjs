// The stand-in's card Element: three labelled inputs (number, expiry, CVC)
// inside the container the page mounts it into, with Stripe.js's events
// (change, ready, focus, blur) and a visible "offline demo" mark.
import { formatCardNumber, formatExpiry, validateCard } from './card_validation.mjs';


let nextId = 1;

// The stand-in's stylesheet sits next to its script (see stripe.mjs).
export function addStandInStylesheet(href) {
  if (document.querySelector('link[data-stripe-standin]')) return;
  const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href });
  link.dataset.stripeStandin = '';
  document.head.append(link);
}

export class CardElement {
  #listeners = new Map();
  #inputs = null;
  #lastState = null;

  constructor(options = {}) {
    this.options = options;
  }

  mount(target) {
    const container = typeof target === 'string' ? document.querySelector(target) : target;
    if (!container) throw new Error(`mount(): no element matches ${target}`);
    const id = nextId++;
    const field = (label, name, autocomplete, placeholder) => {
      const wrapper = document.createElement('label');
      const input = Object.assign(document.createElement('input'), {
        name: `standin-${name}`, id: `standin-${name}-${id}`, autocomplete, placeholder, inputMode: 'numeric',
      });
      input.setAttribute('aria-describedby', container.getAttribute('aria-describedby') ?? '');
      wrapper.append(label, input);
      return { wrapper, input };
    };
    const number = field('Card number', 'cardnumber', 'cc-number', '1234 1234 1234 1234');
    const expiry = field('Expiry (MM / YY)', 'exp-date', 'cc-exp', 'MM / YY');
    const cvc = field('CVC', 'cvc', 'cc-csc', 'CVC');
    const box = Object.assign(document.createElement('div'), { className: 'sis-card' });
    const mark = Object.assign(document.createElement('p'), {
      className: 'sis-mark', textContent: 'Offline test card field (stand-in for Stripe.js): use 4242 4242 4242 4242.',
    });
    box.append(number.wrapper, expiry.wrapper, cvc.wrapper, mark);
    container.replaceChildren(box);
    this.#inputs = { number: number.input, expiry: expiry.input, cvc: cvc.input };
    number.input.addEventListener('input', () => { number.input.value = formatCardNumber(number.input.value); this.#changed(); });
    expiry.input.addEventListener('input', () => { expiry.input.value = formatExpiry(expiry.input.value); this.#changed(); });
    cvc.input.addEventListener('input', () => { cvc.input.value = cvc.input.value.replace(/\D/g, '').slice(0, 4); this.#changed(); });
    for (const input of Object.values(this.#inputs)) {
      input.addEventListener('focus', () => this.#emit('focus', { elementType: 'card' }));
      input.addEventListener('blur', () => { this.#emit('blur', { elementType: 'card' }); this.#changed(true); });
    }
    queueMicrotask(() => this.#emit('ready', { elementType: 'card' }));
  }

  on(event, handler) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(handler);
    return this;
  }

  off(event, handler) {
    this.#listeners.get(event)?.delete(handler);
    return this;
  }

  focus() {
    this.#inputs?.number.focus();
  }

  clear() {
    for (const input of Object.values(this.#inputs ?? {})) input.value = '';
    this.#changed();
  }

  unmount() {
    this.#inputs?.number.closest('.sis-card')?.remove();
    this.#inputs = null;
  }

  /** Current state of the fields (used by createToken and friends). */
  validate() {
    if (!this.#inputs) return { complete: false, empty: true, error: { type: 'integration_error', message: 'The card Element is not mounted.' } };
    return validateCard({ number: this.#inputs.number.value, expiry: this.#inputs.expiry.value, cvc: this.#inputs.cvc.value });
  }

  showError(error) {
    this.#markInvalid(error);
    this.#emit('change', { elementType: 'card', complete: false, empty: false, error });
  }

  #markInvalid(error) {
    const field = error?.code?.includes('number') ? 'number' : error?.code?.includes('expiry') ? 'expiry' : error?.code?.includes('cvc') ? 'cvc' : null;
    for (const [name, input] of Object.entries(this.#inputs ?? {})) input.setAttribute('aria-invalid', String(name === field));
  }

  // Like Stripe.js: "incomplete" errors appear only once the person leaves the field.
  #changed(leaving = false) {
    const state = this.validate();
    const showError = state.error && (leaving || !state.error.code.startsWith('incomplete'));
    const event = {
      elementType: 'card', complete: state.complete, empty: state.empty, brand: state.brand,
      error: showError ? state.error : undefined,
    };
    this.#markInvalid(event.error);
    const key = JSON.stringify(event);
    if (key === this.#lastState) return;
    this.#lastState = key;
    this.#emit('change', event);
  }

  #emit(event, payload) {
    for (const handler of this.#listeners.get(event) ?? []) handler(payload);
  }
}
