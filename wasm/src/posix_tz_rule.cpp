#include "posix_tz_rule.h"

#include "message_text.h"
#include "text_cursor.h"
#include "stripe_report/calendar.h"

namespace stripe_report {
namespace {

using Date = TimeZone::PosixRule::Date;

constexpr std::int64_t kSecondsPerDay = 86400;
// The Gregorian calendar (weekdays included) repeats every 400 years.
constexpr std::int64_t kSecondsPer400Years = 146097 * kSecondsPerDay;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// For b > 0; never overflows (a - floor_div(a, b) * b would near INT64_MIN).
std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
  const std::int64_t remainder = a % b;
  return remainder < 0 ? remainder + b : remainder;
}

// Reads the string left to right; every parse_* returns false on malformed text
// and leaves the reason in `why`.
class Cursor : public TextCursor {
 public:
  using TextCursor::TextCursor;

  // Zone abbreviation: 3+ letters, or <...> of letters, digits, '+' and '-'.
  bool parse_name(const char* what) {
    std::size_t length = 0;
    if (take('<')) {
      while (!at_end() && is_quoted_name_char(peek())) advance(), ++length;
      if (!take('>')) return fail(std::string("unterminated or invalid <...> ") + what + " name");
    } else {
      while (!at_end() && is_letter(peek())) advance(), ++length;
    }
    if (length < 3) return fail(std::string(what) + " name shorter than 3 characters");
    return true;
  }

  // [+-]hh[:mm[:ss]] in seconds, hours at most max_hours.
  bool parse_hms(int max_hours, std::int32_t& seconds) {
    bool negative = false;
    if (take('-')) negative = true;
    else take('+');
    std::int32_t hours = 0, minutes = 0, secs = 0;
    if (!parse_number(3, hours) || hours > max_hours) return fail("hours out of range");
    if (take(':')) {
      if (!parse_number(2, minutes) || minutes > 59) return fail("minutes out of range");
      if (take(':') && (!parse_number(2, secs) || secs > 59)) return fail("seconds out of range");
    }
    seconds = hours * 3600 + minutes * 60 + secs;
    if (negative) seconds = -seconds;
    return true;
  }

  // Jn, n or Mm.w.d, then an optional /time.
  bool parse_date(Date& date) {
    std::int32_t value = 0;
    if (take('J')) {
      if (!parse_number(3, value) || value < 1 || value > 365) return fail("Jn day out of 1..365");
      date.kind = Date::Kind::julian_no_leap;
      date.day = static_cast<std::int16_t>(value);
    } else if (take('M')) {
      std::int32_t month = 0, week = 0, weekday = 0;
      if (!parse_number(2, month) || month < 1 || month > 12) return fail("month out of 1..12");
      if (!take('.') || !parse_number(1, week) || week < 1 || week > 5) return fail("week out of 1..5");
      if (!take('.') || !parse_number(1, weekday) || weekday > 6) return fail("weekday out of 0..6");
      date.kind = Date::Kind::month_week_day;
      date.month = static_cast<std::uint8_t>(month);
      date.week = static_cast<std::uint8_t>(week);
      date.day = static_cast<std::int16_t>(weekday);
    } else {
      if (!parse_number(3, value) || value > 365) return fail("day out of 0..365");
      date.kind = Date::Kind::zero_based;
      date.day = static_cast<std::int16_t>(value);
    }
    date.time = 7200;  // POSIX default: 02:00 local
    if (take('/') && !parse_hms(167, date.time)) return false;
    return true;
  }

  bool fail(std::string why) {
    if (why_.empty()) why_ = std::move(why);
    return false;
  }
  const std::string& why() const { return why_; }

 private:
  static bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static bool is_quoted_name_char(char c) { return is_letter(c) || is_digit(c) || c == '+' || c == '-'; }

  bool parse_number(int max_digits, std::int32_t& value) {
    value = 0;
    int digits = 0;
    while (digits < max_digits && is_digit(peek())) {
      value = value * 10 + (peek() - '0');
      advance();
      ++digits;
    }
    return digits > 0 && !is_digit(peek());
  }

  std::string why_;
};

// First day of the rule date in `year`, as days since 1970-01-01.
std::int64_t rule_day(std::int32_t year, const Date& date) {
  const std::int64_t jan1 = days_from_civil({year, 1, 1});
  switch (date.kind) {
    case Date::Kind::julian_no_leap:  // Feb 29 is never counted
      return jan1 + date.day - 1 + (is_leap_year(year) && date.day >= 60 ? 1 : 0);
    case Date::Kind::zero_based:
      return jan1 + date.day;
    case Date::Kind::month_week_day: {
      const std::int64_t first = days_from_civil({year, date.month, 1});
      const std::int64_t first_weekday = floor_mod(first + 4, 7);  // 1970-01-01 was a Thursday
      std::int64_t day = first + floor_mod(date.day - first_weekday, 7) + (date.week - 1) * 7;
      while (day >= first + days_in_month(year, date.month)) day -= 7;  // week 5 = last
      return day;
    }
  }
  return jan1;
}

}  // namespace

std::optional<TimeZone::PosixRule> parse_posix_tz(std::string_view text, std::string* error) {
  Cursor cursor(text);
  TimeZone::PosixRule rule;
  std::int32_t posix_offset = 0;
  auto failed = [&]() -> std::optional<TimeZone::PosixRule> {
    if (error) *error = "invalid POSIX TZ string \"" + printable_ascii(text) + "\": " + cursor.why();
    return std::nullopt;
  };
  auto fail_with = [&](const char* why) {
    cursor.fail(why);
    return failed();
  };
  if (!cursor.parse_name("standard time") || !cursor.parse_hms(24, posix_offset)) return failed();
  rule.std_offset = -posix_offset;  // POSIX counts west of Greenwich as positive
  if (cursor.at_end()) return rule;

  if (!cursor.parse_name("daylight time")) return failed();
  rule.has_dst = true;
  rule.dst_offset = rule.std_offset + 3600;
  if (cursor.peek() != ',' && !cursor.at_end()) {
    if (!cursor.parse_hms(24, posix_offset)) return failed();
    rule.dst_offset = -posix_offset;
  }
  if (cursor.at_end()) {
    // No rule given: POSIX leaves it to the implementation; glibc uses the US rule.
    rule.dst_start = {Date::Kind::month_week_day, 0, 3, 2, 7200};
    rule.dst_end = {Date::Kind::month_week_day, 0, 11, 1, 7200};
    return rule;
  }
  if (!cursor.take(',')) return fail_with("expected ',' before the DST start rule");
  if (!cursor.parse_date(rule.dst_start)) return failed();
  if (!cursor.take(',')) return fail_with("expected ',' before the DST end rule");
  if (!cursor.parse_date(rule.dst_end)) return failed();
  if (!cursor.at_end()) return fail_with("unexpected text after the DST end rule");
  return rule;
}

std::int32_t posix_offset_at(const TimeZone::PosixRule& rule, std::int64_t unix_seconds) {
  if (!rule.has_dst) return rule.std_offset;
  // Fold the instant into 1970..2369: same offset, and no overflow for any int64.
  const std::int64_t t = floor_mod(unix_seconds, kSecondsPer400Years);
  const std::int32_t year = civil_from_days(floor_div(t + rule.std_offset, kSecondsPerDay)).year;
  // The start time is written in standard time, the end time in daylight time.
  const std::int64_t start =
      rule_day(year, rule.dst_start) * kSecondsPerDay + rule.dst_start.time - rule.std_offset;
  const std::int64_t end =
      rule_day(year, rule.dst_end) * kSecondsPerDay + rule.dst_end.time - rule.dst_offset;
  const bool in_dst = start < end ? (t >= start && t < end)      // northern hemisphere
                                  : !(t >= end && t < start);   // southern: DST spans new year
  return in_dst ? rule.dst_offset : rule.std_offset;
}

}  // namespace stripe_report
