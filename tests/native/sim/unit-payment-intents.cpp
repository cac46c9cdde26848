#include <boost/test/unit_test.hpp>

#include "sim_test_support.h"

using sim_test::Simulator;

namespace {

std::string create_intent(Simulator& sim, std::int64_t amount = 2500) {
  return sim.post("/v1/payment_intents", "amount=" + std::to_string(amount) + "&currency=eur&payment_method_types[]=card")
      .body["id"]
      .get<std::string>();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(payment_intents)

BOOST_AUTO_TEST_CASE(create_then_confirm_with_pm_card_visa) {
  Simulator sim;
  auto intent = sim.post("/v1/payment_intents", "amount=2500&currency=eur&payment_method_types[0]=card").body;
  BOOST_TEST(intent["status"] == "requires_payment_method");
  BOOST_TEST(intent["client_secret"].get<std::string>().starts_with(intent["id"].get<std::string>() + "_secret_"));
  auto confirmed = sim.post("/v1/payment_intents/" + intent["id"].get<std::string>() + "/confirm", "payment_method=pm_card_visa").body;
  BOOST_TEST(confirmed["status"] == "succeeded");
  BOOST_TEST(confirmed["amount_received"] == 2500);
  auto charge = sim.get("/v1/charges/" + confirmed["latest_charge"].get<std::string>()).body;
  BOOST_TEST(charge["payment_intent"] == intent["id"]);
  BOOST_TEST(charge["amount"] == 2500);
  auto again = sim.post("/v1/payment_intents/" + intent["id"].get<std::string>() + "/confirm", "payment_method=pm_card_visa");
  BOOST_TEST(again.status == 400);
  BOOST_TEST(again.body["error"]["code"] == "payment_intent_unexpected_state");
  auto refund = sim.post("/v1/refunds", "payment_intent=" + intent["id"].get<std::string>()).body;
  BOOST_TEST(refund["amount"] == 2500);
  BOOST_TEST(refund["charge"] == charge["id"]);
}

BOOST_AUTO_TEST_CASE(publishable_confirm_needs_the_client_secret) {
  Simulator sim;
  auto intent = sim.post("/v1/payment_intents", "amount=2500&currency=eur").body;
  const auto id = intent["id"].get<std::string>();
  const auto& pk = sim_test::kPublishable;
  auto method = sim.call("POST", "/v1/payment_methods",
                         "type=card&card[number]=4242424242424242&card[exp_month]=4&card[exp_year]=2031&billing_details[email]=a%40b.c",
                         {}, pk).body;
  BOOST_TEST(method["billing_details"]["email"] == "a@b.c");
  auto no_secret = sim.call("POST", "/v1/payment_intents/" + id + "/confirm", "payment_method=" + method["id"].get<std::string>(), {}, pk);
  BOOST_TEST(no_secret.status == 400);
  auto wrong = sim.call("POST", "/v1/payment_intents/" + id + "/confirm",
                        "payment_method=" + method["id"].get<std::string>() + "&client_secret=" + id + "_secret_wrong", {}, pk);
  BOOST_TEST(wrong.status == 400);
  BOOST_TEST(sim.state.charges.size() == 0u);
  auto ok = sim.call("POST", "/v1/payment_intents/" + id + "/confirm",
                     "payment_method=" + method["id"].get<std::string>() + "&client_secret=" + intent["client_secret"].get<std::string>(), {}, pk);
  BOOST_TEST(ok.status == 200);
  BOOST_TEST(ok.body["status"] == "succeeded");
  BOOST_TEST(ok.raw.header("Access-Control-Allow-Origin") == "*");
  auto fetched = sim.call("GET", "/v1/payment_intents/" + id + "?client_secret=" + intent["client_secret"].get<std::string>(), {}, {}, pk);
  BOOST_TEST(fetched.status == 200);
  BOOST_TEST(sim.call("GET", "/v1/payment_intents/" + id, {}, {}, pk).status == 400);
}

BOOST_AUTO_TEST_CASE(three_d_secure_requires_action_then_approve) {
  Simulator sim;
  const auto id = create_intent(sim);
  auto pending = sim.post("/v1/payment_intents/" + id + "/confirm", "payment_method=pm_card_authenticationRequired").body;
  BOOST_TEST(pending["status"] == "requires_action");
  BOOST_TEST(pending["next_action"]["type"] == "use_stripe_sdk");
  BOOST_TEST(sim.state.charges.size() == 0u);
  const auto secret = pending["client_secret"].get<std::string>();
  auto done = sim.call("POST", "/v1/payment_intents/" + id + "/_sim_authenticate", "result=approve&client_secret=" + secret,
                       {}, sim_test::kPublishable).body;
  BOOST_TEST(done["status"] == "succeeded");
  auto charge = sim.get("/v1/charges/" + done["latest_charge"].get<std::string>()).body;
  BOOST_TEST(charge["status"] == "succeeded");
  BOOST_TEST(charge["payment_method_details"]["card"]["three_d_secure"]["result"] == "authenticated");
}

BOOST_AUTO_TEST_CASE(three_d_secure_decline_returns_to_requires_payment_method) {
  Simulator sim;
  const auto id = create_intent(sim);
  auto pending = sim.post("/v1/payment_intents/" + id + "/confirm", "payment_method=pm_card_authenticationRequired").body;
  auto failed = sim.post("/v1/payment_intents/" + id + "/_sim_authenticate",
                         "result=decline&client_secret=" + pending["client_secret"].get<std::string>()).body;
  BOOST_TEST(failed["status"] == "requires_payment_method");
  BOOST_TEST(failed["last_payment_error"]["code"] == "payment_intent_authentication_failure");
  BOOST_TEST(sim.state.charges.size() == 0u);
  auto retry = sim.post("/v1/payment_intents/" + id + "/confirm", "payment_method=pm_card_visa").body;
  BOOST_TEST(retry["status"] == "succeeded");
}

BOOST_AUTO_TEST_CASE(declined_card_on_confirm_is_402_with_the_intent) {
  Simulator sim;
  const auto id = create_intent(sim);
  auto reply = sim.post("/v1/payment_intents/" + id + "/confirm", "payment_method=pm_card_chargeDeclined");
  BOOST_TEST(reply.status == 402);
  BOOST_TEST(reply.body["error"]["code"] == "card_declined");
  BOOST_TEST(reply.body["error"]["payment_intent"]["status"] == "requires_payment_method");
  BOOST_TEST(reply.body["error"]["payment_intent"]["last_payment_error"]["decline_code"] == "generic_decline");
  auto intent = sim.get("/v1/payment_intents/" + id).body;
  BOOST_TEST(intent["status"] == "requires_payment_method");
  BOOST_TEST(sim.state.balance_transactions.size() == 0u);
}

BOOST_AUTO_TEST_CASE(create_with_confirm_and_cancel) {
  Simulator sim;
  auto paid = sim.post("/v1/payment_intents", "amount=1000&currency=usd&payment_method=pm_card_visa&confirm=true").body;
  BOOST_TEST(paid["status"] == "succeeded");
  const auto id = create_intent(sim);
  auto canceled = sim.post("/v1/payment_intents/" + id + "/cancel", "").body;
  BOOST_TEST(canceled["status"] == "canceled");
  BOOST_TEST(sim.post("/v1/payment_intents/" + id + "/confirm", "payment_method=pm_card_visa").status == 400);
  BOOST_TEST(sim.get("/v1/payment_intents?limit=10").body["data"].size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
