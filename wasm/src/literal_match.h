// text == literal with the length known at compile time. A byte loop the
// compiler unrolls: in wasm a memcmp call per comparison showed up at 5% of the
// report's time (bench/core.bench.mjs profile).
#pragma once

#include <cstddef>
#include <string_view>

namespace stripe_report {

template <std::size_t N>
inline bool equals_literal(std::string_view text, const char (&literal)[N]) {
  if (text.size() != N - 1) return false;
  for (std::size_t i = 0; i + 1 < N; ++i) {
    if (text[i] != literal[i]) return false;
  }
  return true;
}

}  // namespace stripe_report
