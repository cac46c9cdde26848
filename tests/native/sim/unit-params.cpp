#include <boost/test/unit_test.hpp>

#include "stripe_sim/params.h"
#include "stripe_sim/stripe_error.h"
#include "stripe_wire/form.h"

using namespace stripe_sim;

namespace {

Params parse(const std::string& body, const ParamSpecs& specs) { return Params(*stripe_wire::parse_form(body), specs); }

const ParamSpecs kSpecs{{"amount"}, {"metadata", ParamKind::hash_any}, {"expand", ParamKind::array},
                        {"card", ParamKind::hash_of, {"number", "cvc"}}, {"created", ParamKind::range},
                        {"capture"}};

template <class F>
StripeError error_of(F&& f) {
  try {
    f();
  } catch (const StripeError& error) {
    return error;
  }
  BOOST_FAIL("expected a StripeError");
  throw;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(params)

BOOST_AUTO_TEST_CASE(reads_scalars_hashes_and_both_array_styles) {
  auto params = parse("amount=2000&metadata[order]=42&metadata[note]=a+b&expand[]=customer&expand[1]=balance_transaction"
                      "&card[number]=4242",
                      kSpecs);
  BOOST_TEST(params.integer("amount", 1, 100000).value() == 2000);
  BOOST_TEST(params.hash("metadata").at("order") == "42");
  BOOST_TEST(params.hash("metadata").at("note") == "a b");
  BOOST_TEST((params.array("expand") == std::vector<std::string>{"customer", "balance_transaction"}));
  BOOST_TEST(params.text("card[number]").value() == "4242");
  BOOST_TEST(!params.text("card[cvc]"));
}

BOOST_AUTO_TEST_CASE(unknown_parameters_are_named) {
  auto error = error_of([] { parse("amount=1&amoutn=2", kSpecs); });
  BOOST_TEST(error.status == 400);
  BOOST_TEST(error.code == "parameter_unknown");
  BOOST_TEST(error.param == "amoutn");
  BOOST_TEST(std::string(error.what()) == "Received unknown parameter: amoutn");
  BOOST_TEST(error_of([] { parse("card[numbr]=1", kSpecs); }).param == "card[numbr]");
  BOOST_TEST(error_of([] { parse("amount[x]=1", kSpecs); }).code == "parameter_unknown");
  BOOST_TEST(error_of([] { parse("created[since]=1", kSpecs); }).code == "parameter_unknown");
}

BOOST_AUTO_TEST_CASE(duplicate_scalars_are_refused) {
  auto error = error_of([] { parse("amount=1&amount=2", kSpecs); });
  BOOST_TEST(error.code == "parameter_invalid_duplicate");
  BOOST_TEST(error.param == "amount");
}

BOOST_AUTO_TEST_CASE(integers_are_strict_and_bounded) {
  BOOST_TEST(error_of([] { parse("amount=12abc", kSpecs).integer("amount", 1, 10); }).code == "parameter_invalid_integer");
  BOOST_TEST(error_of([] { parse("amount=1.5", kSpecs).integer("amount", 1, 10); }).code == "parameter_invalid_integer");
  BOOST_TEST(error_of([] { parse("amount=99999999999999999999", kSpecs).integer("amount", 1, 10); }).code ==
             "parameter_invalid_integer");
  auto low = error_of([] { parse("amount=0", kSpecs).integer("amount", 1, 10); });
  BOOST_TEST(std::string(low.what()) == "This value must be greater than or equal to 1.");
  auto high = error_of([] { parse("amount=11", kSpecs).integer("amount", 1, 10); });
  BOOST_TEST(std::string(high.what()) == "This value must be less than or equal to 10.");
  BOOST_TEST(high.param == "amount");
  BOOST_TEST(error_of([] { parse("capture=yes", kSpecs).boolean("capture"); }).code == "parameter_invalid_boolean");
}

BOOST_AUTO_TEST_CASE(created_ranges_normalise_to_inclusive_bounds) {
  auto range = parse("created[gt]=100&created[lte]=200", kSpecs).range("created");
  BOOST_TEST(range.min.value() == 101);
  BOOST_TEST(range.max.value() == 200);
  BOOST_TEST(!range.contains(100));
  BOOST_TEST(range.contains(101));
  BOOST_TEST(range.contains(200));
  auto exact = parse("created=150", kSpecs).range("created");
  BOOST_TEST(exact.contains(150));
  BOOST_TEST(!exact.contains(151));
  auto lt = parse("created[gte]=10&created[lt]=20", kSpecs).range("created");
  BOOST_TEST(lt.min.value() == 10);
  BOOST_TEST(lt.max.value() == 19);
}

BOOST_AUTO_TEST_CASE(strict_int64_parser) {
  BOOST_TEST(parse_int64("-42").value() == -42);
  BOOST_TEST(!parse_int64(""));
  BOOST_TEST(!parse_int64("+1"));
  BOOST_TEST(!parse_int64(" 1"));
  BOOST_TEST(!parse_int64("9223372036854775808"));
  BOOST_TEST(parse_int64("9223372036854775807").value() == INT64_MAX);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(params_utf8)

BOOST_AUTO_TEST_CASE(invalid_utf8_is_a_400_without_echoing_the_bytes) {
  const ParamSpecs specs{{"description"}, {"metadata", ParamKind::hash_any}};
  BOOST_CHECK_NO_THROW(parse("description=caf%C3%A9+%F0%9F%98%80", specs));
  for (const char* body : {"description=%FF", "description=%C3", "description=%C0%AF", "description=%ED%A0%80",
                           "metadata[%FE]=1", "description=%F4%90%80%80"}) {
    auto error = error_of([&] { parse(body, specs); });
    BOOST_TEST(error.status == 400, body);
    BOOST_TEST(error.code == "parameter_invalid_string");
  }
}

BOOST_AUTO_TEST_SUITE_END()
