// Loads the TZif copies in tests/fixtures/zoneinfo (fixed bytes, so results do
// not change when the system's tzdata is updated).
#pragma once

#include <boost/test/unit_test.hpp>
#include <stdexcept>
#include <string>

#include "stripe_report/time_zone_files.h"

namespace zone_fixtures {

inline const char* directory() { return STRIPE_SOURCE_DIR "/tests/fixtures/zoneinfo"; }

inline stripe_report::TimeZone load(const std::string& name) {
  std::string error;
  auto zone = stripe_report::load_system_time_zone(name, &error, directory());
  if (!zone) throw std::runtime_error("fixture zone " + name + ": " + error);
  return *zone;
}

}  // namespace zone_fixtures
