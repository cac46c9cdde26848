// Payouts that happen as the simulated clock moves: the schedule's arithmetic,
// live automatic payouts, their statuses, failures, filters and reconciliation.
#include <boost/test/unit_test.hpp>

#include <map>

#include "sim_test_support.h"
#include "stripe_sim/payout_schedule.h"
#include "stripe_sim/payouts.h"
#include "stripe_sim/seed.h"
#include "stripe_sim/stripe_error.h"

using sim_test::Simulator;
using namespace stripe_sim;

namespace {

constexpr std::int64_t kDay = 86400;
// 2023-11-14T00:00:00Z, a Tuesday; sim_test::kNow is 22:13:20 that day.
constexpr std::int64_t kTuesday = 1'699'920'000;

nlohmann::json advance(Simulator& sim, const std::string& body) {
  auto reply = sim.post("/_sim/clock/advance", body);
  BOOST_TEST(reply.status == 200, reply.raw.body);
  return reply.body;
}

// Net of the transactions `GET /v1/balance_transactions?payout=` lists, the payout's own aside.
std::int64_t reconciled_net(Simulator& sim, const std::string& payout_id) {
  std::int64_t net = 0;
  std::string cursor;
  while (true) {
    auto page = sim.get("/v1/balance_transactions?limit=100&payout=" + payout_id + cursor).body;
    for (const auto& txn : page["data"])
      if (!(txn["type"] == "payout" && txn["source"] == payout_id)) net += txn["net"].get<std::int64_t>();
    if (!page["has_more"].get<bool>()) return net;
    cursor = "&starting_after=" + page["data"].back()["id"].get<std::string>();
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(payout_schedule)

BOOST_AUTO_TEST_CASE(parses_daily_weekly_and_manual) {
  BOOST_TEST((parse_payout_schedule("daily", 2)->interval == PayoutInterval::daily));
  const auto weekly = parse_payout_schedule("weekly", 3);
  BOOST_TEST((weekly->interval == PayoutInterval::weekly));
  BOOST_TEST(weekly->weekly_anchor == 0);
  BOOST_TEST(weekly->delay_days == 3);
  BOOST_TEST(parse_payout_schedule("weekly:friday", 2)->weekly_anchor == 4);
  BOOST_TEST((parse_payout_schedule("manual", 2)->interval == PayoutInterval::manual));
  for (const char* bad : {"", "Daily", "weekly:", "weekly:fri", "weeklyx", "monthly"}) {
    BOOST_TEST(!parse_payout_schedule(bad, 2).has_value(), bad);
  }
  BOOST_TEST(payout_schedule_json(*parse_payout_schedule("weekly:friday", 2)).dump() ==
             R"({"delay_days":2,"interval":"weekly","weekly_anchor":"friday"})");
  BOOST_TEST(payout_schedule_json(PayoutSchedule{}).dump() == R"({"delay_days":2,"interval":"daily"})");
}

BOOST_AUTO_TEST_CASE(next_payout_time_is_the_next_midnight_or_anchor_day) {
  const PayoutSchedule daily{};
  BOOST_TEST(*next_payout_time(daily, sim_test::kNow) == kTuesday + kDay);
  BOOST_TEST(*next_payout_time(daily, kTuesday) == kTuesday + kDay);  // strictly after
  BOOST_TEST(*next_payout_time(daily, kTuesday - 1) == kTuesday);
  const PayoutSchedule friday{.interval = PayoutInterval::weekly, .weekly_anchor = 4};
  BOOST_TEST(*next_payout_time(friday, sim_test::kNow) == kTuesday + 3 * kDay);
  BOOST_TEST(*next_payout_time(friday, kTuesday + 3 * kDay) == kTuesday + 10 * kDay);
  const PayoutSchedule tuesday{.interval = PayoutInterval::weekly, .weekly_anchor = 1};
  BOOST_TEST(*next_payout_time(tuesday, kTuesday) == kTuesday + 7 * kDay);
  BOOST_TEST(!next_payout_time(PayoutSchedule{.interval = PayoutInterval::manual}, kTuesday).has_value());
  BOOST_TEST(day_start(-1) == -kDay);  // before 1970 too
  BOOST_TEST(payout_arrival_date(kTuesday + 5) == kTuesday + kDay);
}

BOOST_AUTO_TEST_CASE(status_goes_pending_in_transit_paid) {
  BOOST_TEST(payout_status_at(kTuesday, kTuesday + kDay, kTuesday) == "pending");
  BOOST_TEST(payout_status_at(kTuesday, kTuesday + kDay, kTuesday + 3599) == "pending");
  BOOST_TEST(payout_status_at(kTuesday, kTuesday + kDay, kTuesday + 3600) == "in_transit");
  BOOST_TEST(payout_status_at(kTuesday, kTuesday + kDay, kTuesday + kDay - 1) == "in_transit");
  BOOST_TEST(payout_status_at(kTuesday, kTuesday + kDay, kTuesday + kDay) == "paid");
}

BOOST_AUTO_TEST_CASE(schedule_updates_are_checked_field_by_field) {
  const auto weekly = updated_payout_schedule({}, {{"interval", "weekly"}, {"weekly_anchor", "sunday"}, {"delay_days", 7}});
  BOOST_TEST((weekly.interval == PayoutInterval::weekly));
  BOOST_TEST(weekly.weekly_anchor == 6);
  BOOST_TEST(weekly.delay_days == 7);
  BOOST_CHECK_THROW(updated_payout_schedule({}, {{"interval", "hourly"}}), StripeError);
  BOOST_CHECK_THROW(updated_payout_schedule({}, {{"weekly_anchor", "someday"}}), StripeError);
  BOOST_CHECK_THROW(updated_payout_schedule({}, {{"delay_days", 31}}), StripeError);
  BOOST_CHECK_THROW(updated_payout_schedule({}, {{"colour", "red"}}), StripeError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(live_payouts)

BOOST_AUTO_TEST_CASE(a_live_charge_is_paid_out_once_the_clock_moves) {
  Simulator sim;
  const auto charge = sim.charge(2000, "eur");
  sim.charge(1000, "usd");
  BOOST_TEST(sim.get("/v1/payouts").body["data"].size() == 0u);
  // Available 2023-11-16 00:00; the daily payout that day takes it.
  auto clock = advance(sim, R"({"days":1})");
  BOOST_TEST(clock["payouts_made"] == 0);
  BOOST_TEST(clock["now"] == sim_test::kNow + kDay);
  clock = advance(sim, R"({"seconds":7000})");  // 2023-11-16 00:10
  BOOST_TEST(clock["payouts_made"] == 2);
  auto payouts = sim.get("/v1/payouts").body["data"];
  BOOST_TEST(payouts.size() == 2u);
  std::map<std::string, nlohmann::json> by_currency;
  for (const auto& payout : payouts) by_currency[payout["currency"].get<std::string>()] = payout;
  const auto& eur = by_currency["eur"];
  BOOST_TEST(eur["amount"] == 2000 - 88);
  BOOST_TEST(by_currency["usd"]["amount"] == 1000 - 59);
  BOOST_TEST(eur["automatic"] == true);
  BOOST_TEST(eur["created"] == kTuesday + 2 * kDay);
  BOOST_TEST(eur["arrival_date"] == kTuesday + 3 * kDay);
  BOOST_TEST(eur["status"] == "pending");
  const auto eur_id = eur["id"].get<std::string>();
  BOOST_TEST(reconciled_net(sim, eur_id) == 2000 - 88);
  auto listed = sim.get("/v1/balance_transactions?payout=" + eur_id).body["data"];
  BOOST_TEST(listed.size() == 2u);  // the charge and the payout's own transaction
  BOOST_TEST(sim.get("/v1/balance_transactions/" + sim.get("/v1/charges/" + charge).body["balance_transaction"].get<std::string>())
                 .body["status"] == "available");
  advance(sim, R"({"seconds":3600})");
  BOOST_TEST(sim.get("/v1/payouts/" + eur_id).body["status"] == "in_transit");
  advance(sim, R"({"days":1})");
  BOOST_TEST(sim.get("/v1/payouts/" + eur_id).body["status"] == "paid");
  auto balance = sim.get("/v1/balance").body;
  for (const auto& entry : balance["available"]) BOOST_TEST(entry["amount"] == 0);
  // Nothing new to pay out: no empty payouts on the following days.
  BOOST_TEST(advance(sim, R"({"days":5})")["payouts_made"] == 0);
}

BOOST_AUTO_TEST_CASE(weekly_schedule_and_delay_days) {
  Simulator sim;
  auto schedule = sim.post("/_sim/payout_schedule", R"({"interval":"weekly","weekly_anchor":"friday","delay_days":0})");
  BOOST_TEST(schedule.status == 200);
  BOOST_TEST(schedule.body.dump() == R"({"delay_days":0,"interval":"weekly","weekly_anchor":"friday"})");
  sim.charge(5000, "jpy");
  BOOST_TEST(sim.get("/v1/balance_transactions").body["data"][0]["available_on"] == kTuesday);
  BOOST_TEST(advance(sim, R"({"days":2})")["payouts_made"] == 0);  // Thursday 22:13
  auto friday = advance(sim, R"({"days":1})");
  BOOST_TEST(friday["payouts_made"] == 1);
  BOOST_TEST(friday["next_payout_at"] == kTuesday + 10 * kDay);
  const auto payout = sim.get("/v1/payouts").body["data"][0];
  BOOST_TEST(payout["created"] == kTuesday + 3 * kDay);
  BOOST_TEST(payout["amount"] == 5000 - 145);
  auto bad = sim.post("/_sim/payout_schedule", R"({"interval":"hourly"})");
  BOOST_TEST(bad.status == 400);
  BOOST_TEST(bad.body["error"]["param"] == "interval");
  BOOST_TEST(sim.get("/_sim/payout_schedule").body["weekly_anchor"] == "friday");  // unchanged
}

BOOST_AUTO_TEST_CASE(clock_advance_is_checked) {
  Simulator sim;
  for (const char* body : {"{}", R"({"seconds":0})", R"({"days":-1})", R"({"seconds":"60"})", R"({"days":3661})",
                           R"({"days":1,"seconds":1})", "[1]", "not json"}) {
    auto reply = sim.post("/_sim/clock/advance", body);
    BOOST_TEST(reply.status == 400, body);
  }
  BOOST_TEST(sim.get("/_sim/clock").body["now"] == sim_test::kNow);
  auto unauthenticated = sim.call("POST", "/_sim/clock/advance", R"({"days":1})", {}, "Bearer sk_test_wrong");
  BOOST_TEST(unauthenticated.status == 401);
  BOOST_TEST(sim.get("/_sim/clock").body["offset_seconds"] == 0);
}

BOOST_AUTO_TEST_CASE(refunds_after_a_payout_ride_on_the_next_one_and_negative_waits) {
  Simulator sim;
  const auto charge = sim.charge(10000, "usd");
  advance(sim, R"({"days":2})");
  BOOST_TEST(sim.get("/v1/payouts").body["data"].size() == 1u);
  BOOST_TEST(sim.post("/v1/refunds", "charge=" + charge).status == 200);  // -10000, balance now negative
  BOOST_TEST(advance(sim, R"({"days":3})")["payouts_made"] == 0);
  sim.charge(30000, "usd");
  advance(sim, R"({"days":3})");
  auto payouts = sim.get("/v1/payouts").body["data"];
  BOOST_TEST(payouts.size() == 2u);
  BOOST_TEST(payouts[0]["amount"] == 30000 - 900 - 10000);  // 2.9 % + 0.30 of 30000 = 900
  BOOST_TEST(reconciled_net(sim, payouts[0]["id"].get<std::string>()) == payouts[0]["amount"].get<std::int64_t>());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(payout_lists)

BOOST_AUTO_TEST_CASE(filters_status_arrival_date_created_destination) {
  Simulator sim;
  for (int day = 0; day < 3; ++day) {
    sim.charge(1000 + day, "eur");
    advance(sim, R"({"days":1})");
  }
  advance(sim, R"({"days":1})");
  // Payouts on 11-16, 11-17, 11-18 (now 11-18 22:13): the last is in transit, the others paid.
  auto all = sim.get("/v1/payouts").body["data"];
  BOOST_TEST(all.size() == 3u);
  BOOST_TEST(sim.get("/v1/payouts?status=paid").body["data"].size() == 2u);
  auto in_transit = sim.get("/v1/payouts?status=in_transit").body["data"];
  BOOST_TEST(in_transit.size() == 1u);
  BOOST_TEST(in_transit[0]["amount"] == 1002 - 59);
  BOOST_TEST(sim.get("/v1/payouts?status=failed").body["data"].size() == 0u);
  auto bad_status = sim.get("/v1/payouts?status=lost");
  BOOST_TEST(bad_status.status == 400);
  BOOST_TEST(bad_status.body["error"]["param"] == "status");
  const auto second_arrival = std::to_string(kTuesday + 4 * kDay);
  auto arriving = sim.get("/v1/payouts?arrival_date=" + second_arrival).body["data"];
  BOOST_TEST(arriving.size() == 1u);
  BOOST_TEST(arriving[0]["amount"] == 1001 - 59);
  BOOST_TEST(sim.get("/v1/payouts?arrival_date[gte]=" + second_arrival).body["data"].size() == 2u);
  BOOST_TEST(sim.get("/v1/payouts?arrival_date[lt]=" + second_arrival).body["data"].size() == 1u);
  BOOST_TEST(sim.get("/v1/payouts?created[gt]=" + std::to_string(kTuesday + 2 * kDay)).body["data"].size() == 2u);
  BOOST_TEST(sim.get("/v1/payouts?destination=ba_simulatorbank00000000").body["data"].size() == 3u);
  BOOST_TEST(sim.get("/v1/payouts?destination=ba_other").body["data"].size() == 0u);
  auto page = sim.get("/v1/payouts?limit=2").body;
  BOOST_TEST(page["has_more"] == true);
  auto next = sim.get("/v1/payouts?limit=2&starting_after=" + page["data"][1]["id"].get<std::string>()).body;
  BOOST_TEST(next["data"].size() == 1u);
  BOOST_TEST(next["has_more"] == false);
  BOOST_TEST(sim.get("/v1/payouts?arrival_date[gte]=x").status == 400);
}

BOOST_AUTO_TEST_CASE(balance_transactions_by_payout_refuse_manual_and_unknown_payouts) {
  Simulator sim;
  sim.state.payout_schedule.interval = PayoutInterval::manual;
  sim.charge(10000, "usd");
  advance(sim, R"({"days":3})");
  const auto manual = sim.post("/v1/payouts", "amount=5000&currency=usd").body["id"].get<std::string>();
  auto refused = sim.get("/v1/balance_transactions?payout=" + manual);
  BOOST_TEST(refused.status == 400);
  BOOST_TEST(refused.body["error"]["param"] == "payout");
  auto unknown = sim.get("/v1/balance_transactions?payout=po_unknown");
  BOOST_TEST(unknown.status == 404);
  BOOST_TEST(unknown.body["error"]["param"] == "payout");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(seeded_payouts)

BOOST_AUTO_TEST_CASE(failed_payouts_return_their_funds_to_a_later_payout) {
  Simulator sim;
  seed_history(sim.state, {.seed = 11, .charges = 400, .weeks = 2, .now = sim_test::kNow});
  advance(sim, R"({"days":3})");  // every seeded failure has happened and been paid out again
  std::int64_t failed = 0;
  for (const auto& [key, id] : sim.state.payouts.by_created()) {
    const auto payout = sim.get("/v1/payouts/" + id).body;
    BOOST_TEST(reconciled_net(sim, id) == payout["amount"].get<std::int64_t>(), id);
    if (payout["status"] != "failed") continue;
    ++failed;
    BOOST_TEST(payout["failure_code"] == "account_closed");
    const auto txn = sim.get("/v1/balance_transactions/" + payout["failure_balance_transaction"].get<std::string>()).body;
    BOOST_TEST(txn["type"] == "payout_failure");
    BOOST_TEST(txn["reporting_category"] == "payout_reversal");
    BOOST_TEST(txn["amount"] == payout["amount"]);
    BOOST_TEST(txn["net"] == payout["amount"]);
    BOOST_TEST(txn["source"] == id);
    BOOST_TEST(txn["created"] == payout["arrival_date"]);
    // The returned funds are paid out again by the next payout in that currency.
    const auto again = sim.state.payout_of.find(txn["id"].get<std::string>());
    BOOST_TEST_REQUIRE((again != sim.state.payout_of.end()));
    const auto later = sim.get("/v1/payouts/" + again->second).body;
    BOOST_TEST(later["currency"] == payout["currency"]);
    BOOST_TEST(later["created"].get<std::int64_t>() >= payout["arrival_date"].get<std::int64_t>());
  }
  BOOST_TEST(failed >= 1);
  BOOST_TEST(sim.get("/v1/payouts?status=failed&limit=100").body["data"].size() == static_cast<std::size_t>(failed));
}

BOOST_AUTO_TEST_CASE(seeded_history_is_paid_out_daily_per_currency) {
  StripeState state(3);
  state.clock = [] { return sim_test::kNow; };
  const auto summary = seed_history(state, {.seed = 3, .charges = 400, .weeks = 3, .now = sim_test::kNow});
  std::map<std::pair<std::int64_t, std::string>, int> per_day_and_currency;
  for (const auto& [key, id] : state.payouts.by_created()) {
    const auto& payout = *state.payouts.find(id);
    BOOST_TEST(payout["created"].get<std::int64_t>() % kDay == 0);
    ++per_day_and_currency[{payout["created"].get<std::int64_t>(), payout["currency"].get<std::string>()}];
  }
  for (const auto& [day, count] : per_day_and_currency) BOOST_TEST(count == 1);
  BOOST_TEST(summary.payouts == static_cast<std::int64_t>(state.payouts.size()));
  BOOST_TEST(summary.payouts >= 2 * 18);  // eur and usd are paid out every day after the first two
  BOOST_TEST(summary.failed_payouts >= 1);
}

BOOST_AUTO_TEST_CASE(weekly_seeded_history_pays_out_on_the_anchor_day) {
  StripeState state(3);
  state.clock = [] { return sim_test::kNow; };
  state.payout_schedule = *parse_payout_schedule("weekly:wednesday", 2);
  seed_history(state, {.seed = 3, .charges = 300, .weeks = 3, .now = sim_test::kNow});
  BOOST_TEST(state.payouts.size() > 0u);
  for (const auto& [key, id] : state.payouts.by_created()) {
    const auto created = state.payouts.find(id)->at("created").get<std::int64_t>();
    BOOST_TEST((created - (kTuesday + kDay)) % (7 * kDay) == 0);
  }
}

BOOST_AUTO_TEST_SUITE_END()
