// Civil-date arithmetic (Howard Hinnant's days_from_civil / civil_from_days)
// and report periods in local time. Periods are local dates, not instants, so
// a week spanning a DST change is still exactly one week from local midnight.
#include "stripe_report/calendar.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "text_cursor.h"

namespace stripe_report {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Local wall-clock seconds (seconds since 1970-01-01 00:00 local) of an instant.
// Splits first so that no int64 overflows even at the ends of the range.
void local_day_and_second(std::int64_t unix_seconds, const TimeZone& zone, std::int64_t& day,
                          std::int64_t& second_of_day) {
  std::int64_t remainder = unix_seconds % kSecondsPerDay;
  day = unix_seconds / kSecondsPerDay;
  if (remainder < 0) {
    remainder += kSecondsPerDay;
    --day;
  }
  second_of_day = remainder + zone.utc_offset_at(unix_seconds);
  const std::int64_t carry = floor_div(second_of_day, kSecondsPerDay);
  day += carry;
  second_of_day -= carry * kSecondsPerDay;
}

// 0 = Monday .. 6 = Sunday for days since 1970-01-01 (a Thursday).
int iso_weekday_index(std::int64_t days) {
  return static_cast<int>(days + 3 - floor_div(days + 3, 7) * 7);
}

// Cursor over the text being parsed by parse_instant.
class Scanner : public TextCursor {
 public:
  using TextCursor::TextCursor;
  // Exactly `digits` decimal digits.
  bool fixed(int digits, int& value) {
    value = 0;
    for (int i = 0; i < digits; ++i) {
      const char c = peek();
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
      advance();
    }
    return true;
  }
  void skip_digits() {
    while (peek() >= '0' && peek() <= '9') advance();
  }
};

// The earliest instant whose local time in `zone` is at or after `local_seconds`
// (local seconds since 1970-01-01 00:00). Ambiguous times (DST ends) take the
// first occurrence; times in a gap (DST starts) give the end of the gap.
std::int64_t instant_of_local(std::int64_t local_seconds, const TimeZone& zone) {
  auto local_of = [&](std::int64_t t) { return t + zone.utc_offset_at(t); };
  // Try every offset in force within +-36 h (transitions are days apart): an
  // offset o is right when local_seconds - o really shows local_seconds.
  std::optional<std::int64_t> exact, before_gap, after_gap;
  for (std::int64_t probe = -36; probe <= 36; probe += 3) {
    const std::int64_t candidate = local_seconds - zone.utc_offset_at(local_seconds + probe * 3600);
    const std::int64_t shown = local_of(candidate);
    if (shown == local_seconds) {
      if (!exact || candidate < *exact) exact = candidate;
    } else if (shown > local_seconds) {
      if (!after_gap || candidate < *after_gap) after_gap = candidate;
    } else if (!before_gap || candidate > *before_gap) {
      before_gap = candidate;
    }
  }
  if (exact) return *exact;
  // In a gap: bisect for the first instant whose local time reaches
  // local_seconds. Offsets stay within +-26 h, so +-2 days always bracket it.
  std::int64_t low = local_seconds - 2 * 86400, high = local_seconds + 2 * 86400;
  if (before_gap && after_gap && *before_gap < *after_gap) {
    low = *before_gap;
    high = *after_gap;
  }
  while (high - low > 1) {
    const std::int64_t middle = low + (high - low) / 2;
    if (local_of(middle) >= local_seconds) high = middle;
    else low = middle;
  }
  return high;
}

}  // namespace

bool is_leap_year(std::int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(std::int64_t year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}


std::int64_t days_from_civil(CivilDate date) {
  const std::int64_t month = date.month;
  const std::int64_t year = std::int64_t{date.year} - (month <= 2 ? 1 : 0);
  const std::int64_t era = floor_div(year, 400);
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + date.day - 1;
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = floor_div(days, 146097);
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;
  const std::int64_t day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const std::int64_t month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  // Years beyond int32 wrap (C++20 conversion is modular); callers keep
  // instants within about +-2^55 seconds, far beyond any real timestamp.
  return CivilDate{static_cast<std::int32_t>(year), static_cast<std::uint8_t>(month),
                   static_cast<std::uint8_t>(day)};
}

CivilDate local_date(std::int64_t unix_seconds, const TimeZone& zone) {
  std::int64_t day = 0, second_of_day = 0;
  local_day_and_second(unix_seconds, zone, day, second_of_day);
  return civil_from_days(day);
}

std::int64_t period_start_days(std::int64_t unix_seconds, const TimeZone& zone, Period period,
                               WeekStart week_start) {
  std::int64_t day = 0, second_of_day = 0;
  local_day_and_second(unix_seconds, zone, day, second_of_day);
  switch (period) {
    case Period::day:
      return day;
    case Period::week: {
      const int since_monday = iso_weekday_index(day);
      return day - (week_start == WeekStart::monday ? since_monday : (since_monday + 1) % 7);
    }
    case Period::month:
      return day - (civil_from_days(day).day - 1);
  }
  return day;
}

CivilDate period_start(std::int64_t unix_seconds, const TimeZone& zone, Period period,
                       WeekStart week_start) {
  return civil_from_days(period_start_days(unix_seconds, zone, period, week_start));
}

std::string format_date(CivilDate date) {
  // Four-digit years as ISO 8601 writes them; others keep their sign and digits.
  std::array<char, 32> buffer{};
  char* out = buffer.data();
  std::int64_t year = date.year;
  if (year < 0) {
    *out++ = '-';
    year = -year;
  }
  auto put = [&](std::int64_t value, int width) {
    std::array<char, 24> digits{};
    const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
    for (auto n = end - digits.data(); n < width; ++n) *out++ = '0';
    for (const char* p = digits.data(); p != end; ++p) *out++ = *p;
  };
  put(year, 4);
  *out++ = '-';
  put(date.month, 2);
  *out++ = '-';
  put(date.day, 2);
  return std::string(buffer.data(), out);
}

std::optional<std::int64_t> parse_instant(std::string_view text, const TimeZone& zone) {
  if (text.empty() || text.size() > 64) return std::nullopt;

  // Plain Unix seconds: an optional '-' and 1..15 digits (up to year ~33658).
  const bool negative = text.front() == '-';
  const std::string_view digits = text.substr(negative ? 1 : 0);
  if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos) {
    if (digits.size() > 15) return std::nullopt;
    std::int64_t value = 0;
    for (const char c : digits) value = value * 10 + (c - '0');
    return negative ? -value : value;
  }

  Scanner scan(text);
  int year = 0, month = 0, day = 0;
  if (!scan.fixed(4, year) || !scan.take('-') || !scan.fixed(2, month) || !scan.take('-') ||
      !scan.fixed(2, day))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  const std::int64_t date_seconds =
      days_from_civil({year, static_cast<std::uint8_t>(month), static_cast<std::uint8_t>(day)}) *
      kSecondsPerDay;
  if (scan.at_end()) return instant_of_local(date_seconds, zone);  // local midnight

  if (!scan.take('T') && !scan.take('t') && !scan.take(' ')) return std::nullopt;
  int hour = 0, minute = 0, second = 0;
  if (!scan.fixed(2, hour) || !scan.take(':') || !scan.fixed(2, minute)) return std::nullopt;
  if (scan.take(':') && !scan.fixed(2, second)) return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;  // 60: a leap second
  if (scan.take('.')) {  // fractional seconds: whole seconds are enough, floor them
    const std::size_t before = scan.position();
    scan.skip_digits();
    if (scan.position() == before) return std::nullopt;
  }
  const std::int64_t wall = date_seconds + hour * 3600 + minute * 60 + std::min(second, 59);
  if (scan.at_end()) return instant_of_local(wall, zone);  // no offset: local time in `zone`
  if (scan.take('Z') || scan.take('z')) return scan.at_end() ? std::optional(wall) : std::nullopt;

  const bool west = scan.peek() == '-';
  if (!scan.take('+') && !scan.take('-')) return std::nullopt;
  int offset_hours = 0, offset_minutes = 0;
  if (!scan.fixed(2, offset_hours) || !scan.take(':') || !scan.fixed(2, offset_minutes) ||
      !scan.at_end() || offset_hours > 23 || offset_minutes > 59)
    return std::nullopt;
  const std::int64_t offset = (offset_hours * 3600 + offset_minutes * 60) * (west ? -1 : 1);
  return wall - offset;
}

}  // namespace stripe_report
