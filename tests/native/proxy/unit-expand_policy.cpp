// expand[] may reach only object families the token could read directly
// (issue 10, item 3): no PaymentIntents (client_secret) from a charge list, no
// disputes or transfers through an unpinned balance-transaction source, no
// charge or customer for a refund-only token.
#include <boost/test/unit_test.hpp>

#include "stripe_proxy/expand_policy.h"
#include "stripe_proxy/gateway_policy.h"
#include "stripe_proxy/token_crypto.h"

namespace sp = stripe_proxy;
namespace http = sp::http;

namespace {

const std::string reader = "spx_expand_reader";
const std::string refunder_only = "spx_expand_refunder_only";
const std::string refunder_reader = "spx_expand_refunder_reader";
const std::string charger_only = "spx_expand_charger_only";

const std::vector<sp::ProxyToken>& tokens() {
  static const std::vector<sp::ProxyToken> all{
      {.name = "viewer", .sha256_hex = sp::sha256_hex(reader), .scopes = {sp::Scope::read}},
      {.name = "refunds", .sha256_hex = sp::sha256_hex(refunder_only), .scopes = {sp::Scope::refund}},
      {.name = "support", .sha256_hex = sp::sha256_hex(refunder_reader), .scopes = {sp::Scope::read, sp::Scope::refund}},
      {.name = "backoffice", .sha256_hex = sp::sha256_hex(charger_only), .scopes = {sp::Scope::charge}},
  };
  return all;
}

sp::GatewayDecision check(http::verb method, std::string_view target, const std::string& token, std::string_view body = {}) {
  const std::string authorization = "Bearer " + token;
  sp::GatewayRequest request;
  request.method = method;
  request.target = target;
  request.authorization = authorization;
  request.content_type = "application/x-www-form-urlencoded";
  request.body = body;
  return sp::check_gateway_request(request, tokens(), "2022-11-15");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(expand_policy)

BOOST_AUTO_TEST_CASE(reads_that_escaped_the_scopes_are_refused_and_never_forwarded) {
  struct Case {
    http::verb method;
    const char* target;
    const char* body;
    const std::string* token;
  };
  const Case cases[] = {
      {http::verb::get, "/v1/charges?expand[]=data.payment_intent", "", &reader},
      {http::verb::get, "/v1/charges/ch_1?expand[]=payment_intent", "", &reader},
      {http::verb::get, "/v1/charges?expand[]=data.invoice", "", &reader},
      {http::verb::get, "/v1/balance_transactions?expand[]=data.source", "", &reader},
      {http::verb::get, "/v1/balance_transactions?type=adjustment&expand[]=data.source", "", &reader},
      {http::verb::get, "/v1/balance_transactions?type=transfer&expand[]=data.source", "", &reader},
      {http::verb::get, "/v1/balance_transactions/txn_1?expand[]=source", "", &reader},
      {http::verb::get, "/v1/charges?expand[]=data.balance_transaction.source", "", &reader},
      {http::verb::get, "/v1/customers/cus_1?expand[]=default_source", "", &reader},
      {http::verb::get, "/v1/customers?expand[]=data.sources", "", &reader},
      {http::verb::get, "/v1/payouts?expand[]=data.destination", "", &reader},
      {http::verb::get, "/v1/refunds?expand[]=data.failure_balance_transaction", "", &reader},
      {http::verb::get, "/v1/charges?expand[]=balance_transaction", "", &reader},  // a list's items are under data.
      {http::verb::get, "/v1/charges?expand[]=data", "", &reader},
      {http::verb::post, "/v1/refunds", "charge=ch_1&expand[]=charge", &refunder_only},
      {http::verb::post, "/v1/refunds", "charge=ch_1&expand[]=charge.customer", &refunder_only},
      {http::verb::post, "/v1/refunds", "charge=ch_1&expand[]=balance_transaction", &refunder_only},
      {http::verb::post, "/v1/charges", "amount=100&currency=eur&customer=cus_1&expand[]=customer", &charger_only},
  };
  for (const auto& c : cases) {
    const auto decision = check(c.method, c.target, *c.token, c.body);
    BOOST_TEST(!decision.forward.has_value(), c.target << " " << c.body);
    BOOST_TEST(decision.error.status == 400u, c.target << " " << c.body);
    BOOST_TEST(decision.error.code == "parameter_invalid", c.target << " " << c.body);
    BOOST_TEST(decision.error.param == "expand[]", c.target << " " << c.body);
  }
}

BOOST_AUTO_TEST_CASE(the_viewers_and_the_blog_posts_expansions_pass) {
  const char* const targets[] = {
      "/v1/charges?expand[]=data.balance_transaction",
      "/v1/charges?expand[0]=data.balance_transaction&expand[1]=data.customer&expand[2]=data.refunds",
      "/v1/charges/ch_1?expand[]=balance_transaction&expand[]=customer&expand[]=refunds",
      "/v1/charges/ch_1?expand[]=refunds.data.balance_transaction",
      "/v1/refunds?expand[]=data.charge&expand[]=data.balance_transaction",
      "/v1/refunds/re_1?expand[]=charge.customer",
      "/v1/charges/ch_1/refunds?expand[]=data.balance_transaction",
      "/v1/payouts/po_1?expand[]=balance_transaction",
      "/v1/balance_transactions?type=charge&expand[]=data.source",
      "/v1/balance_transactions?type=payment&expand[]=data.source.customer",
      "/v1/balance_transactions?type=refund&expand[]=data.source.charge",
      "/v1/balance_transactions?type=payout&expand[]=data.source",
  };
  for (const auto* target : targets) BOOST_TEST(check(http::verb::get, target, reader).forward.has_value(), target);
  // A token that may also read gets the same expansions on its refund.
  const auto refund = check(http::verb::post, "/v1/refunds", refunder_reader, "charge=ch_1&expand[]=charge&expand[]=balance_transaction");
  BOOST_TEST_REQUIRE(refund.forward.has_value());
  BOOST_TEST(refund.forward->body == "charge=ch_1&expand[]=charge&expand[]=balance_transaction");
}

BOOST_AUTO_TEST_CASE(pure_rule_names_why) {
  const sp::ExpansionContext bt_list{.returns = sp::Family::balance_transaction, .is_list = true, .can_read = true};
  BOOST_TEST(sp::check_expansion(bt_list, "data.source").find("type filter") != std::string::npos);
  auto pinned = bt_list;
  pinned.type_filter = "payout_failure";
  BOOST_TEST(sp::check_expansion(pinned, "data.source").empty());
  BOOST_TEST(!sp::check_expansion(pinned, "data.source.customer").empty());  // payouts have no customer
  const sp::ExpansionContext refund{.returns = sp::Family::refund, .is_list = false, .can_read = false};
  BOOST_TEST(sp::check_expansion(refund, "charge") == "needs the read scope");
  const sp::ExpansionContext charge{.returns = sp::Family::charge, .is_list = false, .can_read = true};
  BOOST_TEST(sp::check_expansion(charge, "payment_intent") == "expanding payment_intent is not allowed through this proxy");
}

BOOST_AUTO_TEST_SUITE_END()
