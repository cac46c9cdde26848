// Stripe fidelity (issue 10, item 15) in the pure parts and through SimApi:
// Stripe-Version parsing and what it changes, expand[]=refunds, nested refund
// retrieval, attach-time declines, resource_missing's param, doc_url's form.
#include <boost/test/unit_test.hpp>

#include "sim_test_support.h"
#include "stripe_sim/api_version.h"
#include "stripe_sim/stripe_error.h"
#include "stripe_sim/test_cards.h"

using sim_test::Simulator;
using namespace stripe_sim;

BOOST_AUTO_TEST_SUITE(fidelity)

BOOST_AUTO_TEST_CASE(api_versions_are_dates_with_optional_release_names) {
  BOOST_TEST(parse_api_version("2022-11-15")->date == "2022-11-15");
  BOOST_TEST(parse_api_version("2026-10-28.endive")->date == "2026-10-28");
  BOOST_TEST(parse_api_version("2020-08-27; unified_accounts_beta=v1")->date == "2020-08-27");
  for (const char* bad : {"", "latest", "2022-11-1", "2022/11/15", "2022-13-01", "2022-11-00", "2022-11-15x", "20221115xx"}) {
    BOOST_TEST(!parse_api_version(bad).has_value(), bad);
  }
  BOOST_TEST(parse_api_version("2022-08-01")->embeds_charge_refunds());
  BOOST_TEST(!parse_api_version("2022-11-15")->embeds_charge_refunds());
  BOOST_TEST(!ApiVersion{}.embeds_charge_refunds());  // the default account version is 2022-11-15
}

BOOST_AUTO_TEST_CASE(doc_urls_use_hyphens) {
  BOOST_TEST(doc_url_of("resource_missing") == "https://stripe.com/docs/error-codes/resource-missing");
  BOOST_TEST(resource_missing("charge", "ch_x").to_json()["error"]["doc_url"] ==
             "https://stripe.com/docs/error-codes/resource-missing");
  BOOST_TEST(resource_missing("charge", "ch_x").to_json()["error"]["param"] == "id");
}

BOOST_AUTO_TEST_CASE(charges_embed_refunds_by_version_and_expand_them_on_request) {
  Simulator sim;
  const auto charge = sim.charge(2000);
  const auto refund = sim.post("/v1/refunds", "charge=" + charge + "&amount=700").body["id"].get<std::string>();
  BOOST_TEST(!sim.get("/v1/charges/" + charge).body.contains("refunds"));
  BOOST_TEST(!sim.get_in("2026-10-28.endive", "/v1/charges/" + charge).body.contains("refunds"));
  const auto old = sim.get_in("2022-08-01", "/v1/charges/" + charge).body;
  BOOST_TEST(old["refunds"]["data"][0]["id"] == refund);
  BOOST_TEST(old["refunds"]["total_count"] == 1);
  BOOST_TEST(sim.get_in("2022-08-01", "/v1/charges").body["data"][0]["refunds"]["data"].size() == 1u);
  const auto expanded = sim.get("/v1/charges/" + charge + "?expand[]=refunds.data.balance_transaction").body;
  BOOST_TEST(expanded["refunds"]["data"][0]["balance_transaction"]["amount"] == -700);
  BOOST_TEST(sim.get("/v1/charges/" + charge + "?expand[]=refunds.balance_transaction").status == 400);
  BOOST_TEST(sim.get("/v1/charges?expand[]=data.refunds").body["data"][0]["refunds"]["url"] ==
             "/v1/charges/" + charge + "/refunds");
  auto bad = sim.get_in("someday", "/v1/charges/" + charge);
  BOOST_TEST(bad.status == 400);
  BOOST_TEST(bad.body["error"]["type"] == "invalid_request_error");
  BOOST_TEST(sim.post("/v1/charges", "amount=1000&currency=eur&source=tok_visa&expand[]=refunds").body["refunds"]["data"].size() == 0u);
}

BOOST_AUTO_TEST_CASE(nested_refund_retrieve_checks_its_charge) {
  Simulator sim;
  const auto charge = sim.charge(2000), other = sim.charge(3000);
  const auto refund = sim.post("/v1/refunds", "charge=" + charge).body["id"].get<std::string>();
  auto found = sim.get("/v1/charges/" + charge + "/refunds/" + refund);
  BOOST_TEST(found.status == 200);
  BOOST_TEST(found.body["amount"] == 2000);
  auto foreign = sim.get("/v1/charges/" + other + "/refunds/" + refund);
  BOOST_TEST(foreign.status == 404);
  BOOST_TEST(foreign.body["error"]["message"] == "No such refund: '" + refund + "'");
  BOOST_TEST(foreign.body["error"]["param"] == "id");
  BOOST_TEST(sim.get("/v1/charges/ch_none/refunds/" + refund).status == 404);
}

BOOST_AUTO_TEST_CASE(declined_cards_fail_at_attach_and_0341_at_charge) {
  BOOST_TEST(declines_at_attach(card_from_shortcut("tok_chargeDeclined")->outcome));
  BOOST_TEST(declines_at_attach(card_from_shortcut("tok_chargeDeclinedInsufficientFunds")->outcome));
  BOOST_TEST(!declines_at_attach(card_from_shortcut("tok_chargeCustomerFail")->outcome));
  BOOST_TEST(card_from_shortcut("tok_chargeCustomerFail")->last4 == "0341");
  Simulator sim;
  auto declined = sim.post("/v1/customers", "email=a%40b.c&source=tok_chargeDeclined");
  BOOST_TEST(declined.status == 402);
  BOOST_TEST(declined.body["error"]["code"] == "card_declined");
  BOOST_TEST(declined.body["error"]["decline_code"] == "generic_decline");
  BOOST_TEST(sim.state.customers.size() == 0u);
  auto customer = sim.post("/v1/customers", "source=tok_chargeCustomerFail");
  BOOST_TEST(customer.status == 200);
  const auto id = customer.body["id"].get<std::string>();
  auto charge = sim.post("/v1/charges", "amount=2000&currency=usd&customer=" + id);
  BOOST_TEST(charge.status == 402);
  BOOST_TEST(charge.body["error"]["decline_code"] == "generic_decline");
  BOOST_TEST(sim.state.balance_transactions.size() == 0u);
  BOOST_TEST(sim.post("/v1/charges", "amount=2000&currency=usd&source=tok_chargeCustomerFail").status == 402);
}

BOOST_AUTO_TEST_SUITE_END()
