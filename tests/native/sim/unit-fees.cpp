#include <boost/test/unit_test.hpp>

#include "stripe_sim/fees.h"
#include "stripe_sim/test_cards.h"

using namespace stripe_sim;

BOOST_AUTO_TEST_SUITE(fees)

BOOST_AUTO_TEST_CASE(two_decimal_currencies_pay_percent_plus_thirty) {
  const FeePolicy policy;
  BOOST_TEST(processing_fee(2000, 2, policy) == 88);    // 58 + 30
  BOOST_TEST(processing_fee(1000, 2, policy) == 59);    // 29 + 30
  BOOST_TEST(processing_fee(50, 2, policy) == 31);      // 1.45 -> 1, + 30
  BOOST_TEST(processing_fee(1724, 2, policy) == 80);    // 49.996 -> 50, + 30
  BOOST_TEST(processing_fee(17241, 2, policy) == 530);  // 499.989 -> 500, + 30
}

BOOST_AUTO_TEST_CASE(rounding_is_half_up) {
  const FeePolicy policy{290, 0};
  BOOST_TEST(processing_fee(500, 2, policy) == 15);  // 14.5 -> 15
  BOOST_TEST(processing_fee(499, 2, policy) == 14);  // 14.471 -> 14
}

BOOST_AUTO_TEST_CASE(zero_and_three_decimal_currencies_scale_the_fixed_part) {
  const FeePolicy policy;
  BOOST_TEST(processing_fee(1000, 0, policy) == 29);     // jpy: 0.30 yen rounds to 0
  BOOST_TEST(processing_fee(10000, 3, policy) == 590);   // kwd: 290 + 300 fils
  BOOST_TEST(scale_hundredths(30, 2) == 30);
  BOOST_TEST(scale_hundredths(30, 3) == 300);
  BOOST_TEST(scale_hundredths(30, 0) == 0);
  BOOST_TEST(scale_hundredths(50, 0) == 1);  // half up
}

BOOST_AUTO_TEST_CASE(dispute_fee_is_fifteen_major_units) {
  BOOST_TEST(dispute_fee(2) == 1500);
  BOOST_TEST(dispute_fee(0) == 15);
  BOOST_TEST(dispute_fee(3) == 15000);
}

BOOST_AUTO_TEST_CASE(funds_are_available_two_days_later_at_midnight_utc) {
  BOOST_TEST(available_on(1'700'000'000) == 1'700'092'800);  // 2023-11-14 22:13 -> 2023-11-16 00:00
  BOOST_TEST(available_on(1'699'920'000) == 1'700'092'800);  // exactly midnight -> +2 days
  BOOST_TEST(available_on(1'699'919'999) == 1'700'006'400);
}

BOOST_AUTO_TEST_CASE(test_cards_behave_as_documented) {
  BOOST_TEST((card_from_number("4242424242424242")->outcome == CardOutcome::succeed));
  BOOST_TEST(card_from_number("4242424242424242")->brand == "Visa");
  BOOST_TEST((card_from_number("4000000000000002")->outcome == CardOutcome::decline_generic));
  BOOST_TEST((card_from_number("4000000000009995")->outcome == CardOutcome::insufficient_funds));
  BOOST_TEST((card_from_number("4000002500003155")->outcome == CardOutcome::requires_authentication));
  BOOST_TEST((card_from_number("4000002760003184")->outcome == CardOutcome::requires_authentication));
  BOOST_TEST((card_from_number("4000000000000259")->outcome == CardOutcome::dispute));
  BOOST_TEST(card_from_number("5555555555554444")->brand == "MasterCard");
  BOOST_TEST(card_from_number("378282246310005")->brand == "American Express");
  BOOST_TEST(!card_from_number("4242424242424241"));  // Luhn
  BOOST_TEST(!card_from_number("42424242"));
  BOOST_TEST(card_from_shortcut("tok_visa")->last4 == "4242");
  BOOST_TEST((card_from_shortcut("pm_card_chargeDeclined")->outcome == CardOutcome::decline_generic));
  BOOST_TEST(!card_from_shortcut("tok_nonsense"));
  BOOST_TEST(card_from_number("4242424242424242")->fingerprint == card_from_number("4242424242424242")->fingerprint);
  BOOST_TEST(card_from_number("4242424242424242")->fingerprint != card_from_number("5555555555554444")->fingerprint);
}

BOOST_AUTO_TEST_SUITE_END()
