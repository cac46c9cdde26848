// Proxy tokens with an expiry (`expires_at`, Unix seconds, written by
// `npm run token -- create --expires ...`): parsed and range-checked by the
// config, and worth no scope from that second on, without a restart.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "stripe_proxy/config.h"

namespace sp = stripe_proxy;
using std::chrono::seconds;
using std::chrono::system_clock;

namespace {
constexpr const char* hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

sp::ConfigResult config_with_token(const std::string& extra) {
  return sp::parse_config(
      R"({"publishable_key":"pk_test_x","tokens":[{"name":"weekly","sha256":")" +
      std::string(hash) + R"(","scopes":["read"])" + extra + "}]}");
}
}  // namespace

BOOST_AUTO_TEST_SUITE(token_expiry)

BOOST_AUTO_TEST_CASE(a_token_without_expires_at_never_expires) {
  const auto parsed = config_with_token("");
  BOOST_TEST_REQUIRE(parsed.config.has_value());
  const auto& token = parsed.config->tokens.at(0);
  BOOST_TEST(token.expires_at == 0);
  BOOST_TEST(!token.expired(system_clock::time_point(seconds(7'258'118'400))));  // 2200-01-01
  BOOST_TEST(token.has(sp::Scope::read));
}

BOOST_AUTO_TEST_CASE(expires_at_is_the_first_second_the_token_is_refused) {
  const auto parsed = config_with_token(R"(,"expires_at":1798761600)");  // 2027-01-01T00:00:00Z
  BOOST_TEST_REQUIRE(parsed.config.has_value());
  const auto& token = parsed.config->tokens.at(0);
  BOOST_TEST(token.expires_at == 1'798'761'600);
  BOOST_TEST(!token.expired(system_clock::time_point(seconds(1'798'761'599))));
  BOOST_TEST(token.expired(system_clock::time_point(seconds(1'798'761'600))));
}

BOOST_AUTO_TEST_CASE(an_expired_token_has_no_scope_left) {
  sp::ProxyToken token{
      .name = "old", .sha256_hex = hash, .scopes = {sp::Scope::read, sp::Scope::refund}};
  const auto now =
      std::chrono::duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  token.expires_at = now + 3600;
  BOOST_TEST(token.has(sp::Scope::read));
  BOOST_TEST(token.has(sp::Scope::refund));
  token.expires_at = now - 1;
  BOOST_TEST(!token.has(sp::Scope::read));
  BOOST_TEST(!token.has(sp::Scope::refund));
}

BOOST_AUTO_TEST_CASE(the_latest_expiry_is_compared_without_overflow) {
  // 9999-12-31T23:59:59Z in nanoseconds does not fit an int64 (UBSan caught the first version).
  const auto parsed = config_with_token(R"(,"expires_at":253402300799)");
  BOOST_TEST_REQUIRE(parsed.config.has_value());
  const auto& token = parsed.config->tokens.at(0);
  BOOST_TEST(!token.expired(system_clock::now()));
  BOOST_TEST(token.has(sp::Scope::read));
  BOOST_TEST(config_with_token(R"(,"expires_at":253402300800)").error ==
             "tokens[0].expires_at: must be between 1 and 253402300799");
}

BOOST_AUTO_TEST_CASE(a_bad_expires_at_names_the_field) {
  BOOST_TEST(config_with_token(R"(,"expires_at":"2027-01-01")").error ==
             "tokens[0].expires_at: must be an integer");
  BOOST_TEST(config_with_token(R"(,"expires_at":0)").error ==
             "tokens[0].expires_at: must be between 1 and 253402300799");
  BOOST_TEST(config_with_token(R"(,"expires_at":1.5)").error ==
             "tokens[0].expires_at: must be an integer");
}

BOOST_AUTO_TEST_SUITE_END()
