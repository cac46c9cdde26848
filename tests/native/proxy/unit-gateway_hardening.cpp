// Issue 10 (items 8, 11, 14) and issue 14 (item 2) on the gateway's pure
// policy: idempotency keys, loose edges of parsing and routing, the
// Stripe-Version policy, and the read scope over payouts.
#include <boost/test/unit_test.hpp>

#include "stripe_proxy/checkout_policy.h"
#include "stripe_proxy/export_windows.h"
#include "stripe_proxy/gateway_policy.h"
#include "stripe_proxy/health.h"
#include "stripe_proxy/parameter_rules.h"
#include "stripe_proxy/token_crypto.h"

namespace sp = stripe_proxy;
namespace http = sp::http;

namespace {

const std::string first_token = "spx_hardening_first";
const std::string second_token = "spx_hardening_second";

// Two tokens with the same name: `token create` defaults to "token".
const std::vector<sp::ProxyToken>& tokens() {
  static const std::vector<sp::ProxyToken> all{
      {.name = "token", .sha256_hex = sp::sha256_hex(first_token), .scopes = {sp::Scope::read, sp::Scope::refund}},
      {.name = "token", .sha256_hex = sp::sha256_hex(second_token), .scopes = {sp::Scope::read, sp::Scope::refund}},
  };
  return all;
}

struct Request {
  http::verb method = http::verb::get;
  std::string_view target{};
  std::string_view body{};
  std::string_view idempotency_key{};
  std::string_view content_type = "application/x-www-form-urlencoded";
  std::string_view stripe_version{};
  const std::string* token = &first_token;
};

sp::GatewayDecision check(const Request& r) {
  const std::string authorization = "Bearer " + *r.token;
  sp::GatewayRequest request;
  request.method = r.method;
  request.target = r.target;
  request.authorization = authorization;
  request.content_type = r.content_type;
  request.body = r.body;
  request.idempotency_key = r.idempotency_key;
  request.stripe_version = r.stripe_version;
  return sp::check_gateway_request(request, tokens(), "2022-11-15");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gateway_hardening)

BOOST_AUTO_TEST_CASE(namespaced_keys_keep_a_fixed_length_within_stripes_limit) {
  for (std::size_t length : {1u, 64u, 244u, 255u}) {
    const std::string key(length, 'k');
    const auto decision = check({.method = http::verb::post, .target = "/v1/refunds", .body = "charge=ch_1", .idempotency_key = key});
    BOOST_TEST_REQUIRE(decision.forward.has_value(), length);
    BOOST_TEST(decision.forward->idempotency_key.size() == 67u, length);
    BOOST_TEST(decision.forward->idempotency_key.starts_with("gw-"));
    BOOST_TEST(decision.forward->client_idempotency_key == key);
  }
  const auto too_long = check({.method = http::verb::post, .target = "/v1/refunds", .body = "charge=ch_1",
                               .idempotency_key = std::string(256, 'k')});
  BOOST_TEST(too_long.error.status == 400u);
  BOOST_TEST(too_long.error.code == "idempotency_key_invalid");
}

BOOST_AUTO_TEST_CASE(keys_are_namespaced_by_token_identity_not_by_name) {
  const auto first = check({.method = http::verb::post, .target = "/v1/refunds", .body = "charge=ch_1", .idempotency_key = "order-1"});
  const auto second = check({.method = http::verb::post, .target = "/v1/refunds", .body = "charge=ch_1",
                             .idempotency_key = "order-1", .token = &second_token});
  BOOST_TEST_REQUIRE(first.forward.has_value());
  BOOST_TEST_REQUIRE(second.forward.has_value());
  BOOST_TEST(first.forward->token_name == second.forward->token_name);
  BOOST_TEST(first.forward->idempotency_key != second.forward->idempotency_key);
  // The same token and key always map to the same upstream key (retries replay).
  const auto again = check({.method = http::verb::post, .target = "/v1/refunds", .body = "charge=ch_1", .idempotency_key = "order-1"});
  BOOST_TEST(again.forward->idempotency_key == first.forward->idempotency_key);
}

BOOST_AUTO_TEST_CASE(nested_metadata_is_refused) {
  for (auto body : {"charge=ch_1&metadata[a][b]=1", "charge=ch_1&metadata[]=1"}) {
    const auto decision = check({.method = http::verb::post, .target = "/v1/refunds", .body = body});
    BOOST_TEST(!decision.forward.has_value(), body);
    BOOST_TEST(decision.error.code == "parameter_unknown", body);
  }
  BOOST_TEST(check({.method = http::verb::get, .target = "/v1/charges?created[gte][x]=1"}).error.code == "parameter_unknown");
  // Text after the closing bracket: the form parser refuses it already.
  BOOST_TEST(check({.method = http::verb::post, .target = "/v1/refunds", .body = "charge=ch_1&metadata[a]b=1"}).error.status == 400u);
  BOOST_TEST(check({.method = http::verb::post, .target = "/v1/refunds", .body = "charge=ch_1&metadata[order]=1"}).forward.has_value());
}

BOOST_AUTO_TEST_CASE(content_type_is_compared_as_a_media_type) {
  BOOST_TEST(sp::rules::media_type_is("application/json", "application/json"));
  BOOST_TEST(sp::rules::media_type_is("Application/JSON ; charset=utf-8", "application/json"));
  BOOST_TEST(!sp::rules::media_type_is("application/jsonx", "application/json"));
  BOOST_TEST(!sp::rules::media_type_is("application/json-seq", "application/json"));
  BOOST_TEST(!sp::rules::media_type_is("", "application/json"));
  const auto wrong = check({.method = http::verb::post, .target = "/v1/refunds", .body = "charge=ch_1",
                            .content_type = "application/x-www-form-urlencodedx"});
  BOOST_TEST(wrong.error.status == 415u);
  BOOST_TEST(check({.method = http::verb::post, .target = "/v1/refunds", .body = "charge=ch_1",
                    .content_type = "application/x-www-form-urlencoded; charset=utf-8"})
                 .forward.has_value());
}

BOOST_AUTO_TEST_CASE(words_in_a_path_are_not_object_ids) {
  for (auto target : {"/v1/charges/search", "/v1/customers/search", "/v1/charges/_1", "/v1/charges/CH_1", "/v1/charges/ch_"}) {
    const auto decision = check({.target = target});
    BOOST_TEST(decision.error.status == 404u, target);
  }
  BOOST_TEST(check({.target = "/v1/charges/ch_3Pq1RsTuVwXyZaBcDeFgHiJk"}).forward.has_value());
  BOOST_TEST(check({.target = "/v1/charges/py_1/refunds/pyr_1"}).forward.has_value());
}

BOOST_AUTO_TEST_CASE(each_checkout_endpoint_belongs_to_one_payment_flow) {
  using sp::PaymentFlow;
  const auto intents_on_charges = sp::refuse_other_flow(PaymentFlow::charges, PaymentFlow::payment_intents);
  BOOST_TEST_REQUIRE(intents_on_charges.has_value());
  BOOST_TEST(intents_on_charges->status == 400u);
  BOOST_TEST(intents_on_charges->code == "payment_flow_disabled");
  BOOST_TEST(intents_on_charges->message.find("/api/checkout") != std::string::npos);
  BOOST_TEST(sp::refuse_other_flow(PaymentFlow::payment_intents, PaymentFlow::charges)->code == "payment_flow_disabled");
  BOOST_TEST(!sp::refuse_other_flow(PaymentFlow::charges, PaymentFlow::charges).has_value());
  BOOST_TEST(!sp::refuse_other_flow(PaymentFlow::payment_intents, PaymentFlow::payment_intents).has_value());
}

BOOST_AUTO_TEST_CASE(healthz_ignores_a_query) {
  const sp::string_request request(http::verb::get, "/healthz?x=1", 11);
  const auto response = sp::handle_health(request);
  BOOST_TEST(response.result_int() == 200);
  BOOST_TEST(response.body() == R"({"status":"ok"})");
}

BOOST_AUTO_TEST_CASE(only_the_configured_stripe_version_passes) {
  // stripe@23.1.0's default (node_modules/stripe/cjs/apiVersion.js): refused,
  // not silently answered in the configured version's shapes.
  const auto sdk_default = check({.target = "/v1/charges", .stripe_version = "2026-10-28.endive"});
  BOOST_TEST(!sdk_default.forward.has_value());
  BOOST_TEST(sdk_default.error.status == 400u);
  BOOST_TEST(sdk_default.error.code == "stripe_version_not_allowed");
  BOOST_TEST(sdk_default.error.message.find("2022-11-15") != std::string::npos);
  BOOST_TEST(sdk_default.error.message.find("2026-10-28.endive") != std::string::npos);
  BOOST_TEST(check({.target = "/v1/charges", .stripe_version = "2022-11-15; beta=v1"}).error.code == "stripe_version_not_allowed");
  BOOST_TEST(check({.target = "/v1/charges", .stripe_version = "2022-11-15"}).forward.has_value());
  BOOST_TEST(check({.target = "/v1/charges"}).forward.has_value());  // none: the configured one
  // An unauthenticated caller learns nothing about versions.
  sp::GatewayRequest anonymous;
  anonymous.target = "/v1/charges";
  anonymous.stripe_version = "2026-10-28.endive";
  BOOST_TEST(sp::check_gateway_request(anonymous, tokens(), "2022-11-15").error.status == 401u);
}

BOOST_AUTO_TEST_CASE(read_scope_covers_payouts_and_their_balance_transactions) {
  const auto list = check({.target = "/v1/payouts?limit=10&status=paid&arrival_date[gte]=1700000000&created[lt]=1800000000"});
  BOOST_TEST_REQUIRE(list.forward.has_value());
  BOOST_TEST(list.forward->route == "/v1/payouts");
  BOOST_TEST(list.forward->target == "/v1/payouts?limit=10&status=paid&arrival_date[gte]=1700000000&created[lt]=1800000000");
  const auto one = check({.target = "/v1/payouts/po_1OaBc"});
  BOOST_TEST_REQUIRE(one.forward.has_value());
  BOOST_TEST(one.forward->route == "/v1/payouts/{id}");
  const auto reconciled = check({.target = "/v1/balance_transactions?payout=po_1OaBc&limit=100&starting_after=txn_9"});
  BOOST_TEST_REQUIRE(reconciled.forward.has_value());
  BOOST_TEST(reconciled.forward->target == "/v1/balance_transactions?payout=po_1OaBc&limit=100&starting_after=txn_9");
  BOOST_TEST(check({.target = "/v1/balance_transactions?payout=po_1%0d"}).error.code == "parameter_invalid");
  BOOST_TEST(check({.target = "/v1/payouts?status=lost"}).error.code == "parameter_invalid");
  BOOST_TEST(check({.method = http::verb::post, .target = "/v1/payouts", .body = "amount=100"}).error.status == 404u);
  BOOST_TEST(check({.method = http::verb::post, .target = "/v1/payouts/po_1/cancel"}).error.status == 404u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(export_payout)

BOOST_AUTO_TEST_CASE(export_query_takes_one_payout_instead_of_a_time_range) {
  const auto payout = sp::parse_export_query("payout=po_1OaBc");
  BOOST_TEST(payout.error.empty());
  BOOST_TEST(payout.payout == "po_1OaBc");
  BOOST_TEST(!payout.range.has_value());
  BOOST_TEST(sp::parse_export_query("payout=ch_1").error == "payout: must be a payout id (po_...)");
  BOOST_TEST(sp::parse_export_query("payout=po_1&payout=po_2").error == "payout: given twice");
  BOOST_TEST(!sp::parse_export_query("").error.empty());
  const auto mixed = sp::parse_export_query("payout=po_1&created[gte]=1&created[lt]=2");
  BOOST_TEST(mixed.error == "payout: cannot be combined with created[gte] or created[lt]");
  BOOST_TEST(mixed.payout.empty());
  BOOST_TEST(sp::payout_page_target("po_1", "") == "/v1/balance_transactions?payout=po_1&limit=100");
  BOOST_TEST(sp::payout_page_target("po_1", "txn_9") == "/v1/balance_transactions?payout=po_1&limit=100&starting_after=txn_9");
}

BOOST_AUTO_TEST_SUITE_END()
