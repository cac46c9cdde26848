// The checkout's config switches: payment_flow (charges | payment_intents) and
// the demo-only stripe_js_api, with errors that name the field.
#include <boost/test/unit_test.hpp>

#include "stripe_proxy/config.h"

namespace sp = stripe_proxy;

namespace {
std::string with(const std::string& fields, const std::string& mode = "demo") {
  return R"({"publishable_key":"pk_test_simulator","upstream":"http://127.0.0.1:12111","mode":")" + mode + "\"" +
         (fields.empty() ? "" : "," + fields) + "}";
}
std::string error_of(const std::string& text) { return sp::parse_config(text).error; }
}  // namespace

BOOST_AUTO_TEST_SUITE(payment_config)

BOOST_AUTO_TEST_CASE(payment_flow_defaults_to_charges) {
  const auto result = sp::parse_config(with(""));
  BOOST_TEST_REQUIRE(result.error == "");
  BOOST_TEST((result.config->payment_flow == sp::PaymentFlow::charges));
  BOOST_TEST(result.config->stripe_js_api == "");
}

BOOST_AUTO_TEST_CASE(payment_flow_takes_both_values) {
  for (auto [text, flow] : {std::pair{"charges", sp::PaymentFlow::charges},
                            std::pair{"payment_intents", sp::PaymentFlow::payment_intents}}) {
    const auto parsed = sp::parse_config(
        R"({"publishable_key":"pk_live_x","upstream":"https://api.stripe.com","mode":"live","payment_flow":")" +
        std::string(text) + "\"}");
    BOOST_TEST_REQUIRE(parsed.error == "", text);
    BOOST_TEST((parsed.config->payment_flow == flow), text);
    BOOST_TEST(sp::payment_flow_name(flow) == text);
  }
}

BOOST_AUTO_TEST_CASE(bad_payment_flow_is_a_startup_error_naming_the_field) {
  const std::string expected = "payment_flow: must be \"charges\" or \"payment_intents\"";
  BOOST_TEST(error_of(with(R"("payment_flow":"intents")")) == expected);
  BOOST_TEST(error_of(with(R"("payment_flow":"")")) == expected);
  BOOST_TEST(error_of(with(R"("payment_flow":"Charges")")) == expected);
  BOOST_TEST(error_of(with(R"("payment_flow":1)")) == "payment_flow: must be a string");
  BOOST_TEST(error_of(with(R"("payment_flow":null)")) == "payment_flow: must be a string");
}

BOOST_AUTO_TEST_CASE(stripe_js_api_is_a_loopback_origin_in_demo_mode) {
  for (auto url : {"http://127.0.0.1:12111", "http://localhost:8080", "http://[::1]:4000"}) {
    const auto result = sp::parse_config(with(std::string(R"("stripe_js_api":")") + url + "\""));
    BOOST_TEST_REQUIRE(result.error == "", url);
    BOOST_TEST(result.config->stripe_js_api == url);
  }
}

BOOST_AUTO_TEST_CASE(stripe_js_api_outside_demo_mode_is_refused) {
  const std::string expected =
      "stripe_js_api: is allowed only with \"mode\": \"demo\" (real pages load https://js.stripe.com)";
  BOOST_TEST(error_of(with(R"("stripe_js_api":"http://127.0.0.1:12111")", "test")) == expected);
  BOOST_TEST(error_of(R"({"publishable_key":"pk_live_x","mode":"live","stripe_js_api":"http://127.0.0.1:1"})") ==
             expected);
}

BOOST_AUTO_TEST_CASE(stripe_js_api_must_be_loopback_http_with_a_port) {
  const std::string expected = "stripe_js_api: must be a loopback http origin with a port, like http://127.0.0.1:12111";
  for (auto url : {"https://127.0.0.1:12111", "http://10.0.0.1:12111", "http://api.stripe.com:80", "http://127.0.0.1",
                   "http://127.0.0.1:", "http://127.0.0.1:0", "http://127.0.0.1:65536", "http://127.0.0.1:12111/",
                   "http://127.0.0.1:12111/v1", "http://127.0.0.1:1; connect-src *", "http://127.0.0.1.evil.example:80",
                   "http://localhost:80@evil.example", "javascript:1", ""}) {
    BOOST_TEST(error_of(with(std::string(R"("stripe_js_api":")") + url + "\"")) == expected, url);
  }
  BOOST_TEST(error_of(with(R"("stripe_js_api":12111)")) == "stripe_js_api: must be a string");
}

BOOST_AUTO_TEST_CASE(allowed_origins_are_plain_origins_only) {
  for (auto origin : {"https://shop.example", "http://127.0.0.1:8080", "https://a-b.shop.example:8443", "http://[::1]:80"}) {
    BOOST_TEST(error_of(with(std::string(R"("allowed_origins":[")") + origin + "\"]")) == "", origin);
  }
  for (auto origin : {"https://shop.example/", "https://shop.example/path", "https://*.example", "shop.example",
                      "https://shop.example;script-src", "https://shop.example'", "https://shop.example,https://x",
                      "https://", "https://:80", "https://shop.example:", "https://shop.example:123456",
                      "https://user@shop.example", "https://-shop.example", "ftp://shop.example"}) {
    BOOST_TEST(error_of(with(std::string(R"("allowed_origins":[")") + origin + "\"]")) ==
                   "allowed_origins[0]: must be an origin like https://shop.example (no path, no wildcard)",
               origin);
  }
}

BOOST_AUTO_TEST_SUITE_END()
