// Rendering objects for a response: live fields (present_object) and
// Stripe's expand[] ("balance_transaction", "data.customer", up to 4 levels).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stripe_sim/api_version.h"
#include "stripe_sim/state.h"

namespace stripe_sim {

// The object as a response in `version` shows it now: a charge's refunds list
// (before 2022-11-15), a balance transaction's status, a payout's status.
nlohmann::json present_object(const StripeState& state, const nlohmann::json& object, const ApiVersion& version);

// Replaces id strings at each path with the objects they name; "refunds" on a
// charge fills in its refunds sub-list, and "refunds.data.x" expands within it.
// On a list, paths must start with "data." and apply to every element. A path
// that is not expandable -> 400 "This property cannot be expanded (path)."
nlohmann::json expand_object(const StripeState& state, nlohmann::json object, const std::vector<std::string>& paths,
                             bool is_list, const ApiVersion& version);

// Checks the first level of each path against what Stripe lets you expand on
// `object_type` ("charge", ...), before anything is executed.
void check_expandable(const std::string& object_type, const std::vector<std::string>& paths);

}  // namespace stripe_sim
