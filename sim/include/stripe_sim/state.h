// The simulator's whole in-memory Stripe account. Single-threaded by design:
// the server runs one io_context thread, so no locks.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "stripe_sim/fees.h"
#include "stripe_sim/object_store.h"
#include "stripe_sim/payout_schedule.h"
#include "stripe_sim/test_cards.h"

namespace stripe_sim {

struct StripeState {
  // `id_seed` makes ids (and so a seeded history) reproducible.
  explicit StripeState(std::uint64_t id_seed = 1);

  FeePolicy fees;
  std::function<std::int64_t()> clock;  // Unix seconds; the system clock by default
  // Added to `clock` by POST /_sim/clock/advance: the simulated time runs ahead.
  std::int64_t clock_offset = 0;
  PayoutSchedule payout_schedule;

  ObjectStore customers, cards, tokens, charges, refunds, balance_transactions, payouts, disputes,
      payment_intents, payment_methods;

  // Hidden test behaviour of each card_ / pm_ id (what Stripe knows from the PAN).
  std::unordered_map<std::string, CardDetails> card_details;
  // Refund ids per charge, oldest first (for the charge's `refunds` list).
  std::unordered_map<std::string, std::vector<std::string>> refunds_of_charge;
  // Balance transaction id -> the automatic payout that paid it out.
  std::unordered_map<std::string, std::string> payout_of;
  // Balance transactions no automatic payout has taken yet, per currency (ordered,
  // so payouts of one run are made, and get their ids, in a fixed order).
  struct UnpaidEntry {
    std::string id;
    std::int64_t created, available_on, net;
  };
  std::map<std::string, std::vector<UnpaidEntry>> unpaid;
  // The payout schedule has run for every payout time up to this one (unset:
  // not yet; the first run starts at the time it is called, nothing retroactive).
  std::optional<std::int64_t> payouts_run_until;
  // Automatic payouts that will fail, by failure time (their arrival date).
  std::multimap<std::int64_t, std::string> payout_failures;

  std::int64_t now() const { return clock() + clock_offset; }
  // "ch_" + 24 random alphanumerics.
  std::string new_id(std::string_view prefix);
  std::string random_text(std::size_t length);
  // The store holding ids with this prefix (ch_, cus_, txn_, ...), or nullptr.
  ObjectStore* store_for(std::string_view id);
  // Singular Stripe name of the object kind for "No such ..." messages.
  static std::string_view kind_of(std::string_view id);

 private:
  std::mt19937_64 random_;
};

}  // namespace stripe_sim
