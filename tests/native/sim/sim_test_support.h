// A simulator with a fixed clock and helpers to call it like a client would.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "stripe_sim/api.h"
#include "stripe_sim/state.h"

namespace sim_test {

constexpr std::int64_t kNow = 1'700'000'000;  // 2023-11-14T22:13:20Z
inline const std::string kSecret = "Bearer sk_test_simulator";
inline const std::string kPublishable = "Bearer pk_test_simulator";

struct Reply {
  int status;
  nlohmann::json body;
  stripe_sim::HttpResponse raw;
};

struct Simulator {
  stripe_sim::StripeState state{7};
  stripe_sim::SimApi api{state, {}};
  std::int64_t now = kNow;

  Simulator() { state.clock = [this] { return now; }; }

  Reply call(const std::string& method, const std::string& target, const std::string& body = {},
             const std::string& idempotency_key = {}, const std::string& authorization = kSecret,
             const std::string& stripe_version = {}) {
    auto raw = api.handle({.method = method, .target = target, .authorization = authorization,
                           .idempotency_key = idempotency_key, .body = body, .stripe_version = stripe_version});
    auto parsed = raw.body.empty() ? nlohmann::json() : nlohmann::json::parse(raw.body);
    return {raw.status, parsed, raw};
  }
  Reply post(const std::string& path, const std::string& body, const std::string& key = {}) {
    return call("POST", path, body, key);
  }
  Reply get(const std::string& target) { return call("GET", target); }
  // GET with a Stripe-Version header.
  Reply get_in(const std::string& version, const std::string& target) {
    return call("GET", target, {}, {}, kSecret, version);
  }

  // A succeeded charge of `amount` `currency` with tok_visa; returns its id.
  std::string charge(std::int64_t amount, const std::string& currency = "eur",
                     const std::string& source = "tok_visa") {
    auto reply = post("/v1/charges", "amount=" + std::to_string(amount) + "&currency=" + currency + "&source=" + source);
    return reply.body.value("id", std::string());
  }
};

}  // namespace sim_test
