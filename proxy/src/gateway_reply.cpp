#include "stripe_proxy/gateway_reply.h"

#include <algorithm>

#include "stripe_proxy/parameter_rules.h"
#include "stripe_proxy/stripe_error.h"

namespace stripe_proxy {
namespace {

// Stripe answers every /v1 request with a JSON object. Anything else (an
// HTML error page from a load balancer, an echo of the request) must not be
// served from the proxy's origin as what it claims to be.
bool looks_like_json_object(std::string_view content_type, std::string_view body) {
  if (!rules::media_type_is(content_type, "application/json")) return false;
  const auto first = body.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && body[first] == '{';
}

// The client's key as it goes inside a JSON string: it may hold '"' and '\'
// (visible ASCII is allowed), which must not end or break the string.
std::string json_string_content(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// Stripe quotes the key it saw in idempotency errors ("Try using a key other
// than 'gw-3f...'"): the client must read its own.
void show_client_key(std::string& body, IdempotencyKeys keys) {
  if (keys.upstream.empty()) return;
  const auto client = json_string_content(keys.client);
  for (auto at = body.find(keys.upstream); at != std::string::npos; at = body.find(keys.upstream, at + client.size())) {
    body.replace(at, keys.upstream.size(), client);
  }
}

// A request id is forwarded only as Stripe's shape: visible ASCII, short.
bool header_safe_id(std::string_view value) {
  return !value.empty() && value.size() <= 255 &&
         std::all_of(value.begin(), value.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

GatewayReply gateway_reply(UpstreamAnswer answer, IdempotencyKeys keys, const Redactor& redactor) {
  GatewayReply reply;
  if (header_safe_id(answer.request_id)) reply.request_id = redactor.redact(answer.request_id);
  if (!looks_like_json_object(answer.content_type, answer.body)) {
    reply.status = 502;
    reply.body = error_body({.status = 502,
                             .type = "api_error",
                             .code = "upstream_invalid_response",
                             .message = "Stripe's answer was not JSON; the proxy does not pass it on. Retry the request.",
                             .param = {}});
    return reply;
  }
  reply.status = answer.status;
  reply.body = std::move(answer.body);
  show_client_key(reply.body, keys);
  redactor.redact_in_place(reply.body);
  if (answer.idempotent_replayed == "true" || answer.idempotent_replayed == "false") {
    reply.idempotent_replayed = std::string(answer.idempotent_replayed);
  }
  return reply;
}

}  // namespace stripe_proxy
