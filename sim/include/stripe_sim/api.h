// The simulator's request handling as a pure function of (state, request):
// auth, idempotency, routing, expansion and Stripe's error objects. The
// Beast server is a thin shell around SimApi::handle.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "stripe_sim/api_version.h"
#include "stripe_sim/faults.h"
#include "stripe_sim/state.h"

namespace stripe_sim {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query
  std::string authorization;
  std::string idempotency_key;
  std::string body;
  std::string stripe_version;  // the Stripe-Version header; empty = the account's default
};

struct HttpResponse {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // includes Request-Id
  std::string header(const std::string& name) const;
};

// A response with `body` serialised (invalid UTF-8 replaced, never a throw).
HttpResponse json_response(int status, const nlohmann::json& body);

struct ApiKeys {
  std::string secret = "sk_test_simulator";
  std::string publishable = "pk_test_simulator";
};

// Stripe keeps idempotency keys for 24 hours; the simulator keeps the newest this many.
constexpr std::size_t kMaxIdempotencyKeys = 100'000;

class SimApi {
 public:
  SimApi(StripeState& state, ApiKeys keys);

  HttpResponse handle(const HttpRequest& request);
  // For requests the server answers itself (faults): still counted in /_sim/stats.
  void count_request() { ++requests_; }
  // A Stripe error response (with Request-Id), e.g. the server's injected 429/500.
  HttpResponse error_response(int status, const nlohmann::json& body);

  FaultSettings faults;  // set by POST /_sim/faults, applied by the server
  // The account's default API version, for requests without Stripe-Version (--api-version).
  ApiVersion default_version;
  StripeState& state() { return state_; }

 private:
  struct SavedResponse {
    std::string fingerprint;
    HttpResponse response;
  };

  HttpResponse dispatch(const HttpRequest& request, bool publishable, const ApiVersion& version);
  // /_sim/*: stats, faults, the simulated clock and the payout schedule (control_routes.cpp).
  HttpResponse control(const HttpRequest& request, const std::string& path);
  std::string new_request_id();

  StripeState& state_;
  ApiKeys keys_;
  std::unordered_map<std::string, SavedResponse> idempotent_;
  std::deque<std::string> idempotent_order_;  // oldest first, to bound memory
  std::uint64_t requests_ = 0;
  std::uint64_t request_counter_ = 0;
};

// Which key the Authorization header carries (Bearer or Basic with the key as user).
std::string api_key_from_authorization(const std::string& authorization);

// "sk_test_simulator" -> "sk_test_****ator": never echo a whole key.
std::string redact_key(const std::string& key);

}  // namespace stripe_sim
