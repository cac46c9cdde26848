// Fetches every object of a Stripe list endpoint, page by page (limit 100,
// starting_after the last id), from the simulator or any Stripe-compatible base URL.

/**
 * listAll(baseUrl, path, { key, params, maxPages }) -> array of objects, newest first.
 * Throws with Stripe's error message on a non-200 answer; stops after maxPages.
 */
export async function listAll(baseUrl, path, { key, params = {}, maxPages = 10_000 } = {}) {
  const objects = [];
  let startingAfter;
  for (let page = 0; page < maxPages; page += 1) {
    const query = new URLSearchParams({ ...params, limit: '100' });
    if (startingAfter) query.set('starting_after', startingAfter);
    const response = await fetch(`${baseUrl}${path}?${query}`, { headers: { authorization: `Bearer ${key}` } });
    const body = await response.json();
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${body?.error?.message ?? ''}`);
    objects.push(...body.data);
    if (!body.has_more || body.data.length === 0) return objects;
    startingAfter = body.data[body.data.length - 1].id;
  }
  throw new Error(`GET ${path}: more than ${maxPages} pages`);
}
