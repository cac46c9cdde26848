// Liveness answer of the proxy: a pure function, testable without sockets.
#pragma once

#include <boost/beast/http.hpp>

namespace stripe_proxy {

namespace http = boost::beast::http;
using string_request = http::request<http::string_body>;
using string_response = http::response<http::string_body>;

// Answers GET/HEAD /healthz with 200 {"status":"ok"}; anything else with nullopt-like 404.
string_response handle_health(const string_request& request);

// Readiness: ready only while serving and while the upstream accepts
// connections (probed by the upstream client, cached a few seconds).
enum class Readiness { ready, stopping, upstream_unreachable };

// 200 {"status":"ready"}, or 503 {"status":"stopping"} / {"status":"upstream_unreachable"}.
string_response readiness_response(const string_request& request, Readiness readiness);

}  // namespace stripe_proxy
