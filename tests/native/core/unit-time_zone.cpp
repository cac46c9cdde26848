#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>

#include "stripe_report/time_zone.h"
#include "stripe_report/time_zone_files.h"
#include "tzif_builder.h"
#include "zone_fixtures.h"

using stripe_report::TimeZone;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A zone with no transitions whose footer alone decides every offset.
TimeZone footer_only(const std::string& footer) {
  tzif_test::Builder builder;
  builder.footer = footer;
  std::string error;
  auto zone = TimeZone::from_tzif("Test/Footer", builder.bytes(), &error);
  BOOST_TEST_REQUIRE(zone.has_value(), footer << ": " << error);
  return *zone;
}

std::string error_for(const std::string& bytes) {
  std::string error;
  const auto zone = TimeZone::from_tzif("Test/Broken", bytes, &error);
  BOOST_TEST(!zone.has_value());
  return error;
}

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

}  // namespace

BOOST_AUTO_TEST_SUITE(time_zone)

BOOST_AUTO_TEST_CASE(utc_needs_no_data) {
  const TimeZone utc = TimeZone::utc();
  BOOST_TEST(utc.name() == "UTC");
  for (std::int64_t t : {kMin, std::int64_t{-1}, std::int64_t{0}, std::int64_t{1711846800}, kMax})
    BOOST_TEST(utc.utc_offset_at(t) == 0);
  BOOST_TEST(zone_fixtures::load("Etc/UTC").utc_offset_at(1711846800) == 0);
  BOOST_TEST(zone_fixtures::load("UTC").utc_offset_at(1711846800) == 0);
}

struct KnownOffset {
  const char* zone;
  std::int64_t unix_seconds;
  std::int32_t offset;
};

// Checked against CPython's zoneinfo on the same TZif files.
BOOST_AUTO_TEST_CASE(known_offsets_around_transitions_and_via_the_footer) {
  const KnownOffset cases[] = {
      {"Europe/Berlin", 1711846799, 3600},        // 2024-03-31 00:59:59 UTC
      {"Europe/Berlin", 1711846800, 7200},        // 2024-03-31 01:00:00 UTC: CEST
      {"Europe/Berlin", 1729990799, 7200},        // 2024-10-27 00:59:59 UTC
      {"Europe/Berlin", 1729990800, 3600},        // 2024-10-27 01:00:00 UTC: CET
      {"Europe/Berlin", 4109878799, 3600},        // 2100-03-28 00:59:59 UTC (footer)
      {"Europe/Berlin", 4109878800, 7200},        // 2100-03-28 01:00:00 UTC
      {"Europe/Berlin", 4128627599, 7200},        // 2100-10-31 00:59:59 UTC
      {"Europe/Berlin", 4128627600, 3600},        // 2100-10-31 01:00:00 UTC
      {"Europe/Berlin", -2208988800, 3600},       // 1900-01-01
      {"Europe/Berlin", -2422054409, 3208},       // 1893-03-31: local mean time
      {"America/New_York", 1710053999, -18000},   // 2024-03-10 06:59:59 UTC
      {"America/New_York", 1710054000, -14400},   // 2024-03-10 07:00:00 UTC: EDT
      {"America/New_York", 1730613599, -14400},   // 2024-11-03 05:59:59 UTC
      {"America/New_York", 1730613600, -18000},   // 2024-11-03 06:00:00 UTC: EST
      {"America/New_York", 13585190400, -14400},  // 2400-07-01 (footer)
      {"America/New_York", 13598409600, -18000},  // 2400-12-01 (footer)
      {"Australia/Sydney", 1712419199, 39600},    // 2024-04-06 15:59:59 UTC: AEDT
      {"Australia/Sydney", 1712419200, 36000},    // 2024-04-06 16:00:00 UTC: AEST
      {"Australia/Sydney", 1728143999, 36000},    // 2024-10-05 15:59:59 UTC
      {"Australia/Sydney", 1728144000, 39600},    // 2024-10-05 16:00:00 UTC
      {"Australia/Sydney", 7258118400, 39600},    // 2200-01-01: southern summer (footer)
      {"Australia/Sydney", 7273756800, 36000},    // 2200-07-01
      {"Asia/Kolkata", 1704067200, 19800},        // +05:30
      {"Asia/Kathmandu", 1704067200, 20700},      // +05:45
      {"Asia/Kathmandu", 473385600, 19800},       // 1985: still +05:30
      {"Australia/Lord_Howe", 10415001600, 39600},  // 2300-01-15: +11 (30-minute DST)
      {"Australia/Lord_Howe", 10430640000, 37800},  // 2300-07-15: +10:30
      {"Asia/Tehran", 1906502400, 12600},         // 2030: <+0330>-3:30
  };
  std::map<std::string, TimeZone> zones;
  for (const auto& c : cases) {
    auto found = zones.find(c.zone);
    if (found == zones.end()) found = zones.emplace(c.zone, zone_fixtures::load(c.zone)).first;
    BOOST_TEST_CONTEXT(c.zone << " at " << c.unix_seconds) {
      BOOST_TEST(found->second.utc_offset_at(c.unix_seconds) == c.offset);
    }
  }
}

// Every line of offsets.txt (made by make_offsets.py with CPython's zoneinfo):
// random instants 1850..2500 and both sides of every transition until 2100.
BOOST_AUTO_TEST_CASE(agrees_with_cpython_zoneinfo_on_4654_instants) {
  std::ifstream in(std::string(zone_fixtures::directory()) + "/offsets.txt");
  BOOST_TEST_REQUIRE(in.good());
  std::map<std::string, TimeZone> zones;
  std::string name;
  std::int64_t t = 0;
  std::int32_t expected = 0;
  int lines = 0, mismatches = 0;
  while (in >> name >> t >> expected) {
    ++lines;
    auto found = zones.find(name);
    if (found == zones.end()) found = zones.emplace(name, zone_fixtures::load(name)).first;
    const std::int32_t actual = found->second.utc_offset_at(t);
    if (actual != expected && ++mismatches <= 10) {
      BOOST_TEST(actual == expected, name << " at " << t);
    }
  }
  BOOST_TEST(lines == 4654);
  BOOST_TEST(mismatches == 0);
  BOOST_TEST(zones.size() == 10u);
}

BOOST_AUTO_TEST_CASE(extreme_instants_are_defined) {
  for (const char* name : {"Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"}) {
    const TimeZone zone = zone_fixtures::load(name);
    BOOST_TEST_CONTEXT(name) {
      const std::int32_t at_min = zone.utc_offset_at(kMin);
      const std::int32_t at_max = zone.utc_offset_at(kMax);
      BOOST_TEST(at_min > -50000);
      BOOST_TEST(at_min < 50000);
      BOOST_TEST(at_max > -50000);
      BOOST_TEST(at_max < 50000);
    }
  }
  // Far-future Berlin is CET or CEST and nothing else.
  const std::int32_t berlin_max = zone_fixtures::load("Europe/Berlin").utc_offset_at(kMax);
  BOOST_TEST((berlin_max == 3600 || berlin_max == 7200));
}

BOOST_AUTO_TEST_SUITE(posix_footer)

BOOST_AUTO_TEST_CASE(central_europe_last_sunday_rule) {
  const TimeZone zone = footer_only("CET-1CEST,M3.5.0,M10.5.0/3");
  BOOST_TEST(zone.utc_offset_at(1711846799) == 3600);
  BOOST_TEST(zone.utc_offset_at(1711846800) == 7200);
  BOOST_TEST(zone.utc_offset_at(1729990799) == 7200);
  BOOST_TEST(zone.utc_offset_at(1729990800) == 3600);
}

BOOST_AUTO_TEST_CASE(us_eastern_second_sunday_rule) {
  const TimeZone zone = footer_only("EST5EDT,M3.2.0,M11.1.0");
  BOOST_TEST(zone.utc_offset_at(1710053999) == -18000);
  BOOST_TEST(zone.utc_offset_at(1710054000) == -14400);
  BOOST_TEST(zone.utc_offset_at(1730613599) == -14400);
  BOOST_TEST(zone.utc_offset_at(1730613600) == -18000);
}

BOOST_AUTO_TEST_CASE(dst_without_rule_uses_the_us_default) {
  const TimeZone zone = footer_only("EST5EDT");
  BOOST_TEST(zone.utc_offset_at(1710053999) == -18000);
  BOOST_TEST(zone.utc_offset_at(1710054000) == -14400);
}

BOOST_AUTO_TEST_CASE(quoted_names_and_minutes) {
  BOOST_TEST(footer_only("<+0330>-3:30").utc_offset_at(1906502400) == 12600);
  BOOST_TEST(footer_only("<+0545>-5:45").utc_offset_at(0) == 20700);
  BOOST_TEST(footer_only("<-03>3").utc_offset_at(0) == -10800);
  BOOST_TEST(footer_only("<-0130>+1:30:15").utc_offset_at(0) == -5415);
}

BOOST_AUTO_TEST_CASE(southern_hemisphere_rule_spans_new_year) {
  const TimeZone zone = footer_only("AEST-10AEDT,M10.1.0,M4.1.0/3");
  BOOST_TEST(zone.utc_offset_at(1704067200) == 39600);  // 2024-01-01: summer
  BOOST_TEST(zone.utc_offset_at(1719792000) == 36000);  // 2024-07-01: winter
  BOOST_TEST(zone.utc_offset_at(1712419199) == 39600);
  BOOST_TEST(zone.utc_offset_at(1712419200) == 36000);
}

BOOST_AUTO_TEST_CASE(explicit_dst_offset) {
  const TimeZone zone = footer_only("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
  BOOST_TEST(zone.utc_offset_at(10415001600) == 39600);
  BOOST_TEST(zone.utc_offset_at(10430640000) == 37800);
}

// Jn never counts Feb 29; n counts it. Both with a 00:00 change, UTC-based.
BOOST_AUTO_TEST_CASE(julian_day_forms) {
  // 2024 is a leap year: J60 is March 1, zero-based 59 is February 29.
  const TimeZone julian = footer_only("AAA0BBB,J60/0,J300/0");
  BOOST_TEST(julian.utc_offset_at(1709251199) == 0);     // 2024-02-29 23:59:59
  BOOST_TEST(julian.utc_offset_at(1709251200) == 3600);  // 2024-03-01 00:00:00
  const TimeZone zero_based = footer_only("AAA0BBB,59/0,299/0");
  BOOST_TEST(zero_based.utc_offset_at(1709164799) == 0);     // 2024-02-28 23:59:59
  BOOST_TEST(zero_based.utc_offset_at(1709164800) == 3600);  // 2024-02-29 00:00:00
  // 2023 has no Feb 29: both mean March 1.
  BOOST_TEST(julian.utc_offset_at(1677628799) == 0);
  BOOST_TEST(julian.utc_offset_at(1677628800) == 3600);
  BOOST_TEST(zero_based.utc_offset_at(1677628800) == 3600);
}

// RFC 8536 v3: hours beyond 24 and negative times; "DST all year" idiom.
BOOST_AUTO_TEST_CASE(extended_rule_times) {
  const TimeZone all_year = footer_only("EST5EDT,0/0,J365/25");
  for (std::int64_t t : {std::int64_t{1704067200}, std::int64_t{1719792000}, std::int64_t{1735689599}})
    BOOST_TEST(all_year.utc_offset_at(t) == -14400);
  // Greenland-style: changes at -1:00 local, i.e. 23:00 the day before.
  const TimeZone negative = footer_only("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
  BOOST_TEST(negative.utc_offset_at(1711846799) == -7200);  // 2024-03-31 00:59:59 UTC
  BOOST_TEST(negative.utc_offset_at(1711846800) == -3600);  // 2024-03-30 23:00 local -02
}

BOOST_AUTO_TEST_CASE(malformed_footers_are_refused_with_the_reason) {
  for (const char* footer :
       {"CE", "CET", "CET-25", "CET-1:60", "<+03", "<+0>3", "CET-1CEST,M13.1.0,M10.5.0",
        "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0", "CET-1CEST,J0,J100",
        "CET-1CEST,J366,J100", "CET-1CEST,366,1", "CET-1CEST,M3.5.0", "CET-1CEST,M3.5.0,",
        "CET-1CEST,M3.5.0/168,M10.5.0", "CET-1CEST,M3.5.0,M10.5.0/3x", "CET-1CEST;M3.5.0,M10.5.0",
        "CET-1CEST-2-3", "CET1234", "1CET"}) {
    tzif_test::Builder builder;
    builder.footer = footer;
    const std::string error = error_for(builder.bytes());
    BOOST_TEST_CONTEXT(footer) {
      BOOST_TEST(error.find("invalid POSIX TZ string") != std::string::npos, error);
      BOOST_TEST(error.find("Test/Broken") != std::string::npos, error);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()  // posix_footer

BOOST_AUTO_TEST_SUITE(tzif_structure)

BOOST_AUTO_TEST_CASE(version_1_files_use_32_bit_data) {
  tzif_test::Builder builder;
  builder.version = '\0';
  builder.times = {0, 1000};
  builder.indices = {1, 0};
  builder.types = {{3600, 0, 0}, {7200, 1, 0}};
  std::string error;
  const auto zone = TimeZone::from_tzif("Test/V1", builder.bytes(), &error);
  BOOST_TEST_REQUIRE(zone.has_value(), error);
  BOOST_TEST(zone->utc_offset_at(-1) == 3600);   // type 0 before the first transition
  BOOST_TEST(zone->utc_offset_at(0) == 7200);
  BOOST_TEST(zone->utc_offset_at(999) == 7200);
  BOOST_TEST(zone->utc_offset_at(1000) == 3600);
  BOOST_TEST(zone->utc_offset_at(kMax) == 3600);  // no footer: the last type stays
}

BOOST_AUTO_TEST_CASE(versions_3_and_4_are_read_like_2) {
  for (char version : {'3', '4'}) {
    tzif_test::Builder builder;
    builder.version = version;
    builder.footer = "EST5EDT,0/0,J365/25";
    std::string error;
    const auto zone = TimeZone::from_tzif("Test/V3", builder.bytes(), &error);
    BOOST_TEST_REQUIRE(zone.has_value(), error);
    BOOST_TEST(zone->utc_offset_at(1719792000) == -14400);
  }
}

BOOST_AUTO_TEST_CASE(empty_footer_keeps_the_last_type) {
  tzif_test::Builder builder;
  builder.footer = "";
  builder.times = {100};
  builder.indices = {1};
  builder.types = {{0, 0, 0}, {-3600, 0, 0}};
  const auto zone = TimeZone::from_tzif("Test/Empty", builder.bytes());
  BOOST_TEST_REQUIRE(zone.has_value());
  BOOST_TEST(zone->utc_offset_at(kMax) == -3600);
}

BOOST_AUTO_TEST_CASE(every_truncation_of_a_real_file_is_an_error) {
  const std::string berlin = read_file(std::string(zone_fixtures::directory()) + "/Europe/Berlin");
  BOOST_TEST_REQUIRE(berlin.size() == 2298u);
  BOOST_TEST(TimeZone::from_tzif("Europe/Berlin", berlin).has_value());
  int refused = 0;
  for (std::size_t length = 0; length < berlin.size(); ++length) {
    std::string error;
    if (!TimeZone::from_tzif("Europe/Berlin", berlin.substr(0, length), &error) && !error.empty())
      ++refused;
  }
  BOOST_TEST(refused == 2298);
}

BOOST_AUTO_TEST_CASE(broken_headers_and_blocks_say_why) {
  using tzif_test::Builder;
  const Builder good;
  BOOST_TEST(TimeZone::from_tzif("Test/Good", good.bytes()).has_value());

  BOOST_TEST(error_for("") == "time zone \"Test/Broken\": truncated header");
  BOOST_TEST(error_for("TZXf" + good.bytes().substr(4)).find("bad magic") != std::string::npos);
  {
    std::string bytes = good.bytes();
    bytes[4] = '1';
    BOOST_TEST(error_for(bytes).find("unsupported TZif version") != std::string::npos);
  }
  // Counts that would need gigabytes: refused before anything is allocated.
  for (std::uint32_t huge : {0xffffffffu, 0x80000000u, 0x10000000u}) {
    BOOST_TEST(error_for(Builder::header('2', 0, 0, 0, huge, 1, 4)).find("truncated data block") !=
               std::string::npos);
    BOOST_TEST(error_for(Builder::header('2', huge, huge, huge, huge, huge, huge) + "xxxx")
                   .find("truncated") != std::string::npos);
  }
  {
    Builder builder;
    builder.types.clear();
    BOOST_TEST(error_for(builder.bytes()).find("typecnt is zero") != std::string::npos);
  }
  {
    Builder builder;
    builder.designations.clear();
    BOOST_TEST(error_for(builder.bytes()).find("charcnt is zero") != std::string::npos);
  }
  {
    Builder builder;
    builder.designations = "UTC";  // no NUL
    BOOST_TEST(error_for(builder.bytes()).find("NUL") != std::string::npos);
  }
  {
    Builder builder;
    builder.times = {0};
    builder.indices = {1};
    BOOST_TEST(error_for(builder.bytes()).find("type index out of range") != std::string::npos);
  }
  {
    Builder builder;
    builder.times = {10, 10};
    builder.indices = {0, 0};
    BOOST_TEST(error_for(builder.bytes()).find("not ascending") != std::string::npos);
  }
  {
    Builder builder;
    builder.types = {{0, 2, 0}};
    BOOST_TEST(error_for(builder.bytes()).find("isdst") != std::string::npos);
  }
  {
    Builder builder;
    builder.types = {{0, 0, 9}};
    BOOST_TEST(error_for(builder.bytes()).find("designation index") != std::string::npos);
  }
  for (std::int32_t utoff : {std::numeric_limits<std::int32_t>::min(), -90000, 93600,
                             std::numeric_limits<std::int32_t>::max()}) {
    Builder builder;
    builder.types = {{utoff, 0, 0}};
    BOOST_TEST(error_for(builder.bytes()).find("UT offset out of range") != std::string::npos);
  }
  {
    Builder builder;
    builder.with_footer_newlines = false;
    BOOST_TEST(error_for(builder.bytes()).find("missing footer") != std::string::npos);
    BOOST_TEST(error_for(builder.bytes().substr(0, builder.bytes().size() - 4))
                   .find("missing footer") != std::string::npos);
  }
  {
    Builder builder;
    BOOST_TEST(error_for(builder.bytes() + "x").find("after the footer") != std::string::npos);
    std::string unterminated = builder.bytes();
    unterminated.pop_back();
    BOOST_TEST(error_for(unterminated).find("unterminated footer") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(leap_second_files_are_refused) {
  // A version 1 file with one leap-second record (4-byte time, 4-byte correction).
  std::string bytes = tzif_test::Builder::header('\0', 0, 0, 1, 0, 1, 4);
  tzif_test::Builder::put32(bytes, 78796800);
  tzif_test::Builder::put32(bytes, 1);
  bytes += std::string("\0\0\0\0\0\0", 6) + std::string("UTC\0", 4);
  BOOST_TEST(error_for(bytes).find("leap-second") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()  // tzif_structure

BOOST_AUTO_TEST_CASE(zone_names_cannot_escape_the_zoneinfo_folder) {
  using stripe_report::is_valid_zone_name;
  for (const char* good : {"UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5",
                           "Etc/GMT-14", "America/Port-au-Prince"})
    BOOST_TEST(is_valid_zone_name(good), good);
  for (const char* bad : {"", "/etc/passwd", "../etc/passwd", "Europe/../../etc/passwd", "Europe//Berlin",
                          "Europe/", ".", "Europe/./Berlin", "Europe\\Berlin", "Europe/Berlin\n",
                          "Europe/Be rlin", "-rf", "Europe/-x", "Europe/Berlin%00"})
    BOOST_TEST(!is_valid_zone_name(bad), bad);
  BOOST_TEST(!is_valid_zone_name(std::string(256, 'a')));
  BOOST_TEST(!is_valid_zone_name(std::string("Europe/Berlin\0x", 15)));
}

BOOST_AUTO_TEST_CASE(system_loader) {
  using stripe_report::load_system_time_zone;
  std::string error;
  const auto berlin = load_system_time_zone("Europe/Berlin", &error);  // /usr/share/zoneinfo
  BOOST_TEST_REQUIRE(berlin.has_value(), error);
  BOOST_TEST(berlin->name() == "Europe/Berlin");
  BOOST_TEST(berlin->utc_offset_at(1711846800) == 7200);

  BOOST_TEST(!load_system_time_zone("../../etc/passwd", &error).has_value());
  BOOST_TEST(error == "invalid time zone name \"../../etc/passwd\"");
  BOOST_TEST(!load_system_time_zone("Europe/Atlantis", &error).has_value());
  BOOST_TEST(error.find("unknown time zone \"Europe/Atlantis\"") == 0u, error);
  BOOST_TEST(!load_system_time_zone("Europe", &error).has_value());  // a directory
  BOOST_TEST(!error.empty());
  // A file that is not TZif: a shell script of this repository.
  BOOST_TEST(!load_system_time_zone("bootstrap", &error, STRIPE_SOURCE_DIR "/scripts").has_value());
  BOOST_TEST(error == "time zone \"bootstrap\": not TZif data (bad magic)");
}

BOOST_AUTO_TEST_SUITE_END()
