// A deterministic Stripe history for demos and tests: N charges spread over M
// weeks before `now` in eur, usd, jpy and kwd (3 decimals), with declines,
// partial and full refunds, a few disputes, and the automatic payouts of
// state.payout_schedule (daily by default), a few of them failed.
// Same seed, `now` and schedule -> byte-identical objects.
#pragma once

#include <cstdint>

#include "stripe_sim/state.h"

namespace stripe_sim {

struct SeedOptions {
  std::uint64_t seed = 42;
  std::int64_t charges = 0;
  std::int64_t weeks = 4;
  std::int64_t now = 0;  // Unix seconds; everything happens before this
};

struct SeedSummary {
  std::int64_t charges = 0, failed = 0, refunds = 0, disputes = 0, payouts = 0;
  std::int64_t failed_payouts = 0;  // failures that happened by `now` (later ones happen as the clock moves)
};

SeedSummary seed_history(StripeState& state, const SeedOptions& options);

}  // namespace stripe_sim
