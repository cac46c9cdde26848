#include "stripe_report/report_options.h"

#include <cstdio>

namespace stripe_report {

std::optional<Period> parse_period(std::string_view text) {
  if (text == "day") return Period::day;
  if (text == "week") return Period::week;
  if (text == "month") return Period::month;
  return std::nullopt;
}

std::optional<AmountUnits> parse_amount_units(std::string_view text) {
  if (text == "minor") return AmountUnits::minor;
  if (text == "major") return AmountUnits::major;
  return std::nullopt;
}

const char* amount_units_name(AmountUnits units) {
  return units == AmountUnits::major ? "major" : "minor";
}

std::optional<WeekStart> parse_week_start(std::string_view text) {
  if (text == "monday") return WeekStart::monday;
  if (text == "sunday") return WeekStart::sunday;
  return std::nullopt;
}

std::optional<Basis> parse_basis(std::string_view text) {
  if (text == "created") return Basis::created;
  if (text == "available_on") return Basis::available_on;
  return std::nullopt;
}

const char* period_name(Period period) {
  switch (period) {
    case Period::day: return "day";
    case Period::week: return "week";
    case Period::month: return "month";
  }
  return "week";
}

const char* week_start_name(WeekStart week_start) {
  return week_start == WeekStart::sunday ? "sunday" : "monday";
}

const char* basis_name(Basis basis) {
  return basis == Basis::available_on ? "available_on" : "created";
}

std::string format_utc_instant(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds / 86400;
  std::int64_t seconds = unix_seconds % 86400;
  if (seconds < 0) {
    seconds += 86400;
    --days;
  }
  const CivilDate date = civil_from_days(days);
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(date.year), static_cast<unsigned>(date.month),
                static_cast<unsigned>(date.day), static_cast<int>(seconds / 3600),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  return text;
}

}  // namespace stripe_report
