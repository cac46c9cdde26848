// The export splits [gte, lt) into time windows fetched concurrently, each
// paginated newest-first with limit=100, so that the rate budget (not the
// page latency) bounds the total time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stripe_proxy {

struct TimeWindow {
  std::int64_t gte = 0;
  std::int64_t lt = 0;
  bool operator==(const TimeWindow&) const = default;
};

// At most `count` windows of nearly equal length that exactly tile [gte, lt);
// none shorter than one second. Empty when gte >= lt.
std::vector<TimeWindow> split_windows(std::int64_t gte, std::int64_t lt, std::size_t count);

// Work sharing while a window paginates: after a page spanning
// [last_created, first_created] (newest first), the window keeps about four
// more pages' worth of time, [mid, lt) (its cursor stays inside), and hands
// [gte, mid) to up to `wanted` new fetchers: a slice of four pages' worth
// (estimated from this page's density), then twice that, and so on away from
// the cursor, the last one taking the rest. Splitting by the observed density,
// not the midpoint, keeps fetchers busy however the data is spread; handing
// several slices at once fills all idle fetchers in one page time. Empty when
// less than two pages' worth would be handed over: every window ends in a
// partial page, so many small windows waste the rate budget.
std::vector<TimeWindow> split_remaining(TimeWindow& window, std::int64_t last_created, std::int64_t first_created,
                                        std::size_t wanted = 1);

// How many windows to fetch at once: enough to keep the rate budget busy
// while pages take `page_latency` (rate x latency requests in flight, plus
// one), at least 2, at most `max_windows`. More
// would not go faster, only cost a partial last page per window.
std::size_t export_fetchers(double rate_per_second, std::chrono::milliseconds page_latency, std::size_t max_windows);

// The latency assumed before the first page has answered.
constexpr std::chrono::milliseconds assumed_page_latency{100};

struct ExportRange {
  std::optional<TimeWindow> range;
  std::string payout;  // "po_...": that payout's transactions (reconciliation), no time range
  std::string error;   // names the parameter
};

// Parses the export query: created[gte] and created[lt], or payout=po_... alone.
ExportRange parse_export_query(std::string_view query);

// The upstream target of one page of a payout's balance transactions.
std::string payout_page_target(std::string_view payout, std::string_view starting_after);

// The upstream target of one page of one window.
std::string export_page_target(const TimeWindow& window, std::string_view starting_after);

}  // namespace stripe_proxy
