// Card field checks the stand-in runs before any request, with the messages
// Stripe.js shows for the same mistakes. Pure functions (tested in Node).

export function digitsOnly(text) {
  return String(text).replace(/\D/g, '');
}

export function cardBrand(number) {
  const digits = digitsOnly(number);
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^6(011|5)/.test(digits)) return 'discover';
  return 'unknown';
}

export function luhnValid(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; ++i) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** "4242424242424242" -> "4242 4242 4242 4242" (amex: 4-6-5). */
export function formatCardNumber(text) {
  const digits = digitsOnly(text).slice(0, 19);
  const groups = cardBrand(digits) === 'amex' ? [4, 6, 5] : [4, 4, 4, 4, 3];
  const parts = [];
  let at = 0;
  for (const size of groups) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return parts.join(' ');
}

/** "1234" or "12/34" -> "12 / 34". */
export function formatExpiry(text) {
  const digits = digitsOnly(text).slice(0, 4);
  return digits.length > 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits;
}

/**
 * Validates the three card fields. Returns { complete, empty, brand, error, card }
 * where error is Stripe.js's {type:'validation_error', code, message} or undefined,
 * and card holds the values to send once complete.
 */
export function validateCard({ number, expiry, cvc }, now = new Date()) {
  const numberDigits = digitsOnly(number);
  const expiryDigits = digitsOnly(expiry);
  const cvcDigits = digitsOnly(cvc);
  const brand = cardBrand(numberDigits);
  const empty = !numberDigits && !expiryDigits && !cvcDigits;
  const fail = (code, message) => ({ complete: false, empty, brand, error: { type: 'validation_error', code, message } });
  const numberLength = brand === 'amex' ? 15 : 16;
  if (numberDigits.length < numberLength) return fail('incomplete_number', 'Your card number is incomplete.');
  if (!luhnValid(numberDigits)) return fail('invalid_number', 'Your card number is invalid.');
  if (expiryDigits.length < 4) return fail('incomplete_expiry', "Your card's expiration date is incomplete.");
  const month = Number(expiryDigits.slice(0, 2));
  const year = 2000 + Number(expiryDigits.slice(2, 4));
  if (month < 1 || month > 12) return fail('invalid_expiry_month', "Your card's expiration date is invalid.");
  const thisYear = now.getUTCFullYear();
  const thisMonth = now.getUTCMonth() + 1;
  if (year < thisYear) return fail('invalid_expiry_year_past', "Your card's expiration year is in the past.");
  if (year === thisYear && month < thisMonth) return fail('invalid_expiry_month_past', "Your card's expiration date is in the past.");
  const cvcLength = brand === 'amex' ? 4 : 3;
  if (cvcDigits.length < cvcLength) return fail('incomplete_cvc', "Your card's security code is incomplete.");
  return {
    complete: true, empty: false, brand, error: undefined,
    card: { number: numberDigits, exp_month: month, exp_year: year, cvc: cvcDigits.slice(0, cvcLength) },
  };
}
