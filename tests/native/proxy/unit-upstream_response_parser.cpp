// The upstream response parser keeps the status, the four headers the proxy
// uses and the body, however the bytes arrive, and enforces Beast's limits.
#include <boost/test/unit_test.hpp>

#include "stripe_proxy/upstream_response_parser.h"

namespace sp = stripe_proxy;
namespace http = sp::http;

namespace {

struct Parsed {
  sp::UpstreamMessage message;
  bool done = false;
  bool keep_alive = false;
  boost::beast::error_code error;
};

// Feeds `bytes` in pieces of at most `piece` bytes, as a socket would.
Parsed parse(const std::string& bytes, std::size_t piece = 1 << 20, std::uint64_t body_limit = 1 << 20) {
  sp::UpstreamResponseParser parser;
  parser.eager(true);
  parser.body_limit(body_limit);
  Parsed out;
  std::string pending;
  for (std::size_t offset = 0; offset < bytes.size() && !parser.is_done() && !out.error;) {
    const auto take = std::min(piece, bytes.size() - offset);
    pending.append(bytes, offset, take);
    offset += take;
    const auto used = parser.put(boost::asio::buffer(pending), out.error);
    if (out.error == http::error::need_more) out.error = {};
    pending.erase(0, used);
  }
  out.done = parser.is_done();
  out.keep_alive = out.done && parser.keep_alive();
  out.message = std::move(parser.message());
  return out;
}

const std::string decline_body = R"({"error":{"code":"card_declined"}})";
const std::string charge_response =
    "HTTP/1.1 402 Payment Required\r\n"
    "Server: nginx\r\n"
    "Stripe-Should-Retry:\r\n"
    "content-type: application/json\r\n"
    "request-id: req_abc\r\n"
    "Request-Id: req_second\r\n"
    "STRIPE-SHOULD-RETRY: false\r\n"
    "Retry-After: 3\r\n"
    "Retry-After: 9\r\n"
    "Content-Length: " + std::to_string(decline_body.size()) + "\r\n"
    "\r\n" + decline_body;

}  // namespace

BOOST_AUTO_TEST_CASE(keeps_status_used_headers_and_body_in_any_split) {
  for (const std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{4096}}) {
    const auto parsed = parse(charge_response, piece);
    BOOST_TEST_CONTEXT("piece " << piece) {
      BOOST_TEST(!parsed.error.failed(), parsed.error.message());
      BOOST_TEST(parsed.done);
      BOOST_TEST(parsed.keep_alive);
      BOOST_TEST(parsed.message.status == 402u);
      BOOST_TEST(parsed.message.content_type == "application/json");
      BOOST_TEST(parsed.message.request_id == "req_abc");  // the first of two, as Beast's fields[] gives
      BOOST_TEST(parsed.message.should_retry.empty());  // the first, empty, value counts
      BOOST_TEST(parsed.message.retry_after == "3");
      BOOST_TEST(parsed.message.body == decline_body);
    }
  }
}

BOOST_AUTO_TEST_CASE(reads_a_chunked_body_and_connection_close) {
  const auto parsed = parse(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "5\r\n{\"a\":\r\n3;ext=1\r\n12}\r\n0\r\n\r\n",
      5);
  BOOST_TEST(!parsed.error.failed(), parsed.error.message());
  BOOST_TEST(parsed.done);
  BOOST_TEST(!parsed.keep_alive);
  BOOST_TEST(parsed.message.status == 200u);
  BOOST_TEST(parsed.message.body == "{\"a\":12}");
  BOOST_TEST(parsed.message.request_id.empty());
  BOOST_TEST(parsed.message.content_type.empty());
}

BOOST_AUTO_TEST_CASE(refuses_a_body_over_the_limit_and_malformed_status) {
  const auto big = parse("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'x'), 1 << 20, 99);
  BOOST_TEST((big.error == http::error::body_limit), big.error.message());
  const auto chunked_big =
      parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" + std::string(64, 'x') + "\r\n0\r\n\r\n", 8, 63);
  BOOST_TEST((chunked_big.error == http::error::body_limit), chunked_big.error.message());
  // Beast 1.74 announces the length to the body before refusing it: the
  // parser must not try to reserve it (10^18 bytes: std::bad_alloc).
  const auto huge = parse("HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000000\r\n\r\n{}", 1 << 20, 99);
  BOOST_TEST((huge.error == http::error::body_limit), huge.error.message());
  BOOST_TEST(huge.message.body.capacity() <= (1u << 20) + 64);
  BOOST_TEST(parse("HTTP/1.1 2x0 OK\r\n\r\n").error.failed());
  BOOST_TEST(parse("HTTP/1.1 200 OK\r\nBad Header\r\n\r\n").error.failed());
}
