#include <boost/test/unit_test.hpp>

#include "sim_test_support.h"

using sim_test::Simulator;

BOOST_AUTO_TEST_SUITE(charges)

BOOST_AUTO_TEST_CASE(a_charge_books_amount_fee_and_net) {
  Simulator sim;
  auto reply = sim.post("/v1/charges", "amount=2000&currency=eur&source=tok_visa&description=Blue+shirt&metadata[order]=7");
  BOOST_TEST(reply.status == 200);
  const auto& charge = reply.body;
  BOOST_TEST(charge["id"].get<std::string>().starts_with("ch_"));
  BOOST_TEST(charge["object"] == "charge");
  BOOST_TEST(charge["amount"] == 2000);
  BOOST_TEST(charge["status"] == "succeeded");
  BOOST_TEST(charge["paid"] == true);
  BOOST_TEST(charge["created"] == sim_test::kNow);
  BOOST_TEST(charge["metadata"]["order"] == "7");
  BOOST_TEST(charge["payment_method_details"]["card"]["last4"] == "4242");
  BOOST_TEST(!charge.contains("refunds"));  // the default version, 2022-11-15, embeds no refunds
  auto txn = sim.get("/v1/balance_transactions/" + charge["balance_transaction"].get<std::string>()).body;
  BOOST_TEST(txn["amount"] == 2000);
  BOOST_TEST(txn["fee"] == 88);
  BOOST_TEST(txn["net"] == 1912);
  BOOST_TEST(txn["fee_details"][0]["amount"] == 88);
  BOOST_TEST(txn["fee_details"][0]["type"] == "stripe_fee");
  BOOST_TEST(txn["type"] == "charge");
  BOOST_TEST(txn["reporting_category"] == "charge");
  BOOST_TEST(txn["available_on"] == 1'700'092'800);
  BOOST_TEST(txn["status"] == "pending");
  sim.now = 1'700'092'800;
  BOOST_TEST(sim.get("/v1/balance_transactions/" + txn["id"].get<std::string>()).body["status"] == "available");
}

BOOST_AUTO_TEST_CASE(jpy_charges_have_no_fixed_fee) {
  Simulator sim;
  auto charge = sim.post("/v1/charges", "amount=5000&currency=jpy&source=tok_visa&expand[]=balance_transaction").body;
  BOOST_TEST(charge["balance_transaction"]["fee"] == 145);
  BOOST_TEST(charge["balance_transaction"]["net"] == 4855);
}

BOOST_AUTO_TEST_CASE(declines_are_402_card_errors_with_a_failed_charge) {
  Simulator sim;
  auto reply = sim.post("/v1/charges", "amount=2000&currency=eur&source=tok_chargeDeclined");
  BOOST_TEST(reply.status == 402);
  BOOST_TEST(reply.body["error"]["type"] == "card_error");
  BOOST_TEST(reply.body["error"]["code"] == "card_declined");
  BOOST_TEST(reply.body["error"]["decline_code"] == "generic_decline");
  const auto charge_id = reply.body["error"]["charge"].get<std::string>();
  auto charge = sim.get("/v1/charges/" + charge_id).body;
  BOOST_TEST(charge["status"] == "failed");
  BOOST_TEST(charge["balance_transaction"].is_null());
  auto funds = sim.post("/v1/charges", "amount=2000&currency=eur&source=tok_chargeDeclinedInsufficientFunds");
  BOOST_TEST(funds.status == 402);
  BOOST_TEST(funds.body["error"]["decline_code"] == "insufficient_funds");
  BOOST_TEST(sim.state.balance_transactions.size() == 0u);
}

BOOST_AUTO_TEST_CASE(amount_and_currency_are_checked) {
  Simulator sim;
  auto small = sim.post("/v1/charges", "amount=49&currency=usd&source=tok_visa");
  BOOST_TEST(small.status == 400);
  BOOST_TEST(small.body["error"]["code"] == "amount_too_small");
  auto large = sim.post("/v1/charges", "amount=100000000&currency=usd&source=tok_visa");
  BOOST_TEST(large.body["error"]["code"] == "amount_too_large");
  auto currency = sim.post("/v1/charges", "amount=100&currency=EURO&source=tok_visa");
  BOOST_TEST(currency.status == 400);
  BOOST_TEST(currency.body["error"]["param"] == "currency");
  auto missing = sim.post("/v1/charges", "currency=usd&source=tok_visa");
  BOOST_TEST(missing.body["error"]["code"] == "parameter_missing");
  BOOST_TEST(missing.body["error"]["param"] == "amount");
  auto no_source = sim.post("/v1/charges", "amount=100&currency=usd");
  BOOST_TEST(no_source.status == 400);
  BOOST_TEST(sim.state.charges.size() == 0u);
}

BOOST_AUTO_TEST_CASE(customers_keep_a_default_card_from_a_token) {
  Simulator sim;
  auto token = sim.post("/v1/tokens", "card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2030&card[cvc]=123");
  BOOST_TEST(token.status == 200);
  BOOST_TEST(token.body["used"] == false);
  const auto token_id = token.body["id"].get<std::string>();
  auto customer = sim.post("/v1/customers", "email=jenny%40example.com&source=" + token_id).body;
  BOOST_TEST(customer["email"] == "jenny@example.com");
  BOOST_TEST(customer["default_source"] == token.body["card"]["id"]);
  auto reuse = sim.post("/v1/customers", "source=" + token_id);
  BOOST_TEST(reuse.status == 400);
  BOOST_TEST(reuse.body["error"]["code"] == "token_already_used");
  auto charge = sim.post("/v1/charges", "amount=1500&currency=usd&customer=" + customer["id"].get<std::string>()).body;
  BOOST_TEST(charge["customer"] == customer["id"]);
  BOOST_TEST(charge["source"]["id"] == token.body["card"]["id"]);
  auto nobody = sim.post("/v1/charges", "amount=1500&currency=usd&customer=cus_missing");
  BOOST_TEST(nobody.status == 404);
  BOOST_TEST(nobody.body["error"]["code"] == "resource_missing");
  BOOST_TEST(nobody.body["error"]["param"] == "customer");
  auto bare = sim.post("/v1/customers", "email=x%40example.com").body;
  auto no_card = sim.post("/v1/charges", "amount=1500&currency=usd&customer=" + bare["id"].get<std::string>());
  BOOST_TEST(no_card.status == 400);
  BOOST_TEST(no_card.body["error"]["code"] == "missing");
}

BOOST_AUTO_TEST_CASE(card_errors_on_tokens) {
  Simulator sim;
  auto number = sim.post("/v1/tokens", "card[number]=4242424242424241&card[exp_month]=12&card[exp_year]=2030");
  BOOST_TEST(number.status == 402);
  BOOST_TEST(number.body["error"]["code"] == "incorrect_number");
  auto month = sim.post("/v1/tokens", "card[number]=4242424242424242&card[exp_month]=13&card[exp_year]=2030");
  BOOST_TEST(month.body["error"]["code"] == "invalid_expiry_month");
  auto year = sim.post("/v1/tokens", "card[number]=4242424242424242&card[exp_month]=1&card[exp_year]=2020");
  BOOST_TEST(year.body["error"]["code"] == "invalid_expiry_year");
  auto cvc = sim.post("/v1/tokens", "card[number]=4242424242424242&card[exp_month]=1&card[exp_year]=2030&card[cvc]=1x");
  BOOST_TEST(cvc.body["error"]["code"] == "invalid_cvc");
  BOOST_TEST(sim.state.tokens.size() == 0u);
}

BOOST_AUTO_TEST_CASE(partial_then_full_refund_then_errors) {
  Simulator sim;
  const auto charge = sim.charge(2000);
  auto partial = sim.post("/v1/refunds", "charge=" + charge + "&amount=500");
  BOOST_TEST(partial.status == 200);
  BOOST_TEST(partial.body["amount"] == 500);
  BOOST_TEST(partial.body["id"].get<std::string>().starts_with("re_"));
  auto txn = sim.get("/v1/balance_transactions/" + partial.body["balance_transaction"].get<std::string>()).body;
  BOOST_TEST(txn["amount"] == -500);
  BOOST_TEST(txn["fee"] == 0);  // Stripe keeps the original fee
  BOOST_TEST(txn["net"] == -500);
  BOOST_TEST(txn["type"] == "refund");
  auto after_partial = sim.get("/v1/charges/" + charge + "?expand[]=refunds").body;
  BOOST_TEST(after_partial["amount_refunded"] == 500);
  BOOST_TEST(after_partial["refunded"] == false);
  BOOST_TEST(after_partial["refunds"]["data"].size() == 1u);

  auto too_much = sim.post("/v1/refunds", "charge=" + charge + "&amount=1501");
  BOOST_TEST(too_much.status == 400);
  BOOST_TEST(too_much.body["error"]["code"] == "amount_too_large");
  BOOST_TEST(too_much.body["error"]["param"] == "amount");

  auto rest = sim.post("/v1/charges/" + charge + "/refunds", "");
  BOOST_TEST(rest.status == 200);
  BOOST_TEST(rest.body["amount"] == 1500);
  auto refunded = sim.get("/v1/charges/" + charge).body;
  BOOST_TEST(refunded["amount_refunded"] == 2000);
  BOOST_TEST(refunded["refunded"] == true);

  auto again = sim.post("/v1/refunds", "charge=" + charge);
  BOOST_TEST(again.status == 400);
  BOOST_TEST(again.body["error"]["code"] == "charge_already_refunded");
  auto missing = sim.post("/v1/refunds", "charge=ch_nope");
  BOOST_TEST(missing.status == 404);
  BOOST_TEST(sim.state.refunds.size() == 2u);

  auto list = sim.get("/v1/charges/" + charge + "/refunds").body;
  BOOST_TEST(list["data"].size() == 2u);
  BOOST_TEST(list["data"][0]["amount"] == 1500);  // newest first (same second, later insert)
  BOOST_TEST(list["url"] == "/v1/charges/" + charge + "/refunds");
}

BOOST_AUTO_TEST_CASE(dispute_card_opens_a_dispute_with_its_fee) {
  Simulator sim;
  auto charge = sim.post("/v1/charges", "amount=10000&currency=usd&source=tok_createDispute").body;
  BOOST_TEST(charge["status"] == "succeeded");
  BOOST_TEST(charge["disputed"] == true);
  auto disputes = sim.get("/v1/disputes").body;
  BOOST_TEST(disputes["data"].size() == 1u);
  const auto& dispute = disputes["data"][0];
  BOOST_TEST(dispute["charge"] == charge["id"]);
  BOOST_TEST(dispute["amount"] == 10000);
  BOOST_TEST(dispute["id"].get<std::string>().starts_with("dp_"));
  const auto& txn = dispute["balance_transactions"][0];
  BOOST_TEST(txn["amount"] == -10000);
  BOOST_TEST(txn["fee"] == 1500);
  BOOST_TEST(txn["net"] == -11500);
  BOOST_TEST(txn["reporting_category"] == "dispute");
  BOOST_TEST(txn["status"] == "available");  // withdrawn at once, shown live
  auto refund = sim.post("/v1/refunds", "charge=" + charge["id"].get<std::string>());
  BOOST_TEST(refund.status == 400);
  BOOST_TEST(refund.body["error"]["code"] == "charge_disputed");
  auto balance = sim.get("/v1/balance").body;
  // 10000 - 320 fee - 10000 - 1500 dispute fee
  BOOST_TEST(balance["available"][0]["amount"].get<std::int64_t>() + balance["pending"][0]["amount"].get<std::int64_t>() == -1820);
}

BOOST_AUTO_TEST_CASE(manual_payouts_need_available_funds) {
  Simulator sim;
  sim.state.payout_schedule.interval = stripe_sim::PayoutInterval::manual;  // no automatic payout takes the funds
  sim.charge(10000, "usd");
  auto early = sim.post("/v1/payouts", "amount=100&currency=usd");
  BOOST_TEST(early.status == 400);
  BOOST_TEST(early.body["error"]["code"] == "balance_insufficient");
  sim.now += 3 * 86400;
  auto payout = sim.post("/v1/payouts", "amount=9000&currency=usd");
  BOOST_TEST(payout.status == 200, payout.raw.body);
  BOOST_TEST(payout.body["automatic"] == false);
  auto balance = sim.get("/v1/balance").body;
  BOOST_TEST(balance["available"][0]["amount"] == 10000 - 320 - 9000);
}

BOOST_AUTO_TEST_SUITE_END()
