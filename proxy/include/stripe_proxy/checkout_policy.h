// The public checkout's policy: validates the browser's order, prices it from
// the catalog only, derives the upstream idempotency keys from the client's
// key, and shrinks Stripe's answers to a minimal receipt. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stripe_proxy/config.h"
#include "stripe_proxy/stripe_error.h"

namespace stripe_proxy {

struct OrderLine {
  const CatalogItem* item = nullptr;
  std::int64_t quantity = 0;
};

struct Order {
  std::string card_token;  // tok_... (checkout only)
  std::string email;
  std::vector<OrderLine> lines;
  std::string idempotency_key;  // the client's
  std::int64_t amount = 0;      // minor units, from the catalog
  std::string currency;
};

struct OrderResult {
  std::optional<Order> order;
  StripeError error;
};

constexpr std::int64_t max_quantity_per_line = 1000;
constexpr std::size_t max_order_lines = 50;

// Parses {token, email, items:[{sku, quantity}], idempotency_key}. `needs_token`
// is false for the PaymentIntent flow. Any price the client sends is ignored.
OrderResult parse_order(std::string_view json_body, const Config& config, bool needs_token);

// The refusal of an endpoint that belongs to the other payment flow (400
// payment_flow_disabled): a shop set up for SCA takes no token charges (they
// cannot do 3-D Secure), and a shop on charges creates no PaymentIntents.
// nullopt when `endpoint_flow` is the configured one.
std::optional<StripeError> refuse_other_flow(PaymentFlow configured, PaymentFlow endpoint_flow);

// "spx-<what>-<sha256(client key) prefix>": the same client key always maps to
// the same upstream key, so a retried checkout never charges twice.
std::string derive_idempotency_key(std::string_view client_key, std::string_view step);

// Form bodies of the upstream requests.
std::string customer_form(const Order& order);
std::string charge_form(const Order& order, std::string_view customer_id);
std::string payment_intent_form(const Order& order);

// {"charge","amount","currency","status","card":{"brand","last4"},"customer"}
// from a Charge object (`customer_id` when the charge does not name one);
// nullopt when the object is not a charge.
std::optional<std::string> receipt_from_charge(std::string_view charge_json, std::string_view customer_id = {});

// {"id","client_secret","amount","currency"} from a PaymentIntent.
std::optional<std::string> client_view_of_payment_intent(std::string_view intent_json);

// A Stripe error answer reduced to type/code/decline_code/message/param (no
// request log URLs, no object dumps). Unparseable: a generic api_error.
std::string minimal_error_body(std::string_view stripe_error_json);

}  // namespace stripe_proxy
