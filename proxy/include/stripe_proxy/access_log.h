// One JSON line per request on stderr: request id, route pattern (never the
// query, which may hold emails), status, latency, upstream request id. No
// headers, no bodies, hence no secrets, tokens or card data.
#pragma once

#include <string>
#include <string_view>

namespace stripe_proxy {

struct AccessLogEntry {
  std::string request_id;
  std::string method;
  std::string route;  // "/v1/charges/{id}", "/api/checkout", "static", "unmatched"
  unsigned status = 0;
  double latency_ms = 0;
  std::string upstream_request_id;
  std::string token_name;  // the proxy token's name, never the token
  int upstream_attempts = 0;
  std::size_t bytes_sent = 0;
};

std::string format_access_log(const AccessLogEntry& entry, long long unix_ms);

}  // namespace stripe_proxy
