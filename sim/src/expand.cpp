#include "stripe_sim/expand.h"

#include <map>
#include <set>

#include "stripe_sim/balance.h"
#include "stripe_sim/charges.h"
#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

constexpr std::size_t kMaxExpandDepth = 4;

// Fields holding ids that Stripe's API reference marks expandable.
bool is_expandable(const std::string& object_type, const std::string& field) {
  static const std::map<std::string, std::set<std::string>> fields{
      {"charge", {"balance_transaction", "customer", "payment_intent", "source", "failure_balance_transaction", "refunds"}},
      {"refund", {"balance_transaction", "charge", "payment_intent"}},
      {"balance_transaction", {"source"}},
      {"payout", {"balance_transaction", "destination", "failure_balance_transaction"}},
      {"dispute", {"charge", "payment_intent"}},
      {"payment_intent", {"customer", "latest_charge", "payment_method"}},
      {"customer", {"default_source"}},
      {"payment_method", {"customer"}},
      {"token", {}},
      {"card", {"customer"}},
  };
  auto it = fields.find(object_type);
  return it != fields.end() && it->second.contains(field);
}

std::vector<std::string> split_dots(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

const nlohmann::json* lookup(const StripeState& state, const std::string& id) {
  auto* store = const_cast<StripeState&>(state).store_for(id);
  return store ? store->find(id) : nullptr;
}

[[noreturn]] void not_expandable(const std::string& path) {
  throw invalid_request("This property cannot be expanded (" + path + ").", "expand");
}

void expand_path(const StripeState& state, nlohmann::json& node, const std::vector<std::string>& parts,
                 std::size_t index, const std::string& path, const ApiVersion& version) {
  const std::string& field = parts[index];
  const std::string type = node.is_object() ? node.value("object", std::string()) : std::string();
  if (!is_expandable(type, field)) not_expandable(path);
  if (type == "charge" && field == "refunds") {
    // Not an id but a sub-list, left out of charges since 2022-11-15 unless expanded.
    node["refunds"] = charge_refunds(state, node.at("id").get<std::string>(), version);
  } else if (!node.contains(field)) {
    not_expandable(path);
  }
  auto& value = node[field];
  if (value.is_string()) {
    const auto* target = lookup(state, value.get<std::string>());
    if (!target) not_expandable(path);
    value = present_object(state, *target, version);
  } else if (!value.is_null() && !value.is_object()) {
    not_expandable(path);
  }
  if (index + 1 >= parts.size() || !value.is_object()) return;
  if (value.value("object", std::string()) == "list") {
    // "refunds.data.balance_transaction": the rest of the path applies to each element.
    if (parts[index + 1] != "data" || index + 2 >= parts.size()) not_expandable(path);
    for (auto& element : value["data"]) expand_path(state, element, parts, index + 2, path, version);
    return;
  }
  expand_path(state, value, parts, index + 1, path, version);
}

}  // namespace

nlohmann::json present_object(const StripeState& state, const nlohmann::json& object, const ApiVersion& version) {
  const auto kind = object.value("object", std::string());
  if (kind == "charge") return present_charge(state, object, version);
  if (kind == "balance_transaction" || kind == "payout") return present_money_object(state, object);
  if (kind == "dispute") {
    nlohmann::json dispute = object;
    for (auto& txn : dispute["balance_transactions"]) txn = present_money_object(state, txn);
    return dispute;
  }
  if (kind == "card") {
    nlohmann::json card = object;
    card.erase("created");
    return card;
  }
  return object;
}

nlohmann::json expand_object(const StripeState& state, nlohmann::json object, const std::vector<std::string>& paths,
                             bool is_list, const ApiVersion& version) {
  for (const auto& path : paths) {
    auto parts = split_dots(path);
    if (parts.size() > kMaxExpandDepth + (is_list ? 1 : 0)) {
      throw invalid_request("You cannot expand more than 4 levels of a property. Property: " + path, "expand");
    }
    if (is_list) {
      parts.erase(parts.begin());  // "data."
      if (parts.empty()) not_expandable(path);
      for (auto& element : object["data"]) expand_path(state, element, parts, 0, path, version);
    } else {
      expand_path(state, object, parts, 0, path, version);
    }
  }
  return object;
}

void check_expandable(const std::string& object_type, const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    if (!is_expandable(object_type, split_dots(path).front())) not_expandable(path);
  }
}

}  // namespace stripe_sim
