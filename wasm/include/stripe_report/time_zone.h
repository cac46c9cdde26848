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

  // The POSIX TZ rule of a TZif footer (RFC 8536 section 3.3), parsed once.
  // Public only so time_zone.cpp's free helpers can use it; not part of the API.
  struct PosixRule {
    // A rule date: Jn (Julian, no Feb 29), n (zero-based, counts Feb 29) or Mm.w.d.
    struct Date {
      enum class Kind : std::uint8_t { julian_no_leap, zero_based, month_week_day };
      Kind kind = Kind::month_week_day;
      std::int16_t day = 0;      // Jn: 1..365, n: 0..365, M: weekday 0..6 (Sunday = 0)
      std::uint8_t month = 1;    // M only: 1..12
      std::uint8_t week = 1;     // M only: 1..5 (5 = last)
      std::int32_t time = 7200;  // local seconds after midnight, -167h..167h
    };
    std::int32_t std_offset = 0;  // seconds east of UTC (POSIX writes the opposite sign)
    bool has_dst = false;
    std::int32_t dst_offset = 0;
    Date dst_start;
    Date dst_end;
  };

 private:
  TimeZone() = default;
  std::int32_t footer_offset_at(std::int64_t unix_seconds) const;

  std::string name_;
  std::vector<std::int64_t> transition_times_;    // strictly ascending
  std::vector<std::int32_t> transition_offsets_;  // offset in force from transition_times_[i]
  std::int32_t initial_offset_ = 0;               // before the first transition (type 0)
  std::optional<PosixRule> footer_;               // rule after the last transition
};

// A valid IANA-style zone name ("Europe/Berlin", "UTC", "America/Argentina/Buenos_Aires"):
// letters, digits, '/', '_', '-', '+', no empty, '.' or '..' segments. Guards file lookups.
bool is_valid_zone_name(std::string_view name);

}  // namespace stripe_report
