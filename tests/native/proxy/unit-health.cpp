#include <boost/test/unit_test.hpp>

#include "stripe_proxy/health.h"
#include "stripe_proxy/tls_client_context.h"

namespace http = stripe_proxy::http;

namespace {
stripe_proxy::string_request make_request(http::verb verb, const char* target) {
  return stripe_proxy::string_request(verb, target, 11);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(health)

BOOST_AUTO_TEST_CASE(healthz_answers_ok) {
  auto response = stripe_proxy::handle_health(make_request(http::verb::get, "/healthz"));
  BOOST_TEST(response.result_int() == 200);
  BOOST_TEST(response.body() == R"({"status":"ok"})");
  BOOST_TEST(response[http::field::content_type] == "application/json");
}

BOOST_AUTO_TEST_CASE(other_paths_and_methods_are_404) {
  BOOST_TEST(stripe_proxy::handle_health(make_request(http::verb::get, "/healthz/x")).result_int() == 404);
  BOOST_TEST(stripe_proxy::handle_health(make_request(http::verb::post, "/healthz")).result_int() == 404);
}

BOOST_AUTO_TEST_CASE(readiness_names_why_it_is_not_ready) {
  using stripe_proxy::Readiness;
  const auto request = make_request(http::verb::get, "/readyz");
  const auto ready = stripe_proxy::readiness_response(request, Readiness::ready);
  BOOST_TEST(ready.result_int() == 200);
  BOOST_TEST(ready.body() == R"({"status":"ready"})");
  BOOST_TEST(ready[http::field::cache_control] == "no-store");
  const auto stopping = stripe_proxy::readiness_response(request, Readiness::stopping);
  BOOST_TEST(stopping.result_int() == 503);
  BOOST_TEST(stopping.body() == R"({"status":"stopping"})");
  const auto unreachable = stripe_proxy::readiness_response(request, Readiness::upstream_unreachable);
  BOOST_TEST(unreachable.result_int() == 503);
  BOOST_TEST(unreachable.body() == R"({"status":"upstream_unreachable"})");
  BOOST_TEST(unreachable[http::field::content_length] == "33");
}

BOOST_AUTO_TEST_CASE(tls_client_context_verifies_peers) {
  auto context = stripe_proxy::make_tls_client_context();
  BOOST_TEST(SSL_CTX_get_verify_mode(context.native_handle()) == SSL_VERIFY_PEER);
}

BOOST_AUTO_TEST_SUITE_END()
