// TimeZone::from_tzif on arbitrary bytes (and, after a leading 'P', arbitrary
// POSIX TZ footers in an otherwise valid file): never a crash, and every zone
// that parses gives sane offsets and calendar dates at any instant.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

#include "stripe_report/calendar.h"
#include "stripe_report/time_zone.h"

namespace {

void put32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

// A v2 file with no transitions, one UTC type and the given footer.
std::string with_footer(std::string_view footer) {
  std::string block = "TZif2" + std::string(15, '\0');
  for (std::uint32_t count : {0u, 0u, 0u, 0u, 1u, 4u}) put32(block, count);
  block += std::string(6, '\0') + std::string("UTC\0", 4);
  return block + block + "\n" + std::string(footer) + "\n";
}

void check_zone(const stripe_report::TimeZone& zone, const uint8_t* data, size_t size) {
  std::int64_t probes[] = {std::numeric_limits<std::int64_t>::min(), -1, 0, 1711846800, 4102444800,
                           std::numeric_limits<std::int64_t>::max(), 0};
  for (size_t i = 0; i < size && i < 8; ++i) probes[6] = probes[6] << 8 | data[i];
  for (std::int64_t t : probes) {
    const std::int32_t offset = zone.utc_offset_at(t);
    if (offset < -89999 || offset > 93599) std::abort();
    const auto week = stripe_report::period_start(t, zone, stripe_report::Period::week,
                                                  stripe_report::WeekStart::monday);
    if (week.month < 1 || week.month > 12 || week.day < 1 || week.day > 31) std::abort();
  }
  // Local midnights round-trip for a sane date.
  if (const auto midnight = stripe_report::parse_instant("2024-03-31", zone)) {
    const auto date = stripe_report::local_date(*midnight, zone);
    if (date < stripe_report::CivilDate{2024, 3, 31} || date > stripe_report::CivilDate{2024, 4, 2}) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string error;
  std::optional<stripe_report::TimeZone> zone;
  if (!bytes.empty() && bytes.front() == 'P' && bytes.find('\n') == std::string_view::npos) {
    zone = stripe_report::TimeZone::from_tzif("Fuzz/Footer", with_footer(bytes.substr(1)), &error);
  } else {
    zone = stripe_report::TimeZone::from_tzif("Fuzz/Zone", bytes, &error);
  }
  if (!zone) {
    if (error.empty()) std::abort();
    return 0;
  }
  check_zone(*zone, data, size);
  return 0;
}
