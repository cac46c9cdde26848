// PaymentIntents: create, confirm with a payment method, 3-D Secure via
// requires_action, and the simulator's stand-in for the bank's challenge page
// (POST /v1/payment_intents/{id}/_sim_authenticate, result approve|decline).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "stripe_sim/params.h"
#include "stripe_sim/state.h"

namespace stripe_sim {

ParamSpecs payment_intent_create_specs();
ParamSpecs payment_intent_confirm_specs();
ParamSpecs payment_intent_authenticate_specs();

nlohmann::json create_payment_intent(StripeState& state, const Params& params);
// With a publishable key the caller must pass the intent's client_secret.
nlohmann::json confirm_payment_intent(StripeState& state, const std::string& id, const Params& params,
                                      bool publishable);
nlohmann::json authenticate_payment_intent(StripeState& state, const std::string& id, const Params& params);
nlohmann::json cancel_payment_intent(StripeState& state, const std::string& id);

// Throws 404 unless `client_secret` belongs to the intent `id` (publishable-key access).
void check_client_secret(const StripeState& state, const std::string& id, const std::optional<std::string>& secret);

}  // namespace stripe_sim
