// Liveness answer of the proxy: a pure function, testable without sockets.
#pragma once

#include <boost/beast/http.hpp>

namespace stripe_proxy {

namespace http = boost::beast::http;
using string_request = http::request<http::string_body>;
using string_response = http::response<http::string_body>;

// Answers GET/HEAD /healthz with 200 {"status":"ok"}; anything else with nullopt-like 404.
string_response handle_health(const string_request& request);

}  // namespace stripe_proxy
