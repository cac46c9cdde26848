#include <boost/test/unit_test.hpp>

#include "stripe_proxy/gateway_policy.h"
#include "stripe_proxy/token_crypto.h"

namespace sp = stripe_proxy;
namespace http = sp::http;

namespace {

const std::string reader_token = "spx_reader_0001";
const std::string refunder_token = "spx_refunder_0002";

std::vector<sp::ProxyToken> tokens() {
  return {{"viewer", sp::sha256_hex(reader_token), {sp::Scope::read}},
          {"support", sp::sha256_hex(refunder_token), {sp::Scope::read, sp::Scope::refund}}};
}

sp::GatewayDecision check(http::verb method, std::string_view target, const std::string& token, std::string_view body = {},
                          std::string_view idempotency_key = {}) {
  static const auto all = tokens();
  const std::string authorization = "Bearer " + token;
  sp::GatewayRequest request;
  request.method = method;
  request.target = target;
  request.authorization = authorization;
  request.content_type = "application/x-www-form-urlencoded";
  request.body = body;
  request.idempotency_key = idempotency_key;
  return sp::check_gateway_request(request, all, "2022-11-15");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gateway_policy)

BOOST_AUTO_TEST_CASE(authenticates_bearer_and_basic_by_digest) {
  const auto all = tokens();
  BOOST_TEST(sp::authenticate("Bearer " + reader_token, all)->name == "viewer");
  BOOST_TEST(sp::authenticate("bearer " + refunder_token, all)->name == "support");
  // base64("spx_reader_0001:")
  BOOST_TEST(sp::authenticate("Basic c3B4X3JlYWRlcl8wMDAxOg==", all)->name == "viewer");
  BOOST_TEST(sp::authenticate("Bearer spx_unknown", all) == nullptr);
  BOOST_TEST(sp::authenticate("Bearer sk_test_123", all) == nullptr);
  BOOST_TEST(sp::authenticate("", all) == nullptr);
  BOOST_TEST(sp::authenticate("Token " + reader_token, all) == nullptr);
}

BOOST_AUTO_TEST_CASE(read_routes_forward_normalized_targets) {
  auto decision = check(http::verb::get,
                        "/v1/balance_transactions?limit=100&created%5Bgte%5D=1700000000&type=charge&expand[]=data.source",
                        reader_token);
  BOOST_TEST_REQUIRE(decision.forward.has_value());
  BOOST_TEST(decision.forward->target ==
             "/v1/balance_transactions?limit=100&created[gte]=1700000000&type=charge&expand[]=data.source");
  BOOST_TEST(decision.forward->route == "/v1/balance_transactions");
  BOOST_TEST(decision.forward->token_name == "viewer");
  BOOST_TEST(check(http::verb::get, "/v1/charges/ch_123/refunds", reader_token).forward->route == "/v1/charges/{id}/refunds");
  BOOST_TEST(check(http::verb::get, "/v1/charges/ch_1?expand[]=customer", reader_token).forward.has_value());
}

BOOST_AUTO_TEST_CASE(refuses_unknown_routes_with_404) {
  for (auto target : {"/v1/accounts", "/v1/charges/ch_1/capture", "/v1/charges/../accounts", "/v1/charges/", "/v1",
                      "/v1/charges/ch_1%2F..", "/v1/payment_intents"}) {
    auto decision = check(http::verb::get, target, reader_token);
    BOOST_TEST(!decision.forward.has_value(), target);
    BOOST_TEST(decision.error.status == 404u, target);
  }
  BOOST_TEST(check(http::verb::delete_, "/v1/customers/cus_1", refunder_token).error.status == 404u);
  BOOST_TEST(check(http::verb::post, "/v1/charges/ch_1", refunder_token, "description=x").error.status == 404u);
}

BOOST_AUTO_TEST_CASE(scope_and_auth_errors) {
  auto decision = check(http::verb::post, "/v1/refunds", reader_token, "charge=ch_1");
  BOOST_TEST(decision.error.status == 403u);
  BOOST_TEST(decision.error.code == "permission_denied");
  BOOST_TEST(check(http::verb::get, "/v1/charges", "spx_nobody").error.status == 401u);
  BOOST_TEST(check(http::verb::post, "/v1/refunds", refunder_token, "charge=ch_1&amount=500").forward->body ==
             "charge=ch_1&amount=500");
}

BOOST_AUTO_TEST_CASE(parameters_outside_the_allow_list_are_refused) {
  struct Case {
    http::verb method;
    const char* target;
    const char* body;
    const char* code;
    const char* param;
  };
  const Case cases[] = {
      {http::verb::get, "/v1/charges?limit=101", "", "parameter_invalid", "limit"},
      {http::verb::get, "/v1/charges?limit=0", "", "parameter_invalid", "limit"},
      {http::verb::get, "/v1/charges?limit=01", "", "parameter_invalid", "limit"},
      {http::verb::get, "/v1/charges?transfer_group=x", "", "parameter_unknown", "transfer_group"},
      {http::verb::get, "/v1/charges?created[since]=1", "", "parameter_unknown", "created[since]"},
      {http::verb::get, "/v1/charges?limit=1&limit=2", "", "parameter_duplicate", "limit"},
      {http::verb::get, "/v1/charges/ch_1?limit=1", "", "parameter_unknown", "limit"},
      {http::verb::get, "/v1/charges?expand[]=a.b.c.d.e", "", "parameter_invalid", "expand[]"},
      {http::verb::get, "/v1/charges?starting_after=ch_1%0d", "", "parameter_invalid", "starting_after"},
      {http::verb::post, "/v1/refunds", "charge=ch_1&amount=0", "parameter_invalid", "amount"},
      {http::verb::post, "/v1/refunds", "charge=ch_1&amount=100000000", "parameter_invalid", "amount"},
      {http::verb::post, "/v1/refunds", "charge=ch_1&reason=because", "parameter_invalid", "reason"},
      {http::verb::post, "/v1/refunds", "charge=ch_1&refund_application_fee=true", "parameter_unknown", "refund_application_fee"},
      {http::verb::post, "/v1/refunds", "amount=100", "parameter_missing", "charge"},
      {http::verb::post, "/v1/refunds", "charge=ch_1&metadata[k]=a%0ab", "parameter_invalid", "metadata[k]"},
  };
  for (const auto& c : cases) {
    auto decision = check(c.method, c.target, refunder_token, c.body);
    BOOST_TEST(!decision.forward.has_value(), c.target << " " << c.body);
    BOOST_TEST(decision.error.status == 400u, c.target << " " << c.body);
    BOOST_TEST(decision.error.code == c.code, c.target << " " << c.body);
    BOOST_TEST(decision.error.param == c.param, c.target << " " << c.body);
  }
}

BOOST_AUTO_TEST_CASE(idempotency_keys_are_validated_and_namespaced) {
  auto decision = check(http::verb::post, "/v1/refunds", refunder_token, "charge=ch_1", "abc-123");
  BOOST_TEST_REQUIRE(decision.forward.has_value());
  BOOST_TEST(decision.forward->idempotency_key == "gw-" + sp::sha256_hex(sp::sha256_hex(refunder_token) + "\nabc-123"));
  BOOST_TEST(decision.forward->client_idempotency_key == "abc-123");
  BOOST_TEST(check(http::verb::post, "/v1/refunds", refunder_token, "charge=ch_1", std::string(256, 'k')).error.code ==
             "idempotency_key_invalid");
  BOOST_TEST(check(http::verb::post, "/v1/refunds", refunder_token, "charge=ch_1", "a b").error.code == "idempotency_key_invalid");
  BOOST_TEST(sp::is_valid_idempotency_key(std::string(255, 'k')));
}

BOOST_AUTO_TEST_CASE(stripe_account_header_and_query_on_post_are_refused) {
  static const auto all = tokens();
  const std::string authorization = "Bearer " + reader_token;
  sp::GatewayRequest request;
  request.target = "/v1/charges";
  request.authorization = authorization;
  request.has_stripe_account = true;
  BOOST_TEST(sp::check_gateway_request(request, all, "2022-11-15").error.status == 403u);
  BOOST_TEST(check(http::verb::post, "/v1/refunds?charge=ch_1", refunder_token, "").error.status == 400u);
  BOOST_TEST(check(http::verb::get, "/v1/charges", reader_token, "limit=1").error.status == 400u);
}

BOOST_AUTO_TEST_SUITE_END()
