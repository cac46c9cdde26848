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

RateBudget::clock::time_point RateBudget::next(clock::time_point now) const {
  return std::max(std::max(next_free_, now - burst_window_), now);
}

void RateBudget::pause_until(clock::time_point until) { next_free_ = std::max(next_free_, until); }

SplitRateBudget::SplitRateBudget(double per_second, int burst, double token_share)
    : per_second_(per_second),
      // One burst slot for tokens, the others for the checkout (which sends two requests per order).
      anonymous_(token_share > 0 ? per_second * (1 - token_share) : per_second,
                 token_share > 0 ? std::max(burst - 1, 1) : burst),
      tokens_(token_share > 0 ? per_second * token_share : per_second, 1),
      split_(token_share > 0) {}

SplitRateBudget::clock::time_point SplitRateBudget::reserve(Caller caller, clock::time_point now) {
  if (!split_) return anonymous_.reserve(now);
  if (caller == Caller::token) {
    return tokens_.next(now) <= anonymous_.next(now) ? tokens_.reserve(now) : anonymous_.reserve(now);
  }
  if (anonymous_.next(now) > now && tokens_.next(now) == now) return tokens_.reserve(now);
  return anonymous_.reserve(now);
}

void SplitRateBudget::pause_until(clock::time_point until) {
  anonymous_.pause_until(until);
  tokens_.pause_until(until);
}

double default_rate_for_key(bool live_key, double configured) {
  if (configured > 0) return configured;
  return live_key ? 100.0 : 25.0;
}

}  // namespace stripe_proxy
