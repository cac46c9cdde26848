// The Stripe-Version a request asks for, and what it changes in responses.
// Stripe answers each request in the version of its Stripe-Version header, or
// the account's default version without one (`--api-version`, default
// 2022-11-15, the version this project pins).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stripe_sim {

inline constexpr std::string_view kDefaultApiVersion = "2022-11-15";

struct ApiVersion {
  std::string date = std::string(kDefaultApiVersion);  // "YYYY-MM-DD"

  // Up to 2022-08-01 a charge carries its newest 10 refunds as a sub-list;
  // from 2022-11-15 only with expand[]=refunds (Stripe changelog 2022-11-15,
  // "The Charges object no longer auto-expands refunds by default").
  bool embeds_charge_refunds() const { return date < "2022-11-15"; }
};

// "2022-11-15", "2026-10-28.endive" (stripe-node's default), "2020-08-27; beta=v1"
// -> the date part; nullopt when the value does not start with a YYYY-MM-DD date.
std::optional<ApiVersion> parse_api_version(std::string_view header);

}  // namespace stripe_sim
