// Money movements: balance transactions, the balance and disputes (payouts: payouts.h).
// Every change to the balance goes through add_balance_transaction, so the sum
// of `net` per currency always equals available + pending.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "stripe_sim/params.h"
#include "stripe_sim/state.h"

namespace stripe_sim {

struct BalanceEntry {
  std::int64_t amount = 0;
  std::int64_t fee = 0;
  std::string fee_description;  // "Stripe processing fees", "Dispute fee"
  std::string currency;
  std::string type;                // charge, refund, adjustment, payout, payout_failure
  std::string reporting_category;  // charge, refund, dispute, payout, payout_reversal
  std::string source;              // ch_, re_, dp_, po_
  nlohmann::json description = nullptr;
  std::int64_t created = 0;
  std::int64_t available_on = 0;
};

// Stores a txn_ object; returns its id.
std::string add_balance_transaction(StripeState& state, const BalanceEntry& entry);

// Opens a dispute (reason fraudulent) on a succeeded charge: the amount and the
// dispute fee leave the balance as one `adjustment` balance transaction.
nlohmann::json& open_dispute(StripeState& state, const std::string& charge_id, std::int64_t created);

// GET /v1/balance as of now.
nlohmann::json balance_of(const StripeState& state);

// Live fields that depend on the clock: a balance transaction's status, a payout's status.
nlohmann::json present_money_object(const StripeState& state, nlohmann::json object);

}  // namespace stripe_sim
