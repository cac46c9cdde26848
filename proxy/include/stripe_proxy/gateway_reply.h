// What the /v1 gateway answers for an upstream (Stripe) response: a pure
// function, so that a hostile or echoing upstream is tested without sockets.
// The body is redacted (escaped forms too), a non-JSON body becomes a JSON
// 502, the namespaced Idempotency-Key is shown as the client's own, and only
// header values the proxy has checked are forwarded.
#pragma once

#include <string>
#include <string_view>

#include "stripe_proxy/redaction.h"

namespace stripe_proxy {

struct UpstreamAnswer {
  unsigned status = 0;
  std::string_view content_type;
  std::string body;
  std::string_view request_id;           // Stripe's Request-Id
  std::string_view idempotent_replayed;  // Stripe's Idempotent-Replayed
};

struct IdempotencyKeys {
  std::string_view upstream;  // what Stripe saw (gw-...), empty when none
  std::string_view client;    // what the client sent
};

// The answer's parts; its Content-Type is always application/json.
struct GatewayReply {
  unsigned status = 0;
  std::string body;
  std::string request_id;           // empty: not sent
  std::string idempotent_replayed;  // "true", "false" or empty (not sent)
};

GatewayReply gateway_reply(UpstreamAnswer answer, IdempotencyKeys keys, const Redactor& redactor);

}  // namespace stripe_proxy
