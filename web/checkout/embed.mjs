// The one-line embed: <script src="https://YOUR-SHOP/checkout/embed.js" data-items="tshirt:1" async></script>
// inserts the checkout page in an iframe right after the script tag and keeps
// the frame as tall as its content.
(() => {
  const script = document.currentScript;
  if (!script) return;
  const page = new URL('./index.html', script.src);
  if (script.dataset.items) page.searchParams.set('items', script.dataset.items);
  for (const [name, value] of new URL(script.src).searchParams) page.searchParams.set(name, value);
  const frame = document.createElement('iframe');
  frame.src = page.href;
  frame.title = script.dataset.title ?? 'Checkout';
  frame.setAttribute('allow', 'payment');
  frame.style.cssText = 'display:block;width:100%;max-width:34rem;min-width:280px;height:40rem;border:0';
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || event.origin !== page.origin) return;
    if (event.data?.type === 'stripe-sales-checkout:height' && Number.isFinite(event.data.height)) {
      frame.style.height = `${Math.ceil(event.data.height)}px`;
    }
  });
})();
