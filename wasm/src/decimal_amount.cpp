// Major-unit decimal strings ("-12.34") to integer minor units, digit by digit
// in unsigned 64-bit arithmetic with explicit overflow checks.
#include "stripe_report/decimal_amount.h"

#include <limits>

namespace stripe_report {
namespace {

constexpr std::uint64_t kMaxMagnitude = std::uint64_t{1} << 63;  // |INT64_MIN|

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// magnitude = magnitude * 10 + digit, false when it would pass kMaxMagnitude.
bool push_digit(std::uint64_t& magnitude, int digit) {
  if (magnitude > (kMaxMagnitude - static_cast<std::uint64_t>(digit)) / 10) return false;
  magnitude = magnitude * 10 + static_cast<std::uint64_t>(digit);
  return true;
}

}  // namespace

std::optional<std::int64_t> parse_decimal_minor_units(std::string_view text, int exponent) {
  if (exponent < 0 || exponent > 18) return std::nullopt;
  std::size_t pos = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) ++pos;

  std::uint64_t magnitude = 0;
  const std::size_t integer_start = pos;
  while (pos < text.size() && is_digit(text[pos])) {
    if (!push_digit(magnitude, text[pos] - '0')) return std::nullopt;
    ++pos;
  }
  if (pos == integer_start) return std::nullopt;  // "", "-", ".5"

  int fraction_digits = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t fraction_start = pos;
    for (; pos < text.size() && is_digit(text[pos]); ++pos) {
      const int digit = text[pos] - '0';
      if (fraction_digits < exponent) {
        if (!push_digit(magnitude, digit)) return std::nullopt;
        ++fraction_digits;
      } else if (digit != 0) {
        return std::nullopt;  // finer than the currency's minor unit
      }
    }
    if (pos == fraction_start) return std::nullopt;  // "12."
  }
  if (pos != text.size()) return std::nullopt;  // stray characters
  for (; fraction_digits < exponent; ++fraction_digits) {
    if (!push_digit(magnitude, 0)) return std::nullopt;
  }

  if (negative) {
    if (magnitude == kMaxMagnitude) return std::numeric_limits<std::int64_t>::min();
    return -static_cast<std::int64_t>(magnitude);
  }
  if (magnitude == kMaxMagnitude) return std::nullopt;
  return static_cast<std::int64_t>(magnitude);
}

std::string format_minor_units(std::int64_t amount, int exponent) {
  // Magnitude as unsigned so INT64_MIN stays exact.
  const std::uint64_t magnitude =
      amount < 0 ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  std::string digits = std::to_string(magnitude);
  const auto decimals = static_cast<std::size_t>(exponent);
  if (decimals > 0) {
    if (digits.size() <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
    digits.insert(digits.size() - decimals, 1, '.');
  }
  if (amount < 0) digits.insert(0, 1, '-');
  return digits;
}

}  // namespace stripe_report
