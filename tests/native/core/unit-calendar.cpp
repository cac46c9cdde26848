#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "stripe_report/calendar.h"
#include "zone_fixtures.h"

using stripe_report::CivilDate;
using stripe_report::Period;
using stripe_report::TimeZone;
using stripe_report::WeekStart;

namespace {

std::string period_of(std::int64_t t, const TimeZone& zone, Period period,
                      WeekStart week_start = WeekStart::monday) {
  return stripe_report::format_date(stripe_report::period_start(t, zone, period, week_start));
}

std::string day_of(std::int64_t t, const TimeZone& zone) {
  return stripe_report::format_date(stripe_report::local_date(t, zone));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(calendar)

BOOST_AUTO_TEST_CASE(civil_days_round_trip) {
  BOOST_TEST(stripe_report::days_from_civil({1970, 1, 1}) == 0);
  BOOST_TEST(stripe_report::days_from_civil({1969, 12, 31}) == -1);
  BOOST_TEST(stripe_report::days_from_civil({2000, 3, 1}) == 11017);
  BOOST_TEST(stripe_report::days_from_civil({2024, 2, 29}) == 19782);
  BOOST_TEST(stripe_report::days_from_civil({1, 1, 1}) == -719162);
  int mismatches = 0;
  std::int64_t previous = stripe_report::days_from_civil({-2000, 1, 1}) - 1;
  for (std::int64_t day = previous + 1; day < 1200000; ++day) {  // -2000..5255, every day
    const CivilDate date = stripe_report::civil_from_days(day);
    if (stripe_report::days_from_civil(date) != day || date.day < 1 || date.day > 31) ++mismatches;
  }
  BOOST_TEST(mismatches == 0);
}

BOOST_AUTO_TEST_CASE(format_date_pads_and_signs) {
  BOOST_TEST(stripe_report::format_date({2024, 3, 5}) == "2024-03-05");
  BOOST_TEST(stripe_report::format_date({999, 1, 1}) == "0999-01-01");
  BOOST_TEST(stripe_report::format_date({-1, 12, 31}) == "-0001-12-31");
  BOOST_TEST(stripe_report::format_date({12345, 10, 9}) == "12345-10-09");
  BOOST_TEST(stripe_report::format_date({std::numeric_limits<std::int32_t>::min(), 1, 1}) ==
             "-2147483648-01-01");
}

// 2024-03-31 (a Sunday) CET -> CEST; 2024-10-27 (a Sunday) CEST -> CET.
BOOST_AUTO_TEST_CASE(berlin_dst_weeks_start_at_local_midnight) {
  const TimeZone berlin = zone_fixtures::load("Europe/Berlin");
  BOOST_TEST(period_of(1711920600, berlin, Period::week) == "2024-03-25");  // Sun 03-31 23:30 CEST
  BOOST_TEST(period_of(1711924200, berlin, Period::week) == "2024-04-01");  // Mon 04-01 00:30 CEST
  BOOST_TEST(period_of(1711837800, berlin, Period::week) == "2024-03-25");  // Sat 03-30 23:30 CET
  BOOST_TEST(period_of(1730068200, berlin, Period::week) == "2024-10-21");  // Sun 10-27 23:30 CET
  BOOST_TEST(period_of(1730071800, berlin, Period::week) == "2024-10-28");  // Mon 10-28 00:30 CET
  // The same instants in UTC fall in other weeks: the zone matters.
  BOOST_TEST(period_of(1711924200, TimeZone::utc(), Period::week) == "2024-03-25");
  BOOST_TEST(day_of(1711924200, TimeZone::utc()) == "2024-03-31");
  // The DST-change week is 167 hours long, the next one 168: both one week.
  BOOST_TEST(period_of(1711839600, berlin, Period::week) == "2024-03-25");  // Sun 03-31 00:00
  BOOST_TEST(period_of(1711839600 - 1, berlin, Period::week) == "2024-03-25");
  BOOST_TEST(period_of(1711922400 - 1, berlin, Period::week) == "2024-03-25");  // Sun 23:59:59
  BOOST_TEST(period_of(1711922400, berlin, Period::week) == "2024-04-01");      // Mon 00:00
}

// 2024-03-10 (Sunday) EST -> EDT; 2024-11-03 (Sunday) EDT -> EST.
BOOST_AUTO_TEST_CASE(new_york_dst_weeks) {
  const TimeZone new_york = zone_fixtures::load("America/New_York");
  BOOST_TEST(period_of(1710127800, new_york, Period::week) == "2024-03-04");  // Sun 03-10 23:30 EDT
  BOOST_TEST(period_of(1710131400, new_york, Period::week) == "2024-03-11");  // Mon 03-11 00:30 EDT
  BOOST_TEST(period_of(1730694600, new_york, Period::week) == "2024-10-28");  // Sun 11-03 23:30 EST
  BOOST_TEST(period_of(1730698200, new_york, Period::week) == "2024-11-04");  // Mon 11-04 00:30 EST
  BOOST_TEST(day_of(1730694600, new_york) == "2024-11-03");
  BOOST_TEST(day_of(1730698200, new_york) == "2024-11-04");
}

BOOST_AUTO_TEST_CASE(sunday_start_weeks) {
  const TimeZone berlin = zone_fixtures::load("Europe/Berlin");
  const TimeZone new_york = zone_fixtures::load("America/New_York");
  BOOST_TEST(period_of(1711920600, berlin, Period::week, WeekStart::sunday) == "2024-03-31");
  BOOST_TEST(period_of(1711837800, berlin, Period::week, WeekStart::sunday) == "2024-03-24");  // Sat
  BOOST_TEST(period_of(1711924200, berlin, Period::week, WeekStart::sunday) == "2024-03-31");  // Mon
  BOOST_TEST(period_of(1710045000, new_york, Period::week, WeekStart::sunday) == "2024-03-03");  // Sat 03-09
  BOOST_TEST(period_of(1710127800, new_york, Period::week, WeekStart::sunday) == "2024-03-10");
  BOOST_TEST(period_of(1730604600, new_york, Period::week, WeekStart::sunday) == "2024-10-27");  // Sat 11-02
  BOOST_TEST(period_of(1730694600, new_york, Period::week, WeekStart::sunday) == "2024-11-03");
}

BOOST_AUTO_TEST_CASE(month_and_year_boundaries) {
  const TimeZone berlin = zone_fixtures::load("Europe/Berlin");
  BOOST_TEST(period_of(1711920600, berlin, Period::month) == "2024-03-01");  // 03-31 23:30 local
  BOOST_TEST(period_of(1711924200, berlin, Period::month) == "2024-04-01");  // 04-01 00:30 local
  BOOST_TEST(period_of(1735684200, berlin, Period::month) == "2024-12-01");  // 2024-12-31 23:30
  BOOST_TEST(period_of(1735687800, berlin, Period::month) == "2025-01-01");  // 2025-01-01 00:30
  BOOST_TEST(period_of(1735684200, berlin, Period::day) == "2024-12-31");
  BOOST_TEST(period_of(1735687800, berlin, Period::day) == "2025-01-01");
  // ISO week spanning the year: Monday 2024-12-30 holds 2025-01-01.
  BOOST_TEST(period_of(1735687800, berlin, Period::week) == "2024-12-30");
  BOOST_TEST(period_of(1735687800, berlin, Period::week, WeekStart::sunday) == "2024-12-29");
}

BOOST_AUTO_TEST_CASE(leap_day) {
  const TimeZone berlin = zone_fixtures::load("Europe/Berlin");
  BOOST_TEST(period_of(1709161200, berlin, Period::day) == "2024-02-29");  // 00:00 local
  BOOST_TEST(period_of(1709161200 - 1, berlin, Period::day) == "2024-02-28");
  BOOST_TEST(period_of(1709247599, berlin, Period::day) == "2024-02-29");  // 23:59:59 local
  BOOST_TEST(period_of(1709247600, berlin, Period::day) == "2024-03-01");
  BOOST_TEST(period_of(1709247599, berlin, Period::month) == "2024-02-01");
  BOOST_TEST(period_of(1709247599, berlin, Period::week) == "2024-02-26");
  BOOST_TEST(period_of(1709247599, berlin, Period::week, WeekStart::sunday) == "2024-02-25");
  BOOST_TEST(day_of(951782400, TimeZone::utc()) == "2000-02-29");  // divisible by 400
  BOOST_TEST(day_of(4107542400, TimeZone::utc()) == "2100-03-01");  // 2100 is not leap
}

BOOST_AUTO_TEST_CASE(quarter_hour_zone_and_southern_hemisphere) {
  const TimeZone kathmandu = zone_fixtures::load("Asia/Kathmandu");
  BOOST_TEST(day_of(1704046500, kathmandu) == "2024-01-01");      // 00:00 +05:45
  BOOST_TEST(day_of(1704046500 - 1, kathmandu) == "2023-12-31");
  const TimeZone sydney = zone_fixtures::load("Australia/Sydney");
  BOOST_TEST(day_of(1728136800, sydney) == "2024-10-06");  // DST starts at 02:00 that day
  BOOST_TEST(period_of(1728136800, sydney, Period::week) == "2024-09-30");
}

BOOST_AUTO_TEST_CASE(extreme_instants_do_not_overflow) {
  const TimeZone berlin = zone_fixtures::load("Europe/Berlin");
  for (std::int64_t t : {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(),
                         std::int64_t{-62135596800}, std::int64_t{253402300799}}) {
    for (Period period : {Period::day, Period::week, Period::month}) {
      const CivilDate date = stripe_report::period_start(t, berlin, period, WeekStart::sunday);
      BOOST_TEST((date.month >= 1 && date.month <= 12));
      BOOST_TEST((date.day >= 1 && date.day <= 31));
    }
  }
  BOOST_TEST(day_of(253402300799, TimeZone::utc()) == "9999-12-31");
  BOOST_TEST(day_of(-62135596800, TimeZone::utc()) == "0001-01-01");
}

BOOST_AUTO_TEST_SUITE(parse_instant)

using stripe_report::parse_instant;

BOOST_AUTO_TEST_CASE(rfc3339_with_offsets) {
  const TimeZone berlin = zone_fixtures::load("Europe/Berlin");
  BOOST_TEST(parse_instant("2024-03-31T01:30:00Z", berlin).value() == 1711848600);
  BOOST_TEST(parse_instant("2024-03-31t01:30:00z", berlin).value() == 1711848600);
  BOOST_TEST(parse_instant("2024-03-31 01:30:00Z", berlin).value() == 1711848600);
  BOOST_TEST(parse_instant("2024-03-31T03:30:00+02:00", berlin).value() == 1711848600);
  BOOST_TEST(parse_instant("2024-03-30T20:30:00-05:00", berlin).value() == 1711848600);
  BOOST_TEST(parse_instant("2024-03-31T01:30:00.999Z", berlin).value() == 1711848600);
  BOOST_TEST(parse_instant("2024-03-31T01:30Z", berlin).value() == 1711848600);
  BOOST_TEST(parse_instant("1970-01-01T00:00:00Z", berlin).value() == 0);
  BOOST_TEST(parse_instant("1969-12-31T23:59:59Z", berlin).value() == -1);
}

BOOST_AUTO_TEST_CASE(unix_seconds) {
  const TimeZone utc = TimeZone::utc();
  BOOST_TEST(parse_instant("1711848600", utc).value() == 1711848600);
  BOOST_TEST(parse_instant("0", utc).value() == 0);
  BOOST_TEST(parse_instant("-86400", utc).value() == -86400);
  BOOST_TEST(parse_instant("999999999999999", utc).value() == 999999999999999);
}

BOOST_AUTO_TEST_CASE(dates_are_local_midnight) {
  BOOST_TEST(parse_instant("2024-03-31", TimeZone::utc()).value() == 1711843200);
  BOOST_TEST(parse_instant("2024-03-31", zone_fixtures::load("Europe/Berlin")).value() == 1711839600);
  BOOST_TEST(parse_instant("2024-11-03", zone_fixtures::load("America/New_York")).value() == 1730606400);
  BOOST_TEST(parse_instant("2024-01-01", zone_fixtures::load("Asia/Kathmandu")).value() == 1704046500);
  BOOST_TEST(parse_instant("2024-10-06", zone_fixtures::load("Australia/Sydney")).value() == 1728136800);
}

BOOST_AUTO_TEST_CASE(local_times_in_gaps_and_overlaps) {
  const TimeZone berlin = zone_fixtures::load("Europe/Berlin");
  BOOST_TEST(parse_instant("2024-10-27T02:30:00", berlin).value() == 1729989000);  // first of two
  BOOST_TEST(parse_instant("2024-03-31T02:30:00", berlin).value() == 1711846800);  // gap: its end
  BOOST_TEST(parse_instant("2024-03-31T03:00:00", berlin).value() == 1711846800);
  BOOST_TEST(parse_instant("2024-03-31T01:59:59", berlin).value() == 1711846799);
  // Sao Paulo 2018-11-04: midnight did not exist (00:00 -> 01:00).
  const TimeZone sao_paulo = zone_fixtures::load("America/Sao_Paulo");
  BOOST_TEST(parse_instant("2018-11-04", sao_paulo).value() == 1541300400);
  BOOST_TEST(day_of(1541300400, sao_paulo) == "2018-11-04");
  BOOST_TEST(day_of(1541300399, sao_paulo) == "2018-11-03");
  // 2019-02-16 23:xx happened twice.
  BOOST_TEST(parse_instant("2019-02-16T23:30:00", sao_paulo).value() == 1550367000);
  BOOST_TEST(parse_instant("2019-02-17", sao_paulo).value() == 1550372400);
  // Samoa skipped 2011-12-30 entirely: its start is the first instant of 12-31.
  const TimeZone apia = zone_fixtures::load("Pacific/Apia");
  BOOST_TEST(parse_instant("2011-12-30", apia).value() == 1325239200);
  BOOST_TEST(parse_instant("2011-12-31", apia).value() == 1325239200);
  BOOST_TEST(day_of(1325239199, apia) == "2011-12-29");
  BOOST_TEST(day_of(1325239200, apia) == "2011-12-31");
}

BOOST_AUTO_TEST_CASE(malformed_text_is_refused) {
  const TimeZone utc = TimeZone::utc();
  for (const char* text :
       {"", "abc", "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-3-1", "2024-03-31T",
        "2024-03-31T25:00:00Z", "2024-03-31T01:60:00Z", "2024-03-31T01:30:00+0200",
        "2024-03-31T01:30:00+24:00", "2024-03-31T01:30:00Zx", "2024-03-31T01:30:00.Z",
        "2024-03-31X01:30:00Z", "2024-03-31T1:30:00Z", "--5", "5-", "-", "1234567890123456",
        "2024-03-31 ", " 2024-03-31", "+2024-03-31", "2024-03-31T01:30:00 Z"})
    BOOST_TEST(!parse_instant(text, utc).has_value(), text);
  BOOST_TEST(!parse_instant(std::string(100, '1'), utc).has_value());
}

BOOST_AUTO_TEST_SUITE_END()  // parse_instant

BOOST_AUTO_TEST_SUITE_END()
