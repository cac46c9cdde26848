// The export splits [gte, lt) into time windows fetched concurrently, each
// paginated newest-first with limit=100, so that the rate budget (not the
// page latency) bounds the total time.
#pragma once

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
// [last_created, first_created] (newest first), the window keeps about two
// more pages' worth of time, [mid, lt) (its cursor stays inside), and returns
// [gte, mid) for another fetcher, which splits again in turn. Splitting by the
// observed density, not the midpoint, keeps fetchers busy however the data is
// spread. nullopt when the rest is too small to split.
std::optional<TimeWindow> split_remaining(TimeWindow& window, std::int64_t last_created, std::int64_t first_created);

struct ExportRange {
  std::optional<TimeWindow> range;
  std::string error;  // names the parameter
};

// Parses the export query: created[gte] and created[lt] required, nothing else.
ExportRange parse_export_query(std::string_view query);

// The upstream target of one page of one window.
std::string export_page_target(const TimeWindow& window, std::string_view starting_after);

}  // namespace stripe_proxy
