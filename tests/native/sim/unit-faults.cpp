#include <boost/test/unit_test.hpp>

#include "stripe_sim/faults.h"
#include "stripe_sim/stripe_error.h"

using namespace stripe_sim;

BOOST_AUTO_TEST_SUITE(faults)

BOOST_AUTO_TEST_CASE(parses_every_setting) {
  auto settings = parse_fault_settings(nlohmann::json::parse(
      R"({"latency_ms":10,"jitter_ms":5,"rate_limit_per_sec":25,"error_rate":0.25,
          "reset":{"when":"before_commit","method":"POST","path_prefix":"/v1/charges","count":2}})"));
  BOOST_TEST(settings.latency_ms == 10);
  BOOST_TEST(settings.jitter_ms == 5);
  BOOST_TEST(settings.rate_limit_per_sec == 25);
  BOOST_TEST(settings.error_rate == 0.25);
  BOOST_TEST(settings.reset->after_commit == false);
  BOOST_TEST(settings.reset->count == 2);
  BOOST_TEST(reset_applies(*settings.reset, "POST", "/v1/charges"));
  BOOST_TEST(reset_applies(*settings.reset, "POST", "/v1/charges/ch_1/refunds"));
  BOOST_TEST(!reset_applies(*settings.reset, "GET", "/v1/charges"));
  BOOST_TEST(!reset_applies(*settings.reset, "POST", "/v1/refunds"));
}

BOOST_AUTO_TEST_CASE(refuses_bad_values) {
  for (const char* body : {R"({"latency_ms":-1})", R"({"latency_ms":"5"})", R"({"error_rate":1.5})",
                           R"({"reset":{"when":"later"}})", R"({"reset":{"count":0}})", R"([1,2])",
                           R"({"rate_limit":5})"}) {
    BOOST_CHECK_THROW(parse_fault_settings(nlohmann::json::parse(body)), StripeError);
  }
}

BOOST_AUTO_TEST_CASE(rate_limiter_uses_a_one_second_window) {
  RateLimiter limiter;
  for (int i = 0; i < 3; ++i) BOOST_TEST(limiter.allow(1000 + i, 3));
  BOOST_TEST(!limiter.allow(1500, 3));
  BOOST_TEST(!limiter.allow(1999, 3));
  BOOST_TEST(limiter.allow(2000, 3));  // the first request left the window
  BOOST_TEST(limiter.allow(5000, 0));  // 0 = off
}

BOOST_AUTO_TEST_SUITE_END()
