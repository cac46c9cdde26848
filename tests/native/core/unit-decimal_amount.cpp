#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "stripe_report/decimal_amount.h"

using stripe_report::parse_decimal_minor_units;

BOOST_AUTO_TEST_SUITE(decimal_amount)

BOOST_AUTO_TEST_CASE(two_decimal_currencies) {
  BOOST_TEST(parse_decimal_minor_units("12.34", 2).value() == 1234);
  BOOST_TEST(parse_decimal_minor_units("-12.34", 2).value() == -1234);
  BOOST_TEST(parse_decimal_minor_units("+12.34", 2).value() == 1234);
  BOOST_TEST(parse_decimal_minor_units("-0.5", 2).value() == -50);
  BOOST_TEST(parse_decimal_minor_units("0.05", 2).value() == 5);
  BOOST_TEST(parse_decimal_minor_units("7", 2).value() == 700);
  BOOST_TEST(parse_decimal_minor_units("1.230", 2).value() == 123);
  BOOST_TEST(parse_decimal_minor_units("1.2300000", 2).value() == 123);
  BOOST_TEST(parse_decimal_minor_units("007.10", 2).value() == 710);
  BOOST_TEST(parse_decimal_minor_units("-0", 2).value() == 0);
  BOOST_TEST(parse_decimal_minor_units("0.00", 2).value() == 0);
}

BOOST_AUTO_TEST_CASE(zero_decimal_currencies) {
  BOOST_TEST(parse_decimal_minor_units("1000", 0).value() == 1000);
  BOOST_TEST(parse_decimal_minor_units("1000.00", 0).value() == 1000);
  BOOST_TEST(parse_decimal_minor_units("-250", 0).value() == -250);
  BOOST_TEST(!parse_decimal_minor_units("1000.5", 0).has_value());
}

BOOST_AUTO_TEST_CASE(three_decimal_currencies) {
  BOOST_TEST(parse_decimal_minor_units("1.234", 3).value() == 1234);
  BOOST_TEST(parse_decimal_minor_units("-1.5", 3).value() == -1500);
  BOOST_TEST(parse_decimal_minor_units("0.001", 3).value() == 1);
  BOOST_TEST(parse_decimal_minor_units("2", 3).value() == 2000);
  BOOST_TEST(!parse_decimal_minor_units("0.0001", 3).has_value());
}

BOOST_AUTO_TEST_CASE(precision_beyond_the_minor_unit_is_refused) {
  BOOST_TEST(!parse_decimal_minor_units("12.345", 2).has_value());
  BOOST_TEST(!parse_decimal_minor_units("0.001", 2).has_value());
  BOOST_TEST(!parse_decimal_minor_units("12.3400001", 2).has_value());
}

BOOST_AUTO_TEST_CASE(int64_limits_exactly) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  BOOST_TEST(parse_decimal_minor_units("9223372036854775807", 0).value() == kMax);
  BOOST_TEST(parse_decimal_minor_units("-9223372036854775808", 0).value() == kMin);
  BOOST_TEST(parse_decimal_minor_units("92233720368547758.07", 2).value() == kMax);
  BOOST_TEST(parse_decimal_minor_units("-92233720368547758.08", 2).value() == kMin);
  BOOST_TEST(!parse_decimal_minor_units("9223372036854775808", 0).has_value());
  BOOST_TEST(!parse_decimal_minor_units("-9223372036854775809", 0).has_value());
  BOOST_TEST(!parse_decimal_minor_units("92233720368547758.08", 2).has_value());
  BOOST_TEST(!parse_decimal_minor_units("92233720368547759", 2).has_value());  // overflows on scaling
  BOOST_TEST(!parse_decimal_minor_units("99999999999999999999999999", 0).has_value());
  BOOST_TEST(!parse_decimal_minor_units(std::string(5000, '9'), 2).has_value());
  BOOST_TEST(parse_decimal_minor_units(std::string(5000, '0') + "1", 2).value() == 100);
}

BOOST_AUTO_TEST_CASE(garbage_is_refused) {
  for (const char* text :
       {"", "-", "+", ".", ".5", "5.", "-.5", "1,000.00", "1 000", " 1", "1 ", "1e3", "1E3", "0x10",
        "12.34.56", "--1", "+-1", "1-", "NaN", "inf", "12,34", "\xef\xbc\x91", "1.2a", "$1"})
    BOOST_TEST(!parse_decimal_minor_units(text, 2).has_value(), text);
  BOOST_TEST(!parse_decimal_minor_units(std::string("1\0", 2), 2).has_value());
}

BOOST_AUTO_TEST_CASE(exponent_out_of_range) {
  BOOST_TEST(!parse_decimal_minor_units("1", -1).has_value());
  BOOST_TEST(!parse_decimal_minor_units("1", 19).has_value());
  BOOST_TEST(parse_decimal_minor_units("1", 18).value() == 1000000000000000000);
  BOOST_TEST(!parse_decimal_minor_units("10", 18).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
