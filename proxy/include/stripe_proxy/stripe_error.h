// Stripe-shaped error answers ({"error":{"type","code","message","param"}}),
// so that SDKs and the web pages show them as they would show Stripe's.
#pragma once

#include <string>
#include <string_view>

#include "stripe_proxy/asio.h"

namespace stripe_proxy {

struct StripeError {
  unsigned status = 400;
  std::string type = "invalid_request_error";
  std::string code;     // empty: omitted
  std::string message;
  std::string param;    // empty: omitted
};

// The JSON text of the error object.
std::string error_body(const StripeError& error);

// A complete response (JSON content type, no caching) for `request`'s version.
string_response error_response(const StripeError& error, unsigned http_version, bool keep_alive);

// Shorthands for the common refusals.
StripeError invalid_request(std::string message, std::string param = {}, std::string code = {});
StripeError unknown_url(std::string_view method, std::string_view path);

}  // namespace stripe_proxy
