// The gateway's parameter allow-list against Stripe's own spec: every
// parameter the proxy lets through on a route must be one Stripe lists for it
// (a copy of the relevant part of spec3.2022-04-12 is in tests/fixtures/proxy/).
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "stripe_proxy/gateway_policy.h"
#include "stripe_proxy/token_crypto.h"

namespace sp = stripe_proxy;
namespace http = sp::http;

namespace {

const std::string all_scopes_token = "spx_all_scopes_0003";

const std::vector<sp::ProxyToken>& tokens() {
  static const std::vector<sp::ProxyToken> all{
      {.name = "all", .sha256_hex = sp::sha256_hex(all_scopes_token),
       .scopes = {sp::Scope::read, sp::Scope::refund, sp::Scope::charge}}};
  return all;
}

nlohmann::json spec_routes() {
  std::ifstream file(std::string(STRIPE_SOURCE_DIR) + "/tests/fixtures/proxy/stripe_spec_gateway_params.json");
  std::stringstream text;
  text << file.rdbuf();
  return nlohmann::json::parse(text.str()).at("routes");
}

// "/v1/charges/{id}/refunds/{id}" -> "/v1/charges/ch_1/refunds/ch_1"
std::string sample_path(std::string pattern) {
  for (auto at = pattern.find("{id}"); at != std::string::npos; at = pattern.find("{id}")) pattern.replace(at, 4, "ch_1");
  return pattern;
}

// One valid value for every parameter any gateway route knows, and some it does not.
const char* const candidates[] = {
    "limit=3", "starting_after=ch_1", "ending_before=ch_1", "created=1700000000", "created[gte]=1700000000",
    "customer=cus_1", "payment_intent=pi_1", "transfer_group=group", "charge=ch_1", "payout=po_1", "source=txn_1",
    "source=tok_visa", "type=charge", "currency=eur", "status=paid", "destination=ba_1", "arrival_date[gte]=1700000000",
    "email=a@example.com", "test_clock=clock_1", "amount=100", "reason=duplicate", "metadata[k]=v", "description=x",
    "receipt_email=a@example.com", "name=x", "expand[]=balance_transaction", "expand[]=data.balance_transaction",
    "refund_application_fee=true", "query=amount>1", "page=abc", "phone=1", "capture=false",
};

sp::GatewayDecision check(http::verb method, const std::string& path, const std::string& extra) {
  const bool post = method == http::verb::post;
  std::string required;
  if (post && path == "/v1/refunds") required = "charge=ch_1";
  if (post && path == "/v1/charges") required = "amount=100&currency=eur&customer=cus_1";
  const std::string params = required.empty() ? extra : required + "&" + extra;
  const std::string target = post ? path : path + "?" + params;
  const std::string authorization = "Bearer " + all_scopes_token;
  sp::GatewayRequest request;
  request.method = method;
  request.target = target;
  request.authorization = authorization;
  request.content_type = "application/x-www-form-urlencoded";
  if (post) request.body = params;
  return sp::check_gateway_request(request, tokens(), "2022-11-15");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(spec_filters)

BOOST_AUTO_TEST_CASE(every_allowed_parameter_is_one_stripe_lists_for_the_route) {
  const auto routes = spec_routes();
  BOOST_TEST(routes.size() == 15u);
  std::size_t allowed_count = 0;
  for (const auto& [route, listed] : routes.items()) {
    const auto space = route.find(' ');
    const auto method = route.substr(0, space) == "POST" ? http::verb::post : http::verb::get;
    const auto path = sample_path(route.substr(space + 1));
    const std::set<std::string> stripe_takes(listed.begin(), listed.end());
    for (const std::string candidate : candidates) {
      const auto key = candidate.substr(0, candidate.find('='));
      const auto name = key.substr(0, key.find('['));
      if (!check(method, path, candidate).forward) continue;
      ++allowed_count;
      BOOST_TEST(stripe_takes.count(name) == 1u, route << " lets " << candidate << " through; Stripe does not list it");
    }
  }
  BOOST_TEST(allowed_count > 40u);  // the check ran on real allowances, not an empty list
}

BOOST_AUTO_TEST_CASE(nested_refund_list_takes_no_created_filter) {
  const auto decision = check(http::verb::get, "/v1/charges/ch_1/refunds", "created[gte]=1700000000");
  BOOST_TEST(!decision.forward.has_value());
  BOOST_TEST(decision.error.code == "parameter_unknown");
  BOOST_TEST(decision.error.param == "created[gte]");
  BOOST_TEST(check(http::verb::get, "/v1/charges/ch_1/refunds", "limit=3&starting_after=re_1").forward.has_value());
  BOOST_TEST(check(http::verb::get, "/v1/refunds", "created[gte]=1700000000").forward.has_value());
}

BOOST_AUTO_TEST_SUITE_END()
