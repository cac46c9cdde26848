// A client-side rate budget toward Stripe (default 25 req/s with test keys,
// 100 with live keys): requests are spaced on a schedule so that all viewers
// together stay under the limit instead of earning 429s. Pure: time is passed in.
#pragma once

#include <chrono>

namespace stripe_proxy {

class RateBudget {
 public:
  using clock = std::chrono::steady_clock;

  // `burst` requests may go at once after an idle period.
  explicit RateBudget(double per_second, int burst = 1);

  // Reserves the next slot; returns when the request may be sent (>= now).
  clock::time_point reserve(clock::time_point now);

  // Pushes the schedule back, e.g. after a 429 with Retry-After.
  void pause_until(clock::time_point until);

  double per_second() const { return per_second_; }

 private:
  double per_second_;
  clock::duration interval_;
  clock::duration burst_window_;
  clock::time_point next_free_{};
};

// 25 for test keys, 100 for live keys, unless configured.
double default_rate_for_key(bool live_key, double configured);

}  // namespace stripe_proxy
