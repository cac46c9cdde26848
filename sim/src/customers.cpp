#include "stripe_sim/customers.h"

#include "stripe_sim/cards.h"
#include "stripe_sim/charges.h"
#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

void apply_customer_fields(StripeState& state, nlohmann::json& customer, const Params& params) {
  for (const char* field : {"email", "name", "description", "phone"}) {
    if (params.has(field)) {
      auto value = params.text(field);
      customer[field] = value ? nlohmann::json(*value) : nlohmann::json(nullptr);
    }
  }
  for (const auto& [key, value] : params.hash("metadata")) {
    if (value.empty()) customer["metadata"].erase(key);
    else customer["metadata"][key] = value;
  }
  if (auto source = params.text("source")) {
    const std::string card = card_for_source(state, *source, customer.at("id"), state.now());
    const CardOutcome outcome = state.card_details.at(card).outcome;
    if (declines_at_attach(outcome)) {
      const auto decline = decline_for(outcome, false);
      throw card_error("card_declined", decline->message, decline->decline_code);
    }
    customer["default_source"] = card;
  }
}

}  // namespace

ParamSpecs customer_param_specs() {
  return {{"email"}, {"name"}, {"description"}, {"phone"}, {"metadata", ParamKind::hash_any}, {"source"},
          {"expand", ParamKind::array}};
}

nlohmann::json create_customer(StripeState& state, const Params& params) {
  const auto now = state.now();
  const std::string id = state.new_id("cus_");
  nlohmann::json customer = {
      {"id", id}, {"object", "customer"}, {"address", nullptr}, {"balance", 0}, {"created", now},
      {"currency", nullptr}, {"default_source", nullptr}, {"delinquent", false}, {"description", nullptr},
      {"discount", nullptr}, {"email", nullptr}, {"invoice_prefix", state.random_text(8)},
      {"invoice_settings", {{"custom_fields", nullptr}, {"default_payment_method", nullptr}, {"footer", nullptr}, {"rendering_options", nullptr}}},
      {"livemode", false}, {"metadata", nlohmann::json::object()}, {"name", nullptr}, {"next_invoice_sequence", 1},
      {"phone", nullptr}, {"preferred_locales", nlohmann::json::array()}, {"shipping", nullptr},
      {"tax_exempt", "none"}, {"test_clock", nullptr}};
  // Validate the source before storing, so a bad token leaves no half-made customer.
  apply_customer_fields(state, customer, params);
  return state.customers.insert(std::move(customer));
}

nlohmann::json update_customer(StripeState& state, const std::string& id, const Params& params) {
  auto* customer = state.customers.find(id);
  if (!customer) throw resource_missing("customer", id);
  nlohmann::json updated = *customer;
  apply_customer_fields(state, updated, params);
  *customer = updated;
  return updated;
}

}  // namespace stripe_sim
