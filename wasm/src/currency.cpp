#include "stripe_report/currency.h"

#include <algorithm>
#include <array>

namespace stripe_report {
namespace {

// Stripe's published lists (docs: "Zero-decimal currencies", "Three-decimal
// currencies"). Kept sorted for binary search.
constexpr std::array<std::string_view, 16> kZeroDecimal = {
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
    "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"};
constexpr std::array<std::string_view, 5> kThreeDecimal = {"bhd", "jod", "kwd", "omr", "tnd"};

bool is_currency_code(std::string_view code) {
  return code.size() == 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace

bool is_zero_decimal_currency(std::string_view code) {
  return std::binary_search(kZeroDecimal.begin(), kZeroDecimal.end(), code);
}

bool is_three_decimal_currency(std::string_view code) {
  return std::binary_search(kThreeDecimal.begin(), kThreeDecimal.end(), code);
}

std::optional<int> currency_exponent(std::string_view code) {
  if (!is_currency_code(code)) return std::nullopt;
  if (is_zero_decimal_currency(code)) return 0;
  if (is_three_decimal_currency(code)) return 3;
  return 2;
}

}  // namespace stripe_report
