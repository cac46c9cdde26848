// One payment attempt keeps one idempotency key (and its card token) across
// retries, so a lost response or a double click can never charge twice; the
// key changes only after the server gave a definitive answer.

export class PaymentAttempts {
  #current = null;
  #newKey;

  constructor(newKey = () => crypto.randomUUID()) {
    this.#newKey = newKey;
  }

  /** The attempt for this order; a new one (new key) if the order changed or the last one settled. */
  attemptFor(order) {
    const fingerprint = JSON.stringify(order);
    if (!this.#current || this.#current.fingerprint !== fingerprint) {
      this.#current = { key: this.#newKey(), fingerprint, token: null, paymentMethod: null, intent: null };
    }
    return this.#current;
  }

  /** Forget the attempt: after success, a decline, a validation error or a card change. */
  settle() {
    this.#current = null;
  }

  get current() {
    return this.#current;
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
