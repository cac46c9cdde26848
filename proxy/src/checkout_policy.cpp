#include "stripe_proxy/checkout_policy.h"

#include <nlohmann/json.hpp>

#include "stripe_proxy/gateway_policy.h"
#include "stripe_proxy/parameter_rules.h"
#include "stripe_proxy/token_crypto.h"
#include "stripe_wire/form.h"

namespace stripe_proxy {
namespace {

using nlohmann::json;
constexpr std::int64_t max_amount = 99'999'999;  // Stripe's 8-digit ceiling

OrderResult refuse(std::string message, std::string param, std::string code = "parameter_invalid") {
  OrderResult result;
  result.error = invalid_request(std::move(message), std::move(param), std::move(code));
  return result;
}

std::string order_summary(const Order& order) {
  std::string summary;
  for (const auto& line : order.lines) {
    if (!summary.empty()) summary += ",";
    summary += line.item->sku + ":" + std::to_string(line.quantity);
  }
  return summary.substr(0, 500);
}

std::string order_description(const Order& order) {
  std::string text = "Order:";
  for (const auto& line : order.lines) {
    text += ' ';
    text += std::to_string(line.quantity);
    text += " x ";
    text += line.item->name;
    text += ';';
  }
  return text.substr(0, 350);
}

// Card brands as the Charges API spells them in `source.brand`.
std::string display_brand(std::string brand) {
  if (brand == "visa") return "Visa";
  if (brand == "mastercard") return "MasterCard";
  if (brand == "amex") return "American Express";
  if (brand == "discover") return "Discover";
  if (brand == "jcb") return "JCB";
  if (brand == "diners") return "Diners Club";
  if (brand == "unionpay") return "UnionPay";
  return brand;
}

std::string string_at(const json& object, const json::json_pointer& pointer) {
  return object.contains(pointer) && object[pointer].is_string() ? object[pointer].get<std::string>() : std::string{};
}

}  // namespace

OrderResult parse_order(std::string_view json_body, const Config& config, bool needs_token) {
  const json body = json::parse(json_body, nullptr, false);
  if (body.is_discarded()) return refuse("The request body is not valid JSON.", {}, "invalid_json");
  if (!body.is_object()) return refuse("The request body must be a JSON object.", {}, "invalid_json");
  Order order;
  if (needs_token) {
    if (!body.contains("token") || !body["token"].is_string()) return refuse("token must be a card token string.", "token");
    order.card_token = body["token"].get<std::string>();
    if (!order.card_token.starts_with("tok_") || !is_object_id(order.card_token)) {
      return refuse("token must be a card token (tok_...).", "token");
    }
  }
  if (!body.contains("email") || !body["email"].is_string()) return refuse("email must be a string.", "email");
  order.email = body["email"].get<std::string>();
  if (!rules::email(order.email).empty()) return refuse("email must be an email address.", "email");
  if (!body.contains("idempotency_key") || !body["idempotency_key"].is_string()) {
    return refuse("idempotency_key must be a string (one per order, reused on retries).", "idempotency_key");
  }
  order.idempotency_key = body["idempotency_key"].get<std::string>();
  if (order.idempotency_key.size() < 8 || !is_valid_idempotency_key(order.idempotency_key)) {
    return refuse("idempotency_key must be 8-255 visible ASCII characters.", "idempotency_key");
  }
  if (!body.contains("items") || !body["items"].is_array() || body["items"].empty()) {
    return refuse("items must be a non-empty array of {sku, quantity}.", "items");
  }
  if (body["items"].size() > max_order_lines) {
    return refuse("An order may have at most " + std::to_string(max_order_lines) + " lines.", "items");
  }
  for (std::size_t i = 0; i < body["items"].size(); ++i) {
    const json& entry = body["items"][i];
    const std::string field = "items[" + std::to_string(i) + "]";
    if (!entry.is_object()) return refuse(field + " must be an object.", field);
    if (!entry.contains("sku") || !entry["sku"].is_string()) return refuse(field + ".sku must be a string.", field + ".sku");
    const auto sku = entry["sku"].get<std::string>();
    OrderLine line;
    line.item = config.find_sku(sku);
    if (!line.item) return refuse("Unknown sku: " + sku.substr(0, 64) + ".", field + ".sku", "resource_missing");
    const json& quantity = entry.contains("quantity") ? entry["quantity"] : json();
    if (!quantity.is_number_integer()) return refuse(field + ".quantity must be an integer.", field + ".quantity");
    line.quantity = quantity.is_number_unsigned() && quantity.get<std::uint64_t>() > max_quantity_per_line
                        ? max_quantity_per_line + 1
                        : quantity.get<std::int64_t>();
    if (line.quantity < 1 || line.quantity > max_quantity_per_line) {
      return refuse(field + ".quantity must be between 1 and " + std::to_string(max_quantity_per_line) + ".",
                    field + ".quantity");
    }
    if (order.currency.empty()) order.currency = line.item->currency;
    if (line.item->currency != order.currency) {
      return refuse("All items of one order must be in the same currency.", field + ".sku", "currency_mismatch");
    }
    // unit_amount <= 99'999'999 and quantity <= 1000: no overflow before the check.
    order.amount += line.item->unit_amount * line.quantity;
    if (order.amount > max_amount) return refuse("The order total exceeds Stripe's maximum amount.", "items", "amount_too_large");
    order.lines.push_back(line);
  }
  OrderResult result;
  result.order = std::move(order);
  return result;
}

std::optional<StripeError> refuse_other_flow(PaymentFlow configured, PaymentFlow endpoint_flow) {
  if (configured == endpoint_flow) return std::nullopt;
  const bool intents = configured == PaymentFlow::payment_intents;
  return StripeError{.status = 400,
                     .type = "invalid_request_error",
                     .code = "payment_flow_disabled",
                     .message = intents ? "This shop takes card payments through /api/payment_intents (payment_flow "
                                          "\"payment_intents\"), not /api/checkout."
                                        : "This shop takes card payments through /api/checkout (payment_flow "
                                          "\"charges\"), not /api/payment_intents.",
                     .param = {}};
}

std::string derive_idempotency_key(std::string_view client_key, std::string_view step) {
  return "spx-" + std::string(step) + "-" + sha256_hex("checkout\n" + std::string(client_key)).substr(0, 48);
}

std::string customer_form(const Order& order) {
  return stripe_wire::encode_form({
      {"source", order.card_token},
      {"email", order.email},
      {"description", "Checkout customer"},
      {"metadata[order_key]", derive_idempotency_key(order.idempotency_key, "order").substr(0, 40)},
  });
}

std::string charge_form(const Order& order, std::string_view customer_id) {
  return stripe_wire::encode_form({
      {"amount", std::to_string(order.amount)},
      {"currency", order.currency},
      {"customer", std::string(customer_id)},
      // Stripe emails a receipt to receipt_email whatever the account's
      // "successful payments" email setting is, so the page's promise holds.
      {"receipt_email", order.email},
      {"description", order_description(order)},
      {"metadata[items]", order_summary(order)},
      {"metadata[order_key]", derive_idempotency_key(order.idempotency_key, "order").substr(0, 40)},
  });
}

std::string payment_intent_form(const Order& order) {
  return stripe_wire::encode_form({
      {"amount", std::to_string(order.amount)},
      {"currency", order.currency},
      {"receipt_email", order.email},
      {"description", order_description(order)},
      {"metadata[items]", order_summary(order)},
      {"metadata[order_key]", derive_idempotency_key(order.idempotency_key, "order").substr(0, 40)},
  });
}

std::optional<std::string> receipt_from_charge(std::string_view charge_json, std::string_view customer_id) {
  const json charge = json::parse(charge_json, nullptr, false);
  if (!charge.is_object() || charge.value("object", "") != "charge" || !charge.contains("amount") ||
      !charge["amount"].is_number_integer()) {
    return std::nullopt;
  }
  std::string brand = string_at(charge, json::json_pointer("/source/brand"));
  std::string last4 = string_at(charge, json::json_pointer("/source/last4"));
  if (brand.empty()) brand = display_brand(string_at(charge, json::json_pointer("/payment_method_details/card/brand")));
  if (last4.empty()) last4 = string_at(charge, json::json_pointer("/payment_method_details/card/last4"));
  std::string customer = string_at(charge, json::json_pointer("/customer"));
  if (customer.empty()) customer = string_at(charge, json::json_pointer("/customer/id"));
  if (customer.empty()) customer = std::string(customer_id);
  const json receipt = {
      {"charge", charge.value("id", "")},
      {"amount", charge["amount"].get<std::int64_t>()},
      {"currency", charge.value("currency", "")},
      {"status", charge.value("status", "")},
      // The charge's own time (Unix seconds), so a receipt shown again after
      // a reload carries when Stripe charged, not when the page asked.
      {"created", charge.contains("created") && charge["created"].is_number_integer() ? charge["created"] : json(nullptr)},
      {"receipt_email", charge.contains("receipt_email") && charge["receipt_email"].is_string() ? charge["receipt_email"] : json(nullptr)},
      {"card", {{"brand", brand}, {"last4", last4}}},
      {"customer", customer},
  };
  return receipt.dump();
}

std::optional<std::string> client_view_of_payment_intent(std::string_view intent_json) {
  const json intent = json::parse(intent_json, nullptr, false);
  if (!intent.is_object() || intent.value("object", "") != "payment_intent" || !intent.contains("client_secret") ||
      !intent["client_secret"].is_string() || !intent.contains("amount") || !intent["amount"].is_number_integer()) {
    return std::nullopt;
  }
  return json{{"id", intent.value("id", "")},
              {"client_secret", intent["client_secret"]},
              {"amount", intent["amount"].get<std::int64_t>()},
              {"currency", intent.value("currency", "")}}
      .dump();
}

std::string minimal_error_body(std::string_view stripe_error_json) {
  const json parsed = json::parse(stripe_error_json, nullptr, false);
  json inner = {{"type", "api_error"}, {"message", "The payment service answered unexpectedly."}};
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
    const json& error = parsed["error"];
    for (const char* key : {"type", "code", "decline_code", "message", "param"}) {
      if (error.contains(key) && error[key].is_string()) inner[key] = error[key];
    }
  }
  return json{{"error", inner}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace stripe_proxy
