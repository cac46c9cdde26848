// Remembers currency codes already found valid: an input repeats a handful of
// currencies, and currency_exponent's list lookup per object was 2-3% of the
// report's time in wasm.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "stripe_report/currency.h"

namespace stripe_report {

class CurrencyCache {
 public:
  // True when `code` is a currency Stripe knows (currency_exponent has a value).
  bool contains(std::string_view code) {
    if (code.size() != 3) return false;
    const std::uint32_t packed = pack(code);
    for (std::size_t i = 0; i < used_; ++i) {
      if (codes_[i] == packed) return true;
    }
    if (!currency_exponent(code)) return false;
    codes_[next_] = packed;
    next_ = (next_ + 1) % codes_.size();
    if (used_ < codes_.size()) ++used_;
    return true;
  }

 private:
  static std::uint32_t pack(std::string_view code) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(code[0])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(code[1])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(code[2]));
  }
  std::array<std::uint32_t, 8> codes_{};
  std::size_t used_ = 0;
  std::size_t next_ = 0;
};

}  // namespace stripe_report
