// Builds TZif bytes by hand for tests: valid v1/v2 files and deliberately
// broken ones (the fields are public so a test can lie in any of them).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tzif_test {

struct Type {
  std::int32_t utoff = 0;
  std::uint8_t isdst = 0;
  std::uint8_t desigidx = 0;
};

struct Builder {
  char version = '2';
  std::vector<std::int64_t> times;
  std::vector<std::uint8_t> indices;
  std::vector<Type> types{Type{}};
  std::string designations = std::string("UTC") + '\0';
  std::string footer = "UTC0";
  bool with_footer_newlines = true;

  static void put32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
  }
  static void put64(std::string& out, std::uint64_t v) {
    put32(out, static_cast<std::uint32_t>(v >> 32));
    put32(out, static_cast<std::uint32_t>(v));
  }

  // Header with explicit counts (tests may pass wrong ones).
  static std::string header(char version, std::uint32_t isutcnt, std::uint32_t isstdcnt,
                            std::uint32_t leapcnt, std::uint32_t timecnt, std::uint32_t typecnt,
                            std::uint32_t charcnt) {
    std::string out = "TZif";
    out += version;
    out += std::string(15, '\0');
    for (std::uint32_t count : {isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt}) put32(out, count);
    return out;
  }

  std::string block(bool wide) const {
    std::string out = header(version, 0, 0, 0, static_cast<std::uint32_t>(times.size()),
                             static_cast<std::uint32_t>(types.size()),
                             static_cast<std::uint32_t>(designations.size()));
    for (std::int64_t t : times) {
      if (wide) put64(out, static_cast<std::uint64_t>(t));
      else put32(out, static_cast<std::uint32_t>(static_cast<std::int32_t>(t)));
    }
    for (std::uint8_t i : indices) out += static_cast<char>(i);
    for (const Type& type : types) {
      put32(out, static_cast<std::uint32_t>(type.utoff));
      out += static_cast<char>(type.isdst);
      out += static_cast<char>(type.desigidx);
    }
    out += designations;
    return out;
  }

  std::string bytes() const {
    std::string out = block(false);
    if (version == '\0') return out;
    out += block(true);
    out += with_footer_newlines ? "\n" + footer + "\n" : footer;
    return out;
  }
};

}  // namespace tzif_test
