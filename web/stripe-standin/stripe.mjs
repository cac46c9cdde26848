// Offline stand-in for the part of Stripe.js v3 the checkout page uses, talking
// to the built-in simulator instead of api.stripe.com. Loaded only in demo and
// test mode (the page loads https://js.stripe.com/v3/ otherwise); it says so
// on the card element itself. Its API address comes from the ?api= parameter
// of its own <script src>.
// Served as https://js.stripe.com/v3/ (tests/browser/production.test.mjs routes
// Stripe's hosts to it and to the simulator), it acts as Stripe.js does under
// a page's CSP: API calls to https://api.stripe.com, no stylesheet of its own,
// and the 3-D Secure step in a frame from https://hooks.stripe.com.
import { cardBrand, formatCardNumber, formatExpiry, validateCard } from './card_validation.mjs';
import { CardElement, addStandInStylesheet } from './card_element.mjs';
import { showThreeDSecure, showBankPageIn } from './three_d_secure.mjs';

const scriptUrl = new URL(document.currentScript?.src ?? location.href);
const asStripeJs = scriptUrl.origin === 'https://js.stripe.com';
const apiBase = asStripeJs ? 'https://api.stripe.com' : scriptUrl.searchParams.get('api') ?? location.origin;
if (asStripeJs) showBankPageIn('https://hooks.stripe.com/3d_secure_2/standin');
else addStandInStylesheet(new URL('stripe.css', scriptUrl).href);

function form(fields, prefix = '', params = new URLSearchParams()) {
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    const key = prefix ? `${prefix}[${name}]` : name;
    if (typeof value === 'object') form(value, key, params);
    else params.append(key, String(value));
  }
  return params;
}

function Stripe(publishableKey) {
  if (!/^pk_(test|live)_/.test(String(publishableKey))) {
    throw new Error('Stripe(): the publishable key must start with pk_test_ or pk_live_.');
  }

  async function call(method, path, fields) {
    let response;
    try {
      response = await fetch(new URL(path, apiBase), {
        method,
        headers: { authorization: `Bearer ${publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: method === 'GET' ? undefined : form(fields),
      });
    } catch {
      return { error: { type: 'api_connection_error', message: 'We could not connect to Stripe. Check your connection and try again.' } };
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) return { error: body.error ?? { type: 'api_error', message: `Stripe answered ${response.status}.` } };
    return { body };
  }

  function cardFields(element) {
    if (!(element instanceof CardElement)) return { error: { type: 'integration_error', message: 'Pass the card Element created by elements.create("card").' } };
    const state = element.validate();
    if (!state.complete) {
      element.showError(state.error);
      return { error: state.error };
    }
    return { card: state.card };
  }

  async function createPaymentMethod(typeOrData, maybeCard, maybeData) {
    const data = typeof typeOrData === 'string' ? { type: typeOrData, card: maybeCard, ...maybeData } : typeOrData;
    const { card, error } = cardFields(data.card);
    if (error) return { error };
    const result = await call('POST', '/v1/payment_methods', { type: 'card', card, billing_details: data.billing_details });
    return result.error ? { error: result.error } : { paymentMethod: result.body };
  }

  // GET /v1/payment_intents/{id} with the client secret, as Stripe.js's retrievePaymentIntent.
  async function retrievePaymentIntent(clientSecret) {
    const intentId = String(clientSecret).split('_secret_')[0];
    const query = new URLSearchParams({ client_secret: clientSecret });
    const result = await call('GET', `/v1/payment_intents/${encodeURIComponent(intentId)}?${query}`);
    return result.error ? { error: result.error } : { paymentIntent: result.body };
  }

  // A confirmed intent: the 3-D Secure step if the bank asks for it, then the result as Stripe.js gives it.
  async function finishIntent(clientSecret, confirmed) {
    let intent = confirmed;
    if (intent.status === 'requires_action') {
      const approved = await showThreeDSecure(intent.amount, intent.currency);
      // The simulator names its challenge endpoint like Stripe's use_stripe_sdk action.
      const actionUrl = intent.next_action?.use_stripe_sdk?.stripe_js ?? intent.next_action?.redirect_to_url?.url;
      if (!actionUrl) return { error: { type: 'api_error', message: 'The simulator asked for 3-D Secure without an authentication URL.' } };
      const finished = await call('POST', actionUrl, { client_secret: clientSecret, result: approved ? 'approve' : 'decline' });
      if (finished.error) return { error: finished.error };
      intent = finished.body;
    }
    if (intent.status === 'succeeded' || intent.status === 'processing' || intent.status === 'requires_capture') {
      return { paymentIntent: intent };
    }
    return {
      error: intent.last_payment_error ?? {
        type: 'card_error', code: 'payment_intent_authentication_failure',
        message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
      },
      paymentIntent: intent,
    };
  }

  return {
    elements() {
      return {
        create(type, options = {}) {
          if (type !== 'card') throw new Error(`The offline Stripe.js stand-in supports only the "card" Element, not "${type}".`);
          return new CardElement(options);
        },
      };
    },

    async createToken(element, data = {}) {
      const { card, error } = cardFields(element);
      if (error) return { error };
      const result = await call('POST', '/v1/tokens', { card: { ...card, name: data.name } });
      return result.error ? { error: result.error } : { token: result.body };
    },

    createPaymentMethod,

    async confirmCardPayment(clientSecret, data = {}) {
      const intentId = String(clientSecret).split('_secret_')[0];
      let paymentMethod = data.payment_method;
      if (paymentMethod && typeof paymentMethod === 'object') {
        const created = await createPaymentMethod({ type: 'card', ...paymentMethod });
        if (created.error) return { error: created.error };
        paymentMethod = created.paymentMethod.id;
      }
      const confirmed = await call('POST', `/v1/payment_intents/${encodeURIComponent(intentId)}/confirm`,
        { client_secret: clientSecret, payment_method: paymentMethod });
      if (confirmed.error) return { error: confirmed.error };
      return finishIntent(clientSecret, confirmed.body);
    },

    retrievePaymentIntent,

    // Stripe.js: "finish confirmation of a PaymentIntent with the requires_action status"
    // (https://docs.stripe.com/js/payment_intents/handle_next_action); used to resume one after a reload.
    async handleNextAction({ clientSecret } = {}) {
      const retrieved = await retrievePaymentIntent(clientSecret);
      if (retrieved.error) return retrieved;
      if (retrieved.paymentIntent.status !== 'requires_action') {
        throw new Error(`handleNextAction: the PaymentIntent has status ${retrieved.paymentIntent.status}, not requires_action.`);
      }
      return finishIntent(clientSecret, retrieved.paymentIntent);
    },
  };
}

Stripe.isOfflineStandIn = true;
Stripe.helpers = { cardBrand, formatCardNumber, formatExpiry, validateCard };
window.Stripe = Stripe;
