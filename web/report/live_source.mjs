// The live source: the proxy's export endpoint for a date range, with the
// viewer's token kept in sessionStorage only (gone when the tab closes).
import { zonedMidnight } from './report_model.mjs';

const TOKEN_KEY = 'stripe-report-token';

export function savedToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function saveToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** The export URL for [from 00:00, to+1 day 00:00) in the report's time zone. */
export function exportUrl(baseUrl, fromDate, toDate, timezone) {
  const gte = zonedMidnight(fromDate, timezone);
  const next = new Date(`${toDate}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const lt = zonedMidnight(next.toISOString().slice(0, 10), timezone);
  const url = new URL('/api/export/balance_transactions', baseUrl);
  url.searchParams.set('created[gte]', String(gte));
  url.searchParams.set('created[lt]', String(lt));
  return url.href;
}

export function authHeaders(token) {
  return { authorization: `Bearer ${token}` };
}
