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

  // When reserve(now) would send, without reserving.
  clock::time_point next(clock::time_point now) const;

  // Pushes the schedule back, e.g. after a 429 with Retry-After.
  void pause_until(clock::time_point until);

  double per_second() const { return per_second_; }

 private:
  double per_second_;
  clock::duration interval_;
  clock::duration burst_window_;
  clock::time_point next_free_{};
};

// Who an upstream request is for: a proxy-token holder (gateway, export) or
// an anonymous buyer (public checkout).
enum class Caller { token, anonymous };

// The budget split in two schedules so that anonymous checkouts cannot starve
// token holders: with one shared schedule, 100 parallel checkouts booked the
// next 2.5 s and a read token waited behind them. Tokens get `token_share`
// of the rate on their own schedule, anonymous callers the rest; the two
// rates add up to the budget, so Stripe never sees more.
//  - A token request takes the earlier of the two schedules' next slots, so
//    alone it has the whole rate.
//  - An anonymous request takes its own schedule's slot, or a token slot only
//    when one is free right now; so a token request waits at most one token
//    interval (1 / (25 x 25%) = 160 ms with the defaults) behind a flood of
//    checkouts.
// A token_share of 0 is one shared schedule, as before.
class SplitRateBudget {
 public:
  using clock = RateBudget::clock;

  // `burst` as for RateBudget, over both schedules together.
  SplitRateBudget(double per_second, int burst, double token_share);

  clock::time_point reserve(Caller caller, clock::time_point now);
  void pause_until(clock::time_point until);
  double per_second() const { return per_second_; }

 private:
  double per_second_;
  RateBudget anonymous_;  // everything when token_share is 0
  RateBudget tokens_;
  bool split_;
};

// 25 for test keys, 100 for live keys, unless configured.
double default_rate_for_key(bool live_key, double configured);

}  // namespace stripe_proxy
