#include "stripe_sim/api_version.h"

namespace stripe_sim {

std::optional<ApiVersion> parse_api_version(std::string_view header) {
  if (header.size() < 10) return std::nullopt;
  for (std::size_t i = 0; i < 10; ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? header[i] != '-' : (header[i] < '0' || header[i] > '9')) return std::nullopt;
  }
  const auto month = (header[5] - '0') * 10 + (header[6] - '0');
  const auto day = (header[8] - '0') * 10 + (header[9] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  // A release name (".endive") or beta flags ("; beta=v1") may follow the date.
  if (header.size() > 10 && header[10] != '.' && header[10] != ';') return std::nullopt;
  return ApiVersion{.date = std::string(header.substr(0, 10))};
}

}  // namespace stripe_sim
