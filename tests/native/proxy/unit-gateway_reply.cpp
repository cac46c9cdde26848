// What a client of /v1 gets from a hostile, echoing or ordinary upstream
// (issue 10, items 8, 10 and 13): no secret in any form, JSON only, the
// client's own idempotency key, Stripe's Idempotent-Replayed.
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "stripe_proxy/gateway_reply.h"
#include "stripe_proxy/upstream_response_parser.h"

namespace sp = stripe_proxy;

namespace {

const std::string secret = "sk_test_51HardeningSecretKey0123456789";
const sp::Redactor redactor({secret});

// "sk_test_..." with every character written as \u00XX, as JSON allows.
std::string fully_escaped(std::string_view text) {
  std::string out;
  char buffer[8];
  for (char c : text) {
    std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
    out += buffer;
  }
  return out;
}

sp::GatewayReply reply_for(std::string body, std::string_view content_type = "application/json") {
  return sp::gateway_reply({.status = 200, .content_type = content_type, .body = std::move(body), .request_id = "req_1",
                            .idempotent_replayed = {}},
                           {}, redactor);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gateway_reply)

BOOST_AUTO_TEST_CASE(json_escaped_secrets_are_redacted) {
  const std::string partly = "sk\\u005ftest_51HardeningSecretKey0123456789";
  const std::string solidus = "sk_test_51HardeningSecret\\u004bey0123456789";
  for (const auto& form : {partly, solidus, fully_escaped(secret)}) {
    const auto reply = reply_for(R"({"object":"charge","description":")" + form + R"("})");
    BOOST_TEST(reply.status == 200u);
    const auto parsed = nlohmann::json::parse(reply.body);
    BOOST_TEST(parsed["description"].get<std::string>() == "[redacted]", form);
    BOOST_TEST(reply.body.find(secret) == std::string::npos);
    BOOST_TEST(redactor.contains_secret(R"({"a":")" + form + R"("})"), form);
  }
  // Escapes that only look alike stay: \u0073 is 's', but the rest differs.
  const auto other = reply_for(R"({"description":"\u0073k_test_other"})");
  BOOST_TEST(other.body == R"({"description":"\u0073k_test_other"})");
}

BOOST_AUTO_TEST_CASE(secret_in_upstream_headers_never_reaches_the_client) {
  const auto reply = sp::gateway_reply({.status = 200,
                                        .content_type = "application/json; x=" + secret,
                                        .body = R"({"object":"list"})",
                                        .request_id = "req_" + secret,
                                        .idempotent_replayed = secret},
                                       {}, redactor);
  BOOST_TEST(reply.status == 200u);
  BOOST_TEST(reply.request_id == "req_[redacted]");
  BOOST_TEST(reply.idempotent_replayed.empty());  // only "true" or "false" pass
  // The content type is not forwarded at all: the proxy always says application/json.
  BOOST_TEST(sp::gateway_reply({.status = 200, .content_type = "application/json", .body = "{}",
                                .request_id = "req 1\r\nX: y", .idempotent_replayed = {}},
                               {}, redactor)
                 .request_id.empty());
}

BOOST_AUTO_TEST_CASE(non_json_upstream_bodies_become_a_json_502) {
  struct Case {
    const char* content_type;
    const char* body;
  };
  const Case cases[] = {
      {"text/html", "<html><script>alert(1)</script></html>"},
      {"application/jsonx", R"({"object":"charge"})"},
      {"application/json", "<html>not json</html>"},
      {"application/json", ""},
      {"", R"({"object":"charge"})"},
  };
  for (const auto& c : cases) {
    const auto reply = reply_for(c.body, c.content_type);
    BOOST_TEST(reply.status == 502u, c.content_type << " " << c.body);
    const auto parsed = nlohmann::json::parse(reply.body);
    BOOST_TEST(parsed["error"]["type"] == "api_error");
    BOOST_TEST(parsed["error"]["code"] == "upstream_invalid_response");
    BOOST_TEST(reply.body.find("script") == std::string::npos);
  }
  const auto ok = reply_for(" \n{\"object\":\"charge\"}", "Application/JSON; charset=utf-8");
  BOOST_TEST(ok.status == 200u);
  BOOST_TEST(ok.body == " \n{\"object\":\"charge\"}");
}

BOOST_AUTO_TEST_CASE(idempotency_errors_quote_the_clients_own_key) {
  const std::string upstream_key = "gw-" + std::string(64, 'a');
  const std::string client_key = R"(order-"7"\x)";
  const auto reply = sp::gateway_reply(
      {.status = 400,
       .content_type = "application/json",
       .body = R"({"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with )"
               R"(the same parameters they were first used with. Try using a key other than ')" +
               upstream_key + R"(' if you meant to execute a different request."}})",
       .request_id = "req_2",
       .idempotent_replayed = {}},
      {.upstream = upstream_key, .client = client_key}, redactor);
  BOOST_TEST(reply.status == 400u);
  const auto message = nlohmann::json::parse(reply.body)["error"]["message"].get<std::string>();
  BOOST_TEST(message.find("a key other than '" + client_key + "' if") != std::string::npos, message);
  BOOST_TEST(reply.body.find(upstream_key) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(idempotent_replayed_passes_through) {
  const auto replayed = sp::gateway_reply({.status = 200, .content_type = "application/json", .body = "{}",
                                           .request_id = "req_3", .idempotent_replayed = "true"},
                                          {}, redactor);
  BOOST_TEST(replayed.idempotent_replayed == "true");
  sp::UpstreamResponseParser parser;
  parser.eager(true);
  const std::string wire =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nIdempotent-Replayed: true\r\nRequest-Id: req_4\r\n"
      "Content-Length: 2\r\n\r\n{}";
  sp::beast::error_code ec;
  parser.put(sp::asio::buffer(wire), ec);
  BOOST_TEST(!ec);
  BOOST_TEST(parser.is_done());
  BOOST_TEST(parser.message().idempotent_replayed == "true");
}

BOOST_AUTO_TEST_SUITE_END()
