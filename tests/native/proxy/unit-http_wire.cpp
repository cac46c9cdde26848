// to_wire must write exactly what Beast's serializer writes, and upstream
// requests must parse back to the fields the proxy means to send.
#include <set>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "stripe_proxy/http_wire.h"
#include "stripe_proxy/token_crypto.h"

namespace sp = stripe_proxy;
namespace http = sp::http;

namespace {

template <class Message>
std::string beast_bytes(const Message& message) {
  std::ostringstream out;
  out << message;
  return out.str();
}

sp::string_request parse_request(const std::string& bytes) {
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t used = 0;
  while (!parser.is_done() && !ec && used < bytes.size()) used += parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
  BOOST_TEST(!ec.failed(), ec.message());
  BOOST_TEST(parser.is_done());
  BOOST_TEST(used == bytes.size());
  return parser.release();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_wire)

BOOST_AUTO_TEST_CASE(responses_match_beasts_serializer) {
  sp::string_response ok{http::status::ok, 11};
  ok.set(http::field::content_type, "application/json");
  ok.set("X-Request-Id", "req_0123456789abcdef");
  ok.body() = R"({"id":"ch_1","amount":2500})";
  ok.keep_alive(true);
  ok.prepare_payload();
  BOOST_TEST(sp::to_wire(ok) == beast_bytes(ok));
  BOOST_TEST(sp::to_wire(ok).starts_with("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"));

  sp::string_response closing{http::status::payment_required, 10};
  closing.body() = "{}";
  closing.keep_alive(false);
  closing.prepare_payload();
  BOOST_TEST(sp::to_wire(closing) == beast_bytes(closing));

  sp::string_response keep_alive_1_0{http::status::not_found, 10};
  keep_alive_1_0.keep_alive(true);
  keep_alive_1_0.prepare_payload();
  BOOST_TEST(sp::to_wire(keep_alive_1_0) == beast_bytes(keep_alive_1_0));

  sp::string_response unusual;  // a status Beast has no reason phrase for, passed through from upstream
  unusual.result(599);
  unusual.version(11);
  unusual.body() = "x";
  unusual.prepare_payload();
  BOOST_TEST(sp::to_wire(unusual) == beast_bytes(unusual));

  sp::string_response with_reason{http::status::ok, 11};
  with_reason.reason("Fine");
  with_reason.prepare_payload();
  BOOST_TEST(sp::to_wire(with_reason) == beast_bytes(with_reason));
  BOOST_TEST(sp::to_wire(with_reason).starts_with("HTTP/1.1 200 Fine\r\n"));
}

// The session's form: the same message as setting Connection and
// X-Request-Id on a copy, whatever Connection the handler left.
BOOST_AUTO_TEST_CASE(session_responses_carry_request_id_and_connection) {
  for (const unsigned version : {10u, 11u}) {
    for (const bool handler_keep_alive : {true, false}) {
      for (const bool keep_alive : {true, false}) {
        sp::string_response response{http::status::ok, version};
        response.set(http::field::content_type, "application/json");
        response.keep_alive(handler_keep_alive);
        response.body() = R"({"id":"ch_1"})";
        response.prepare_payload();
        auto expected = response;
        expected.keep_alive(keep_alive);
        expected.set("X-Request-Id", "req_0123456789abcdef");
        BOOST_TEST_CONTEXT("HTTP/" << version << " handler " << handler_keep_alive << " session " << keep_alive) {
          http::response_parser<http::string_body> parser;
          parser.eager(true);
          boost::beast::error_code ec;
          const auto bytes = sp::to_wire(response, "req_0123456789abcdef", keep_alive);
          parser.put(boost::asio::buffer(bytes), ec);
          BOOST_TEST(!ec.failed(), ec.message());
          BOOST_TEST(parser.is_done());
          const auto parsed = parser.release();
          BOOST_TEST(parsed.keep_alive() == keep_alive);
          BOOST_TEST(parsed.version() == version);
          BOOST_TEST(parsed.body() == expected.body());
          std::multiset<std::string> want;
          std::multiset<std::string> got;
          for (const auto& field : expected) want.insert(std::string(field.name_string()) + ": " + std::string(field.value()));
          for (const auto& field : parsed) got.insert(std::string(field.name_string()) + ": " + std::string(field.value()));
          BOOST_TEST(got == want, boost::test_tools::per_element());
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(requests_match_beasts_serializer) {
  sp::string_request post{http::verb::post, "/v1/refunds", 11};
  post.set(http::field::host, "api.stripe.com");
  post.body() = "charge=ch_1&amount=100";
  post.prepare_payload();
  BOOST_TEST(sp::to_wire(post) == beast_bytes(post));
}

BOOST_AUTO_TEST_CASE(upstream_get_carries_the_fixed_headers_and_no_body) {
  const sp::Upstream stripe{true, "api.stripe.com", "443"};
  const auto fixed = sp::upstream_fixed_headers(stripe, "sk_test_abcdefgh", "2022-11-15");
  const auto bytes = sp::upstream_request_bytes(http::verb::get, "/v1/charges?limit=3", fixed, "", "");
  const auto request = parse_request(bytes);
  BOOST_TEST(request.method() == http::verb::get);
  BOOST_TEST(request.target() == "/v1/charges?limit=3");
  BOOST_TEST(request.version() == 11u);
  BOOST_TEST(request[http::field::host] == "api.stripe.com");
  BOOST_TEST(request[http::field::authorization] == "Bearer sk_test_abcdefgh");
  BOOST_TEST(request["Stripe-Version"] == "2022-11-15");
  BOOST_TEST(request[http::field::accept] == "application/json");
  BOOST_TEST(request.keep_alive());
  BOOST_TEST((request.find(http::field::content_length) == request.end()));
  BOOST_TEST((request.find("Idempotency-Key") == request.end()));
  BOOST_TEST(request.body().empty());
  BOOST_TEST(std::distance(request.begin(), request.end()) == 5);
}

BOOST_AUTO_TEST_CASE(upstream_post_has_form_body_and_idempotency_key) {
  const sp::Upstream simulator{false, "127.0.0.1", "12111"};
  const auto fixed = sp::upstream_fixed_headers(simulator, "sk_test_abcdefgh", "2022-11-15");
  const auto bytes = sp::upstream_request_bytes(http::verb::post, "/v1/refunds", fixed, "spx-refund-1", "charge=ch_1&amount=250");
  const auto request = parse_request(bytes);
  BOOST_TEST(request.method() == http::verb::post);
  BOOST_TEST(request[http::field::host] == "127.0.0.1:12111");
  BOOST_TEST(request[http::field::content_type] == "application/x-www-form-urlencoded");
  BOOST_TEST(request["Idempotency-Key"] == "spx-refund-1");
  BOOST_TEST(request[http::field::content_length] == "22");
  BOOST_TEST(request.body() == "charge=ch_1&amount=250");
  const auto empty_post = parse_request(sp::upstream_request_bytes(http::verb::post, "/v1/customers", fixed, "k", ""));
  BOOST_TEST(empty_post[http::field::content_length] == "0");
}

BOOST_AUTO_TEST_CASE(upstream_request_refuses_what_could_split_it) {
  const auto fixed = sp::upstream_fixed_headers({false, "127.0.0.1", "1"}, "sk_test_abcdefgh", "2022-11-15");
  BOOST_TEST(sp::upstream_request_bytes(http::verb::get, "/v1/charges\r\nX: y", fixed, "", "").empty());
  BOOST_TEST(sp::upstream_request_bytes(http::verb::get, "/v1/charges HTTP/1.1", fixed, "", "").empty());
  BOOST_TEST(sp::upstream_request_bytes(http::verb::get, std::string("/v1/\0x", 6), fixed, "", "").empty());
  BOOST_TEST(sp::upstream_request_bytes(http::verb::get, "", fixed, "", "").empty());
  BOOST_TEST(sp::upstream_request_bytes(http::verb::post, "/v1/refunds", fixed, "k\nX: y", "a=1").empty());
  BOOST_TEST(!sp::upstream_request_bytes(http::verb::post, "/v1/refunds", fixed, "k", "a=1").empty());
}

BOOST_AUTO_TEST_CASE(request_ids_are_prefixed_hex_and_distinct) {
  const auto first = sp::new_request_id();
  BOOST_TEST(first.size() == 20u);
  BOOST_TEST(first.starts_with("req_"));
  BOOST_TEST(first.find_first_not_of("0123456789abcdef", 4) == std::string::npos);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(sp::new_request_id());
  BOOST_TEST(seen.size() == 1000u);
}

BOOST_AUTO_TEST_SUITE_END()
