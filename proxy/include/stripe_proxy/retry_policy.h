// When to retry an upstream request, as Stripe's own SDKs do: connection
// errors, 409, 5xx (and 429, with backoff), or when Stripe says
// `Stripe-Should-Retry: true`; never when it says false. POSTs only with an
// Idempotency-Key. Jittered exponential backoff from 0.5 s, capped at 5 s.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace stripe_proxy {

struct AttemptOutcome {
  bool connection_error = false;      // no response at all (refused, reset, timeout)
  unsigned status = 0;                // when a response arrived
  std::optional<bool> should_retry;   // Stripe-Should-Retry header, if present
};

struct RetrySettings {
  int max_retries = 2;
  std::chrono::milliseconds base{500};
  std::chrono::milliseconds cap{5'000};
};

// `retries_done` counts retries already made (0 after the first attempt).
bool should_retry(const AttemptOutcome& outcome, bool is_post, bool has_idempotency_key, int retries_done,
                  const RetrySettings& settings);

// Delay before retry number `retries_done + 1`, as stripe-node computes it:
// min(base * 2^retries_done, cap) * (0.5 + 0.5 * unit_random), at least base.
// A Retry-After from upstream (429) within the cap raises it.
std::chrono::milliseconds backoff_delay(int retries_done, double unit_random, const RetrySettings& settings,
                                        std::optional<std::chrono::milliseconds> retry_after = std::nullopt);

// Parses a Stripe-Should-Retry header value.
std::optional<bool> parse_should_retry(std::string_view value);

}  // namespace stripe_proxy
