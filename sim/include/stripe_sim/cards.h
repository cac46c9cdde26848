// Cards, tokens and PaymentMethods: how card details enter the simulator.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "stripe_sim/params.h"
#include "stripe_sim/state.h"

namespace stripe_sim {

// Reads card[number|exp_month|exp_year|cvc] and checks them as Stripe does
// (402 card_error incorrect_number / invalid_expiry_month / invalid_expiry_year / invalid_cvc).
CardDetails card_details_from_params(const Params& params, std::int64_t now);

// Stores a card_ object (Stripe's `card` shape) with its hidden behaviour.
nlohmann::json& store_card(StripeState& state, const CardDetails& details, const nlohmann::json& customer,
                           std::int64_t created);

// Stores a pm_ object (type card) with its hidden behaviour.
nlohmann::json& store_payment_method(StripeState& state, const CardDetails& details,
                                     const nlohmann::json& billing_details, std::int64_t created);

// POST /v1/tokens
nlohmann::json create_token(StripeState& state, const Params& params);
// POST /v1/payment_methods
nlohmann::json create_payment_method(StripeState& state, const Params& params);

// Turns a `source` value (tok_ id, shortcut tok_visa, or card_ id of `customer`) into a
// card_ id ready to charge; marks tokens used (a used token -> 400 token_already_used).
std::string card_for_source(StripeState& state, const std::string& source, const nlohmann::json& customer,
                            std::int64_t now);

// A pm_ id or pm_card_* shortcut -> stored pm_ id.
std::string payment_method_for(StripeState& state, const std::string& reference, std::int64_t now);

ParamSpecs token_param_specs();
ParamSpecs payment_method_param_specs();

}  // namespace stripe_sim
