// Customers, with a `source` token becoming their default card.
#pragma once

#include <nlohmann/json.hpp>

#include "stripe_sim/params.h"
#include "stripe_sim/state.h"

namespace stripe_sim {

ParamSpecs customer_param_specs();
// POST /v1/customers
nlohmann::json create_customer(StripeState& state, const Params& params);
// POST /v1/customers/{id}
nlohmann::json update_customer(StripeState& state, const std::string& id, const Params& params);

}  // namespace stripe_sim
