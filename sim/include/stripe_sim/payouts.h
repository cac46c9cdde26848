// Payouts: automatic ones made by the payout schedule as the (simulated) clock
// moves, their failures, and manual ones (POST /v1/payouts). Every automatic
// payout takes exactly the balance transactions GET /v1/balance_transactions?payout=
// lists for it, so their net sums to its amount (its own `payout` transaction aside).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "stripe_sim/params.h"
#include "stripe_sim/state.h"

namespace stripe_sim {

// An automatic payout at `at` of everything available in `currency` that no
// payout has taken yet; nullptr when that sum is not positive (a negative
// balance waits for later funds: the simulator never debits the bank).
const nlohmann::json* run_automatic_payout(StripeState& state, const std::string& currency, std::int64_t at);

struct PayoutRun {
  std::int64_t payouts = 0;   // automatic payouts made
  std::int64_t failures = 0;  // payouts that failed (payout_failure transactions made)
};

// Runs the schedule for every payout time after state.payouts_run_until up to
// `now`, and the failures due by then, in time order (a failure first when both
// fall on one time, so the returned funds ride on that day's payout). `fails`,
// asked once per new automatic payout, marks it to fail at its arrival date;
// without it nothing fails (live payouts go through).
PayoutRun run_payouts_until(StripeState& state, std::int64_t now, const std::function<bool()>& fails = {});

// Moves the simulated clock `seconds` forward (POST /_sim/clock/advance) and runs what fell due.
PayoutRun advance_clock(StripeState& state, std::int64_t seconds);

// The payout's status now: pending, in_transit, paid, or failed.
std::string payout_status(const StripeState& state, const nlohmann::json& payout);

// POST /v1/payouts (manual): amount <= available, else 400 balance_insufficient.
nlohmann::json create_payout(StripeState& state, const Params& params);
ParamSpecs payout_param_specs();

}  // namespace stripe_sim
