#include <boost/test/unit_test.hpp>

#include "stripe_wire/form.h"

using stripe_wire::Form;
using stripe_wire::parse_form;

BOOST_AUTO_TEST_SUITE(form)

BOOST_AUTO_TEST_CASE(parses_stripe_bracket_syntax_in_order) {
  auto form = parse_form("amount=2000&metadata%5Border%5D=42&expand[]=balance_transaction&expand[]=customer");
  BOOST_REQUIRE(form);
  const Form expected{{"amount", "2000"},
                      {"metadata[order]", "42"},
                      {"expand[]", "balance_transaction"},
                      {"expand[]", "customer"}};
  BOOST_TEST((*form == expected));
  BOOST_TEST(stripe_wire::values_of(*form, "expand[]").size() == 2u);
}

BOOST_AUTO_TEST_CASE(decodes_plus_and_escapes) {
  auto form = parse_form("description=Blue+shirt%20%26+socks&email=a%2Bb%40example.com&empty=");
  BOOST_REQUIRE(form);
  BOOST_TEST(stripe_wire::single_value(*form, "description").value() == "Blue shirt & socks");
  BOOST_TEST(stripe_wire::single_value(*form, "email").value() == "a+b@example.com");
  BOOST_TEST(stripe_wire::single_value(*form, "empty").value() == "");
}

BOOST_AUTO_TEST_CASE(reports_duplicates) {
  auto form = parse_form("amount=1&amount=2");
  BOOST_REQUIRE(form);
  bool duplicate = false;
  BOOST_TEST(stripe_wire::single_value(*form, "amount", &duplicate).value() == "1");
  BOOST_TEST(duplicate);
}

BOOST_AUTO_TEST_CASE(rejects_malformed_input) {
  for (const char* text : {"a=%", "a=%4", "a=%zz", "=1", "a]=1", "a[=1", "a[b]c=1", "a[b[c]]=1", "[a]=1"}) {
    BOOST_TEST_CONTEXT(text) {
      std::string error;
      BOOST_TEST(!parse_form(text, &error));
      BOOST_TEST(!error.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(round_trips_through_encode) {
  const Form form{{"metadata[note]", "50% off & more=yes"}, {"expand[]", "data.customer"}};
  const std::string encoded = stripe_wire::encode_form(form);
  BOOST_TEST(encoded == "metadata[note]=50%25%20off%20%26%20more%3Dyes&expand[]=data.customer");
  BOOST_TEST((parse_form(encoded).value() == form));
}

BOOST_AUTO_TEST_CASE(splits_targets) {
  auto target = stripe_wire::split_target("/v1/charges?limit=3");
  BOOST_TEST(target.path == "/v1/charges");
  BOOST_TEST(target.query == "limit=3");
  BOOST_TEST(stripe_wire::split_target("/healthz").query.empty());
}

BOOST_AUTO_TEST_SUITE_END()
