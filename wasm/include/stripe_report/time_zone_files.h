// Loading zones from the system's TZif files (native builds only; the browser
// gets its bytes from wasm/js/zoneinfo.mjs).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "stripe_report/time_zone.h"

namespace stripe_report {

// Reads and parses `<zoneinfo_dir>/<name>`. The name must pass
// is_valid_zone_name (no path traversal). "UTC" needs no file. On failure:
// nullopt, and `error` (if given) names the zone and the reason.
std::optional<TimeZone> load_system_time_zone(std::string_view name, std::string* error,
                                              std::string_view zoneinfo_dir = "/usr/share/zoneinfo");

}  // namespace stripe_report
