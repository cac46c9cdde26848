import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cardBrand, formatCardNumber, formatExpiry, luhnValid, validateCard } from '../../../web/stripe-standin/card_validation.mjs';
import { planRefund } from '../../../web/report/refund.mjs';

const now = new Date('2026-11-26T00:00:00Z');
const valid = { number: '4242 4242 4242 4242', expiry: '12 / 30', cvc: '123' };

test('Luhn, brands and formatting', () => {
  assert.equal(luhnValid('4242424242424242'), true);
  assert.equal(luhnValid('4000000000000002'), true);
  assert.equal(luhnValid('4242424242424241'), false);
  assert.equal(luhnValid(''), false);
  assert.equal(cardBrand('4242'), 'visa');
  assert.equal(cardBrand('5555555555554444'), 'mastercard');
  assert.equal(cardBrand('378282246310005'), 'amex');
  assert.equal(cardBrand('9'), 'unknown');
  assert.equal(formatCardNumber('4242424242424242999'), '4242 4242 4242 4242 999');
  assert.equal(formatCardNumber('378282246310005'), '3782 822463 10005');
  assert.equal(formatExpiry('1230'), '12 / 30');
  assert.equal(formatExpiry('1'), '1');
});

test('a complete card yields the fields to send', () => {
  assert.deepEqual(validateCard(valid, now), {
    complete: true, empty: false, brand: 'visa', error: undefined,
    card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' },
  });
  assert.equal(validateCard({ number: '378282246310005', expiry: '0127', cvc: '1234' }, now).card.cvc, '1234');
});

test("Stripe.js's messages for each mistake", () => {
  const message = (fields) => validateCard({ ...valid, ...fields }, now).error;
  assert.deepEqual(message({ number: '' }), { type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.' });
  assert.equal(validateCard({ number: '', expiry: '', cvc: '' }, now).empty, true);
  assert.equal(message({ number: '4242 4242' }).message, 'Your card number is incomplete.');
  assert.equal(message({ number: '4242 4242 4242 4241' }).message, 'Your card number is invalid.');
  assert.equal(message({ expiry: '12' }).message, "Your card's expiration date is incomplete.");
  assert.equal(message({ expiry: '13 / 30' }).message, "Your card's expiration date is invalid.");
  assert.equal(message({ expiry: '12 / 25' }).message, "Your card's expiration year is in the past.");
  assert.equal(message({ expiry: '10 / 26' }).message, "Your card's expiration date is in the past.");
  assert.equal(message({ expiry: '11 / 26' }), undefined);
  assert.equal(message({ cvc: '12' }).message, "Your card's security code is incomplete.");
});

test('refund plans: full, partial, too much, already refunded', () => {
  const charge = { id: 'ch_1', amount: 2500, amount_refunded: 0, refunded: false, currency: 'eur' };
  const full = planRefund(charge, '');
  assert.equal(full.amount, 2500n);
  assert.match(full.text, /^Refund €25\.00 of €25\.00 on charge ch_1 \(full refund\)\?/);
  assert.equal(planRefund(charge, '10').amount, 1000n);
  const partlyRefunded = { ...charge, amount_refunded: 1000 };
  assert.equal(planRefund(partlyRefunded, '').amount, 1500n);
  assert.deepEqual(planRefund(partlyRefunded, '15.01'), { error: 'At most €15.00 of this charge can still be refunded.' });
  assert.deepEqual(planRefund({ ...charge, amount_refunded: 2500, refunded: true }, ''), { error: 'Charge ch_1 is already fully refunded.' });
  assert.deepEqual(planRefund({ ...charge, currency: 'jpy', amount: 500 }, '1.5'), { error: 'JPY has no decimals; enter a whole number.' });
});
