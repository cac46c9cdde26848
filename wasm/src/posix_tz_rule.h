// The POSIX TZ string of a TZif footer ("CET-1CEST,M3.5.0,M10.5.0/3"): parsing
// and evaluation. Internal to the core (time_zone.cpp uses it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stripe_report/time_zone.h"

namespace stripe_report {

// Parses a POSIX TZ string with the RFC 8536 (v3+) extensions: rule times from
// -167h to 167h. nullopt on anything malformed, and `error` says why.
std::optional<TimeZone::PosixRule> parse_posix_tz(std::string_view text, std::string* error);

// Offset from UTC, in seconds, that the rule gives at a UTC instant. Defined for
// every int64 (the rule repeats with the 400-year Gregorian cycle).
std::int32_t posix_offset_at(const TimeZone::PosixRule& rule, std::int64_t unix_seconds);

}  // namespace stripe_report
