#include "stripe_sim/seed.h"

#include <algorithm>
#include <array>
#include <random>
#include <string>
#include <vector>

#include "stripe_sim/balance.h"
#include "stripe_sim/cards.h"
#include "stripe_sim/charges.h"
#include "stripe_sim/payouts.h"
#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kWeek = 7 * kDay;

// Raw mt19937_64 output reduced by modulo: identical on every standard library,
// unlike std::uniform_int_distribution.
class SeedRandom {
 public:
  explicit SeedRandom(std::uint64_t seed) : engine_(seed) {}
  std::int64_t between(std::int64_t low, std::int64_t high) {  // inclusive
    return low + static_cast<std::int64_t>(engine_() % static_cast<std::uint64_t>(high - low + 1));
  }
  bool percent(std::int64_t chance) { return between(0, 99) < chance; }

 private:
  std::mt19937_64 engine_;
};

struct CurrencyPlan {
  const char* code;
  std::int64_t weight;  // percent
  std::int64_t min_amount, max_amount;
};

constexpr std::array kCurrencies{
    CurrencyPlan{"eur", 45, 500, 20000},
    CurrencyPlan{"usd", 35, 500, 20000},
    CurrencyPlan{"jpy", 15, 500, 30000},
    CurrencyPlan{"kwd", 5, 1000, 50000},
};

const char* kCardNumbers[] = {"4242424242424242", "5555555555554444", "378282246310005", "4000056655665556"};

}  // namespace

SeedSummary seed_history(StripeState& state, const SeedOptions& options) {
  SeedSummary summary;
  if (options.charges <= 0 || options.weeks <= 0) return summary;
  SeedRandom random(options.seed);
  const std::int64_t end = options.now - 3600;  // everything at least an hour in the past
  const std::int64_t start = options.now - options.weeks * kWeek;

  std::vector<std::int64_t> times(static_cast<std::size_t>(options.charges));
  for (auto& time : times) time = random.between(start, end);
  std::sort(times.begin(), times.end());

  const std::int64_t customer_count = std::max<std::int64_t>(1, options.charges / 10);
  std::vector<std::string> customers;
  for (std::int64_t i = 0; i < customer_count; ++i) {
    const std::string id = state.new_id("cus_");
    state.customers.insert({{"id", id}, {"object", "customer"}, {"address", nullptr}, {"balance", 0},
                            {"created", start}, {"currency", nullptr}, {"default_source", nullptr},
                            {"delinquent", false}, {"description", nullptr}, {"discount", nullptr},
                            {"email", "customer" + std::to_string(i + 1) + "@example.com"},
                            {"invoice_prefix", state.random_text(8)}, {"livemode", false},
                            {"metadata", nlohmann::json::object()}, {"name", "Customer " + std::to_string(i + 1)},
                            {"phone", nullptr}, {"preferred_locales", nlohmann::json::array()},
                            {"shipping", nullptr}, {"tax_exempt", "none"}, {"test_clock", nullptr}});
    customers.push_back(id);
  }

  const std::int64_t dispute_budget = std::max<std::int64_t>(1, options.charges / 250);
  for (std::int64_t time : times) {
    std::int64_t pick = random.between(0, 99);
    const CurrencyPlan* plan = &kCurrencies.back();
    for (const auto& candidate : kCurrencies) {
      if (pick < candidate.weight) { plan = &candidate; break; }
      pick -= candidate.weight;
    }
    ChargeInput input;
    input.currency = plan->code;
    input.amount = random.between(plan->min_amount, plan->max_amount);
    if (plan->code == std::string("kwd")) input.amount = input.amount / 10 * 10;  // whole fils multiples of 10
    input.created = time;
    input.customer = customers[static_cast<std::size_t>(random.between(0, customer_count - 1))];
    input.description = "Order " + std::to_string(summary.charges + summary.failed + 1);

    const std::int64_t fate = random.between(0, 999);
    std::string number = kCardNumbers[random.between(0, 3)];
    if (fate < 15) number = "4000000000000002";
    else if (fate < 20) number = "4000000000009995";
    else if (fate < 30 && summary.disputes < dispute_budget) number = "4000000000000259";
    auto details = card_from_number(number);
    input.payment_source = store_card(state, *details, input.customer, time).at("id").get<std::string>();
    try {
      auto& charge = charge_card(state, input);
      ++summary.charges;
      if (details->outcome == CardOutcome::dispute) { ++summary.disputes; continue; }
      const std::int64_t refund_roll = random.between(0, 99);
      if (refund_roll < 10) {
        RefundInput refund;
        refund.charge = charge.at("id").get<std::string>();
        if (refund_roll < 5) refund.amount = std::max<std::int64_t>(1, input.amount / 2);
        refund.created = std::min(end, time + random.between(3600, 4 * kDay));
        refund.reason = "requested_by_customer";
        refund_charge(state, refund);
        ++summary.refunds;
      }
    } catch (const StripeError&) {
      ++summary.failed;  // declined test cards leave a failed charge
    }
  }

  // The payout schedule over the whole history: about 1 automatic payout in 40
  // fails (and always the fifth, so every history of five payouts or more has one),
  // its funds coming back at its arrival date for a later payout.
  std::int64_t ordinal = 0;
  state.payouts_run_until = start;
  const PayoutRun run = run_payouts_until(state, options.now, [&] {
    ++ordinal;
    return random.between(0, 39) == 0 || ordinal == 5;
  });
  summary.payouts = run.payouts;
  summary.failed_payouts = run.failures;
  return summary;
}

}  // namespace stripe_sim
