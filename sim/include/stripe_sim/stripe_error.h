// Errors exactly as Stripe reports them: an HTTP status plus the `error`
// object {type, code, message, param, decline_code}. Policy code throws these;
// the API layer turns them into responses.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace stripe_sim {

struct StripeError : std::runtime_error {
  int status;
  std::string type;
  std::string code;
  std::string param;
  std::string decline_code;
  nlohmann::json extra = nlohmann::json::object();  // e.g. {"charge": "ch_..."}

  StripeError(int http_status, std::string error_type, std::string error_code, const std::string& message,
              std::string error_param = {});
  // {"error": {...}} with only the fields Stripe would send.
  nlohmann::json to_json() const;
};

// https://stripe.com/docs/error-codes/<code with hyphens>, Stripe's form of error.doc_url.
std::string doc_url_of(std::string_view code);

// 400 invalid_request_error.
StripeError invalid_request(const std::string& message, std::string param = {}, std::string code = {});
// 404 resource_missing: "No such charge: 'ch_x'", param "id" for an id in the
// URL path (as Stripe sends it), else the parameter that named the id.
StripeError resource_missing(std::string_view kind, std::string_view id, std::string param = "id");
StripeError parameter_unknown(const std::string& param);
StripeError parameter_missing(const std::string& param);
StripeError invalid_integer(const std::string& param, const std::string& message);
// 402 card_error.
StripeError card_error(std::string code, const std::string& message, std::string decline_code = {},
                       std::string param = {});

}  // namespace stripe_sim
