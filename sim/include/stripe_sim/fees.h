// Stripe's fee and settlement arithmetic, in integer minor units.
//
// Processing fee = round_half_up(amount * percent_bps / 10000) + fixed, where
// `fixed_hundredths` is given in hundredths of the currency's major unit (30 =
// 0.30) and scaled to its exponent with half-up rounding: 30 for eur/usd,
// 300 for 3-decimal kwd, 0 for zero-decimal jpy (0.30 yen rounds to 0).
// Dispute fee: 15 major units (1500 for eur/usd, 15 for jpy, 15000 for kwd).
// Funds become available at 00:00 UTC `delay_days` days after creation (the
// payout schedule's delay_days, 2 by default).
#pragma once

#include <cstdint>

namespace stripe_sim {

struct FeePolicy {
  std::int64_t percent_bps = 290;      // 2.9 %
  std::int64_t fixed_hundredths = 30;  // 0.30 in the major unit
};

// Scales hundredths of a major unit to minor units of a currency with `exponent` decimals.
std::int64_t scale_hundredths(std::int64_t hundredths, int exponent);

std::int64_t processing_fee(std::int64_t amount, int exponent, const FeePolicy& policy);

std::int64_t dispute_fee(int exponent);

// 00:00 UTC of the day `delay_days` days after `created` (Unix seconds).
std::int64_t available_on(std::int64_t created, std::int64_t delay_days = 2);

}  // namespace stripe_sim
