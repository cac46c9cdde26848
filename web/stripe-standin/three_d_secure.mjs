// The visible 3-D Secure step of the stand-in: a modal test page where the
// shopper approves or fails the authentication, like Stripe's test-mode page.
import { formatMoney } from '../shared/money.mjs';

/** Shows the challenge; resolves true when approved, false when failed or closed. */
export function showThreeDSecure(amount, currency) {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.setAttribute('aria-labelledby', 'sis-3ds-title');
    dialog.style.cssText = 'max-width:min(26rem,92vw);border:1px solid #c5c9d1;border-radius:10px;padding:1rem 1.25rem;font:inherit';
    let amountText = '';
    try { amountText = formatMoney(amount, currency); } catch { amountText = `${amount} ${currency}`; }
    dialog.innerHTML = `
      <h2 id="sis-3ds-title" style="font-size:1.1rem;margin:0 0 .5rem">3-D Secure test authentication</h2>
      <p style="margin:0 0 .5rem">Offline demo: your bank would ask you to confirm this payment of <strong></strong>.</p>
      <form method="dialog" style="display:flex;gap:.5rem;justify-content:flex-end;flex-wrap:wrap">
        <button value="decline" style="min-height:2.5rem;padding:.4rem 1rem;background:#fff;color:#1a1f36;border:1px solid #c5c9d1;border-radius:6px">Fail authentication</button>
        <button value="approve" style="min-height:2.5rem;padding:.4rem 1rem;background:#635bff;color:#fff;border:1px solid #635bff;border-radius:6px">Complete authentication</button>
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
