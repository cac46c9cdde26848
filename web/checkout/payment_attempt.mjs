// One payment attempt is one idempotency key and what was sent under it: the
// order (cart and email), the card token or PaymentMethod, and the
// PaymentIntent's id and client secret. It lives in sessionStorage until a
// definitive answer, so a reload, the back button or a duplicated tab (the
// browser copies sessionStorage into it) resume the very same attempt: the
// same request with the same key, or the same PaymentIntent.
//
// A second tab opened on the same cart starts with an empty sessionStorage. So
// once an attempt's request has left the page ("sent"), a copy also goes to
// localStorage under its cart (cartKey), and a tab about to pay for that cart
// takes that attempt over instead of making a new key. The copy goes when the
// answer is definitive.
//
// Why no lock or owner flag between the tabs: resuming is idempotent. The
// proxy derives Stripe's Idempotency-Keys from the attempt's key
// (derive_idempotency_key in proxy/src/checkout_policy.cpp), so the same body
// gets the same customer, charge or PaymentIntent back, and a PaymentIntent
// succeeds at most once whoever confirms it. Two tabs resuming one attempt
// cost a duplicate request, never a duplicate charge; a lock would only add a
// way to get stuck (a tab that closed while holding it). BroadcastChannel was
// not used: it reaches open tabs only, not the tab opened after the first one
// was closed mid-payment.

import { cartKey } from './cart.mjs';

const SESSION_KEY = 'stripe-sales-checkout:attempt';
const RECEIPT_KEY = 'stripe-sales-checkout:receipt';
const SHARED_PREFIX = 'stripe-sales-checkout:pending:';

/**
 * Stripe removes idempotency keys once they are at least 24 hours old
 * (https://docs.stripe.com/api/idempotent_requests); after that a re-sent
 * request could run again, so an older attempt is dropped, not resumed.
 */
export const ATTEMPT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The Web Storage object `get()` returns, or null where storage is off (private modes, sandboxed frames). */
export function usableStorage(get) {
  try {
    const storage = get();
    storage.setItem('stripe-sales-checkout:probe', '1');
    storage.removeItem('stripe-sales-checkout:probe');
    return storage;
  } catch {
    return null;
  }
}

function readJson(storage, key) {
  try {
    const value = JSON.parse(storage?.getItem(key) ?? 'null');
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

function writeJson(storage, key, value) {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage: the attempt still lives in this page's memory.
  }
}

function isAttempt(value) {
  return typeof value?.key === 'string' && Array.isArray(value.order?.items) && typeof value.order.email === 'string';
}

export class PaymentAttempts {
  #session;
  #shared;
  #newKey;
  #now;
  // This page's copy of its attempt, authoritative while the page lives (a full or
  // disabled sessionStorage loses nothing); undefined until first read from sessionStorage.
  #memory = undefined;

  /** `session` and `shared` are Web Storage objects (or null); `now` gives milliseconds. */
  constructor({ session = null, shared = null, newKey = () => crypto.randomUUID(), now = () => Date.now() } = {}) {
    this.#session = session;
    this.#shared = shared;
    this.#newKey = newKey;
    this.#now = now;
  }

  #fresh(attempt) {
    return isAttempt(attempt) && this.#now() - (attempt.createdAt ?? 0) < ATTEMPT_MAX_AGE_MS ? attempt : null;
  }

  /** This tab's attempt (settled ones are gone), or null. */
  get current() {
    if (this.#memory === undefined) this.#memory = readJson(this.#session, SESSION_KEY);
    const attempt = this.#memory;
    if (attempt && !this.#fresh(attempt)) {
      this.#forget(attempt);
      return null;
    }
    return attempt;
  }

  #save(attempt) {
    this.#memory = attempt;
    writeJson(this.#session, SESSION_KEY, attempt);
    if (attempt.sent) writeJson(this.#shared, SHARED_PREFIX + cartKey(attempt.order.items), attempt);
    return attempt;
  }

  #forget(attempt) {
    try {
      this.#memory = null;
      this.#session?.removeItem(SESSION_KEY);
      const shared = SHARED_PREFIX + cartKey(attempt.order.items);
      if (readJson(this.#shared, shared)?.key === attempt.key) this.#shared.removeItem(shared);
    } catch {
      // Storage went away: nothing left to forget.
    }
  }

  /** An unresolved attempt for this cart that another tab (or a closed one) left in localStorage, or null. */
  pendingFor(items) {
    const key = SHARED_PREFIX + cartKey(items);
    const attempt = readJson(this.#shared, key);
    if (attempt && !this.#fresh(attempt)) {
      try { this.#shared.removeItem(key); } catch { /* nothing to clean */ }
      return null;
    }
    return attempt?.sent ? attempt : null;
  }

  /** Drops every cart's pending copy older than 24 hours: each holds an email and a client secret. */
  sweep() {
    try {
      const stale = [];
      for (let i = 0; i < this.#shared.length; ++i) {
        const key = this.#shared.key(i);
        if (key?.startsWith(SHARED_PREFIX) && !this.#fresh(readJson(this.#shared, key))) stale.push(key);
      }
      for (const key of stale) this.#shared.removeItem(key);
    } catch {
      // No localStorage: nothing kept, nothing to drop.
    }
  }

  /** Makes another tab's pending attempt this tab's own. */
  adopt(attempt) {
    return this.#save({ ...attempt, adopted: true });
  }

  /**
   * The attempt to pay `order` with in `flow`. An unresolved (sent) attempt is
   * returned whatever the order: it must be finished before anything else. Then
   * this tab's attempt if it is for the same order, then another tab's pending
   * attempt for the same cart, else a new one with a new key.
   */
  attemptFor(order, flow) {
    const current = this.current;
    if (current?.sent) return current;
    const fingerprint = JSON.stringify({ email: order.email, cart: cartKey(order.items) });
    if (current && current.fingerprint === fingerprint && current.flow === flow) return current;
    const pending = this.pendingFor(order.items);
    if (pending) return this.adopt(pending);
    return this.#save({
      key: this.#newKey(), flow, fingerprint, order: { email: order.email, items: order.items },
      createdAt: this.#now(), sent: false, sentAt: null, token: null, card: null, paymentMethod: null, intent: null,
    });
  }

  /** Records what this attempt now holds (token, PaymentMethod, PaymentIntent). */
  update(fields) {
    const current = this.current;
    if (!current) throw new Error('no payment attempt to update');
    return this.#save({ ...current, ...fields });
  }

  /** Call right before a request that can charge leaves the page: from now on the attempt is resumed, never replaced. */
  markSent() {
    const current = this.current;
    return this.update({ sent: true, sentAt: current?.sentAt ?? this.#now() });
  }

  /**
   * A PaymentIntent attempt the bank declined: definitive, but the intent is
   * kept (for this same order, in this tab) so the next card confirms the same
   * PaymentIntent instead of creating another one.
   */
  declined() {
    const current = this.current;
    if (!current) return null;
    if (!current.intent) return this.settle();
    this.#forget(current);
    return this.#save({ ...current, sent: false, paymentMethod: null, card: null });
  }

  /** The shopper changed the card: the card's token or PaymentMethod goes, unless the attempt is unresolved. */
  forgetCard() {
    const current = this.current;
    if (!current || current.sent || !(current.token || current.paymentMethod)) return;
    if (current.intent) this.#save({ ...current, paymentMethod: null, card: null });
    else this.#forget(current);
  }

  /** Forgets the attempt after a definitive answer: the next payment gets a new key. */
  settle() {
    const current = this.current;
    if (current) this.#forget(current);
    return null;
  }

  /** The last receipt this tab showed (shown again after a reload), or null. */
  get receipt() {
    return readJson(this.#session, RECEIPT_KEY);
  }

  set receipt(value) {
    if (value) writeJson(this.#session, RECEIPT_KEY, value);
    else try { this.#session?.removeItem(RECEIPT_KEY); } catch { /* storage gone */ }
  }
}

/** True for answers worth retrying with the same key (no definitive result yet). */
export function isRetryableStatus(status) {
  return status === 429 || status >= 500;
}

/**
 * POSTs JSON with bounded retries on network failures, 429 and 5xx, reusing the
 * same body (and so the same idempotency key). Resolves to { status, body } or
 * { networkError } after the last attempt.
 */
export async function postJsonWithRetry(url, payload, { attempts = 3, delaysMs = [400, 1200], fetchImpl = fetch } = {}) {
  let last = { networkError: 'no attempt made' };
  for (let attempt = 0; attempt < attempts; ++attempt) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, delaysMs[Math.min(attempt - 1, delaysMs.length - 1)]));
    try {
      const response = await fetchImpl(url, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload),
      });
      const body = await response.json().catch(() => null);
      last = { status: response.status, body };
      if (!isRetryableStatus(response.status)) return last;
    } catch (error) {
      last = { networkError: String(error?.message ?? error) };
    }
  }
  return last;
}
