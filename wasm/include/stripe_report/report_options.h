// What the report is asked for: zone, period, week start, basis, time range
// and currency filter (issue #3's "Options").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stripe_report/calendar.h"
#include "stripe_report/time_zone.h"

namespace stripe_report {

enum class Basis { created, available_on };

struct ReportOptions {
  TimeZone zone = TimeZone::utc();
  Period period = Period::week;
  WeekStart week_start = WeekStart::monday;
  Basis basis = Basis::created;
  std::optional<std::int64_t> from;  // inclusive, Unix seconds
  std::optional<std::int64_t> to;    // exclusive, Unix seconds
  std::string currency;              // lower-case code; empty = every currency
};

// Amounts as integer minor units (1234, Stripe's API) or decimal major units
// (12.34, Stripe's CSV exports). Only output: the report adds minor units.
enum class AmountUnits { minor, major };

std::optional<Period> parse_period(std::string_view text);
std::optional<AmountUnits> parse_amount_units(std::string_view text);
const char* amount_units_name(AmountUnits units);
std::optional<WeekStart> parse_week_start(std::string_view text);
std::optional<Basis> parse_basis(std::string_view text);
const char* period_name(Period period);
const char* week_start_name(WeekStart week_start);
const char* basis_name(Basis basis);

// "2024-03-31T22:00:00Z" for a Unix instant.
std::string format_utc_instant(std::int64_t unix_seconds);

}  // namespace stripe_report
