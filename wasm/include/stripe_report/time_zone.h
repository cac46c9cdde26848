// IANA time zone rules from real TZif data (RFC 8536), the same bytes natively
// (/usr/share/zoneinfo) and in the browser (served beside the wasm module).
// GCC 12 has no std::chrono::tzdb and the wasm sysroot has no zoneinfo.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stripe_report {

class TimeZone {
 public:
  // The UTC zone; needs no data.
  static TimeZone utc();

  // Parses TZif v1..v4 bytes (the 64-bit block when present, and the POSIX TZ
  // footer for instants after the last transition). On malformed data:
  // nullopt, and `error` (if given) says why.
  static std::optional<TimeZone> from_tzif(std::string_view name, std::string_view tzif_bytes,
                                           std::string* error = nullptr);

  // Offset from UTC, in seconds, in force at a UTC instant (Unix seconds).
  std::int32_t utc_offset_at(std::int64_t unix_seconds) const;

  const std::string& name() const { return name_; }

 private:
  TimeZone() = default;
  // Implementation detail filled by from_tzif; see time_zone.cpp.
  std::string name_;
  std::vector<std::int64_t> transition_times_;
  std::vector<std::int32_t> transition_offsets_;  // offset in force from transition_times_[i]
  std::int32_t initial_offset_ = 0;               // before the first transition
  std::string posix_footer_;                      // rule for instants after the last transition
};

// A valid IANA-style zone name ("Europe/Berlin", "UTC", "America/Argentina/Buenos_Aires"):
// letters, digits, '/', '_', '-', '+', no empty, '.' or '..' segments. Guards file lookups.
bool is_valid_zone_name(std::string_view name);

}  // namespace stripe_report
