#include "stripe_proxy/stripe_error.h"

#include <nlohmann/json.hpp>

namespace stripe_proxy {

std::string error_body(const StripeError& error) {
  nlohmann::json inner = {{"type", error.type}, {"message", error.message}};
  if (!error.code.empty()) inner["code"] = error.code;
  if (!error.param.empty()) inner["param"] = error.param;
  // Replace invalid UTF-8 from hostile input instead of throwing.
  return nlohmann::json{{"error", inner}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

string_response error_response(const StripeError& error, unsigned http_version, bool keep_alive) {
  string_response response{static_cast<http::status>(error.status), http_version};
  response.set(http::field::content_type, "application/json");
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(keep_alive);
  response.body() = error_body(error);
  response.prepare_payload();
  return response;
}

StripeError invalid_request(std::string message, std::string param, std::string code) {
  StripeError error;
  error.message = std::move(message);
  error.param = std::move(param);
  error.code = std::move(code);
  return error;
}

StripeError unknown_url(std::string_view method, std::string_view path) {
  StripeError error;
  error.status = 404;
  error.message = "Unrecognized request URL (" + std::string(method) + ": " +
                  std::string(path.substr(0, 200)) +
                  "). This proxy only forwards the endpoints it allows.";
  return error;
}

}  // namespace stripe_proxy
