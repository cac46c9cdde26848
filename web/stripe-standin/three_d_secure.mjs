// The visible 3-D Secure step of the stand-in: a modal test page where the
// shopper approves or fails the authentication, like Stripe's test-mode page.
import { formatMoney } from '../shared/money.mjs';

/** Shows the challenge; resolves true when approved, false when failed or closed. */
export function showThreeDSecure(amount, currency) {
  return new Promise((resolve) => {
    const dialog = Object.assign(document.createElement('dialog'), { className: 'sis-3ds' });
    dialog.setAttribute('aria-labelledby', 'sis-3ds-title');
    let amountText = '';
    try { amountText = formatMoney(amount, currency); } catch { amountText = `${amount} ${currency}`; }
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
