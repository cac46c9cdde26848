#include "stripe_sim/cards.h"

#include <algorithm>

#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

const std::vector<std::string> kCardKeys{"number", "exp_month", "exp_year", "cvc", "name",
                                         "address_line1", "address_line2", "address_city",
                                         "address_state", "address_zip", "address_country", "currency"};

nlohmann::json null_address() {
  return {{"city", nullptr}, {"country", nullptr}, {"line1", nullptr},
          {"line2", nullptr}, {"postal_code", nullptr}, {"state", nullptr}};
}

nlohmann::json text_or_null(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

ParamSpecs token_param_specs() {
  return {{"card", ParamKind::hash_of, kCardKeys}, {"customer"}, {"expand", ParamKind::array}};
}

ParamSpecs payment_method_param_specs() {
  return {{"type"}, {"card", ParamKind::hash_of, kCardKeys}, {"billing_details", ParamKind::hash_any},
          {"metadata", ParamKind::hash_any}, {"expand", ParamKind::array}};
}

CardDetails card_details_from_params(const Params& params, std::int64_t now) {
  std::string number = params.required_text("card[number]");
  number.erase(std::remove(number.begin(), number.end(), ' '), number.end());
  auto details = card_from_number(number);
  if (!details) throw card_error("incorrect_number", "Your card number is incorrect.", {}, "number");
  auto exp_month = parse_int64(params.required_text("card[exp_month]"));
  if (!exp_month || *exp_month < 1 || *exp_month > 12) {
    throw card_error("invalid_expiry_month", "Your card's expiration month is invalid.", {}, "exp_month");
  }
  auto exp_year = parse_int64(params.required_text("card[exp_year]"));
  if (exp_year && *exp_year < 100) *exp_year += 2000;
  // Current year from Unix seconds (civil year of `now`, good to a day).
  const std::int64_t this_year = 1970 + (now / 86400 * 4 + 2) / 1461;
  if (!exp_year || *exp_year < this_year || *exp_year > this_year + 50) {
    throw card_error("invalid_expiry_year", "Your card's expiration year is invalid.", {}, "exp_year");
  }
  if (auto cvc = params.text("card[cvc]")) {
    bool digits = std::all_of(cvc->begin(), cvc->end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || cvc->size() < 3 || cvc->size() > 4) {
      throw card_error("invalid_cvc", "Your card's security code is invalid.", {}, "cvc");
    }
  }
  details->exp_month = *exp_month;
  details->exp_year = *exp_year;
  return *details;
}

nlohmann::json& store_card(StripeState& state, const CardDetails& details, const nlohmann::json& customer,
                           std::int64_t created) {
  const std::string id = state.new_id("card_");
  state.card_details[id] = details;
  nlohmann::json card = {
      {"id", id}, {"object", "card"}, {"address_city", nullptr}, {"address_country", nullptr},
      {"address_line1", nullptr}, {"address_line1_check", nullptr}, {"address_line2", nullptr},
      {"address_state", nullptr}, {"address_zip", nullptr}, {"address_zip_check", nullptr},
      {"brand", details.brand}, {"country", details.country}, {"customer", customer},
      {"cvc_check", "pass"}, {"dynamic_last4", nullptr}, {"exp_month", details.exp_month},
      {"exp_year", details.exp_year}, {"fingerprint", details.fingerprint}, {"funding", details.funding},
      {"last4", details.last4}, {"metadata", nlohmann::json::object()}, {"name", nullptr},
      {"tokenization_method", nullptr}, {"created", created}};
  return state.cards.insert(std::move(card));
}

nlohmann::json& store_payment_method(StripeState& state, const CardDetails& details,
                                     const nlohmann::json& billing_details, std::int64_t created) {
  const std::string id = state.new_id("pm_");
  state.card_details[id] = details;
  nlohmann::json billing = {{"address", null_address()}, {"email", nullptr}, {"name", nullptr}, {"phone", nullptr}};
  for (const auto& [key, value] : billing_details.items())
    if (billing.contains(key) && key != "address") billing[key] = value;
  nlohmann::json method = {
      {"id", id}, {"object", "payment_method"}, {"billing_details", billing},
      {"card",
       {{"brand", details.network}, {"checks", {{"address_line1_check", nullptr}, {"address_postal_code_check", nullptr}, {"cvc_check", "unchecked"}}},
        {"country", details.country}, {"exp_month", details.exp_month}, {"exp_year", details.exp_year},
        {"fingerprint", details.fingerprint}, {"funding", details.funding}, {"generated_from", nullptr},
        {"last4", details.last4}, {"networks", {{"available", {details.network}}, {"preferred", nullptr}}},
        {"three_d_secure_usage", {{"supported", true}}}, {"wallet", nullptr}}},
      {"created", created}, {"customer", nullptr}, {"livemode", false},
      {"metadata", nlohmann::json::object()}, {"type", "card"}};
  return state.payment_methods.insert(std::move(method));
}

nlohmann::json create_token(StripeState& state, const Params& params) {
  if (params.has("customer")) throw invalid_request("Sharing customer cards is not supported.", "customer");
  if (!params.has("card")) throw parameter_missing("card");
  const auto now = state.now();
  const CardDetails details = card_details_from_params(params, now);
  nlohmann::json card = store_card(state, details, nullptr, now);
  card["name"] = text_or_null(params.text("card[name]"));
  card.erase("customer");
  card.erase("created");
  nlohmann::json token = {{"id", state.new_id("tok_")}, {"object", "token"}, {"card", card},
                          {"client_ip", nullptr}, {"created", now}, {"livemode", false},
                          {"type", "card"}, {"used", false}};
  return state.tokens.insert(std::move(token));
}

nlohmann::json create_payment_method(StripeState& state, const Params& params) {
  const auto type = params.required_text("type");
  if (type != "card") throw invalid_request("Invalid type: only card is supported by the simulator.", "type");
  if (!params.has("card")) throw parameter_missing("card");
  const auto now = state.now();
  const CardDetails details = card_details_from_params(params, now);
  nlohmann::json billing = nlohmann::json::object();
  for (const auto& [key, value] : params.hash("billing_details"))
    if (key == "email" || key == "name" || key == "phone") billing[key] = value;
  auto& method = store_payment_method(state, details, billing, now);
  for (const auto& [key, value] : params.hash("metadata")) method["metadata"][key] = value;
  return method;
}

std::string card_for_source(StripeState& state, const std::string& source, const nlohmann::json& customer,
                            std::int64_t now) {
  if (auto shortcut = card_from_shortcut(source)) {
    return store_card(state, *shortcut, customer, now).at("id").get<std::string>();
  }
  if (source.starts_with("tok_")) {
    auto* token = state.tokens.find(source);
    if (!token) throw resource_missing("token", source, "source");
    if (token->at("used").get<bool>()) {
      throw invalid_request("You cannot use a Stripe token more than once: " + source + ".", "source",
                            "token_already_used");
    }
    (*token)["used"] = true;
    const std::string card_id = token->at("card").at("id").get<std::string>();
    auto* card = state.cards.find(card_id);
    (*card)["customer"] = customer;
    return card_id;
  }
  if (source.starts_with("card_")) {
    auto* card = state.cards.find(source);
    if (!card || customer.is_null() || card->at("customer") != customer) {
      throw resource_missing("source", source, "source");
    }
    return source;
  }
  throw resource_missing("source", source, "source");
}

std::string payment_method_for(StripeState& state, const std::string& reference, std::int64_t now) {
  if (auto shortcut = card_from_shortcut(reference); shortcut && reference.starts_with("pm_card_")) {
    return store_payment_method(state, *shortcut, nlohmann::json::object(), now).at("id").get<std::string>();
  }
  if (!state.payment_methods.find(reference)) throw resource_missing("PaymentMethod", reference, "payment_method");
  return reference;
}

}  // namespace stripe_sim
