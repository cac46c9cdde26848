// One include for Asio/Beast with C++20 coroutines. Boost 1.74's awaitable.hpp
// uses std::exchange without including <utility>, and its feature test misses
// clang 14's standard <coroutine> (proxy/CMakeLists.txt defines the macros).
#pragma once

#include <chrono>
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

// One thread runs the io_context, so every I/O object and coroutine uses its
// concrete executor: the default any_io_executor is type-erased, and copying,
// querying and destroying it on every async operation cost the proxy about a
// tenth of its user-space time per request.
using io_executor = asio::io_context::executor_type;
template <class T>
using awaitable = asio::awaitable<T, io_executor>;
constexpr asio::use_awaitable_t<io_executor> use_awaitable{};
using tcp_socket = asio::basic_stream_socket<tcp, io_executor>;
using tcp_acceptor = asio::basic_socket_acceptor<tcp, io_executor>;
using tcp_resolver = asio::ip::basic_resolver<tcp, io_executor>;
using tcp_stream = beast::basic_stream<tcp, io_executor>;
using steady_timer =
    asio::basic_waitable_timer<std::chrono::steady_clock, asio::wait_traits<std::chrono::steady_clock>, io_executor>;

}  // namespace stripe_proxy
