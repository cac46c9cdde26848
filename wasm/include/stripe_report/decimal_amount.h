// Exact conversion of Stripe CSV decimal strings (major units) to integer minor
// units. No floating point: money stays exact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stripe_report {

// "12.34" with exponent 2 -> 1234; "-0.5" -> -50; "1000" with exponent 0 -> 1000;
// "1.230" with exponent 2 -> 123 (trailing zeros beyond the exponent are fine).
// nullopt for anything else: empty, stray characters, thousands separators,
// exponent notation, non-zero digits beyond the currency's exponent, or a value
// outside int64.
std::optional<std::int64_t> parse_decimal_minor_units(std::string_view text, int exponent);

// The way back: 123456 with exponent 2 -> "1234.56"; -5 with exponent 3 ->
// "-0.005"; 1000 with exponent 0 -> "1000". Exact for every int64.
std::string format_minor_units(std::int64_t amount, int exponent);

}  // namespace stripe_report
