// The proxy's only way to Stripe: adds the secret and the pinned version,
// keeps a keep-alive pool, spaces requests by the rate budget, bounds
// concurrency (503 when saturated), times out connect and response, and
// retries as Stripe's SDKs do (see retry_policy.h).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "stripe_proxy/asio.h"
#include "stripe_proxy/config.h"
#include "stripe_proxy/rate_budget.h"
#include "stripe_proxy/retry_policy.h"
#include "stripe_proxy/upstream_response_parser.h"

namespace stripe_proxy {

struct UpstreamRequest {
  http::verb method = http::verb::get;
  std::string target;           // "/v1/charges?limit=3"
  std::string body;             // form-encoded (POST)
  std::string idempotency_key;  // POSTs without one get a random one
};

struct UpstreamResponse {
  bool received = false;        // false: connection error or timeout after all retries
  bool timed_out = false;
  unsigned status = 0;
  std::string body;
  std::string content_type;
  std::string request_id;       // Stripe's Request-Id
  std::string idempotent_replayed;  // Stripe's Idempotent-Replayed ("true" on a replay)
  int attempts = 0;
  std::chrono::steady_clock::duration round_trip{};  // of the last attempt, without budget waits or backoff
};

class UpstreamClient {
 public:
  UpstreamClient(io_executor executor, const Config& config, std::string secret_key,
                 asio::ssl::context* tls_context);
  ~UpstreamClient();

  // Takes a reference (the caller keeps it alive across the co_await): GCC 12
  // destroys temporaries passed by value to coroutines twice (PR 99576).
  // `caller` picks the rate schedule (see SplitRateBudget).
  awaitable<UpstreamResponse> send(const UpstreamRequest& request, Caller caller = Caller::token);

  // Concurrency bound: callers take a slot per downstream request that goes
  // upstream. Anonymous callers (the public checkout) get at most
  // max_upstream_concurrency less token_share_percent of it, so a flood of
  // checkouts leaves token holders slots (16 of the default 64).
  bool try_acquire_slot(Caller caller);
  void release_slot(Caller caller);
  std::size_t slots_in_use() const { return slots_in_use_; }
  double rate_per_second() const { return budget_.per_second(); }

  // Whether the upstream accepts TCP connections: a connect (no request, no
  // key, no rate budget), cached for a few seconds so /readyz stays cheap.
  awaitable<bool> reachable();

  // Closes idle pooled connections (shutdown).
  void close_idle();

 private:
  struct Connection;
  struct AttemptResult {
    bool received = false;
    bool timed_out = false;
    bool protocol_error = false;  // 101, an invalid status, endless 1xx: 502, no retry
    bool reusable = false;
    UpstreamMessage response;
  };

  awaitable<std::unique_ptr<Connection>> connect();
  // A pooled connection with nothing unread on it, or null.
  std::unique_ptr<Connection> take_idle();
  awaitable<void> read_response(Connection& connection, UpstreamResponseParser& parser, beast::error_code& ec);
  awaitable<AttemptResult> attempt(const std::string& request, bool allow_pooled, bool& used_pooled);
  awaitable<void> wait_until(RateBudget::clock::time_point when);  // the budget's slot

  io_executor executor_;
  const Config& config_;
  std::string secret_key_;
  asio::ssl::context* tls_context_;
  SplitRateBudget budget_;
  std::size_t anonymous_slots_;
  RetrySettings retry_settings_;
  std::string fixed_headers_;  // Host, Authorization, Stripe-Version, ...: the same on every request
  std::optional<tcp_resolver::results_type> endpoints_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t slots_in_use_ = 0;
  std::size_t anonymous_slots_in_use_ = 0;
  bool probe_running_ = false;
  bool last_probe_ok_ = false;
  std::chrono::steady_clock::time_point probe_valid_until_{};
  std::mt19937_64 random_;
};

// RAII for a concurrency slot.
class UpstreamSlot {
 public:
  explicit UpstreamSlot(UpstreamClient& client, Caller caller = Caller::token)
      : client_(&client), caller_(caller), held_(client.try_acquire_slot(caller)) {}
  ~UpstreamSlot() { if (held_) client_->release_slot(caller_); }
  UpstreamSlot(const UpstreamSlot&) = delete;
  UpstreamSlot& operator=(const UpstreamSlot&) = delete;
  bool held() const { return held_; }

 private:
  UpstreamClient* client_;
  Caller caller_;
  bool held_;
};

}  // namespace stripe_proxy
