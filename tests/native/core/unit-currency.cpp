#include <boost/test/unit_test.hpp>

#include "stripe_report/currency.h"

using stripe_report::currency_exponent;

BOOST_AUTO_TEST_SUITE(currency)

BOOST_AUTO_TEST_CASE(two_decimal_by_default) {
  BOOST_TEST(currency_exponent("usd").value() == 2);
  BOOST_TEST(currency_exponent("eur").value() == 2);
}

BOOST_AUTO_TEST_CASE(zero_decimal_list) {
  for (const char* code : {"jpy", "krw", "clp", "vnd", "xof"}) {
    BOOST_TEST_CONTEXT(code) { BOOST_TEST(currency_exponent(code).value() == 0); }
  }
}

BOOST_AUTO_TEST_CASE(three_decimal_list) {
  for (const char* code : {"kwd", "bhd", "jod", "omr", "tnd"}) {
    BOOST_TEST_CONTEXT(code) { BOOST_TEST(currency_exponent(code).value() == 3); }
  }
}

BOOST_AUTO_TEST_CASE(malformed_codes_are_rejected) {
  for (const char* code : {"", "us", "usdd", "USD", "u1d"}) {
    BOOST_TEST_CONTEXT(code) { BOOST_TEST(!currency_exponent(code).has_value()); }
  }
}

BOOST_AUTO_TEST_SUITE_END()
