// Auth, idempotency and error handling around the routes (routes.cpp).
#include "stripe_sim/api.h"

#include <cstdio>

#include "stripe_sim/payouts.h"
#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

std::string base64_decode(std::string_view text) {
  auto value_of = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    int value = value_of(c);
    if (value < 0) return {};
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// Errors raised while reading parameters: Stripe does not store these for idempotency.
bool is_validation_error(const StripeError& error) {
  return error.code == "parameter_unknown" || error.code == "parameter_missing" ||
         error.code == "parameter_invalid_integer" || error.code == "parameter_invalid_duplicate" ||
         error.code == "parameters_exclusive" || error.code == "parameter_invalid_boolean";
}

bool is_publishable_route(const std::string& method, std::string_view path) {
  if (method != "POST" && method != "GET" && method != "OPTIONS") return false;
  if (path == "/v1/tokens" || path == "/v1/payment_methods") return method != "GET";
  if (!path.starts_with("/v1/payment_intents/")) return false;
  auto rest = path.substr(std::string_view("/v1/payment_intents/").size());
  auto slash = rest.find('/');
  if (slash == std::string_view::npos) return method == "GET" || method == "OPTIONS";  // retrieve with client_secret
  auto action = rest.substr(slash);
  return action == "/confirm" || action == "/_sim_authenticate";
}

}  // namespace

HttpResponse json_response(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

std::string HttpResponse::header(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return value;
  return {};
}

std::string api_key_from_authorization(const std::string& authorization) {
  if (authorization.starts_with("Bearer ")) return authorization.substr(7);
  if (authorization.starts_with("Basic ")) {
    auto decoded = base64_decode(authorization.substr(6));
    return decoded.substr(0, decoded.find(':'));
  }
  return {};
}

std::string redact_key(const std::string& key) {
  if (key.size() <= 12) return std::string(key.size(), '*');
  return key.substr(0, 8) + "****" + key.substr(key.size() - 4);
}

SimApi::SimApi(StripeState& state, ApiKeys keys) : state_(state), keys_(std::move(keys)) {}

std::string SimApi::new_request_id() {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "req_sim%014llu", static_cast<unsigned long long>(++request_counter_));
  return buffer;
}

HttpResponse SimApi::error_response(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.headers.emplace_back("Request-Id", new_request_id());
  return response;
}

HttpResponse SimApi::handle(const HttpRequest& request) {
  ++requests_;
  // Payouts due by now happen before the request sees the account.
  run_payouts_until(state_, state_.now());
  const std::string path(request.target.substr(0, request.target.find('?')));
  const bool cors = is_publishable_route(request.method, path);
  auto finish = [&](HttpResponse response) {
    response.headers.emplace_back("Request-Id", new_request_id());
    if (cors) response.headers.emplace_back("Access-Control-Allow-Origin", "*");
    return response;
  };
  if (request.method == "OPTIONS" && cors) {
    HttpResponse preflight;
    preflight.status = 204;
    preflight.headers = {{"Access-Control-Allow-Methods", "GET, POST"},
                         {"Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key, Stripe-Version"},
                         {"Access-Control-Max-Age", "600"}};
    return finish(preflight);
  }
  if (path.starts_with("/_sim/") || path.starts_with("/v1/")) {
    // Authentication first: nothing about the account leaks to an unauthenticated caller.
    const std::string key = api_key_from_authorization(request.authorization);
    if (key.empty()) {
      return finish(error_response(401, StripeError(401, "invalid_request_error", {},
          "You did not provide an API key. You need to provide your API key in the Authorization header, "
          "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').").to_json()));
    }
    const bool publishable = key == keys_.publishable;
    if (key != keys_.secret && !publishable) {
      return finish(error_response(401, StripeError(401, "invalid_request_error", "api_key_invalid",
          "Invalid API Key provided: " + redact_key(key)).to_json()));
    }
    if (publishable && !cors) {
      return finish(error_response(401, StripeError(401, "invalid_request_error", "secret_key_required",
          "This API call cannot be made with a publishable API key. Please use a secret API key.").to_json()));
    }
    ApiVersion version = default_version;
    if (!request.stripe_version.empty()) {
      auto asked = parse_api_version(request.stripe_version);
      if (!asked) {
        return finish(error_response(400, invalid_request("Invalid Stripe API version: " + request.stripe_version +
                                                          ". Versions look like 2022-11-15.").to_json()));
      }
      version = *asked;
    }
    if (request.method != "POST" || request.idempotency_key.empty() || !path.starts_with("/v1/")) {
      return finish(dispatch(request, publishable, version));
    }
    if (request.idempotency_key.size() > 255) {
      return finish(error_response(400, invalid_request("Idempotency-Key must be at most 255 characters long.",
                                                        {}, "idempotency_key_too_long").to_json()));
    }
    const std::string fingerprint = key + '\n' + request.method + ' ' + request.target + '\n' + request.body;
    if (auto saved = idempotent_.find(request.idempotency_key); saved != idempotent_.end()) {
      if (saved->second.fingerprint != fingerprint) {
        return finish(error_response(400, StripeError(400, "idempotency_error", "idempotency_key_in_use",
            "Keys for idempotent requests can only be used with the same parameters they were first used with. "
            "Try using a key other than '" + request.idempotency_key + "' if you meant to execute a different request.").to_json()));
      }
      HttpResponse replay = saved->second.response;
      std::erase_if(replay.headers, [](const auto& header) {
        return header.first == "Request-Id" || header.first == "Access-Control-Allow-Origin";
      });
      replay.headers.emplace_back("Idempotent-Replayed", "true");
      replay.headers.emplace_back("Original-Request", saved->second.response.header("Request-Id"));
      return finish(replay);
    }
    HttpResponse response = finish(dispatch(request, publishable, version));
    bool save = response.status < 500 && response.status != 401 && response.status != 429;
    if (save && response.status == 400) {
      auto body = nlohmann::json::parse(response.body, nullptr, false);
      if (body.is_object() && body.contains("error")) {
        StripeError probe{400, "", body["error"].value("code", std::string()), ""};
        save = !is_validation_error(probe);
      }
    }
    if (save) {
      idempotent_[request.idempotency_key] = {fingerprint, response};
      idempotent_order_.push_back(request.idempotency_key);
      if (idempotent_order_.size() > kMaxIdempotencyKeys) {
        idempotent_.erase(idempotent_order_.front());
        idempotent_order_.pop_front();
      }
    }
    return response;
  }
  return finish(error_response(404, invalid_request("Unrecognized request URL (" + request.method + ": " + path +
                                                    ").").to_json()));
}

}  // namespace stripe_sim
