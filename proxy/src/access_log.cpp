#include "stripe_proxy/access_log.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace stripe_proxy {

std::string format_access_log(const AccessLogEntry& entry, long long unix_ms) {
  nlohmann::json line = {
      {"ts_ms", unix_ms},
      {"request_id", entry.request_id},
      {"method", entry.method},
      {"route", entry.route},
      {"status", entry.status},
      {"latency_ms", std::round(entry.latency_ms * 1000.0) / 1000.0},
  };
  if (!entry.upstream_request_id.empty()) line["upstream_request_id"] = entry.upstream_request_id;
  if (entry.upstream_attempts > 0) line["upstream_attempts"] = entry.upstream_attempts;
  if (!entry.token_name.empty()) line["token"] = entry.token_name;
  line["bytes"] = entry.bytes_sent;
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace stripe_proxy
