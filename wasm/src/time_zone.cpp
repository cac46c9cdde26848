// TZif (RFC 8536) reader. Every count in the header is checked against the
// bytes actually present before anything is read or allocated, so hostile
// input ends in a clear error, never a crash or a huge allocation.
#include "stripe_report/time_zone.h"

#include <algorithm>
#include <limits>

#include "posix_tz_rule.h"

namespace stripe_report {
namespace {

constexpr std::size_t kHeaderSize = 44;
// RFC 8536 section 3.2: utoff should be in [-89999, 93599] (about -25h..+26h).
constexpr std::int32_t kMinOffset = -89999;
constexpr std::int32_t kMaxOffset = 93599;

struct Header {
  char version = 0;
  std::uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

std::uint32_t read_u32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

std::int64_t read_i64(const unsigned char* p) {
  const std::uint64_t high = read_u32(p), low = read_u32(p + 4);
  return static_cast<std::int64_t>((high << 32) | low);  // two's complement (C++20)
}

std::int32_t read_i32(const unsigned char* p) { return static_cast<std::int32_t>(read_u32(p)); }

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  bool read_header(std::size_t at, Header& header) {
    if (bytes_.size() < at || bytes_.size() - at < kHeaderSize) return fail("truncated header");
    const auto* p = data() + at;
    if (bytes_.substr(at, 4) != "TZif") return fail("not TZif data (bad magic)");
    header.version = static_cast<char>(p[4]);
    if (header.version != 0 && (header.version < '2' || header.version > '9'))
      return fail("unsupported TZif version byte");
    header.isutcnt = read_u32(p + 20);
    header.isstdcnt = read_u32(p + 24);
    header.leapcnt = read_u32(p + 28);
    header.timecnt = read_u32(p + 32);
    header.typecnt = read_u32(p + 36);
    header.charcnt = read_u32(p + 40);
    return true;
  }

  // Size of the data block after a header (64-bit arithmetic: no overflow).
  static std::uint64_t block_size(const Header& h, std::uint64_t time_size) {
    return h.timecnt * time_size + h.timecnt + h.typecnt * std::uint64_t{6} + h.charcnt +
           h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt;
  }

  bool block_fits(std::size_t at, const Header& h, std::uint64_t time_size) {
    if (bytes_.size() - at < block_size(h, time_size)) return fail("truncated data block");
    return true;
  }

  bool validate_counts(const Header& h) {
    if (h.typecnt == 0) return fail("typecnt is zero");
    if (h.typecnt > 256) return fail("typecnt above 256");  // indices are one byte
    if (h.charcnt == 0) return fail("charcnt is zero");
    if (h.isstdcnt != 0 && h.isstdcnt != h.typecnt) return fail("isstdcnt differs from typecnt");
    if (h.isutcnt != 0 && h.isutcnt != h.typecnt) return fail("isutcnt differs from typecnt");
    if (h.leapcnt != 0) return fail("leap-second data (right/ zones) is not supported");
    return true;
  }

  // Reads transitions and types of the block at `at` into the out-vectors.
  bool read_block(std::size_t at, const Header& h, std::size_t time_size,
                  std::vector<std::int64_t>& times, std::vector<std::int32_t>& offsets,
                  std::int32_t& initial_offset) {
    const auto* p = data() + at;
    const auto* indices = p + std::size_t{h.timecnt} * time_size;
    const auto* types = indices + h.timecnt;
    std::vector<std::int32_t> type_offsets(h.typecnt);
    for (std::size_t i = 0; i < h.typecnt; ++i) {
      const auto* type = types + i * 6;
      const std::int32_t utoff = read_i32(type);
      if (utoff < kMinOffset || utoff > kMaxOffset) return fail("UT offset out of range");
      if (type[4] > 1) return fail("isdst is neither 0 nor 1");
      if (type[5] >= h.charcnt) return fail("designation index out of range");
      type_offsets[i] = utoff;
    }
    const auto* designations = types + std::size_t{h.typecnt} * 6;
    if (designations[h.charcnt - 1] != '\0') return fail("designations not NUL-terminated");

    times.resize(h.timecnt);
    offsets.resize(h.timecnt);
    for (std::size_t i = 0; i < h.timecnt; ++i) {
      times[i] = time_size == 8 ? read_i64(p + i * 8) : read_i32(p + i * 4);
      if (i > 0 && times[i] <= times[i - 1]) return fail("transition times not ascending");
      if (indices[i] >= h.typecnt) return fail("transition type index out of range");
      offsets[i] = type_offsets[indices[i]];
    }
    initial_offset = type_offsets[0];  // RFC 8536: type 0 before the first transition
    return true;
  }

  bool fail(std::string why) {
    why_ = std::move(why);
    return false;
  }
  const std::string& why() const { return why_; }
  const unsigned char* data() const { return reinterpret_cast<const unsigned char*>(bytes_.data()); }
  std::size_t size() const { return bytes_.size(); }

 private:
  std::string_view bytes_;
  std::string why_;
};

}  // namespace

TimeZone TimeZone::utc() {
  TimeZone zone;
  zone.name_ = "UTC";
  return zone;
}

std::optional<TimeZone> TimeZone::from_tzif(std::string_view name, std::string_view tzif_bytes,
                                            std::string* error) {
  Reader reader(tzif_bytes);
  auto failed = [&](const std::string& why) -> std::optional<TimeZone> {
    if (error) *error = "time zone \"" + std::string(name) + "\": " + why;
    return std::nullopt;
  };

  Header v1;
  if (!reader.read_header(0, v1) || !reader.block_fits(kHeaderSize, v1, 4)) return failed(reader.why());

  TimeZone zone;
  zone.name_ = std::string(name);
  if (v1.version == 0) {  // version 1: 32-bit data only, no footer
    if (!reader.validate_counts(v1) ||
        !reader.read_block(kHeaderSize, v1, 4, zone.transition_times_, zone.transition_offsets_,
                           zone.initial_offset_))
      return failed(reader.why());
    return zone;
  }

  // Version 2+: skip the v1 block (readers must ignore it), use the 64-bit one.
  const std::size_t v2_at = kHeaderSize + static_cast<std::size_t>(Reader::block_size(v1, 4));
  Header v2;
  if (!reader.read_header(v2_at, v2)) return failed(reader.why());
  const std::size_t v2_data_at = v2_at + kHeaderSize;
  if (!reader.validate_counts(v2) || !reader.block_fits(v2_data_at, v2, 8) ||
      !reader.read_block(v2_data_at, v2, 8, zone.transition_times_, zone.transition_offsets_,
                         zone.initial_offset_))
    return failed(reader.why());

  // Footer: "\n" POSIX-TZ "\n"; an empty TZ string means "no rule".
  const std::size_t footer_at = v2_data_at + static_cast<std::size_t>(Reader::block_size(v2, 8));
  const std::string_view rest = tzif_bytes.substr(footer_at);
  if (rest.empty() || rest.front() != '\n') return failed("missing footer");
  const std::size_t footer_end = rest.find('\n', 1);
  if (footer_end == std::string_view::npos) return failed("unterminated footer");
  if (footer_end + 1 != rest.size()) return failed("unexpected bytes after the footer");
  const std::string_view tz_string = rest.substr(1, footer_end - 1);
  if (!tz_string.empty()) {
    std::string why;
    zone.footer_ = parse_posix_tz(tz_string, &why);
    if (!zone.footer_) return failed(why);
  }
  return zone;
}

std::int32_t TimeZone::footer_offset_at(std::int64_t unix_seconds) const {
  return posix_offset_at(*footer_, unix_seconds);
}

std::int32_t TimeZone::utc_offset_at(std::int64_t unix_seconds) const {
  // RFC 8536 3.2: with no transitions the footer (if any) rules all time.
  if (transition_times_.empty()) return footer_ ? footer_offset_at(unix_seconds) : initial_offset_;
  if (unix_seconds < transition_times_.front()) return initial_offset_;
  if (footer_ && unix_seconds > transition_times_.back()) return footer_offset_at(unix_seconds);
  const auto next = std::upper_bound(transition_times_.begin(), transition_times_.end(), unix_seconds);
  return transition_offsets_[static_cast<std::size_t>(next - transition_times_.begin()) - 1];
}

bool is_valid_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  std::size_t segment_length = 0;
  for (const char c : name) {
    if (c == '/') {
      if (segment_length == 0) return false;  // leading '/', or '//'
      segment_length = 0;
      continue;
    }
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+';
    if (!allowed) return false;  // no '.', so no '.' or '..' segments either
    if (segment_length == 0 && c == '-') return false;  // never looks like an option
    ++segment_length;
  }
  return segment_length > 0;  // no trailing '/'
}

}  // namespace stripe_report
