// Faults on demand (POST /_sim/faults): latency with jitter, a request-rate
// limit answering 429, 500s at a rate, and a connection reset before or after
// the operation commits. Parsing and the rate limiter are pure; the server
// applies them.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace stripe_sim {

struct ResetFault {
  bool after_commit = false;  // "after_commit": the operation happens, the client sees a drop
  std::string method;         // empty = any
  std::string path_prefix;    // empty = any
  std::int64_t count = 1;     // how many matching requests to reset
};

struct FaultSettings {
  std::int64_t latency_ms = 0;
  std::int64_t jitter_ms = 0;
  std::int64_t rate_limit_per_sec = 0;  // 0 = unlimited
  double error_rate = 0.0;              // probability of a 500, 0..1
  std::optional<ResetFault> reset;

  nlohmann::json to_json() const;
};

// Replaces all settings; throws StripeError 400 naming the bad field.
FaultSettings parse_fault_settings(const nlohmann::json& body);

// Whether a request matches the pending reset fault.
bool reset_applies(const ResetFault& reset, const std::string& method, const std::string& path);

// Sliding one-second window over request arrival times (milliseconds).
class RateLimiter {
 public:
  // True when the request may proceed; false means answer 429.
  bool allow(std::int64_t now_ms, std::int64_t limit_per_sec);

 private:
  std::deque<std::int64_t> recent_;
};

}  // namespace stripe_sim
