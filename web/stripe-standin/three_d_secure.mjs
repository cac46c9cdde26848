// The visible 3-D Secure step of the stand-in: a modal test page where the
// shopper approves or fails the authentication, like Stripe's test-mode page.
import { formatMoney } from '../shared/money.mjs';

function moneyText(amount, currency) {
  try { return formatMoney(amount, currency); } catch { return `${amount} ${currency}`; }
}

let bankPage = null;  // set by showBankPageIn: the challenge is then a frame from that URL

/**
 * From now on the challenge is the bank's page in a frame from `url` (another
 * origin, e.g. hooks.stripe.com, as with Stripe.js: the page's CSP frame-src
 * decides whether it may appear) instead of the in-page dialog.
 */
export function showBankPageIn(url) {
  bankPage = url;
}

/** Shows the challenge; resolves true when approved, false when failed or closed. */
export function showThreeDSecure(amount, currency) {
  if (bankPage) return showThreeDSecureFrame(bankPage, amount, currency);
  return new Promise((resolve) => {
    const dialog = Object.assign(document.createElement('dialog'), { className: 'sis-3ds' });
    dialog.setAttribute('aria-labelledby', 'sis-3ds-title');
    const amountText = moneyText(amount, currency);
    dialog.innerHTML = `
      <h2 id="sis-3ds-title">3-D Secure test authentication</h2>
      <p>Offline demo: your bank would ask you to confirm this payment of <strong></strong>.</p>
      <form method="dialog">
        <button value="decline">Fail authentication</button>
        <button value="approve">Complete authentication</button>
      </form>`;
    dialog.querySelector('strong').textContent = amountText;
    dialog.addEventListener('close', () => {
      const approved = dialog.returnValue === 'approve';
      dialog.remove();
      resolve(approved);
    }, { once: true });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('button[value=approve]').focus();
  });
}

/**
 * The bank's page in a frame, answering with a postMessage
 * { type: 'stripe-standin:3ds', result: 'approve' | 'decline' } (see
 * three_d_secure_frame.html). Resolves true when approved.
 */
function showThreeDSecureFrame(frameUrl, amount, currency) {
  return new Promise((resolve) => {
    const url = new URL(frameUrl);
    url.searchParams.set('amount', moneyText(amount, currency));
    const dialog = Object.assign(document.createElement('dialog'), { className: 'sis-3ds' });
    const frame = Object.assign(document.createElement('iframe'), { src: url.href, title: '3-D Secure authentication' });
    let approved = false;
    const onMessage = (event) => {
      if (event.source !== frame.contentWindow || event.origin !== url.origin || event.data?.type !== 'stripe-standin:3ds') return;
      approved = event.data.result === 'approve';
      dialog.close();
    };
    window.addEventListener('message', onMessage);
    dialog.addEventListener('close', () => {
      window.removeEventListener('message', onMessage);
      dialog.remove();
      resolve(approved);
    }, { once: true });
    dialog.append(frame);
    document.body.append(dialog);
    dialog.showModal();
  });
}
