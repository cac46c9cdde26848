// Proxy tokens with an expiry (`expires_at`, Unix seconds, written by
// `npm run token -- create --expires ...`): parsed and range-checked by the
// config, and worth no scope from that second on, without a restart.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "stripe_proxy/config.h"
#include "stripe_proxy/gateway_policy.h"

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

// What a viewer shows at its token field depends on telling these apart.
BOOST_AUTO_TEST_CASE(refusals_tell_expired_unknown_and_pasted_secret_keys_apart) {
  const auto parsed = sp::parse_config(
      R"({"publishable_key":"pk_test_x","tokens":[{"name":"weekly","sha256":"d254fbdf950293bfe454c7ff50d857403fa7598691dc7f87e059216d2d0bb90e","scopes":["read"],"expires_at":1798761600}]})");
  BOOST_TEST_REQUIRE(parsed.config.has_value());
  const auto& tokens = parsed.config->tokens;
  const auto before = system_clock::time_point(seconds(1'798'761'599));
  const auto after = system_clock::time_point(seconds(1'798'761'600));

  const auto valid = sp::authenticate_or_refuse("Bearer spx_weekly_report_token", tokens, before);
  BOOST_TEST(valid.token == &tokens.at(0));

  const auto expired = sp::authenticate_or_refuse("Bearer spx_weekly_report_token", tokens, after);
  BOOST_TEST(expired.token == nullptr);
  BOOST_TEST(expired.error.status == 401u);
  BOOST_TEST(expired.error.code == "token_expired");
  BOOST_TEST(expired.error.message.find("'weekly' has expired") != std::string::npos);

  const auto unknown = sp::authenticate_or_refuse("Bearer spx_someone_else", tokens, before);
  BOOST_TEST(unknown.error.status == 401u);
  BOOST_TEST(unknown.error.code.empty());
  BOOST_TEST(unknown.error.message == "Invalid proxy token provided.");

  for (const char* key : {"Bearer sk_live_51abcSECRETxyz", "Bearer rk_test_restrictedKEY", "Basic c2tfdGVzdF9hYmM6"}) {
    const auto secret = sp::authenticate_or_refuse(key, tokens, before);
    BOOST_TEST(secret.error.status == 401u, key);
    BOOST_TEST(secret.error.code == "secret_key_not_accepted", key);
    BOOST_TEST(secret.error.message.find("SECRET") == std::string::npos, key);  // never quoted back
    BOOST_TEST(secret.error.message.find("restrictedKEY") == std::string::npos, key);
  }
}
