// Local calendar arithmetic for report periods: which local day, week or month
// an instant belongs to in a time zone, DST-correct.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stripe_report/time_zone.h"

namespace stripe_report {

struct CivilDate {
  std::int32_t year = 1970;
  std::uint8_t month = 1;  // 1..12
  std::uint8_t day = 1;    // 1..31
  auto operator<=>(const CivilDate&) const = default;
};

enum class Period { day, week, month };
enum class WeekStart { monday, sunday };

// Proleptic Gregorian leap years, and the length of a month (1..12).
bool is_leap_year(std::int64_t year);
int days_in_month(std::int64_t year, int month);

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
std::int64_t days_from_civil(CivilDate date);
CivilDate civil_from_days(std::int64_t days);

// The local date, in `zone`, of a UTC instant. Defined for every int64; years
// beyond int32 wrap, far past any real timestamp.
CivilDate local_date(std::int64_t unix_seconds, const TimeZone& zone);

// The first local date of the period that contains the instant, as days since
// 1970-01-01 (what the report keys rows by) and as a date.
std::int64_t period_start_days(std::int64_t unix_seconds, const TimeZone& zone, Period period,
                               WeekStart week_start);
CivilDate period_start(std::int64_t unix_seconds, const TimeZone& zone, Period period,
                       WeekStart week_start);

// "YYYY-MM-DD".
std::string format_date(CivilDate date);

// Parses "YYYY-MM-DD" (a local date; midnight in `zone`) or an RFC 3339 instant
// ("2024-03-31T01:30:00Z", "...+02:00") or plain Unix seconds, into Unix seconds.
// Also: a date-time without offset ("2024-03-31T02:30:00", 'T' or ' ') is wall
// time in `zone`; fractional seconds are dropped; seconds 60 count as 59.
// Local times that happen twice (DST ends) give the first; local times that do
// not exist (DST starts; also a midnight skipped by a zone) give the first
// instant after the gap, so a date always means "the start of that local day".
// nullopt for anything else (including impossible dates like 2023-02-29).
std::optional<std::int64_t> parse_instant(std::string_view text, const TimeZone& zone);

}  // namespace stripe_report
