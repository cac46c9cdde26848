// Which `expand[]` paths a token may send. An expansion returns another object
// inside the one asked for, so it must not reach further than the token could
// read directly: `data.payment_intent` on a charge list would hand a read
// token PaymentIntents with their client_secret, and `charge` on a refund
// request would let a refund-only token read charges. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace stripe_proxy {

// The object families the gateway serves (what a route returns).
enum class Family { none, charge, refund, balance_transaction, payout, customer };

struct ExpansionContext {
  Family returns = Family::none;  // the route's object (a list route: its items)
  bool is_list = false;           // paths then start with "data."
  bool can_read = false;          // the token has the read scope
  // A balance-transaction list's `type` filter, which pins the polymorphic
  // `source` to one family ("charge" -> charges); empty when absent.
  std::string_view type_filter{};
};

// "" when `path` may be expanded, else why not (for a parameter_invalid error).
std::string check_expansion(const ExpansionContext& context, std::string_view path);

}  // namespace stripe_proxy
