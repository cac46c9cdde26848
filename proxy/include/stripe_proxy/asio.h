// One include for Asio/Beast with C++20 coroutines. Boost 1.74's awaitable.hpp
// uses std::exchange without including <utility>, and its feature test misses
// clang 14's standard <coroutine> (proxy/CMakeLists.txt defines the macros).
#pragma once

#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace stripe_proxy {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using string_request = http::request<http::string_body>;
using string_response = http::response<http::string_body>;

}  // namespace stripe_proxy
