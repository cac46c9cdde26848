import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cartKey, describeCart, parseItemsParam, payLabel } from '../../../web/checkout/cart.mjs';

const CATALOG = [
  { sku: 'tshirt', name: 'T-shirt', unit_amount: 2500, currency: 'eur' },
  { sku: 'mug', name: 'Mug', unit_amount: 1250, currency: 'eur' },
  { sku: 'cap', name: 'Cap', unit_amount: 1999, currency: 'usd' },
  { sku: 'tenugui', name: 'Tenugui', unit_amount: 1500, currency: 'jpy' },
  { sku: 'dinar', name: 'Dinar box', unit_amount: 12345, currency: 'kwd' },
];

test('?items= : quantities, default 1, duplicates added, bad lines named', () => {
  assert.deepEqual(parseItemsParam('tenugui:2,mug'), { items: [{ sku: 'tenugui', quantity: 2 }, { sku: 'mug', quantity: 1 }], problems: [] });
  assert.deepEqual(parseItemsParam(' tshirt:1 , tshirt:2 ,').items, [{ sku: 'tshirt', quantity: 3 }]);
  assert.deepEqual(parseItemsParam('tshirt:0,mug:x,:2,cap:1:1').problems, [
    'The cart line "tshirt:0" is not an item and quantity, like tshirt:2.',
    'The cart line "mug:x" is not an item and quantity, like tshirt:2.',
    'The cart line ":2" is not an item and quantity, like tshirt:2.',
    'The cart line "cap:1:1" is not an item and quantity, like tshirt:2.',
  ]);
  assert.deepEqual(parseItemsParam('tshirt:600,tshirt:401').problems, ['At most 1000 of "tshirt" fit in one order.']);
  assert.deepEqual(parseItemsParam(''), { items: [], problems: [] });
});

test('lines and total in minor units with the currency\'s exponent', () => {
  const cart = describeCart(CATALOG, [{ sku: 'tshirt', quantity: 1 }, { sku: 'mug', quantity: 3 }]);
  assert.deepEqual(cart.lines.map((line) => [line.name, line.quantity, line.unitAmount, line.amount]),
    [['T-shirt', 1, 2500n, 2500n], ['Mug', 3, 1250n, 3750n]]);
  assert.deepEqual(cart.total, { amount: 6250n, currency: 'eur' });
  assert.equal(cart.problem, null);
  assert.equal(payLabel(cart.total), 'Pay €62.50');
  assert.equal(payLabel(describeCart(CATALOG, [{ sku: 'tenugui', quantity: 2 }]).total), 'Pay ¥3,000');
  assert.match(payLabel(describeCart(CATALOG, [{ sku: 'dinar', quantity: 1 }]).total), /^Pay KWD\s12\.345$/);  // Intl puts a no-break space
  assert.equal(payLabel(null), 'Pay');
});

test('a mixed-currency cart cannot be paid and says why', () => {
  const cart = describeCart(CATALOG, [{ sku: 'tshirt', quantity: 1 }, { sku: 'cap', quantity: 1 }, { sku: 'tenugui', quantity: 1 }]);
  assert.equal(cart.total, null);
  assert.equal(cart.problem, 'This cart mixes currencies (EUR, JPY and USD). One payment is in one currency: pay for the EUR, JPY and USD items separately.');
  assert.deepEqual([...cart.subtotals], [['eur', 2500n], ['usd', 1999n], ['jpy', 1500n]]);
  assert.match(describeCart(CATALOG, [{ sku: 'mug', quantity: 1 }, { sku: 'cap', quantity: 2 }]).problem, /\(EUR and USD\)/);
});

test('an unknown item cannot be paid; an empty cart has no total and no problem', () => {
  const cart = describeCart(CATALOG, [{ sku: 'tshirt', quantity: 1 }, { sku: 'nope', quantity: 1 }]);
  assert.equal(cart.total, null);
  assert.equal(cart.problem, 'This shop does not sell "nope". Ask the shop for a corrected link.');
  assert.deepEqual(describeCart(CATALOG, []), { lines: [], subtotals: new Map(), total: null, problem: null });
  assert.deepEqual(describeCart(CATALOG, [{ sku: 'tshirt', quantity: 0 }]).total, null);
});

test('cartKey ignores line order and empty lines', () => {
  assert.equal(cartKey([{ sku: 'tshirt', quantity: 1 }, { sku: 'mug', quantity: 2 }]), 'mug:2,tshirt:1');
  assert.equal(cartKey([{ sku: 'mug', quantity: 2 }, { sku: 'cap', quantity: 0 }, { sku: 'tshirt', quantity: 1 }]), 'mug:2,tshirt:1');
});
