// Stripe's test cards and shortcut tokens, and what each does when charged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stripe_sim {

enum class CardOutcome {
  succeed,
  decline_generic,          // 4000 0000 0000 0002: card_declined / generic_decline
  insufficient_funds,       // 4000 0000 0000 9995: card_declined / insufficient_funds
  requires_authentication,  // 4000 0025 0000 3155, 4000 0027 6000 3184: 3-D Secure
  dispute,                  // 4000 0000 0000 0259: succeeds, then disputed as fraudulent
  charge_customer_fail,     // 4000 0000 0000 0341: attaches to a customer, every charge declined
};

// Whether attaching the card to a customer fails. Stripe checks a card with its
// issuer when it is attached: the decline cards (0002, 9995) fail there with
// 402 card_declined and no customer is made; 0341 attaches, then declines
// every charge (Stripe's testing docs, "Declined payments").
bool declines_at_attach(CardOutcome outcome);

struct CardDetails {
  std::string brand;    // "Visa" (card objects), network "visa" (payment_method_details)
  std::string network;  // "visa", "mastercard", "amex"
  std::string last4;
  std::string funding = "credit";
  std::string country = "US";
  std::string fingerprint;
  std::int64_t exp_month = 12;
  std::int64_t exp_year = 2034;
  CardOutcome outcome = CardOutcome::succeed;
};

// Digits only (spaces removed by the caller); nullopt when the Luhn check or length fails.
std::optional<CardDetails> card_from_number(std::string_view digits);

// tok_visa, tok_chargeDeclined, ... and pm_card_visa, pm_card_chargeDeclined, ...
std::optional<CardDetails> card_from_shortcut(std::string_view id);

bool luhn_valid(std::string_view digits);

}  // namespace stripe_sim
