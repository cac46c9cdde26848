#include "stripe_sim/test_cards.h"

#include <array>
#include <functional>

namespace stripe_sim {
namespace {

struct Shortcut {
  std::string_view name;  // without the tok_ / pm_card_ prefix
  std::string_view number;
};

constexpr std::array kShortcuts{
    Shortcut{"visa", "4242424242424242"},
    Shortcut{"visa_debit", "4000056655665556"},
    Shortcut{"mastercard", "5555555555554444"},
    Shortcut{"amex", "378282246310005"},
    Shortcut{"chargeDeclined", "4000000000000002"},
    Shortcut{"chargeDeclinedInsufficientFunds", "4000000000009995"},
    Shortcut{"chargeCustomerFail", "4000000000000341"},
    Shortcut{"createDispute", "4000000000000259"},
    Shortcut{"authenticationRequired", "4000002760003184"},
    Shortcut{"authenticationRequiredOnSetup", "4000002500003155"},
    Shortcut{"threeDSecure2Required", "4000000000003220"},
};

CardOutcome outcome_of(std::string_view number) {
  if (number == "4000000000000002") return CardOutcome::decline_generic;
  if (number == "4000000000009995") return CardOutcome::insufficient_funds;
  if (number == "4000002500003155" || number == "4000002760003184" || number == "4000000000003220") {
    return CardOutcome::requires_authentication;
  }
  if (number == "4000000000000259") return CardOutcome::dispute;
  if (number == "4000000000000341") return CardOutcome::charge_customer_fail;
  return CardOutcome::succeed;
}

// A stable, opaque fingerprint per card number, as Stripe gives one per PAN.
std::string fingerprint_of(std::string_view number) {
  constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::uint64_t hash = 1469598103934665603ull;
  for (char c : number) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out += alphabet[hash % alphabet.size()];
    hash = hash / alphabet.size() + (hash << 7) + 0x9e3779b97f4a7c15ull;
  }
  return out;
}

}  // namespace

bool declines_at_attach(CardOutcome outcome) {
  return outcome == CardOutcome::decline_generic || outcome == CardOutcome::insufficient_funds;
}

bool luhn_valid(std::string_view digits) {
  if (digits.size() < 12 || digits.size() > 19) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it < '0' || *it > '9') return false;
    int digit = *it - '0';
    if (twice) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::optional<CardDetails> card_from_number(std::string_view digits) {
  if (!luhn_valid(digits)) return std::nullopt;
  CardDetails card;
  if (digits.starts_with("34") || digits.starts_with("37")) {
    card.brand = "American Express";
    card.network = "amex";
  } else if (digits[0] == '5' || digits[0] == '2') {
    card.brand = "MasterCard";
    card.network = "mastercard";
  } else if (digits[0] == '4') {
    card.brand = "Visa";
    card.network = "visa";
  } else {
    card.brand = "Unknown";
    card.network = "unknown";
  }
  if (digits == "4000056655665556") card.funding = "debit";
  card.last4 = std::string(digits.substr(digits.size() - 4));
  card.fingerprint = fingerprint_of(digits);
  card.outcome = outcome_of(digits);
  return card;
}

std::optional<CardDetails> card_from_shortcut(std::string_view id) {
  std::string_view name;
  if (id.starts_with("tok_")) name = id.substr(4);
  else if (id.starts_with("pm_card_")) name = id.substr(8);
  else return std::nullopt;
  for (const auto& shortcut : kShortcuts)
    if (shortcut.name == name) return card_from_number(shortcut.number);
  return std::nullopt;
}

}  // namespace stripe_sim
