#include "stripe_sim/payment_intents.h"

#include "stripe_report/currency.h"
#include "stripe_sim/cards.h"
#include "stripe_sim/charges.h"
#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

nlohmann::json& find_intent(StripeState& state, const std::string& id) {
  auto* intent = state.payment_intents.find(id);
  if (!intent) throw resource_missing("payment_intent", id);
  return *intent;
}

StripeError unexpected_state(const nlohmann::json& intent, const std::string& action) {
  auto error = invalid_request("You cannot " + action + " this PaymentIntent because it has a status of " +
                                   intent.at("status").get<std::string>() + ".",
                               {}, "payment_intent_unexpected_state");
  error.extra["payment_intent"] = intent;
  return error;
}

// Charges the intent's payment method; on a decline the intent goes back to
// requires_payment_method with last_payment_error, and the 402 carries it.
nlohmann::json charge_intent(StripeState& state, nlohmann::json& intent, bool authenticated) {
  ChargeInput input;
  input.amount = intent.at("amount").get<std::int64_t>();
  input.currency = intent.at("currency").get<std::string>();
  input.payment_source = intent.at("payment_method").get<std::string>();
  input.customer = intent.at("customer");
  input.payment_intent = intent.at("id");
  input.description = intent.at("description");
  input.metadata = intent.at("metadata");
  input.receipt_email = intent.at("receipt_email");
  input.authenticated = authenticated;
  input.created = state.now();
  try {
    auto& charge = charge_card(state, input);
    intent["status"] = "succeeded";
    intent["amount_received"] = input.amount;
    intent["latest_charge"] = charge.at("id");
    intent["next_action"] = nullptr;
    intent["last_payment_error"] = nullptr;
    return intent;
  } catch (StripeError& error) {
    if (error.status != 402) throw;
    intent["status"] = "requires_payment_method";
    intent["next_action"] = nullptr;
    if (error.extra.contains("charge")) intent["latest_charge"] = error.extra["charge"];
    nlohmann::json last_error = error.to_json().at("error");
    last_error["payment_method"] = *state.payment_methods.find(input.payment_source);
    intent["last_payment_error"] = last_error;
    intent["payment_method"] = nullptr;
    error.extra["payment_intent"] = intent;
    throw;
  }
}

// 3-D Secure cards stop at requires_action until _sim_authenticate; others charge now.
nlohmann::json charge_intent_or_challenge(StripeState& state, nlohmann::json& intent) {
  const auto& card = state.card_details.at(intent.at("payment_method").get<std::string>());
  if (card.outcome == CardOutcome::requires_authentication) {
    intent["status"] = "requires_action";
    intent["next_action"] = {
        {"type", "use_stripe_sdk"},
        {"use_stripe_sdk", {{"type", "three_d_secure_redirect"},
                            {"stripe_js", "/v1/payment_intents/" + intent.at("id").get<std::string>() + "/_sim_authenticate"},
                            {"source", "src_" + intent.at("id").get<std::string>().substr(3)}}}};
    return intent;
  }
  return charge_intent(state, intent, false);
}

}  // namespace

ParamSpecs payment_intent_create_specs() {
  return {{"amount"}, {"currency"}, {"payment_method_types", ParamKind::array}, {"customer"},
          {"payment_method"}, {"confirm"}, {"description"}, {"metadata", ParamKind::hash_any},
          {"receipt_email"}, {"automatic_payment_methods", ParamKind::hash_of, {"enabled", "allow_redirects"}},
          {"return_url"}, {"statement_descriptor"}, {"expand", ParamKind::array}};
}

ParamSpecs payment_intent_confirm_specs() {
  return {{"payment_method"}, {"client_secret"}, {"return_url"}, {"receipt_email"}, {"use_stripe_sdk"},
          {"payment_method_data", ParamKind::hash_any}, {"expand", ParamKind::array}};
}

ParamSpecs payment_intent_authenticate_specs() { return {{"result"}, {"client_secret"}}; }

void check_client_secret(const StripeState& state, const std::string& id, const std::optional<std::string>& secret) {
  const auto* intent = state.payment_intents.find(id);
  if (!intent) throw resource_missing("payment_intent", id);
  if (!secret) throw parameter_missing("client_secret");
  if (intent->at("client_secret") != *secret) {
    throw invalid_request("The client_secret provided does not match the client_secret associated with the PaymentIntent.",
                          "client_secret", "payment_intent_invalid_parameter");
  }
}

nlohmann::json create_payment_intent(StripeState& state, const Params& params) {
  const auto amount = params.integer("amount", 0, 99'999'999'999);
  if (!amount) throw parameter_missing("amount");
  const auto currency = params.required_text("currency");
  check_amount(*amount, currency);
  for (const auto& type : params.array("payment_method_types")) {
    if (type != "card") throw invalid_request("The payment method type \"" + type + "\" is invalid.", "payment_method_types");
  }
  nlohmann::json customer = nullptr;
  if (auto customer_id = params.text("customer")) {
    if (!state.customers.find(*customer_id)) throw resource_missing("customer", *customer_id, "customer");
    customer = *customer_id;
  }
  const auto now = state.now();
  const std::string id = state.new_id("pi_");
  nlohmann::json intent = {
      {"id", id}, {"object", "payment_intent"}, {"amount", *amount}, {"amount_capturable", 0},
      {"amount_details", {{"tip", nlohmann::json::object()}}}, {"amount_received", 0}, {"application", nullptr},
      {"application_fee_amount", nullptr},
      {"automatic_payment_methods", params.boolean("automatic_payment_methods[enabled]") == true ? nlohmann::json{{"enabled", true}} : nlohmann::json(nullptr)},
      {"canceled_at", nullptr}, {"cancellation_reason", nullptr}, {"capture_method", "automatic"},
      {"client_secret", id + "_secret_" + state.random_text(25)}, {"confirmation_method", "automatic"},
      {"created", now}, {"currency", currency}, {"customer", customer},
      {"description", params.text("description") ? nlohmann::json(*params.text("description")) : nlohmann::json(nullptr)},
      {"last_payment_error", nullptr}, {"latest_charge", nullptr}, {"livemode", false},
      {"metadata", nlohmann::json::object()}, {"next_action", nullptr}, {"on_behalf_of", nullptr},
      {"payment_method", nullptr},
      {"payment_method_options", {{"card", {{"installments", nullptr}, {"mandate_options", nullptr}, {"network", nullptr}, {"request_three_d_secure", "automatic"}}}}},
      {"payment_method_types", {"card"}}, {"processing", nullptr},
      {"receipt_email", params.text("receipt_email") ? nlohmann::json(*params.text("receipt_email")) : nlohmann::json(nullptr)},
      {"review", nullptr}, {"setup_future_usage", nullptr}, {"shipping", nullptr},
      {"statement_descriptor", nullptr}, {"statement_descriptor_suffix", nullptr},
      {"status", "requires_payment_method"}, {"transfer_data", nullptr}, {"transfer_group", nullptr}};
  for (const auto& [key, value] : params.hash("metadata")) intent["metadata"][key] = value;
  if (auto method = params.text("payment_method")) {
    intent["payment_method"] = payment_method_for(state, *method, now);
    intent["status"] = "requires_confirmation";
  }
  auto& stored = state.payment_intents.insert(std::move(intent));
  if (params.boolean("confirm") == true) {
    if (stored.at("payment_method").is_null()) throw parameter_missing("payment_method");
    return charge_intent_or_challenge(state, stored);
  }
  return stored;
}

nlohmann::json confirm_payment_intent(StripeState& state, const std::string& id, const Params& params,
                                      bool publishable) {
  if (publishable) check_client_secret(state, id, params.text("client_secret"));
  auto& intent = find_intent(state, id);
  const auto status = intent.at("status").get<std::string>();
  if (status != "requires_payment_method" && status != "requires_confirmation") throw unexpected_state(intent, "confirm");
  if (auto method = params.text("payment_method")) {
    intent["payment_method"] = payment_method_for(state, *method, state.now());
  }
  if (intent.at("payment_method").is_null()) {
    auto error = invalid_request("You cannot confirm this PaymentIntent because it's missing a payment method.",
                                 "payment_method", "payment_intent_unexpected_state");
    error.extra["payment_intent"] = intent;
    throw error;
  }
  if (auto email = params.text("receipt_email")) intent["receipt_email"] = *email;
  return charge_intent_or_challenge(state, intent);
}

nlohmann::json authenticate_payment_intent(StripeState& state, const std::string& id, const Params& params) {
  check_client_secret(state, id, params.text("client_secret"));
  auto& intent = find_intent(state, id);
  if (intent.at("status") != "requires_action") throw unexpected_state(intent, "authenticate");
  const auto result = params.required_text("result");
  if (result == "approve") return charge_intent(state, intent, true);
  if (result != "decline") throw invalid_request("result must be approve or decline.", "result");
  nlohmann::json error = {
      {"code", "payment_intent_authentication_failure"},
      {"message", "We are unable to authenticate your payment method. Please choose a different payment method and try again."},
      {"type", "invalid_request_error"},
      {"payment_method", *state.payment_methods.find(intent.at("payment_method").get<std::string>())}};
  intent["status"] = "requires_payment_method";
  intent["next_action"] = nullptr;
  intent["payment_method"] = nullptr;
  intent["last_payment_error"] = error;
  return intent;
}

nlohmann::json cancel_payment_intent(StripeState& state, const std::string& id) {
  auto& intent = find_intent(state, id);
  const auto status = intent.at("status").get<std::string>();
  if (status == "succeeded" || status == "canceled") throw unexpected_state(intent, "cancel");
  intent["status"] = "canceled";
  intent["canceled_at"] = state.now();
  intent["next_action"] = nullptr;
  return intent;
}

}  // namespace stripe_sim
