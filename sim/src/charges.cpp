#include "stripe_sim/charges.h"

#include "stripe_report/currency.h"
#include "stripe_sim/balance.h"
#include "stripe_sim/cards.h"
#include "stripe_sim/expand.h"
#include "stripe_sim/fees.h"
#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

nlohmann::json payment_method_details(const CardDetails& card, bool authenticated) {
  return {{"card",
           {{"brand", card.network}, {"checks", {{"address_line1_check", nullptr}, {"address_postal_code_check", nullptr}, {"cvc_check", "pass"}}},
            {"country", card.country}, {"exp_month", card.exp_month}, {"exp_year", card.exp_year},
            {"fingerprint", card.fingerprint}, {"funding", card.funding}, {"installments", nullptr},
            {"last4", card.last4}, {"mandate", nullptr}, {"network", card.network},
            {"three_d_secure", authenticated ? nlohmann::json{{"authentication_flow", "challenge"}, {"result", "authenticated"}, {"version", "2.2.0"}} : nlohmann::json(nullptr)},
            {"wallet", nullptr}}},
          {"type", "card"}};
}

nlohmann::json null_billing_details() {
  return {{"address", {{"city", nullptr}, {"country", nullptr}, {"line1", nullptr}, {"line2", nullptr}, {"postal_code", nullptr}, {"state", nullptr}}},
          {"email", nullptr}, {"name", nullptr}, {"phone", nullptr}};
}

}  // namespace

std::optional<Decline> decline_for(CardOutcome outcome, bool authenticated) {
  switch (outcome) {
    case CardOutcome::decline_generic:
    case CardOutcome::charge_customer_fail:
      return Decline{"generic_decline", "Your card was declined.", "issuer_declined",
                     "The bank did not return any further details with this decline."};
    case CardOutcome::insufficient_funds:
      return Decline{"insufficient_funds", "Your card has insufficient funds.", "issuer_declined",
                     "The bank returned the decline code `insufficient_funds`."};
    case CardOutcome::requires_authentication:
      if (authenticated) return std::nullopt;
      return Decline{"authentication_required", "Your card was declined. This transaction requires authentication.",
                     "issuer_declined", "The bank returned the decline code `authentication_required`."};
    default:
      return std::nullopt;
  }
}

int check_amount(std::int64_t amount, const std::string& currency) {
  auto exponent = stripe_report::currency_exponent(currency);
  if (!exponent) throw invalid_request("Invalid currency: " + currency + ".", "currency", "parameter_invalid_string");
  const std::int64_t minimum = *exponent == 0 ? 50 : scale_hundredths(50, *exponent);
  if (amount < minimum) {
    throw invalid_request("Amount must be at least " + std::to_string(minimum) + " minor units of " + currency + ".",
                          "amount", "amount_too_small");
  }
  if (amount > 99'999'999) {
    throw invalid_request("Amount must be no more than 99999999 minor units.", "amount", "amount_too_large");
  }
  return *exponent;
}

nlohmann::json& charge_card(StripeState& state, const ChargeInput& input) {
  const int exponent = check_amount(input.amount, input.currency);
  const CardDetails& card = state.card_details.at(input.payment_source);
  const std::string id = state.new_id("ch_");
  const auto decline = decline_for(card.outcome, input.authenticated);
  const nlohmann::json* source_card = state.cards.find(input.payment_source);
  nlohmann::json billing = null_billing_details();
  if (auto* method = state.payment_methods.find(input.payment_source)) billing = method->at("billing_details");

  nlohmann::json charge = {
      {"id", id}, {"object", "charge"}, {"amount", input.amount}, {"amount_captured", decline ? 0 : input.amount},
      {"amount_refunded", 0}, {"application", nullptr}, {"application_fee", nullptr},
      {"application_fee_amount", nullptr}, {"balance_transaction", nullptr}, {"billing_details", billing},
      {"calculated_statement_descriptor", "STRIPE SIMULATOR"}, {"captured", !decline}, {"created", input.created},
      {"currency", input.currency}, {"customer", input.customer}, {"description", input.description},
      {"disputed", false}, {"failure_balance_transaction", nullptr},
      {"failure_code", decline ? nlohmann::json("card_declined") : nlohmann::json(nullptr)},
      {"failure_message", decline ? nlohmann::json(decline->message) : nlohmann::json(nullptr)},
      {"fraud_details", nlohmann::json::object()}, {"invoice", nullptr}, {"livemode", false}, {"order", nullptr}, {"metadata", input.metadata},
      {"on_behalf_of", nullptr},
      {"outcome",
       {{"network_status", decline ? "declined_by_network" : "approved_by_network"},
        {"reason", decline ? nlohmann::json(decline->decline_code) : nlohmann::json(nullptr)},
        {"risk_level", "normal"}, {"risk_score", 20},
        {"seller_message", decline ? decline->seller_message : "Payment complete."},
        {"type", decline ? decline->outcome_type : "authorized"}}},
      {"paid", !decline}, {"payment_intent", input.payment_intent}, {"payment_method", input.payment_source},
      {"payment_method_details", payment_method_details(card, input.authenticated)},
      {"receipt_email", input.receipt_email}, {"receipt_number", nullptr},
      {"receipt_url", "http://127.0.0.1/receipts/" + id}, {"refunded", false}, {"review", nullptr},
      {"shipping", nullptr}, {"source", source_card ? *source_card : nlohmann::json(nullptr)},
      {"source_transfer", nullptr}, {"statement_descriptor", nullptr}, {"statement_descriptor_suffix", nullptr},
      {"status", decline ? "failed" : "succeeded"}, {"transfer_data", nullptr}, {"transfer_group", nullptr}};
  if (charge["source"].is_object()) charge["source"].erase("created");

  if (decline) {
    state.charges.insert(std::move(charge));
    auto error = card_error("card_declined", decline->message, decline->decline_code);
    error.extra["charge"] = id;
    throw error;
  }
  const std::int64_t fee = processing_fee(input.amount, exponent, state.fees);
  BalanceEntry entry;
  entry.amount = input.amount;
  entry.fee = fee;
  entry.fee_description = "Stripe processing fees";
  entry.currency = input.currency;
  entry.type = "charge";
  entry.reporting_category = "charge";
  entry.source = id;
  entry.description = input.description;
  entry.created = input.created;
  entry.available_on = available_on(input.created, state.payout_schedule.delay_days);
  charge["balance_transaction"] = add_balance_transaction(state, entry);
  auto& stored = state.charges.insert(std::move(charge));
  if (card.outcome == CardOutcome::dispute) open_dispute(state, id, input.created);
  return stored;
}

nlohmann::json& refund_charge(StripeState& state, const RefundInput& input) {
  auto* charge = state.charges.find(input.charge);
  if (!charge) throw resource_missing("charge", input.charge, "charge");
  if (charge->at("status") != "succeeded") {
    throw invalid_request("Charge " + input.charge + " has not succeeded; there is nothing to refund.", "charge");
  }
  if (charge->at("disputed").get<bool>()) {
    throw invalid_request("Charge " + input.charge + " has been charged back; cannot issue a refund.", "charge",
                          "charge_disputed");
  }
  const auto amount = charge->at("amount").get<std::int64_t>();
  const auto refunded = charge->at("amount_refunded").get<std::int64_t>();
  const auto left = amount - refunded;
  if (left == 0) {
    throw invalid_request("Charge " + input.charge + " has already been refunded.", "charge", "charge_already_refunded");
  }
  const std::int64_t refund_amount = input.amount.value_or(left);
  if (refund_amount > left) {
    throw invalid_request("Refund amount (" + std::to_string(refund_amount) +
                              ") is greater than unrefunded amount on charge (" + std::to_string(left) + ")",
                          "amount", "amount_too_large");
  }
  const auto currency = charge->at("currency").get<std::string>();
  const std::string id = state.new_id("re_");
  // Stripe keeps the original processing fee: a refund moves only the amount back.
  BalanceEntry entry;
  entry.amount = -refund_amount;
  entry.currency = currency;
  entry.type = "refund";
  entry.reporting_category = "refund";
  entry.source = id;
  entry.description = "REFUND FOR CHARGE";
  entry.created = input.created;
  entry.available_on = input.created;
  const std::string txn = add_balance_transaction(state, entry);
  (*charge)["amount_refunded"] = refunded + refund_amount;
  (*charge)["refunded"] = refunded + refund_amount == amount;
  nlohmann::json refund = {
      {"id", id}, {"object", "refund"}, {"amount", refund_amount}, {"balance_transaction", txn},
      {"charge", input.charge}, {"created", input.created}, {"currency", currency},
      {"metadata", input.metadata}, {"payment_intent", charge->at("payment_intent")}, {"reason", input.reason},
      {"receipt_number", nullptr}, {"source_transfer_reversal", nullptr}, {"status", "succeeded"},
      {"transfer_reversal", nullptr}};
  state.refunds_of_charge[input.charge].push_back(id);
  return state.refunds.insert(std::move(refund));
}

ParamSpecs charge_param_specs() {
  return {{"amount"}, {"currency"}, {"customer"}, {"source"}, {"description"}, {"metadata", ParamKind::hash_any},
          {"receipt_email"}, {"capture"}, {"statement_descriptor"}, {"statement_descriptor_suffix"},
          {"shipping", ParamKind::hash_any}, {"expand", ParamKind::array}};
}

ParamSpecs refund_param_specs() {
  return {{"charge"}, {"payment_intent"}, {"amount"}, {"reason"}, {"metadata", ParamKind::hash_any},
          {"expand", ParamKind::array}};
}

nlohmann::json create_charge(StripeState& state, const Params& params) {
  ChargeInput input;
  const auto amount = params.integer("amount", 0, std::numeric_limits<std::int64_t>::max() / 10000);
  if (!amount) throw parameter_missing("amount");
  input.amount = *amount;
  input.currency = params.required_text("currency");
  check_amount(input.amount, input.currency);
  if (params.boolean("capture") == false) {
    throw invalid_request("The simulator only supports captured charges (capture=true).", "capture");
  }
  input.created = state.now();
  const auto customer_id = params.text("customer");
  const auto source = params.text("source");
  if (customer_id) {
    auto* customer = state.customers.find(*customer_id);
    if (!customer) throw resource_missing("customer", *customer_id, "customer");
    input.customer = *customer_id;
    if (source) {
      input.payment_source = card_for_source(state, *source, input.customer, input.created);
    } else if (customer->at("default_source").is_string()) {
      input.payment_source = customer->at("default_source").get<std::string>();
    } else {
      throw invalid_request("Cannot charge a customer that has no active card", "card", "missing");
    }
  } else if (source) {
    input.payment_source = card_for_source(state, *source, nullptr, input.created);
  } else {
    throw invalid_request("Must provide source or customer.", {}, "parameter_missing");
  }
  if (auto description = params.text("description")) input.description = *description;
  if (auto email = params.text("receipt_email")) input.receipt_email = *email;
  for (const auto& [key, value] : params.hash("metadata")) input.metadata[key] = value;
  return charge_card(state, input);
}

nlohmann::json create_refund(StripeState& state, const Params& params, std::optional<std::string> charge_in_path) {
  RefundInput input;
  if (charge_in_path) {
    input.charge = *charge_in_path;
  } else if (auto charge = params.text("charge")) {
    input.charge = *charge;
  } else if (auto intent_id = params.text("payment_intent")) {
    auto* intent = state.payment_intents.find(*intent_id);
    if (!intent) throw resource_missing("payment_intent", *intent_id, "payment_intent");
    if (intent->at("status") != "succeeded") {
      throw invalid_request("This PaymentIntent does not have a successful charge to refund.", "payment_intent");
    }
    input.charge = intent->at("latest_charge").get<std::string>();
  } else {
    throw parameter_missing("charge");
  }
  input.amount = params.integer("amount", 1, std::numeric_limits<std::int64_t>::max() / 10000);
  if (auto reason = params.text("reason")) {
    if (*reason != "duplicate" && *reason != "fraudulent" && *reason != "requested_by_customer") {
      throw invalid_request("Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
                            "reason");
    }
    input.reason = *reason;
  }
  for (const auto& [key, value] : params.hash("metadata")) input.metadata[key] = value;
  input.created = state.now();
  return refund_charge(state, input);
}

nlohmann::json charge_refunds(const StripeState& state, const std::string& charge_id, const ApiVersion& version) {
  nlohmann::json data = nlohmann::json::array();
  bool has_more = false;
  std::size_t total = 0;
  if (auto it = state.refunds_of_charge.find(charge_id); it != state.refunds_of_charge.end()) {
    const auto& ids = it->second;
    total = ids.size();
    for (auto refund = ids.rbegin(); refund != ids.rend(); ++refund) {
      if (data.size() == 10) { has_more = true; break; }
      data.push_back(present_object(state, *state.refunds.find(*refund), version));
    }
  }
  return {{"object", "list"}, {"data", std::move(data)}, {"has_more", has_more}, {"total_count", total},
          {"url", "/v1/charges/" + charge_id + "/refunds"}};
}

nlohmann::json present_charge(const StripeState& state, nlohmann::json charge, const ApiVersion& version) {
  if (version.embeds_charge_refunds()) charge["refunds"] = charge_refunds(state, charge.at("id").get<std::string>(), version);
  return charge;
}

}  // namespace stripe_sim
