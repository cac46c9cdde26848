#include "stripe_sim/stripe_error.h"

#include <utility>

namespace stripe_sim {

std::string doc_url_of(std::string_view code) {
  // Stripe's error-code pages use hyphens: resource_missing -> .../error-codes/resource-missing.
  std::string url = "https://stripe.com/docs/error-codes/";
  for (char c : code) url += c == '_' ? '-' : c;
  return url;
}

StripeError::StripeError(int http_status, std::string error_type, std::string error_code,
                         const std::string& message, std::string error_param)
    : std::runtime_error(message),
      status(http_status),
      type(std::move(error_type)),
      code(std::move(error_code)),
      param(std::move(error_param)) {}

nlohmann::json StripeError::to_json() const {
  nlohmann::json error = {{"type", type}, {"message", what()}};
  if (!code.empty()) error["code"] = code;
  if (!param.empty()) error["param"] = param;
  if (!decline_code.empty()) error["decline_code"] = decline_code;
  if (!code.empty()) error["doc_url"] = doc_url_of(code);
  for (const auto& [key, value] : extra.items()) error[key] = value;
  return {{"error", error}};
}

StripeError invalid_request(const std::string& message, std::string param, std::string code) {
  return {400, "invalid_request_error", std::move(code), message, std::move(param)};
}

StripeError resource_missing(std::string_view kind, std::string_view id, std::string param) {
  return {404, "invalid_request_error", "resource_missing",
          "No such " + std::string(kind) + ": '" + std::string(id) + "'", std::move(param)};
}

StripeError parameter_unknown(const std::string& param) {
  return invalid_request("Received unknown parameter: " + param, param, "parameter_unknown");
}

StripeError parameter_missing(const std::string& param) {
  return invalid_request("Missing required param: " + param + ".", param, "parameter_missing");
}

StripeError invalid_integer(const std::string& param, const std::string& message) {
  return invalid_request(message, param, "parameter_invalid_integer");
}

StripeError card_error(std::string code, const std::string& message, std::string decline_code, std::string param) {
  StripeError error{402, "card_error", std::move(code), message, std::move(param)};
  error.decline_code = std::move(decline_code);
  return error;
}

}  // namespace stripe_sim
