// text == literal with the length known at compile time, compared a word at a
// time (overlapping loads for the tail). In wasm a memcmp call per comparison
// showed up at 5% of the report's time, and a byte loop at 4.7% for the key
// lookup (bench/core.bench.mjs profiles).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace stripe_report {

namespace literal_detail {
template <typename Word>
inline Word load(const char* at) {
  Word word;
  std::memcpy(&word, at, sizeof word);
  return word;
}
}  // namespace literal_detail

template <std::size_t N>
inline bool equals_literal(std::string_view text, const char (&literal)[N]) {
  using literal_detail::load;
  constexpr std::size_t n = N - 1;
  if (text.size() != n) return false;
  const char* at = text.data();
  if constexpr (n >= 8) {
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
      if (load<std::uint64_t>(at + i) != load<std::uint64_t>(literal + i)) return false;
    }
    if constexpr (n % 8 != 0) {
      return load<std::uint64_t>(at + n - 8) == load<std::uint64_t>(literal + n - 8);
    }
    return true;
  } else if constexpr (n >= 4) {
    return load<std::uint32_t>(at) == load<std::uint32_t>(literal) &&
           load<std::uint32_t>(at + n - 4) == load<std::uint32_t>(literal + n - 4);
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      if (at[i] != literal[i]) return false;
    }
    return true;
  }
}

}  // namespace stripe_report
