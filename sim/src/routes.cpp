// Routing of /v1 and /_sim requests to the operations, with expansion.

#include "stripe_sim/api.h"
#include "stripe_sim/balance.h"
#include "stripe_sim/cards.h"
#include "stripe_sim/charges.h"
#include "stripe_sim/customers.h"
#include "stripe_sim/expand.h"
#include "stripe_sim/object_store.h"
#include "stripe_sim/payment_intents.h"
#include "stripe_sim/payouts.h"
#include "stripe_sim/stripe_error.h"
#include "stripe_wire/form.h"

namespace stripe_sim {
namespace {

using nlohmann::json;

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    if (path.front() == '/') { path.remove_prefix(1); continue; }
    auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return parts;
}

stripe_wire::Form parse_params(const HttpRequest& request) {
  const auto target = stripe_wire::split_target(request.target);
  std::string error;
  const std::string_view text = request.method == "POST" ? std::string_view(request.body) : target.query;
  auto form = stripe_wire::parse_form(text, &error);
  if (!form) throw invalid_request("Invalid request body: " + error, {}, "parameter_invalid_string");
  if (request.method == "POST" && !target.query.empty()) {
    auto query = stripe_wire::parse_form(target.query, &error);
    if (!query) throw invalid_request("Invalid query string: " + error);
    form->insert(form->end(), query->begin(), query->end());
  }
  return *form;
}

StripeError unrecognized(const HttpRequest& request, std::string_view path) {
  StripeError error = invalid_request("Unrecognized request URL (" + request.method + ": " + std::string(path) + ").");
  error.status = 404;
  return error;
}

using ExactFilters = std::vector<std::pair<std::string, std::string>>;  // field -> value
using RangeFilters = std::vector<std::pair<std::string, CreatedRange>>;  // field -> bounds

// Filter values Stripe checks before listing: a payout's status is one of five,
// and balance transactions can be listed by automatic payouts only.
void check_list_filters(const StripeState& state, const ExactFilters& wanted) {
  for (const auto& [field, value] : wanted) {
    if (field == "status" && value != "pending" && value != "in_transit" && value != "paid" && value != "failed" &&
        value != "canceled") {
      throw invalid_request("Invalid status: must be one of canceled, failed, in_transit, paid, or pending", "status");
    }
    if (field == "payout") {
      const json* payout = state.payouts.find(value);
      if (!payout) throw resource_missing("payout", value, "payout");
      if (!payout->at("automatic").get<bool>()) {
        throw invalid_request("Balance transaction history can only be filtered on automatic transfers, not manual.",
                              "payout");
      }
    }
  }
}

// Whether a listed object passes every filter: ranges on integer fields, exact
// string fields, `payout` (the payout that took a balance transaction) and a
// payout's live `status`.
bool matches_filters(const StripeState& state, const json& object, const ExactFilters& wanted,
                     const RangeFilters& bounded) {
  for (const auto& [field, range] : bounded) {
    const auto it = object.find(field);
    if (it == object.end() || !it->is_number_integer() || !range.contains(it->get<std::int64_t>())) return false;
  }
  for (const auto& [field, value] : wanted) {
    if (field == "payout") {
      auto it = state.payout_of.find(object.at("id").get<std::string>());
      if (it == state.payout_of.end() || it->second != value) return false;
    } else if (field == "status" && object.at("object") == "payout") {
      if (payout_status(state, object) != value) return false;
    } else if (!object.contains(field) || !object[field].is_string() || object[field] != value) {
      return false;
    }
  }
  return true;
}

}  // namespace

HttpResponse SimApi::dispatch(const HttpRequest& request, bool publishable, const ApiVersion& version) {
  const std::string path(stripe_wire::split_target(request.target).path);
  const auto parts = split_path(path);
  const std::string& method = request.method;
  try {
    const auto form = parse_params(request);
    auto present = [&](const json& object) { return present_object(state_, object, version); };
    // Retrieve one object by id from `store`, with expand[].
    auto retrieve = [&](ObjectStore& store, std::string_view kind, const std::string& id) {
      Params params(form, {{"expand", ParamKind::array}, {"client_secret"}});
      const json* object = store.find(id);
      if (!object) throw resource_missing(kind, id);
      return json_response(200, expand_object(state_, present(*object), params.array("expand"), false, version));
    };
    // One page of `store` with the list parameters plus `filters` (exact-match
    // fields, a payout's live status) and `ranges` (like created: arrival_date[gte]=...).
    auto list = [&](ObjectStore& store, std::string_view kind, const std::string& url,
                    const std::vector<std::string>& filters, const std::vector<std::string>& ranges = {}) {
      ParamSpecs extra;
      for (const auto& filter : filters) extra.push_back({filter});
      for (const auto& range : ranges) extra.push_back({range, ParamKind::range});
      Params params(form, list_param_specs(extra));
      const ListQuery query = parse_list_query(params);
      ExactFilters wanted;
      for (const auto& filter : filters)
        if (auto value = params.text(filter)) wanted.emplace_back(filter, *value);
      RangeFilters bounded;
      for (const auto& range : ranges)
        if (params.has(range)) bounded.emplace_back(range, params.range(range));
      check_list_filters(state_, wanted);
      const auto expand = params.array("expand");
      for (const auto& field : expand) {
        if (!field.starts_with("data.")) {
          throw invalid_request("This property cannot be expanded (" + field + "). You may want to try expanding 'data." +
                                field + "' instead.", "expand");
        }
      }
      auto keep = [&](const json& object) { return matches_filters(state_, object, wanted, bounded); };
      json page = list_page(store, query, url, std::string(kind), keep, present);
      return json_response(200, expand_object(state_, page, expand, true, version));
    };
    auto sub_id = [&](std::size_t index) { return std::string(parts.at(index)); };
    // Runs `operation` after checking expand[] against `type`, then expands its result.
    auto created = [&](const ParamSpecs& specs, const std::string& type, const auto& operation) {
      Params params(form, specs);
      const auto expand = params.array("expand");
      check_expandable(type, expand);
      return json_response(200, expand_object(state_, present(operation(params)), expand, false, version));
    };

    if (parts.size() >= 2 && parts[0] == "_sim") return control(request, path);
    if (parts.size() < 2 || parts[0] != "v1") throw unrecognized(request, path);
    const std::string_view resource = parts[1];
    const std::size_t depth = parts.size();

    if (resource == "balance" && depth == 2 && method == "GET") return json_response(200, balance_of(state_));
    if (resource == "tokens") {
      if (depth == 2 && method == "POST") return created(token_param_specs(), "token", [&](const Params& params) { return create_token(state_, params); });
      if (depth == 3 && method == "GET") return retrieve(state_.tokens, "token", sub_id(2));
    }
    if (resource == "payment_methods") {
      if (depth == 2 && method == "POST") {
        return created(payment_method_param_specs(), "payment_method",
                       [&](const Params& params) { return create_payment_method(state_, params); });
      }
      if (depth == 3 && method == "GET") return retrieve(state_.payment_methods, "PaymentMethod", sub_id(2));
    }
    if (resource == "customers") {
      if (depth == 2 && method == "POST") return created(customer_param_specs(), "customer", [&](const Params& params) { return create_customer(state_, params); });
      if (depth == 2 && method == "GET") return list(state_.customers, "customer", "/v1/customers", {"email"});
      if (depth == 3 && method == "GET") return retrieve(state_.customers, "customer", sub_id(2));
      if (depth == 3 && method == "POST") {
        return created(customer_param_specs(), "customer",
                       [&](const Params& params) { return update_customer(state_, sub_id(2), params); });
      }
    }
    if (resource == "charges") {
      if (depth == 2 && method == "POST") {
        return created(charge_param_specs(), "charge", [&](const Params& params) { return create_charge(state_, params); });
      }
      if (depth == 2 && method == "GET") return list(state_.charges, "charge", "/v1/charges", {"customer", "payment_intent"});
      if (depth == 3 && method == "GET") return retrieve(state_.charges, "charge", sub_id(2));
      if (depth == 5 && parts[3] == "refunds" && method == "GET") {
        // A refund of this charge; another charge's refund is as missing as an unknown id.
        const std::string charge = sub_id(2), refund = sub_id(4);
        if (!state_.charges.find(charge)) throw resource_missing("charge", charge);
        const json* found = state_.refunds.find(refund);
        if (!found || found->at("charge") != charge) throw resource_missing("refund", refund);
        return retrieve(state_.refunds, "refund", refund);
      }
      if (depth == 4 && parts[3] == "refunds") {
        const std::string charge = sub_id(2);
        if (!state_.charges.find(charge)) throw resource_missing("charge", charge);
        if (method == "GET") {
          Params params(form, list_param_specs({}));
          const ListQuery query = parse_list_query(params);
          json page = list_page(state_.refunds, query, "/v1/charges/" + charge + "/refunds", "refund",
                                [&](const json& refund) { return refund.at("charge") == charge; }, present);
          return json_response(200, expand_object(state_, page, params.array("expand"), true, version));
        }
        if (method == "POST") {
          return created(refund_param_specs(), "refund",
                         [&](const Params& params) { return create_refund(state_, params, charge); });
        }
      }
    }
    if (resource == "refunds") {
      if (depth == 2 && method == "POST") {
        return created(refund_param_specs(), "refund",
                       [&](const Params& params) { return create_refund(state_, params, std::nullopt); });
      }
      if (depth == 2 && method == "GET") return list(state_.refunds, "refund", "/v1/refunds", {"charge", "payment_intent"});
      if (depth == 3 && method == "GET") return retrieve(state_.refunds, "refund", sub_id(2));
    }
    if (resource == "balance_transactions") {
      if (depth == 2 && method == "GET") {
        return list(state_.balance_transactions, "balance transaction", "/v1/balance_transactions",
                    {"type", "source", "payout", "currency"});
      }
      if (depth == 3 && method == "GET") return retrieve(state_.balance_transactions, "balance transaction", sub_id(2));
    }
    if (resource == "payouts") {
      if (depth == 2 && method == "POST") return created(payout_param_specs(), "payout", [&](const Params& params) { return create_payout(state_, params); });
      if (depth == 2 && method == "GET") {
        return list(state_.payouts, "payout", "/v1/payouts", {"status", "currency", "destination"}, {"arrival_date"});
      }
      if (depth == 3 && method == "GET") return retrieve(state_.payouts, "payout", sub_id(2));
    }
    if (resource == "disputes") {
      if (depth == 2 && method == "GET") return list(state_.disputes, "dispute", "/v1/disputes", {"charge", "payment_intent"});
      if (depth == 3 && method == "GET") return retrieve(state_.disputes, "dispute", sub_id(2));
    }
    if (resource == "payment_intents") {
      if (depth == 2 && method == "POST") {
        return created(payment_intent_create_specs(), "payment_intent",
                       [&](const Params& params) { return create_payment_intent(state_, params); });
      }
      if (depth == 2 && method == "GET") return list(state_.payment_intents, "payment_intent", "/v1/payment_intents", {"customer"});
      if (depth == 3 && method == "GET") {
        if (publishable) check_client_secret(state_, sub_id(2), Params(form, {{"client_secret"}, {"expand", ParamKind::array}}).text("client_secret"));
        return retrieve(state_.payment_intents, "payment_intent", sub_id(2));
      }
      if (depth == 4 && method == "POST" && parts[3] == "confirm") {
        return created(payment_intent_confirm_specs(), "payment_intent",
                       [&](const Params& params) { return confirm_payment_intent(state_, sub_id(2), params, publishable); });
      }
      if (depth == 4 && method == "POST" && parts[3] == "_sim_authenticate") {
        return json_response(200, authenticate_payment_intent(state_, sub_id(2), Params(form, payment_intent_authenticate_specs())));
      }
      if (depth == 4 && method == "POST" && parts[3] == "cancel" && !publishable) {
        return created({{"cancellation_reason"}, {"expand", ParamKind::array}}, "payment_intent",
                       [&](const Params&) { return cancel_payment_intent(state_, sub_id(2)); });
      }
    }
    throw unrecognized(request, path);
  } catch (const StripeError& error) {
    return json_response(error.status, error.to_json());
  } catch (const std::exception& error) {
    // A bug, not bad input: answer like Stripe's api_error, keep serving.
    return json_response(500, {{"error", {{"type", "api_error"}, {"message", std::string("Internal simulator error: ") + error.what()}}}});
  }
}

}  // namespace stripe_sim
