#include "stripe_proxy/retry_policy.h"

#include <algorithm>

namespace stripe_proxy {

bool should_retry(const AttemptOutcome& outcome, bool is_post, bool has_idempotency_key, int retries_done,
                  const RetrySettings& settings) {
  if (retries_done >= settings.max_retries) return false;
  // A POST without a key could create a second object: never repeat it.
  if (is_post && !has_idempotency_key) return false;
  if (outcome.connection_error) return true;
  if (outcome.should_retry.has_value()) return *outcome.should_retry;
  return outcome.status == 409 || outcome.status == 429 || outcome.status >= 500;
}

std::chrono::milliseconds backoff_delay(int retries_done, double unit_random, const RetrySettings& settings,
                                        std::optional<std::chrono::milliseconds> retry_after) {
  // As stripe-node: min(base * 2^n, cap), jittered by 0.5..1, at least base.
  const int shift = std::clamp(retries_done, 0, 20);
  auto delay = std::min(settings.cap, std::chrono::milliseconds(settings.base.count() << shift));
  const double jitter = 0.5 * (1.0 + std::clamp(unit_random, 0.0, 1.0));
  delay = std::chrono::milliseconds(static_cast<long long>(static_cast<double>(delay.count()) * jitter));
  delay = std::max(delay, settings.base);
  // A Retry-After (429) is honoured when it is within the cap.
  if (retry_after && *retry_after <= settings.cap) delay = std::max(delay, *retry_after);
  return std::min(delay, std::max(settings.cap, settings.base));
}

std::optional<bool> parse_should_retry(std::string_view value) {
  if (value == "true") return true;
  if (value == "false") return false;
  return std::nullopt;
}

}  // namespace stripe_proxy
