#include <boost/test/unit_test.hpp>

#include <map>

#include "sim_test_support.h"
#include "stripe_sim/balance.h"
#include "stripe_sim/seed.h"

using namespace stripe_sim;

namespace {

std::string dump_all(const StripeState& state) {
  std::string out;
  for (const ObjectStore* store : {&state.charges, &state.refunds, &state.balance_transactions, &state.payouts, &state.disputes}) {
    for (const auto& [key, id] : store->by_created()) out += store->find(id)->dump() + '\n';
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(seed)

BOOST_AUTO_TEST_CASE(same_seed_same_history_other_seed_other_history) {
  StripeState a(42), b(42), c(43);
  SeedOptions options{42, 500, 6, sim_test::kNow};
  auto summary = seed_history(a, options);
  seed_history(b, options);
  options.seed = 43;
  seed_history(c, options);
  BOOST_TEST(dump_all(a) == dump_all(b));
  BOOST_TEST(dump_all(a) != dump_all(c));
  BOOST_TEST(summary.charges + summary.failed == 500);
  BOOST_TEST(a.charges.size() == 500u);
  BOOST_TEST(summary.refunds > 0);
  BOOST_TEST(summary.disputes >= 1);
  BOOST_TEST(summary.payouts > 0);
}

BOOST_AUTO_TEST_CASE(history_is_in_the_past_and_has_every_currency) {
  StripeState state(1);
  state.clock = [] { return sim_test::kNow; };
  seed_history(state, {1, 2000, 8, sim_test::kNow});
  std::map<std::string, int> currencies;
  for (const auto& [key, id] : state.charges.by_created()) {
    const auto& charge = *state.charges.find(id);
    BOOST_TEST(charge["created"].get<std::int64_t>() < sim_test::kNow);
    BOOST_TEST(charge["created"].get<std::int64_t>() >= sim_test::kNow - 8 * 7 * 86400);
    ++currencies[charge["currency"].get<std::string>()];
  }
  BOOST_TEST(currencies.size() == 4u);
  BOOST_TEST(currencies.count("jpy") == 1u);
  BOOST_TEST(currencies.count("kwd") == 1u);
  BOOST_TEST(state.refunds.size() > 0u);
}

BOOST_AUTO_TEST_CASE(balance_equals_sum_of_net_per_currency) {
  StripeState state(5);
  state.clock = [] { return sim_test::kNow; };
  seed_history(state, {5, 3000, 10, sim_test::kNow});
  std::map<std::string, std::int64_t> net;
  std::int64_t fees = 0;
  for (const auto& [key, id] : state.balance_transactions.by_created()) {
    const auto& txn = *state.balance_transactions.find(id);
    BOOST_TEST(txn["net"].get<std::int64_t>() == txn["amount"].get<std::int64_t>() - txn["fee"].get<std::int64_t>());
    net[txn["currency"].get<std::string>()] += txn["net"].get<std::int64_t>();
    fees += txn["fee"].get<std::int64_t>();
  }
  BOOST_TEST(fees > 0);
  auto balance = balance_of(state);
  std::map<std::string, std::int64_t> reported;
  for (const auto& entry : balance["available"]) reported[entry["currency"]] += entry["amount"].get<std::int64_t>();
  for (const auto& entry : balance["pending"]) reported[entry["currency"]] += entry["amount"].get<std::int64_t>();
  BOOST_TEST((reported == net));
}

BOOST_AUTO_TEST_CASE(automatic_payouts_pay_out_exactly_their_transactions) {
  StripeState state(9);
  state.clock = [] { return sim_test::kNow; };
  seed_history(state, {9, 1500, 6, sim_test::kNow});
  BOOST_TEST(state.payouts.size() > 0u);
  std::map<std::string, std::int64_t> included;  // payout -> net of its transactions, its own aside
  for (const auto& [txn_id, payout_id] : state.payout_of) {
    const auto& txn = *state.balance_transactions.find(txn_id);
    const auto& payout = *state.payouts.find(payout_id);
    if (!(txn["type"] == "payout" && txn["source"] == payout_id)) included[payout_id] += txn["net"].get<std::int64_t>();
    BOOST_TEST(txn["currency"] == payout["currency"]);
    BOOST_TEST(txn["available_on"].get<std::int64_t>() <= payout["created"].get<std::int64_t>());
  }
  for (const auto& [key, payout_id] : state.payouts.by_created()) {
    const auto& payout = *state.payouts.find(payout_id);
    BOOST_TEST(included[payout_id] == payout["amount"].get<std::int64_t>());
    BOOST_TEST(payout["automatic"] == true);
  }
}

BOOST_AUTO_TEST_CASE(nothing_to_seed) {
  StripeState state(1);
  auto summary = seed_history(state, {1, 0, 4, sim_test::kNow});
  BOOST_TEST(summary.charges == 0);
  BOOST_TEST(state.charges.size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
