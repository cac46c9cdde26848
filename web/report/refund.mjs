// Refund a charge through the proxy's Stripe-compatible gateway (needs a token
// with the `refund` scope). The idempotency key belongs to one confirmed
// refund attempt: retries after a network failure reuse it, so a refund can
// never be made twice by retrying.
import { formatMoney, parseMajorAmount } from '../shared/money.mjs';
import { authHeaders } from './live_source.mjs';

async function stripeError(response) {
  try {
    const body = await response.json();
    if (body?.error?.message) return body.error.message;
  } catch { /* fall through */ }
  return `The proxy answered ${response.status}.`;
}

/** Looks a charge up; resolves to { charge } or { error }. */
export async function fetchCharge(baseUrl, token, chargeId) {
  const response = await fetch(new URL(`/v1/charges/${encodeURIComponent(chargeId)}`, baseUrl),
    { headers: authHeaders(token) });
  if (!response.ok) return { error: await stripeError(response) };
  return { charge: await response.json() };
}

/**
 * What the refund would be: { amount (BigInt minor units), text } or { error }.
 * An empty amount means everything not refunded yet.
 */
export function planRefund(charge, amountText) {
  const remaining = BigInt(charge.amount) - BigInt(charge.amount_refunded ?? 0);
  if (charge.refunded || remaining <= 0n) return { error: `Charge ${charge.id} is already fully refunded.` };
  let amount = remaining;
  if (String(amountText ?? '').trim() !== '') {
    const parsed = parseMajorAmount(amountText, charge.currency);
    if (parsed.error) return { error: parsed.error };
    amount = parsed.minor;
  }
  if (amount > remaining) {
    return { error: `At most ${formatMoney(remaining, charge.currency)} of this charge can still be refunded.` };
  }
  const full = amount === remaining && BigInt(charge.amount_refunded ?? 0) === 0n;
  return {
    amount,
    text: `Refund ${formatMoney(amount, charge.currency)} of ${formatMoney(charge.amount, charge.currency)}` +
      ` on charge ${charge.id}${full ? ' (full refund)' : ''}? This cannot be undone.`,
  };
}

/** Posts the refund; retries network failures with the same key. Resolves to { refund } or { error }. */
export async function createRefund(baseUrl, token, chargeId, amount, idempotencyKey, { attempts = 3 } = {}) {
  const body = new URLSearchParams({ charge: chargeId, amount: amount.toString() });
  let lastError = 'The network failed.';
  for (let attempt = 1; attempt <= attempts; ++attempt) {
    try {
      const response = await fetch(new URL('/v1/refunds', baseUrl), {
        method: 'POST',
        headers: { ...authHeaders(token), 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': idempotencyKey },
        body,
      });
      if (response.ok) return { refund: await response.json() };
      if (response.status < 500 && response.status !== 429) return { error: await stripeError(response) };
      lastError = await stripeError(response);
    } catch (error) {
      lastError = `The network failed (${error.message}).`;
    }
    await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
  }
  return { error: `${lastError} Press Refund again to retry safely: it reuses the same request key.`, retryable: true };
}
