#include "stripe_sim/payouts.h"

#include "stripe_report/currency.h"
#include "stripe_sim/balance.h"
#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

std::string bank_account_id() { return "ba_simulatorbank00000000"; }

// A payout's money movement: no fee, available at once.
BalanceEntry payout_entry(std::int64_t amount, const std::string& currency, const std::string& payout_id,
                          bool failure, std::int64_t at) {
  BalanceEntry entry;
  entry.amount = amount;
  entry.currency = currency;
  entry.type = failure ? "payout_failure" : "payout";
  entry.reporting_category = failure ? "payout_reversal" : "payout";
  entry.source = payout_id;
  entry.description = failure ? "STRIPE PAYOUT FAILURE" : "STRIPE PAYOUT";
  entry.created = at;
  entry.available_on = at;
  return entry;
}

nlohmann::json& store_payout(StripeState& state, std::int64_t amount, const std::string& currency,
                             std::int64_t at, bool automatic) {
  const std::string id = state.new_id("po_");
  const std::string txn = add_balance_transaction(state, payout_entry(-amount, currency, id, false, at));
  nlohmann::json payout = {
      {"id", id}, {"object", "payout"}, {"amount", amount}, {"arrival_date", payout_arrival_date(at)},
      {"automatic", automatic}, {"balance_transaction", txn}, {"created", at}, {"currency", currency},
      {"description", "STRIPE PAYOUT"}, {"destination", bank_account_id()},
      {"failure_balance_transaction", nullptr}, {"failure_code", nullptr}, {"failure_message", nullptr},
      {"livemode", false}, {"metadata", nlohmann::json::object()}, {"method", "standard"},
      {"original_payout", nullptr}, {"reversed_by", nullptr}, {"source_type", "card"},
      {"statement_descriptor", nullptr}, {"status", "pending"}, {"type", "bank_account"}};
  return state.payouts.insert(std::move(payout));
}

// The bank returns the payout: its amount comes back to the balance as a
// `payout_failure` transaction (reporting category payout_reversal), which a
// later automatic payout pays out again. The failed payout keeps its transactions.
void fail_payout(StripeState& state, const std::string& payout_id, std::int64_t at) {
  auto& payout = *state.payouts.find(payout_id);
  const auto amount = payout.at("amount").get<std::int64_t>();
  const std::string txn = add_balance_transaction(
      state, payout_entry(amount, payout.at("currency").get<std::string>(), payout_id, true, at));
  payout["status"] = "failed";
  payout["failure_balance_transaction"] = txn;
  payout["failure_code"] = "account_closed";
  payout["failure_message"] = "The bank account has been closed.";
}

}  // namespace

const nlohmann::json* run_automatic_payout(StripeState& state, const std::string& currency, std::int64_t at) {
  auto& unpaid = state.unpaid[currency];
  auto due = [at](const StripeState::UnpaidEntry& entry) { return entry.created <= at && entry.available_on <= at; };
  std::int64_t total = 0;
  for (const auto& entry : unpaid)
    if (due(entry)) total += entry.net;
  if (total <= 0) return nullptr;
  auto& payout = store_payout(state, total, currency, at, true);
  const std::string payout_id = payout.at("id").get<std::string>();
  const std::string& own_txn = payout.at("balance_transaction").get_ref<const std::string&>();
  std::vector<StripeState::UnpaidEntry> left;
  for (auto& entry : unpaid) {
    // The payout's own balance transaction belongs to it too.
    if (due(entry) || entry.id == own_txn) {
      state.payout_of[entry.id] = payout_id;
    } else {
      left.push_back(std::move(entry));
    }
  }
  unpaid = std::move(left);
  return &payout;
}

PayoutRun run_payouts_until(StripeState& state, std::int64_t now, const std::function<bool()>& fails) {
  PayoutRun run;
  if (!state.payouts_run_until) state.payouts_run_until = now;
  while (true) {
    const auto next = next_payout_time(state.payout_schedule, *state.payouts_run_until);
    const bool payout_due = next && *next <= now;
    const auto failure = state.payout_failures.begin();
    if (failure != state.payout_failures.end() && failure->first <= now && (!payout_due || failure->first <= *next)) {
      fail_payout(state, failure->second, failure->first);
      state.payout_failures.erase(failure);
      ++run.failures;
      continue;
    }
    if (!payout_due) break;
    for (const auto& [currency, entries] : state.unpaid) {
      if (entries.empty()) continue;
      const auto* payout = run_automatic_payout(state, currency, *next);
      if (!payout) continue;
      ++run.payouts;
      if (fails && fails()) state.payout_failures.emplace(payout->at("arrival_date").get<std::int64_t>(), payout->at("id"));
    }
    state.payouts_run_until = *next;
  }
  if (now > *state.payouts_run_until) state.payouts_run_until = now;
  return run;
}

PayoutRun advance_clock(StripeState& state, std::int64_t seconds) {
  run_payouts_until(state, state.now());  // what was due before the jump happens at its own time
  state.clock_offset += seconds;
  return run_payouts_until(state, state.now());
}

std::string payout_status(const StripeState& state, const nlohmann::json& payout) {
  if (payout.at("status") == "failed") return "failed";
  return std::string(payout_status_at(payout.at("created").get<std::int64_t>(),
                                      payout.at("arrival_date").get<std::int64_t>(), state.now()));
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

}  // namespace stripe_sim
