// The public checkout endpoints: no token, CORS-restricted, priced from the
// catalog, idempotent end to end through keys derived from the client's key.
#include <nlohmann/json.hpp>

#include "stripe_proxy/checkout_policy.h"
#include "stripe_proxy/parameter_rules.h"
#include "stripe_proxy/proxy_app.h"

namespace stripe_proxy {
namespace {

// Refusals that need no upstream call, shared by both endpoints.
std::optional<StripeError> refuse_before_upstream(const string_request& request, const Config& config) {
  const auto origin = request[http::field::origin];
  if (!origin.empty() && !config.origin_allowed(origin)) {
    return StripeError{403, "invalid_request_error", "origin_not_allowed", "This origin may not use the checkout.", {}};
  }
  if (!rules::media_type_is(request[http::field::content_type], "application/json")) {
    return StripeError{415, "invalid_request_error", "content_type_invalid", "Content-Type must be application/json.", {}};
  }
  return std::nullopt;
}

StripeError saturated() {
  return {503, "api_error", "proxy_saturated", "The checkout is busy; retry shortly with the same idempotency_key.", {}};
}

// Upstream failure -> what the browser sees. Connection problems and 5xx are
// retryable with the same idempotency_key; Stripe's 4xx pass through minimally.
std::pair<unsigned, std::string> failure_answer(const UpstreamResponse& reply) {
  if (!reply.received) {
    return {reply.timed_out ? 504u : 502u,
            error_body({0, "api_connection_error", "upstream_unreachable",
                        "The payment service did not answer. Retry with the same idempotency_key; you will not be "
                        "charged twice.", {}})};
  }
  if (reply.status >= 500 || reply.status == 429 || reply.status == 409) {
    return {502, error_body({0, "api_error", "upstream_error",
                             "The payment service failed. Retry with the same idempotency_key; you will not be charged "
                             "twice.", {}})};
  }
  return {reply.status, minimal_error_body(reply.body)};
}

std::string string_field(std::string_view json_text, const char* key) {
  const auto parsed = nlohmann::json::parse(json_text, nullptr, false);
  if (!parsed.is_object() || !parsed.contains(key) || !parsed[key].is_string()) return {};
  return parsed[key].get<std::string>();
}

}  // namespace

awaitable<string_response> ProxyApp::handle_checkout(const string_request& request, AccessLogEntry& log) {
  if (auto refusal = refuse_before_upstream(request, config_)) {
    co_return error_response(*refusal, request.version(), request.keep_alive());
  }
  if (auto refusal = refuse_other_flow(config_.payment_flow, PaymentFlow::charges)) {
    co_return error_response(*refusal, request.version(), request.keep_alive());
  }
  auto parsed = parse_order(request.body(), config_, true);
  if (!parsed.order) co_return error_response(parsed.error, request.version(), request.keep_alive());
  const Order& order = *parsed.order;
  UpstreamSlot slot(upstream_, Caller::anonymous);
  if (!slot.held()) {
    auto response = error_response(saturated(), request.version(), request.keep_alive());
    response.set(http::field::retry_after, "1");
    co_return response;
  }
  const UpstreamRequest customer_request{http::verb::post, "/v1/customers", customer_form(order),
                                         derive_idempotency_key(order.idempotency_key, "customer")};
  auto customer = co_await upstream_.send(customer_request, Caller::anonymous);
  log.upstream_attempts = customer.attempts;
  log.upstream_request_id = customer.request_id;
  const auto customer_id = customer.received && customer.status == 200 ? string_field(customer.body, "id") : "";
  if (customer_id.empty()) {
    auto [status, body] = customer.received && customer.status == 200
                              ? std::pair<unsigned, std::string>{502, error_body({0, "api_error", "upstream_error", "Unexpected customer answer.", {}})}
                              : failure_answer(customer);
    auto response = json_response(request, status, body);
    add_cors(request, response);
    co_return response;
  }
  const UpstreamRequest charge_request{http::verb::post, "/v1/charges", charge_form(order, customer_id),
                                       derive_idempotency_key(order.idempotency_key, "charge")};
  auto charge = co_await upstream_.send(charge_request, Caller::anonymous);
  log.upstream_attempts += charge.attempts;
  log.upstream_request_id = charge.request_id;
  std::optional<std::string> receipt;
  if (charge.received && charge.status == 200) receipt = receipt_from_charge(charge.body, customer_id);
  string_response response;
  if (receipt) {
    response = json_response(request, 200, *receipt);
  } else if (charge.received && charge.status == 200) {
    response = json_response(request, 502, error_body({0, "api_error", "upstream_error", "Unexpected charge answer.", {}}));
  } else {
    auto [status, body] = failure_answer(charge);
    response = json_response(request, status, body);
  }
  add_cors(request, response);
  co_return response;
}

awaitable<string_response> ProxyApp::handle_payment_intent(const string_request& request, AccessLogEntry& log) {
  if (auto refusal = refuse_before_upstream(request, config_)) {
    co_return error_response(*refusal, request.version(), request.keep_alive());
  }
  if (auto refusal = refuse_other_flow(config_.payment_flow, PaymentFlow::payment_intents)) {
    co_return error_response(*refusal, request.version(), request.keep_alive());
  }
  auto parsed = parse_order(request.body(), config_, false);
  if (!parsed.order) co_return error_response(parsed.error, request.version(), request.keep_alive());
  UpstreamSlot slot(upstream_, Caller::anonymous);
  if (!slot.held()) {
    auto response = error_response(saturated(), request.version(), request.keep_alive());
    response.set(http::field::retry_after, "1");
    co_return response;
  }
  const UpstreamRequest intent_request{http::verb::post, "/v1/payment_intents", payment_intent_form(*parsed.order),
                                       derive_idempotency_key(parsed.order->idempotency_key, "payment_intent")};
  auto intent = co_await upstream_.send(intent_request, Caller::anonymous);
  log.upstream_attempts = intent.attempts;
  log.upstream_request_id = intent.request_id;
  std::optional<std::string> view;
  if (intent.received && intent.status == 200) view = client_view_of_payment_intent(intent.body);
  string_response response;
  if (view) {
    response = json_response(request, 200, *view);
  } else if (intent.received && intent.status == 200) {
    response = json_response(request, 502, error_body({0, "api_error", "upstream_error", "Unexpected PaymentIntent answer.", {}}));
  } else {
    auto [status, body] = failure_answer(intent);
    response = json_response(request, status, body);
  }
  add_cors(request, response);
  co_return response;
}

}  // namespace stripe_proxy
