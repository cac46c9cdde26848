// The simulator's request handling as a pure function of (state, request):
// auth, idempotency, routing, expansion and Stripe's error objects. The
// Beast server is a thin shell around SimApi::handle.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "stripe_sim/faults.h"
#include "stripe_sim/state.h"

namespace stripe_sim {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query
  std::string authorization;
  std::string idempotency_key;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // includes Request-Id
  std::string header(const std::string& name) const;
};

struct ApiKeys {
  std::string secret = "sk_test_simulator";
  std::string publishable = "pk_test_simulator";
};

class SimApi {
 public:
  SimApi(StripeState& state, ApiKeys keys);

  HttpResponse handle(const HttpRequest& request);
  // For requests the server answers itself (faults): still counted in /_sim/stats.
  void count_request() { ++requests_; }
  // A Stripe error response (with Request-Id), e.g. the server's injected 429/500.
  HttpResponse error_response(int status, const nlohmann::json& body);

  FaultSettings faults;  // set by POST /_sim/faults, applied by the server
  StripeState& state() { return state_; }

 private:
  struct SavedResponse {
    std::string fingerprint;
    HttpResponse response;
  };

  HttpResponse dispatch(const HttpRequest& request, bool publishable);
  std::string new_request_id();

  StripeState& state_;
  ApiKeys keys_;
  std::unordered_map<std::string, SavedResponse> idempotent_;
  std::uint64_t requests_ = 0;
  std::uint64_t request_counter_ = 0;
};

// Which key the Authorization header carries (Bearer or Basic with the key as user).
std::string api_key_from_authorization(const std::string& authorization);

// "sk_test_simulator" -> "sk_test_****ator": never echo a whole key.
std::string redact_key(const std::string& key);

}  // namespace stripe_sim
