#include "stripe_proxy/export_windows.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "stripe_proxy/parameter_rules.h"
#include "stripe_wire/form.h"

namespace stripe_proxy {

std::vector<TimeWindow> split_windows(std::int64_t gte, std::int64_t lt, std::size_t count) {
  std::vector<TimeWindow> windows;
  if (gte >= lt || count == 0) return windows;
  const auto span = lt - gte;
  const auto n = static_cast<std::int64_t>(std::min<std::size_t>(count, static_cast<std::size_t>(std::min<std::int64_t>(span, 1 << 20))));
  for (std::int64_t i = 0; i < n; ++i) {
    windows.push_back({gte + span * i / n, gte + span * (i + 1) / n});
  }
  return windows;
}

std::vector<TimeWindow> split_remaining(TimeWindow& window, std::int64_t last_created, std::int64_t first_created,
                                        std::size_t wanted) {
  std::vector<TimeWindow> handed;
  if (wanted == 0 || last_created < window.gte || last_created >= window.lt) return handed;
  // Page counts below are estimated from this page's time span (its density).
  constexpr std::int64_t kept_pages = 4;       // the cursor's window keeps this much
  constexpr std::int64_t min_handed_pages = 2;  // less is not worth a window (and its partial last page)
  constexpr std::int64_t first_slice_pages = 4;
  const auto page_span = std::min<std::int64_t>(std::max<std::int64_t>(1, first_created - last_created),
                                                std::numeric_limits<std::int64_t>::max() / 64);
  if (last_created - window.gte <= page_span * (kept_pages + min_handed_pages)) return handed;
  const auto mid = last_created - page_span * kept_pages;
  // Slices double in size away from the cursor: the data is known to be dense
  // next to it, while farther back it may thin out or stop (an account's
  // first day), where equal slices would each cost an empty probe.
  auto upper = mid;
  auto size = page_span * first_slice_pages;
  for (std::size_t i = 0; i < std::min<std::size_t>(wanted, 64) && upper > window.gte; ++i) {
    const bool last = i + 1 == wanted || upper - window.gte < size + page_span * first_slice_pages;
    const auto lower = last ? window.gte : upper - size;
    handed.push_back({lower, upper});
    upper = lower;
    size = std::min(size * 2, std::numeric_limits<std::int64_t>::max() / 4);
  }
  if (upper > window.gte) handed.back().gte = window.gte;  // more than 64 wanted: the last takes the rest
  window.gte = mid;
  return handed;
}

std::size_t export_fetchers(double rate_per_second, std::chrono::milliseconds page_latency, std::size_t max_windows) {
  const double in_flight = rate_per_second * std::chrono::duration<double>(page_latency).count();
  const double wanted = std::ceil(std::clamp(in_flight, 0.0, 1e6)) + 1;
  return std::clamp<std::size_t>(static_cast<std::size_t>(wanted), std::min<std::size_t>(2, max_windows), max_windows);
}

ExportRange parse_export_query(std::string_view query) {
  ExportRange result;
  std::string error;
  const auto form = stripe_wire::parse_form(query, &error);
  if (!form) {
    result.error = "query: " + error;
    return result;
  }
  std::optional<std::int64_t> gte;
  std::optional<std::int64_t> lt;
  for (const auto& field : *form) {
    if (field.key == "payout") {
      if (!result.payout.empty()) {
        result.error = "payout: given twice";
        return result;
      }
      if (!field.value.starts_with("po_") || !rules::path_id(field.value).empty()) {
        result.error = "payout: must be a payout id (po_...)";
        return result;
      }
      result.payout = field.value;
      continue;
    }
    auto* slot = field.key == "created[gte]" ? &gte : field.key == "created[lt]" ? &lt : nullptr;
    if (!slot) {
      result.error = field.key.substr(0, 100) + ": unknown parameter (only created[gte] and created[lt], or payout)";
      return result;
    }
    if (*slot) {
      result.error = field.key + ": given twice";
      return result;
    }
    if (auto problem = rules::integer_in(field.value, 0, 99'999'999'999); !problem.empty()) {
      result.error = field.key + ": " + problem;
      return result;
    }
    *slot = std::stoll(field.value);
  }
  if (!result.payout.empty()) {
    if (gte || lt) {
      result.payout.clear();
      result.error = "payout: cannot be combined with created[gte] or created[lt]";
    }
  } else if (!gte) {
    result.error = "created[gte]: is required";
  } else if (!lt) {
    result.error = "created[lt]: is required";
  } else if (*gte >= *lt) {
    result.error = "created[lt]: must be after created[gte]";
  } else {
    result.range = TimeWindow{*gte, *lt};
  }
  return result;
}

std::string export_page_target(const TimeWindow& window, std::string_view starting_after) {
  stripe_wire::Form form{{"limit", "100"},
                         {"created[gte]", std::to_string(window.gte)},
                         {"created[lt]", std::to_string(window.lt)}};
  if (!starting_after.empty()) form.push_back({"starting_after", std::string(starting_after)});
  return "/v1/balance_transactions?" + stripe_wire::encode_form(form);
}

std::string payout_page_target(std::string_view payout, std::string_view starting_after) {
  stripe_wire::Form form{{"payout", std::string(payout)}, {"limit", "100"}};
  if (!starting_after.empty()) form.push_back({"starting_after", std::string(starting_after)});
  return "/v1/balance_transactions?" + stripe_wire::encode_form(form);
}

}  // namespace stripe_proxy
