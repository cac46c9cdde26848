// The /v1 gateway's policy: who is calling (proxy token), which Stripe
// endpoint they may reach (scope), and which parameters pass (allow-list).
// Pure functions: everything not allowed here is refused and never forwarded.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "stripe_proxy/asio.h"
#include "stripe_proxy/config.h"
#include "stripe_proxy/stripe_error.h"

namespace stripe_proxy {

// The token behind "Bearer spx_..." or "Basic base64(spx_...:)"; nullptr when
// missing or unknown. Compares SHA-256 digests, so the config never holds a token.
const ProxyToken* authenticate(std::string_view authorization, const std::vector<ProxyToken>& tokens);

// Like authenticate, but with the Stripe-style 401 when it fails.
struct AuthResult {
  const ProxyToken* token = nullptr;
  StripeError error;
};
// Refusals say which of three things went wrong, so a viewer can say it at
// the field: no/unknown token (401), an expired one (401 token_expired), or a
// Stripe secret or restricted key sent by mistake (401 secret_key_not_accepted;
// the key itself is never quoted back).
AuthResult authenticate_or_refuse(std::string_view authorization, const std::vector<ProxyToken>& tokens,
                                  std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

struct GatewayRequest {
  http::verb method = http::verb::get;
  std::string_view target;         // path and query as received
  std::string_view authorization;  // header value
  std::string_view content_type;
  std::string_view body;
  std::string_view idempotency_key;  // header value, may be empty
  bool has_stripe_account = false;   // Connect headers are refused
  std::string_view stripe_version;   // the client's Stripe-Version header, may be empty
};

// What the proxy sends upstream: normalized (re-encoded) from the parsed form.
struct ForwardPlan {
  http::verb method = http::verb::get;
  std::string target;  // "/v1/charges?limit=3"
  std::string body;    // form-encoded, POST only
  std::string idempotency_key;         // namespaced: what Stripe sees
  std::string client_idempotency_key;  // as the client sent it, to quote in answers
  std::string route;   // pattern for the access log, e.g. "/v1/charges/{id}"
  std::string token_name;
};

struct GatewayDecision {
  std::optional<ForwardPlan> forward;
  StripeError error;  // meaningful when !forward
};

// `stripe_version` is the configured one, the only version the gateway speaks:
// a request naming another is refused (400 stripe_version_not_allowed).
GatewayDecision check_gateway_request(const GatewayRequest& request, const std::vector<ProxyToken>& tokens,
                                      std::string_view stripe_version);

// The upstream Idempotency-Key for a client's key: "gw-" + SHA-256 of the
// token's digest and the key, 67 characters whatever the client's length.
std::string namespaced_idempotency_key(const ProxyToken& token, std::string_view client_key);

// True for a Stripe object id as it may appear in a path or parameter.
bool is_object_id(std::string_view text);

// Header-safe idempotency key: 1-255 visible ASCII characters.
bool is_valid_idempotency_key(std::string_view key);

}  // namespace stripe_proxy
