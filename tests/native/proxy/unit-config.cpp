#include <boost/test/unit_test.hpp>

#include "stripe_proxy/config.h"

using stripe_proxy::parse_config;

namespace {
const char* const minimal = R"({"publishable_key":"pk_test_x","upstream":"http://127.0.0.1:12111",
  "tokens":[{"name":"viewer","sha256":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","scopes":["read","refund"]}],
  "catalog":[{"sku":"tshirt","name":"T-shirt","unit_amount":2500,"currency":"eur"}]})";

std::string error_of(const std::string& text) { return parse_config(text).error; }
}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(minimal_config_gets_defaults) {
  auto result = parse_config(minimal);
  BOOST_TEST_REQUIRE(result.error == "");
  const auto& config = *result.config;
  BOOST_TEST(config.listen_host == "127.0.0.1");
  BOOST_TEST(config.listen_port == "0");
  BOOST_TEST(config.upstream.tls == false);
  BOOST_TEST(config.upstream.host == "127.0.0.1");
  BOOST_TEST(config.upstream.port == "12111");
  BOOST_TEST(config.stripe_version == "2022-11-15");
  BOOST_TEST(config.mode == "test");
  BOOST_TEST(config.tokens.size() == 1u);
  BOOST_TEST(config.tokens[0].has(stripe_proxy::Scope::refund));
  BOOST_TEST(!config.tokens[0].has(stripe_proxy::Scope::charge));
  BOOST_TEST(config.find_sku("tshirt")->unit_amount == 2500);
  BOOST_TEST(config.find_sku("mug") == nullptr);
  BOOST_TEST(config.limits.body_bytes == 64u * 1024u);
  BOOST_TEST(config.limits.max_retries == 2);
}

BOOST_AUTO_TEST_CASE(stripe_upstream_is_tls_on_443) {
  std::string error;
  auto upstream = stripe_proxy::parse_upstream("https://api.stripe.com", error);
  BOOST_TEST_REQUIRE(upstream.has_value());
  BOOST_TEST(upstream->tls);
  BOOST_TEST(upstream->host == "api.stripe.com");
  BOOST_TEST(upstream->port == "443");
  BOOST_TEST(!stripe_proxy::parse_upstream("http://api.stripe.com", error).has_value());
  BOOST_TEST(error.find("loopback") != std::string::npos);
  BOOST_TEST(!stripe_proxy::parse_upstream("https://api.stripe.com/v1", error).has_value());
  BOOST_TEST(!stripe_proxy::parse_upstream("https://user@api.stripe.com", error).has_value());
}

BOOST_AUTO_TEST_CASE(errors_name_the_field) {
  BOOST_TEST(error_of("[") == "config: not valid JSON");
  BOOST_TEST(error_of("{}") == "publishable_key: is required");
  BOOST_TEST(error_of(R"({"publishable_key":"pk_test_x","mode":"prod"})") == "mode: must be \"test\", \"live\" or \"demo\"");
  BOOST_TEST(error_of(R"({"publishable_key":"pk_test_x","mode":"live"})") == "publishable_key: live mode needs a pk_live_ key");
  BOOST_TEST(error_of(R"({"publishable_key":"pk_test_x","secret_key":"sk_test_123"})").starts_with("secret_key: the secret belongs"));
  BOOST_TEST(error_of(R"({"publishable_key":"pk_test_x","catalog":[{"sku":"a","name":"A","unit_amount":-1,"currency":"eur"}]})") ==
             "catalog[0].unit_amount: must be between 1 and 99999999");
  BOOST_TEST(error_of(R"({"publishable_key":"pk_test_x","catalog":[{"sku":"a","name":"A","unit_amount":"1","currency":"eur"}]})") ==
             "catalog[0].unit_amount: must be an integer");
  BOOST_TEST(error_of(R"({"publishable_key":"pk_test_x","tokens":[{"name":"a","sha256":"x","scopes":["read"]}]})") ==
             "tokens[0].sha256: must be 64 lower-case hex digits");
  BOOST_TEST(error_of(R"({"publishable_key":"pk_test_x","limits":{"max_retries":11}})") ==
             "limits.max_retries: must be between 0 and 10");
  BOOST_TEST(error_of(R"({"publishable_key":"pk_test_x","listen":"127.0.0.1:99999"})") ==
             "listen: port must be a number from 0 to 65535");
}

BOOST_AUTO_TEST_CASE(secret_key_checks_never_echo_the_key) {
  auto config = *parse_config(minimal).config;
  std::string error;
  BOOST_TEST(stripe_proxy::load_secret_key(config, "sk_test_abcdefghijkl", error).value() == "sk_test_abcdefghijkl");
  BOOST_TEST(!stripe_proxy::load_secret_key(config, "sk_live_abcdefghijkl", error).has_value());
  BOOST_TEST(error == "STRIPE_SECRET_KEY: a live key needs \"mode\": \"live\"");
  BOOST_TEST(!stripe_proxy::load_secret_key(config, "sk_test_abc\ndef", error).has_value());
  BOOST_TEST(error.find("abc") == std::string::npos);
  BOOST_TEST(!stripe_proxy::load_secret_key(config, nullptr, error).has_value());
  BOOST_TEST(error == "STRIPE_SECRET_KEY: is not set (and no secret_key_file in the config)");
}

BOOST_AUTO_TEST_SUITE_END()
