// Charges and refunds: the operations that move money in and back out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "stripe_sim/api_version.h"
#include "stripe_sim/params.h"
#include "stripe_sim/state.h"

namespace stripe_sim {

// Why a card is declined, as a charge's outcome and the 402 error tell it.
struct Decline {
  std::string decline_code, message, outcome_type, seller_message;
};

// The decline a charge on a card with `outcome` meets; nullopt when it goes through
// (3-D Secure cards go through once `authenticated`).
std::optional<Decline> decline_for(CardOutcome outcome, bool authenticated);

struct ChargeInput {
  std::int64_t amount = 0;
  std::string currency;
  std::string payment_source;       // card_ or pm_ id with known card details
  nlohmann::json customer = nullptr;
  nlohmann::json payment_intent = nullptr;
  nlohmann::json description = nullptr;
  nlohmann::json metadata = nlohmann::json::object();
  nlohmann::json receipt_email = nullptr;
  bool authenticated = false;       // 3-D Secure already completed (PaymentIntents)
  std::int64_t created = 0;
};

// Charges a card. A declined card stores a failed charge and throws 402
// card_error (with "charge" set); success stores the charge and its balance
// transaction, and the dispute test card opens a dispute right away.
nlohmann::json& charge_card(StripeState& state, const ChargeInput& input);

// Checks amount/currency as Stripe does (minimum 50 minor units for 2-decimal
// currencies, 8 digits max) and returns the currency's exponent.
int check_amount(std::int64_t amount, const std::string& currency);

struct RefundInput {
  std::string charge;
  std::optional<std::int64_t> amount;  // default: what is left
  nlohmann::json reason = nullptr;
  nlohmann::json metadata = nlohmann::json::object();
  std::int64_t created = 0;
};

// 400 amount_too_large when more than what is left, charge_already_refunded
// when nothing is left, charge_disputed on a disputed charge.
nlohmann::json& refund_charge(StripeState& state, const RefundInput& input);

// POST /v1/charges and POST /v1/refunds, POST /v1/charges/{id}/refunds.
nlohmann::json create_charge(StripeState& state, const Params& params);
nlohmann::json create_refund(StripeState& state, const Params& params, std::optional<std::string> charge_in_path);
ParamSpecs charge_param_specs();
ParamSpecs refund_param_specs();

// A charge's refunds as Stripe's sub-list: the newest 10, has_more, total_count, url.
nlohmann::json charge_refunds(const StripeState& state, const std::string& charge_id, const ApiVersion& version);

// The charge as `version` shows it: with its `refunds` sub-list before 2022-11-15.
nlohmann::json present_charge(const StripeState& state, nlohmann::json charge, const ApiVersion& version);

}  // namespace stripe_sim
