#include "stripe_sim/balance.h"

#include <map>

#include "stripe_report/currency.h"
#include "stripe_sim/fees.h"
#include "stripe_sim/payouts.h"
#include "stripe_sim/stripe_error.h"

namespace stripe_sim {

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

nlohmann::json present_money_object(const StripeState& state, nlohmann::json object) {
  const auto now = state.now();
  if (object.value("object", "") == "balance_transaction") {
    object["status"] = object.at("available_on").get<std::int64_t>() <= now ? "available" : "pending";
  } else if (object.value("object", "") == "payout") {
    object["status"] = payout_status(state, object);
  }
  return object;
}

}  // namespace stripe_sim
