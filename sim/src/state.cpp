#include "stripe_sim/state.h"

#include <chrono>

namespace stripe_sim {

StripeState::StripeState(std::uint64_t id_seed) : random_(id_seed) {
  clock = [] {
    return static_cast<std::int64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
  };
}

std::string StripeState::random_text(std::size_t length) {
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string text;
  text.reserve(length);
  for (std::size_t i = 0; i < length; ++i) text += alphabet[random_() % alphabet.size()];
  return text;
}

std::string StripeState::new_id(std::string_view prefix) { return std::string(prefix) + random_text(24); }

ObjectStore* StripeState::store_for(std::string_view id) {
  if (id.starts_with("ch_")) return &charges;
  if (id.starts_with("cus_")) return &customers;
  if (id.starts_with("txn_")) return &balance_transactions;
  if (id.starts_with("re_")) return &refunds;
  if (id.starts_with("po_")) return &payouts;
  if (id.starts_with("dp_")) return &disputes;
  if (id.starts_with("pi_")) return &payment_intents;
  if (id.starts_with("pm_")) return &payment_methods;
  if (id.starts_with("card_")) return &cards;
  if (id.starts_with("tok_")) return &tokens;
  return nullptr;
}

std::string_view StripeState::kind_of(std::string_view id) {
  if (id.starts_with("ch_")) return "charge";
  if (id.starts_with("cus_")) return "customer";
  if (id.starts_with("txn_")) return "balance transaction";
  if (id.starts_with("re_")) return "refund";
  if (id.starts_with("po_")) return "payout";
  if (id.starts_with("dp_")) return "dispute";
  if (id.starts_with("pi_")) return "payment_intent";
  if (id.starts_with("pm_")) return "PaymentMethod";
  if (id.starts_with("card_")) return "source";
  if (id.starts_with("tok_")) return "token";
  return "object";
}

}  // namespace stripe_sim
