#include "stripe_sim/balance.h"

#include <map>

#include "stripe_report/currency.h"
#include "stripe_sim/fees.h"
#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

std::string bank_account_id() { return "ba_simulatorbank00000000"; }

nlohmann::json& store_payout(StripeState& state, std::int64_t amount, const std::string& currency,
                             std::int64_t at, bool automatic) {
  const std::string id = state.new_id("po_");
  BalanceEntry entry;
  entry.amount = -amount;
  entry.currency = currency;
  entry.type = "payout";
  entry.reporting_category = "payout";
  entry.source = id;
  entry.description = "STRIPE PAYOUT";
  entry.created = at;
  entry.available_on = at;
  const std::string txn = add_balance_transaction(state, entry);
  nlohmann::json payout = {
      {"id", id}, {"object", "payout"}, {"amount", amount}, {"arrival_date", available_on(at)},
      {"automatic", automatic}, {"balance_transaction", txn}, {"created", at}, {"currency", currency},
      {"description", "STRIPE PAYOUT"}, {"destination", bank_account_id()},
      {"failure_balance_transaction", nullptr}, {"failure_code", nullptr}, {"failure_message", nullptr},
      {"livemode", false}, {"metadata", nlohmann::json::object()}, {"method", "standard"},
      {"original_payout", nullptr}, {"reversed_by", nullptr}, {"source_type", "card"},
      {"statement_descriptor", nullptr}, {"status", "in_transit"}, {"type", "bank_account"}};
  return state.payouts.insert(std::move(payout));
}

}  // namespace

std::string add_balance_transaction(StripeState& state, const BalanceEntry& entry) {
  const std::string id = state.new_id("txn_");
  nlohmann::json fee_details = nlohmann::json::array();
  if (entry.fee != 0) {
    fee_details.push_back({{"amount", entry.fee}, {"application", nullptr}, {"currency", entry.currency},
                           {"description", entry.fee_description}, {"type", "stripe_fee"}});
  }
  nlohmann::json txn = {
      {"id", id}, {"object", "balance_transaction"}, {"amount", entry.amount},
      {"available_on", entry.available_on}, {"created", entry.created}, {"currency", entry.currency},
      {"description", entry.description}, {"exchange_rate", nullptr}, {"fee", entry.fee},
      {"fee_details", std::move(fee_details)}, {"net", entry.amount - entry.fee},
      {"reporting_category", entry.reporting_category}, {"source", entry.source}, {"status", "pending"},
      {"type", entry.type}};
  state.balance_transactions.insert(std::move(txn));
  state.unpaid[entry.currency].push_back({id, entry.created, entry.available_on, entry.amount - entry.fee});
  return id;
}

nlohmann::json& open_dispute(StripeState& state, const std::string& charge_id, std::int64_t created) {
  auto& charge = *state.charges.find(charge_id);
  const std::string id = state.new_id("dp_");
  const auto amount = charge.at("amount").get<std::int64_t>();
  const auto currency = charge.at("currency").get<std::string>();
  const int exponent = stripe_report::currency_exponent(currency).value_or(2);
  BalanceEntry entry;
  entry.amount = -amount;
  entry.fee = dispute_fee(exponent);
  entry.fee_description = "Dispute fee";
  entry.currency = currency;
  entry.type = "adjustment";
  entry.reporting_category = "dispute";
  entry.source = id;
  entry.description = "Chargeback withdrawal for " + charge_id;
  entry.created = created;
  entry.available_on = created;
  const std::string txn = add_balance_transaction(state, entry);
  charge["disputed"] = true;
  nlohmann::json dispute = {
      {"id", id}, {"object", "dispute"}, {"amount", amount},
      {"balance_transactions", {*state.balance_transactions.find(txn)}}, {"charge", charge_id},
      {"created", created}, {"currency", currency},
      {"evidence_details", {{"due_by", created + 7 * 86400}, {"has_evidence", false}, {"past_due", false}, {"submission_count", 0}}},
      {"is_charge_refundable", false}, {"livemode", false}, {"metadata", nlohmann::json::object()},
      {"payment_intent", charge.at("payment_intent")}, {"reason", "fraudulent"}, {"status", "needs_response"}};
  return state.disputes.insert(std::move(dispute));
}

const nlohmann::json* run_automatic_payout(StripeState& state, const std::string& currency, std::int64_t at) {
  auto& unpaid = state.unpaid[currency];
  std::int64_t total = 0;
  for (const auto& entry : unpaid)
    if (entry.created <= at && entry.available_on <= at) total += entry.net;
  if (total <= 0) return nullptr;
  auto& payout = store_payout(state, total, currency, at, true);
  const std::string payout_id = payout.at("id").get<std::string>();
  std::vector<StripeState::UnpaidEntry> left;
  for (auto& entry : unpaid) {
    // The payout's own balance transaction belongs to it too.
    if ((entry.created <= at && entry.available_on <= at) || entry.id == payout.at("balance_transaction")) {
      state.payout_of[entry.id] = payout_id;
    } else {
      left.push_back(std::move(entry));
    }
  }
  unpaid = std::move(left);
  return &payout;
}

nlohmann::json balance_of(const StripeState& state) {
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> sums;  // currency -> (available, pending)
  const auto now = state.now();
  for (const auto& [key, id] : state.balance_transactions.by_created()) {
    const auto& txn = *state.balance_transactions.find(id);
    auto& sum = sums[txn.at("currency").get<std::string>()];
    const auto net = txn.at("net").get<std::int64_t>();
    (txn.at("available_on").get<std::int64_t>() <= now ? sum.first : sum.second) += net;
  }
  nlohmann::json available = nlohmann::json::array(), pending = nlohmann::json::array();
  for (const auto& [currency, sum] : sums) {
    available.push_back({{"amount", sum.first}, {"currency", currency}, {"source_types", {{"card", sum.first}}}});
    pending.push_back({{"amount", sum.second}, {"currency", currency}, {"source_types", {{"card", sum.second}}}});
  }
  return {{"object", "balance"}, {"available", available}, {"livemode", false}, {"pending", pending}};
}

ParamSpecs payout_param_specs() {
  return {{"amount"}, {"currency"}, {"description"}, {"metadata", ParamKind::hash_any},
          {"statement_descriptor"}, {"method"}, {"expand", ParamKind::array}};
}

nlohmann::json create_payout(StripeState& state, const Params& params) {
  const auto amount = params.integer("amount", 1, 99'999'999'999);
  if (!amount) throw parameter_missing("amount");
  const auto currency = params.required_text("currency");
  if (!stripe_report::currency_exponent(currency)) throw invalid_request("Invalid currency: " + currency, "currency");
  std::int64_t available = 0;
  const nlohmann::json balance = balance_of(state);
  for (const auto& entry : balance.at("available"))
    if (entry.at("currency") == currency) available = entry.at("amount").get<std::int64_t>();
  if (*amount > available) {
    throw invalid_request("You have insufficient funds in your Stripe account for this transfer.", {},
                          "balance_insufficient");
  }
  auto& payout = store_payout(state, *amount, currency, state.now(), false);
  if (auto description = params.text("description")) payout["description"] = *description;
  for (const auto& [key, value] : params.hash("metadata")) payout["metadata"][key] = value;
  return payout;
}

nlohmann::json present_money_object(const StripeState& state, nlohmann::json object) {
  const auto now = state.now();
  if (object.value("object", "") == "balance_transaction") {
    object["status"] = object.at("available_on").get<std::int64_t>() <= now ? "available" : "pending";
  } else if (object.value("object", "") == "payout") {
    object["status"] = object.at("arrival_date").get<std::int64_t>() <= now ? "paid" : "in_transit";
  }
  return object;
}

}  // namespace stripe_sim
