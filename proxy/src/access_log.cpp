#include "stripe_proxy/access_log.h"

#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

namespace stripe_proxy {
namespace {

// Appends `text` as a JSON string. Plain printable ASCII (the usual case) is
// copied as is; anything else goes through nlohmann, which escapes controls
// and replaces invalid UTF-8, so a hostile upstream header cannot break a line.
void append_json_string(std::string& out, std::string_view text) {
  bool plain = true;
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out += '"';
    out += text;
    out += '"';
  } else {
    out += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

template <class Number>
void append_number(std::string& out, Number value) {
  char text[32];
  const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
  out.append(text, ec == std::errc() ? end : text);
}

}  // namespace

// Keys in alphabetical order, as nlohmann's std::map-backed objects print
// them (the format predates this hand-written, allocation-light version).
std::string format_access_log(const AccessLogEntry& entry, long long unix_ms) {
  std::string line;
  line.reserve(256);
  line += R"({"bytes":)";
  append_number(line, entry.bytes_sent);
  line += R"(,"latency_ms":)";
  // Milliseconds with three decimals, written from integer microseconds:
  // formatting a double cost more than the rest of the line.
  const double micros = std::round(entry.latency_ms * 1000.0);
  if (std::isfinite(micros) && std::abs(micros) < 1e15) {
    const auto whole = static_cast<long long>(micros);
    if (whole < 0) line += '-';
    const auto magnitude = static_cast<unsigned long long>(whole < 0 ? -whole : whole);
    append_number(line, magnitude / 1000);
    const auto fraction = static_cast<unsigned>(magnitude % 1000);
    line += '.';
    line += static_cast<char>('0' + fraction / 100);
    line += static_cast<char>('0' + fraction / 10 % 10);
    line += static_cast<char>('0' + fraction % 10);
  } else {
    line += "null";
  }
  line += R"(,"method":)";
  append_json_string(line, entry.method);
  line += R"(,"request_id":)";
  append_json_string(line, entry.request_id);
  line += R"(,"route":)";
  append_json_string(line, entry.route);
  line += R"(,"status":)";
  append_number(line, entry.status);
  if (!entry.token_name.empty()) {
    line += R"(,"token":)";
    append_json_string(line, entry.token_name);
  }
  line += R"(,"ts_ms":)";
  append_number(line, unix_ms);
  if (entry.upstream_attempts > 0) {
    line += R"(,"upstream_attempts":)";
    append_number(line, entry.upstream_attempts);
  }
  if (!entry.upstream_request_id.empty()) {
    line += R"(,"upstream_request_id":)";
    append_json_string(line, entry.upstream_request_id);
  }
  line += '}';
  return line;
}

}  // namespace stripe_proxy
