#include <boost/test/unit_test.hpp>

#include <string>

#include "stripe_report/currency.h"

using stripe_report::currency_exponent;

BOOST_AUTO_TEST_SUITE(currency)

BOOST_AUTO_TEST_CASE(two_decimal_by_default) {
  BOOST_TEST(currency_exponent("usd").value() == 2);
  BOOST_TEST(currency_exponent("eur").value() == 2);
  BOOST_TEST(currency_exponent("gbp").value() == 2);
}

BOOST_AUTO_TEST_CASE(zero_decimal_list) {
  for (const char* code : {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf",
                           "ugx", "vnd", "vuv", "xaf", "xof", "xpf"}) {
    BOOST_TEST_CONTEXT(code) {
      BOOST_TEST(currency_exponent(code).value() == 0);
      BOOST_TEST(stripe_report::is_zero_decimal_currency(code));
    }
  }
}

BOOST_AUTO_TEST_CASE(three_decimal_list) {
  for (const char* code : {"kwd", "bhd", "jod", "omr", "tnd"}) {
    BOOST_TEST_CONTEXT(code) {
      BOOST_TEST(currency_exponent(code).value() == 3);
      BOOST_TEST(stripe_report::is_three_decimal_currency(code));
    }
  }
}

// Stripe's special cases: ISK, HUF and TWD stay two-decimal in API amounts.
BOOST_AUTO_TEST_CASE(special_cases) {
  BOOST_TEST(currency_exponent("isk").value() == 2);
  BOOST_TEST(currency_exponent("huf").value() == 2);
  BOOST_TEST(currency_exponent("twd").value() == 2);
  BOOST_TEST(currency_exponent("ugx").value() == 0);
}

BOOST_AUTO_TEST_CASE(unknown_codes_are_rejected) {
  for (const char* code : {"xyz", "abc", "usx", "eru", "btc", "xau", "xxx", "zzz", "aaa"}) {
    BOOST_TEST_CONTEXT(code) { BOOST_TEST(!currency_exponent(code).has_value()); }
  }
}

BOOST_AUTO_TEST_CASE(exactly_147_codes_are_known) {
  int known = 0;
  for (char a = 'a'; a <= 'z'; ++a)
    for (char b = 'a'; b <= 'z'; ++b)
      for (char c = 'a'; c <= 'z'; ++c)
        if (currency_exponent(std::string{a, b, c})) ++known;
  BOOST_TEST(known == 147);
}

BOOST_AUTO_TEST_CASE(malformed_codes_are_rejected) {
  for (const char* code : {"", "us", "usdd", "USD", "Usd", "u1d", "us ", " usd"}) {
    BOOST_TEST_CONTEXT(code) { BOOST_TEST(!currency_exponent(code).has_value()); }
  }
  BOOST_TEST(!currency_exponent(std::string("usd\0", 4)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
