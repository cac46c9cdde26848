// The two ways the page pays, as functions from a payment attempt to an
// outcome, with no DOM (the page renders the outcome):
//   { kind: 'paid', receipt }            charged exactly once; the attempt is settled
//   { kind: 'declined', message }        the bank or Stripe said no; the form is ready again
//   { kind: 'refused', message, where }  nothing was charged (bad input, card incomplete)
//   { kind: 'retry', message }           no definitive answer yet: the attempt stays
//                                        pending and Pay (or a reload) resumes it
// Every function here may run again on the same attempt (after a reload, in a
// second tab) and then repeats the same requests under the same key, or reads
// the PaymentIntent, so it never makes a second charge.
//
// `deps`: { stripe, card, attempts, postJson } where postJson(url, body) is
// postJsonWithRetry from payment_attempt.mjs.

const PAID_STATUSES = new Set(['succeeded', 'processing', 'requires_capture']);

const retry = (message) => ({ kind: 'retry', message });
const NETWORK_RETRY = retry('We could not reach the shop or the payment service, so we do not know yet whether you were charged. '
  + 'Press Pay to try again: the same payment is completed, never a second one.');

/** What an answer of the proxy (other than 200) means for the attempt. */
function proxyFailure(attempts, result) {
  if (result.networkError) return NETWORK_RETRY;
  const error = result.body?.error ?? {};
  const message = error.message ?? `The shop answered ${result.status}.`;
  if (result.status === 429 || result.status >= 500) {
    return retry(`${message} Press Pay to try again; the same attempt is reused, so you are charged at most once.`);
  }
  attempts.settle();
  if (error.type === 'card_error' || result.status === 402) return { kind: 'declined', message };
  return { kind: 'refused', message, where: error.param === 'email' ? 'email-error' : 'form-error' };
}

/** `created` is Stripe's own time of the charge or PaymentIntent (Unix seconds), when the answer carries it. */
function receiptOf(attempt, { reference, amount, currency, card, created }) {
  return {
    reference, amount, currency, card: card ?? null, email: attempt.order.email, items: attempt.order.items,
    paidAt: Number.isInteger(created) ? created * 1000 : (attempt.sentAt ?? attempt.createdAt),
  };
}

// ---- charges: card token, then the proxy's /api/checkout --------------------
export async function payWithToken({ stripe, card, attempts, postJson }, attempt) {
  if (!attempt.token) {
    const { token, error } = await stripe.createToken(card);
    if (error) {
      attempts.settle();
      return { kind: 'refused', message: error.message, where: 'card-errors' };
    }
    attempt = attempts.update({ token: token.id, card: { brand: token.card?.brand, last4: token.card?.last4 } });
  }
  attempt = attempts.markSent();
  const { order } = attempt;
  const result = await postJson('/api/checkout', { token: attempt.token, email: order.email, items: order.items, idempotency_key: attempt.key });
  if (result.status !== 200) return proxyFailure(attempts, result);
  attempts.settle();
  const charge = result.body;
  return { kind: 'paid', receipt: receiptOf(attempt, {
    reference: charge.charge, amount: charge.amount, currency: charge.currency, card: charge.card, created: charge.created,
  }) };
}

// ---- payment_intents: PaymentIntent + confirmCardPayment (3-D Secure) --------
function intentPaid(attempts, attempt, intent) {
  attempts.settle();
  return {
    kind: 'paid',
    receipt: receiptOf(attempt, {
      reference: intent.latest_charge ?? intent.charges?.data?.[0]?.id ?? intent.id,
      amount: intent.amount, currency: intent.currency, card: attempt.card, created: intent.created,
    }),
  };
}

/** Outcome of confirmCardPayment / handleNextAction; `again` reads the intent once more if its state moved elsewhere. */
async function intentOutcome(deps, attempt, { paymentIntent, error }, again = true) {
  if (paymentIntent && PAID_STATUSES.has(paymentIntent.status)) return intentPaid(deps.attempts, attempt, paymentIntent);
  // No answer, or Stripe failed: the PaymentIntent says what happened when Pay asks again.
  if (error?.type === 'api_connection_error' || error?.type === 'api_error') return NETWORK_RETRY;
  // Another tab (or the tab before a reload) moved this PaymentIntent on: ask Stripe where it is now.
  if (error?.code === 'payment_intent_unexpected_state' && again) return resumeIntent(deps, attempt, false);
  const message = error?.message ?? paymentIntent?.last_payment_error?.message;
  if (!message) return retry('The payment is not finished yet. Press Pay to continue it.');
  deps.attempts.declined();
  return { kind: 'declined', message };
}

async function confirmIntent(deps, attempt) {
  const result = await deps.stripe.confirmCardPayment(attempt.intent.client_secret, { payment_method: attempt.paymentMethod.id });
  return intentOutcome(deps, attempt, result);
}

export async function payWithIntent(deps, attempt) {
  const { stripe, card, attempts, postJson } = deps;
  if (!attempt.paymentMethod) {
    const { paymentMethod, error } = await stripe.createPaymentMethod({ type: 'card', card, billing_details: { email: attempt.order.email } });
    if (error) {
      attempts.forgetCard();
      return { kind: 'refused', message: error.message, where: 'card-errors' };
    }
    attempt = attempts.update({ paymentMethod: { id: paymentMethod.id }, card: { brand: paymentMethod.card?.brand, last4: paymentMethod.card?.last4 } });
  }
  attempt = attempts.markSent();
  if (!attempt.intent) {
    const result = await postJson('/api/payment_intents', { ...attempt.order, idempotency_key: attempt.key });
    if (result.status !== 200) return proxyFailure(attempts, result);
    const { id, client_secret: clientSecret } = result.body;
    attempt = attempts.update({ intent: { id, client_secret: clientSecret } });
  }
  return confirmIntent(deps, attempt);
}

/**
 * Finishes a PaymentIntent attempt whose outcome this page does not know
 * (after a reload, in a second tab): reads the PaymentIntent and takes it from
 * where it is. It never creates a second PaymentIntent: without a stored one it
 * re-sends the creation under the same key, which returns the first.
 */
export async function resumeIntent(deps, attempt, again = true) {
  if (!attempt.intent) return payWithIntent(deps, attempt);
  const { paymentIntent: intent, error } = await deps.stripe.retrievePaymentIntent(attempt.intent.client_secret);
  if (error) {
    if (error.type === 'api_connection_error' || !error.type || error.type === 'api_error') return NETWORK_RETRY;
    deps.attempts.settle();
    return { kind: 'refused', message: error.message, where: 'form-error' };
  }
  if (PAID_STATUSES.has(intent.status)) return intentPaid(deps.attempts, attempt, intent);
  if (intent.status === 'requires_action') {
    let result;
    try {
      result = await deps.stripe.handleNextAction({ clientSecret: attempt.intent.client_secret });
    } catch (thrown) {
      // Stripe.js throws when the intent left requires_action meanwhile (another tab finished it).
      if (again) return resumeIntent(deps, attempt, false);
      throw thrown;
    }
    return intentOutcome(deps, attempt, result, again);
  }
  if (intent.status === 'canceled') {
    deps.attempts.settle();
    return { kind: 'refused', message: 'This payment was canceled and nothing was charged. Press Pay to pay again.', where: 'form-error' };
  }
  const lastError = intent.last_payment_error;
  const declinedThisCard = lastError && (!attempt.paymentMethod || lastError.payment_method?.id === attempt.paymentMethod.id);
  if (declinedThisCard || !attempt.paymentMethod) {
    deps.attempts.declined();
    return lastError ? { kind: 'declined', message: lastError.message } : { kind: 'ready' };
  }
  // requires_payment_method or requires_confirmation, this card not tried yet: confirm it now.
  return confirmIntent(deps, attempt);
}

/** Finishes (or starts) `attempt` in its own flow. */
export function runAttempt(deps, attempt) {
  if (attempt.flow === 'payment_intents') return attempt.sent ? resumeIntent(deps, attempt) : payWithIntent(deps, attempt);
  return payWithToken(deps, attempt);
}
