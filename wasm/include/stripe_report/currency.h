// Currency facts Stripe's API relies on: how many decimals a currency's minor
// unit has, so that amounts stay exact integers end to end.
#pragma once

#include <optional>
#include <string_view>

namespace stripe_report {

// Number of decimals in the minor unit Stripe uses for `amount` fields of this
// currency (lower-case ISO 4217 code): 0 for `jpy`, 3 for `kwd`, 2 otherwise.
// Returns nullopt for anything that is not a lower-case code of a currency
// Stripe supports (or once supported): "xyz", "USD", "us" are all refused.
std::optional<int> currency_exponent(std::string_view currency_code);

// True for the codes on Stripe's zero-decimal list.
bool is_zero_decimal_currency(std::string_view currency_code);

// True for the codes on Stripe's three-decimal list.
bool is_three_decimal_currency(std::string_view currency_code);

}  // namespace stripe_report
