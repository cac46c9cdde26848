// HTTP/1.1 messages as one contiguous string, written with a single buffer.
// Beast's serializer walks a chain of buffer views per write, which cost more
// CPU per request than everything else the proxy does in user space.
#pragma once

#include <string>
#include <string_view>

#include "stripe_proxy/asio.h"
#include "stripe_proxy/config.h"

namespace stripe_proxy {

// Status line (or request line), the fields in order, a blank line, the body:
// the bytes Beast's serializer would write for a message with a string body.
std::string to_wire(const string_response& response);
std::string to_wire(const string_request& request);

// A response as the session sends it: the message's fields without
// Connection, then Connection as `keep_alive` requires and X-Request-Id: the
// message that keep_alive(keep_alive) and set("X-Request-Id") would make,
// without adding fields to the message on every request. Without
// `with_body` (the answer to a HEAD) the fields, Content-Length included, stay
// and the body is left out.
std::string to_wire(const string_response& response, std::string_view request_id, bool keep_alive,
                    bool with_body = true);

// The headers every upstream request carries (Host, Authorization with the
// secret, Stripe-Version, User-Agent, Accept), built once per client.
std::string upstream_fixed_headers(const Upstream& upstream, std::string_view secret_key,
                                   std::string_view stripe_version);

// One upstream request: request line, the fixed headers, and for a POST the
// form content type, Idempotency-Key and body. Empty when the target or key
// holds a character that could split the request (CR, LF, NUL, space in key).
std::string upstream_request_bytes(http::verb method, std::string_view target, std::string_view fixed_headers,
                                   std::string_view idempotency_key, std::string_view body);

}  // namespace stripe_proxy
