// Issue 10's transport items as pure functions: trailer fields are not
// headers, HEAD answers have no body, redirects never start with "//", the
// upstream parser refuses invalid statuses, the rate budget keeps a share for
// tokens, and the new limits parse.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "stripe_proxy/config.h"
#include "stripe_proxy/http_wire.h"
#include "stripe_proxy/rate_budget.h"
#include "stripe_proxy/request_parser.h"
#include "stripe_proxy/static_files.h"
#include "stripe_proxy/upstream_response_parser.h"

namespace sp = stripe_proxy;
namespace http = sp::http;
using namespace std::chrono_literals;

namespace {

struct ParsedRequest {
  sp::string_request message;
  bool done = false;
  boost::beast::error_code error;
};

// Feeds `bytes` in pieces of at most `piece` bytes, as a socket would.
template <class Parser>
boost::beast::error_code feed(Parser& parser, const std::string& bytes, std::size_t piece) {
  boost::beast::error_code error;
  std::string pending;
  for (std::size_t offset = 0; offset < bytes.size() && !parser.is_done() && !error;) {
    const auto take = std::min(piece, bytes.size() - offset);
    pending.append(bytes, offset, take);
    offset += take;
    const auto used = parser.put(boost::asio::buffer(pending), error);
    if (error == http::error::need_more) error = {};
    pending.erase(0, used);
  }
  return error;
}

ParsedRequest parse_request(const std::string& bytes, std::size_t piece) {
  sp::RequestParser parser;
  parser.eager(true);
  ParsedRequest out;
  out.error = feed(parser, bytes, piece);
  out.done = parser.is_done();
  out.message = parser.release();
  return out;
}

const std::string chunked_with_trailer =
    "POST /v1/refunds HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer header-token\r\n"
    "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
    "7;name=value\r\ncharge=\r\n4\r\nch_1\r\n0\r\n"
    "Authorization: Bearer trailer-token\r\nIdempotency-Key: from-trailer\r\nX-Trailer: 1\r\n\r\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(transport_hardening)

BOOST_AUTO_TEST_CASE(trailer_fields_are_not_headers_in_any_split) {
  for (const std::size_t piece : {std::size_t{1}, std::size_t{5}, std::size_t{64}, std::size_t{4096}}) {
    BOOST_TEST_CONTEXT("piece " << piece) {
      const auto parsed = parse_request(chunked_with_trailer, piece);
      BOOST_TEST(!parsed.error.failed(), parsed.error.message());
      BOOST_TEST(parsed.done);
      BOOST_TEST(parsed.message.method() == http::verb::post);
      BOOST_TEST(parsed.message.target() == "/v1/refunds");
      BOOST_TEST(parsed.message.body() == "charge=ch_1");
      BOOST_TEST(parsed.message[http::field::authorization] == "Bearer header-token");
      BOOST_TEST(parsed.message.count(http::field::authorization) == 1u);
      BOOST_TEST(parsed.message.count("Idempotency-Key") == 0u);
      BOOST_TEST(parsed.message.count("X-Trailer") == 0u);
      BOOST_TEST(parsed.message.keep_alive());
    }
  }
  // Without a header token, a trailer token does not become one.
  auto without = chunked_with_trailer;
  without.erase(without.find("Authorization: Bearer header-token\r\n"), 36);
  const auto parsed = parse_request(without, 4096);
  BOOST_TEST(parsed.done);
  BOOST_TEST(parsed.message.count(http::field::authorization) == 0u);
}

BOOST_AUTO_TEST_CASE(request_parser_reads_what_beasts_parser_reads) {
  const std::string text =
      "GET /v1/charges?limit=3 HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\nX-Custom: a\r\n\r\n"
      "PATCH /x HTTP/1.1\r\nHost: y\r\nContent-Length: 3\r\n\r\nabc";
  const auto first = parse_request(text, 4096);
  BOOST_TEST(first.done);
  BOOST_TEST(first.message.version() == 10u);
  BOOST_TEST(first.message.keep_alive());
  BOOST_TEST(first.message["X-Custom"] == "a");
  const auto second = parse_request(text.substr(text.find("PATCH")), 3);
  BOOST_TEST(second.done);
  BOOST_TEST(second.message.method() == http::verb::patch);
  BOOST_TEST(second.message.body() == "abc");
  const auto odd = parse_request("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", 4096);
  BOOST_TEST(odd.done);
  BOOST_TEST(odd.message.method() == http::verb::unknown);
  BOOST_TEST(odd.message.method_string() == "BREW");
}

BOOST_AUTO_TEST_CASE(a_head_answer_keeps_content_length_and_drops_the_body) {
  sp::string_response response{http::status::ok, 11};
  response.set(http::field::content_type, "application/json");
  response.body() = R"({"status":"ok"})";
  response.prepare_payload();
  const auto with_body = sp::to_wire(response, "req_1", true);
  const auto head = sp::to_wire(response, "req_1", true, false);
  BOOST_TEST(with_body == head + R"({"status":"ok"})");
  BOOST_TEST(head.ends_with("Content-Length: 15\r\nX-Request-Id: req_1\r\n\r\n"));
}

BOOST_AUTO_TEST_CASE(directory_redirects_never_start_with_two_slashes) {
  const auto root = std::filesystem::temp_directory_path() / ("spx-redirect-" + std::to_string(::getpid()));
  std::filesystem::create_directories(root / "checkout" / "step");
  std::ofstream(root / "checkout" / "index.html") << "<!doctype html>";
  std::ofstream(root / "checkout" / "step" / "index.html") << "<!doctype html>";
  BOOST_TEST(sp::directory_redirect(root, "/checkout").value_or("none") == "/checkout/");
  BOOST_TEST(sp::directory_redirect(root, "//checkout").value_or("none") == "/checkout/");
  BOOST_TEST(sp::directory_redirect(root, "///checkout?x=1").value_or("none") == "/checkout/");
  BOOST_TEST(sp::directory_redirect(root, "//checkout//step").value_or("none") == "/checkout/step/");
  BOOST_TEST(!sp::directory_redirect(root, "//checkout/").has_value());
  BOOST_TEST(!sp::directory_redirect(root, "//evil.example").has_value());
  std::filesystem::remove_all(root);
}

BOOST_AUTO_TEST_CASE(upstream_parser_refuses_statuses_outside_100_to_599) {
  for (const char* line : {"HTTP/1.1 999 Odd\r\n", "HTTP/1.1 600 Odd\r\n", "HTTP/1.1 042 Odd\r\n", "HTTP/1.1 000 Odd\r\n"}) {
    sp::UpstreamResponseParser parser;
    const auto error = feed(parser, std::string(line) + "Content-Length: 2\r\n\r\n{}", 4096);
    BOOST_TEST((error == http::error::bad_status), line);
  }
  // An interim answer is a whole message of its own: the client reads on.
  sp::UpstreamResponseParser interim;
  const auto error = feed(interim, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", 4096);
  BOOST_TEST(!error.failed());
  BOOST_TEST(interim.is_done());
  BOOST_TEST(interim.message().status == 100u);
}

BOOST_AUTO_TEST_CASE(a_flood_of_anonymous_requests_leaves_tokens_their_share) {
  const sp::RateBudget::clock::time_point t0{};
  sp::SplitRateBudget budget(20.0, 4, 0.25);  // tokens 5/s, anonymous 15/s
  for (int i = 0; i < 100; ++i) budget.reserve(sp::Caller::anonymous, t0);  // books the next ~6.5 s
  const auto token_wait = budget.reserve(sp::Caller::token, t0) - t0;
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(token_wait).count() <= 200);
  // The shared schedule before: the token waited behind all 100.
  sp::RateBudget shared(20.0, 4);
  for (int i = 0; i < 100; ++i) shared.reserve(t0);
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(shared.reserve(t0) - t0).count() >= 4800);
}

BOOST_AUTO_TEST_CASE(split_budget_never_exceeds_the_rate_and_lends_idle_capacity) {
  const sp::RateBudget::clock::time_point t0 = sp::RateBudget::clock::time_point{} + 100s;
  // Alone, tokens get the whole rate: 20 requests within about a second at 20/s.
  sp::SplitRateBudget tokens_alone(20.0, 4, 0.25);
  sp::RateBudget::clock::time_point last{};
  for (int i = 0; i < 20; ++i) last = tokens_alone.reserve(sp::Caller::token, t0);
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(last - t0).count() <= 1000);
  // Mixed, at most rate x seconds + burst go in any window from t0.
  sp::SplitRateBudget mixed(20.0, 4, 0.25);
  int within_two_seconds = 0;
  for (int i = 0; i < 200; ++i) {
    const auto at = mixed.reserve(i % 3 == 0 ? sp::Caller::token : sp::Caller::anonymous, t0);
    if (at < t0 + 2s) ++within_two_seconds;
  }
  BOOST_TEST(within_two_seconds <= 20 * 2 + 4);
  BOOST_TEST(within_two_seconds >= 20 * 2);
  // A share of 0 is the single schedule of before.
  sp::SplitRateBudget unsplit(25.0, 4, 0.0);
  sp::RateBudget single(25.0, 4);
  for (int i = 0; i < 30; ++i) {
    BOOST_TEST((unsplit.reserve(i % 2 ? sp::Caller::token : sp::Caller::anonymous, t0) == single.reserve(t0)));
  }
}

BOOST_AUTO_TEST_CASE(connection_and_share_limits_parse) {
  const std::string base = R"({"publishable_key":"pk_test_x","upstream":"http://127.0.0.1:12111","limits":)";
  const auto defaults = sp::parse_config(base + "{}}");
  BOOST_TEST_REQUIRE(defaults.error == "");
  BOOST_TEST(defaults.config->limits.max_connections_per_client == 0u);
  BOOST_TEST(defaults.config->limits.token_share_percent == 25u);
  const auto set = sp::parse_config(base + R"({"max_connections_per_client":16,"token_share_percent":0}})");
  BOOST_TEST_REQUIRE(set.error == "");
  BOOST_TEST(set.config->limits.max_connections_per_client == 16u);
  BOOST_TEST(set.config->limits.token_share_percent == 0u);
  BOOST_TEST(sp::parse_config(base + R"({"token_share_percent":95}})").error ==
             "limits.token_share_percent: must be between 0 and 90");
  BOOST_TEST(sp::parse_config(base + R"({"max_connections_per_client":-1}})").error ==
             "limits.max_connections_per_client: must be between 0 and 1000000");
}

BOOST_AUTO_TEST_SUITE_END()
