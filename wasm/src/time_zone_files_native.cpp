// Native zone loader: reads a TZif file with stdio (no iostreams), bounded in size.
#include "stripe_report/time_zone_files.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace stripe_report {
namespace {

// Real TZif files are under 4 KB; anything this big is not a zone.
constexpr std::size_t kMaxTzifBytes = 1 << 20;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

}  // namespace

std::optional<TimeZone> load_system_time_zone(std::string_view name, std::string* error,
                                              std::string_view zoneinfo_dir) {
  auto failed = [&](const std::string& why) -> std::optional<TimeZone> {
    if (error) *error = why;
    return std::nullopt;
  };
  if (!is_valid_zone_name(name)) return failed("invalid time zone name \"" + std::string(name) + "\"");
  if (name == "UTC") return TimeZone::utc();

  const std::string path = std::string(zoneinfo_dir) + "/" + std::string(name);
  const std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return failed("unknown time zone \"" + std::string(name) + "\" (" + path + ": " +
                  std::strerror(errno) + ")");
  }
  std::string bytes;
  char buffer[4096];
  for (;;) {
    const std::size_t got = std::fread(buffer, 1, sizeof buffer, file.get());
    bytes.append(buffer, got);
    if (bytes.size() > kMaxTzifBytes) return failed("time zone file too large: " + path);
    if (got < sizeof buffer) break;
  }
  if (std::ferror(file.get())) return failed("cannot read time zone file " + path);
  return TimeZone::from_tzif(name, bytes, error);
}

}  // namespace stripe_report
