#include "stripe_proxy/export_windows.h"

#include <algorithm>
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

std::optional<TimeWindow> split_remaining(TimeWindow& window, std::int64_t last_created, std::int64_t first_created) {
  if (last_created < window.gte || last_created >= window.lt) return std::nullopt;
  const auto page_span = std::max<std::int64_t>(1, first_created - last_created);
  const auto keep = std::min<std::int64_t>(page_span, std::numeric_limits<std::int64_t>::max() / 4) * 2;
  if (last_created - window.gte <= keep) return std::nullopt;
  const auto mid = last_created - keep;
  const TimeWindow older{window.gte, mid};
  window.gte = mid;
  return older;
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
    auto* slot = field.key == "created[gte]" ? &gte : field.key == "created[lt]" ? &lt : nullptr;
    if (!slot) {
      result.error = field.key.substr(0, 100) + ": unknown parameter (only created[gte] and created[lt])";
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
  if (!gte) {
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

}  // namespace stripe_proxy
