#include "stripe_proxy/rate_budget.h"

#include <algorithm>

namespace stripe_proxy {

RateBudget::RateBudget(double per_second, int burst)
    : per_second_(per_second),
      interval_(std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(1.0 / per_second))),
      burst_window_(interval_ * std::max(burst - 1, 0)) {}

RateBudget::clock::time_point RateBudget::reserve(clock::time_point now) {
  // An idle budget may lend up to `burst` slots from the past, no more.
  const auto earliest = std::max(next_free_, now - burst_window_);
  next_free_ = earliest + interval_;
  return std::max(earliest, now);
}

void RateBudget::pause_until(clock::time_point until) { next_free_ = std::max(next_free_, until); }

double default_rate_for_key(bool live_key, double configured) {
  if (configured > 0) return configured;
  return live_key ? 100.0 : 25.0;
}

}  // namespace stripe_proxy
