#include "stripe_sim/fees.h"

namespace stripe_sim {
namespace {

constexpr std::int64_t kDay = 86400;

// Half-up division for non-negative numerators.
std::int64_t divide_half_up(std::int64_t numerator, std::int64_t denominator) {
  return (numerator + denominator / 2) / denominator;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

std::int64_t scale_hundredths(std::int64_t hundredths, int exponent) {
  if (exponent >= 2) {
    std::int64_t value = hundredths;
    for (int i = 2; i < exponent; ++i) value *= 10;
    return value;
  }
  std::int64_t divisor = exponent == 1 ? 10 : 100;
  return divide_half_up(hundredths, divisor);
}

std::int64_t processing_fee(std::int64_t amount, int exponent, const FeePolicy& policy) {
  return divide_half_up(amount * policy.percent_bps, 10000) + scale_hundredths(policy.fixed_hundredths, exponent);
}

std::int64_t dispute_fee(int exponent) { return scale_hundredths(1500, exponent); }

std::int64_t available_on(std::int64_t created, std::int64_t delay_days) {
  return (floor_div(created, kDay) + delay_days) * kDay;
}

}  // namespace stripe_sim
