// Retry policy, rate budget, export windows, redaction, routing, static files.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "stripe_proxy/access_log.h"
#include "stripe_proxy/export_windows.h"
#include "stripe_proxy/rate_budget.h"
#include "stripe_proxy/redaction.h"
#include "stripe_proxy/retry_policy.h"
#include "stripe_proxy/routes.h"
#include "stripe_proxy/static_files.h"

namespace sp = stripe_proxy;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(transport_policy)

BOOST_AUTO_TEST_CASE(retries_follow_stripe_sdks) {
  const sp::RetrySettings settings;
  const auto outcome = [](unsigned status, std::optional<bool> should = std::nullopt) {
    return sp::AttemptOutcome{false, status, should};
  };
  BOOST_TEST(sp::should_retry({true, 0, {}}, false, false, 0, settings));
  BOOST_TEST(sp::should_retry(outcome(500), false, false, 0, settings));
  BOOST_TEST(sp::should_retry(outcome(503), false, false, 1, settings));
  BOOST_TEST(!sp::should_retry(outcome(503), false, false, 2, settings));  // at most 2
  BOOST_TEST(sp::should_retry(outcome(409), false, false, 0, settings));
  BOOST_TEST(sp::should_retry(outcome(429), false, false, 0, settings));
  BOOST_TEST(!sp::should_retry(outcome(400), false, false, 0, settings));
  BOOST_TEST(!sp::should_retry(outcome(402), false, false, 0, settings));
  BOOST_TEST(!sp::should_retry(outcome(500, false), false, false, 0, settings));
  BOOST_TEST(sp::should_retry(outcome(400, true), false, false, 0, settings));
  BOOST_TEST(!sp::should_retry(outcome(500), true, false, 0, settings));  // POST without a key
  BOOST_TEST(!sp::should_retry({true, 0, {}}, true, false, 0, settings));
  BOOST_TEST(sp::should_retry(outcome(500), true, true, 0, settings));
}

BOOST_AUTO_TEST_CASE(backoff_is_jittered_exponential_from_half_a_second_capped_at_five) {
  const sp::RetrySettings settings;
  BOOST_TEST(sp::backoff_delay(0, 0.0, settings).count() == 500);
  BOOST_TEST(sp::backoff_delay(0, 0.999, settings).count() == 500);
  BOOST_TEST(sp::backoff_delay(1, 0.0, settings).count() == 500);
  BOOST_TEST(sp::backoff_delay(1, 1.0, settings).count() == 1000);
  BOOST_TEST(sp::backoff_delay(3, 1.0, settings).count() == 4000);
  BOOST_TEST(sp::backoff_delay(10, 1.0, settings).count() == 5000);
  BOOST_TEST(sp::backoff_delay(10, 0.0, settings).count() == 2500);
  BOOST_TEST(sp::backoff_delay(0, 0.0, settings, 2000ms).count() == 2000);
  BOOST_TEST(sp::backoff_delay(0, 0.0, settings, 60000ms).count() == 500);  // beyond the cap: ignored
  BOOST_TEST(sp::parse_should_retry("true").value());
  BOOST_TEST(!sp::parse_should_retry("false").value());
  BOOST_TEST(!sp::parse_should_retry("yes").has_value());
}

BOOST_AUTO_TEST_CASE(rate_budget_spaces_requests) {
  sp::RateBudget budget(25.0, 1);
  const sp::RateBudget::clock::time_point t0{};
  BOOST_TEST((budget.reserve(t0) - t0).count() == 0);
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(budget.reserve(t0) - t0).count() == 40);
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(budget.reserve(t0) - t0).count() == 80);
  // After an idle second the schedule does not lend more than the burst.
  const auto later = t0 + 2s;
  BOOST_TEST((budget.reserve(later) - later).count() == 0);
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(budget.reserve(later) - later).count() == 40);
  sp::RateBudget bursty(10.0, 4);
  const auto t1 = t0 + 10s;
  int immediate = 0;
  for (int i = 0; i < 10; ++i) immediate += bursty.reserve(t1) == t1 ? 1 : 0;
  BOOST_TEST(immediate == 4);
  BOOST_TEST(sp::default_rate_for_key(false, 0) == 25.0);
  BOOST_TEST(sp::default_rate_for_key(true, 0) == 100.0);
  BOOST_TEST(sp::default_rate_for_key(true, 7) == 7.0);
}

BOOST_AUTO_TEST_CASE(export_windows_tile_the_range) {
  const auto windows = sp::split_windows(100, 200, 3);
  BOOST_TEST_REQUIRE(windows.size() == 3u);
  BOOST_TEST((windows[0] == sp::TimeWindow{100, 133}));
  BOOST_TEST((windows[1] == sp::TimeWindow{133, 166}));
  BOOST_TEST((windows[2] == sp::TimeWindow{166, 200}));
  BOOST_TEST(sp::split_windows(100, 102, 16).size() == 2u);
  sp::TimeWindow busy{100, 200};
  const auto older = sp::split_remaining(busy, 180, 190);  // a page spans 10 s: keep 40 s here
  BOOST_TEST_REQUIRE(older.size() == 1u);
  BOOST_TEST((older[0] == sp::TimeWindow{100, 140}));
  BOOST_TEST((busy == sp::TimeWindow{140, 200}));
  sp::TimeWindow dense{0, 2'000'000'000};
  BOOST_TEST((sp::split_remaining(dense, 1'700'000'500, 1'700'000'500) == std::vector<sp::TimeWindow>{{0, 1'700'000'496}}));
  sp::TimeWindow small{100, 200};
  BOOST_TEST(sp::split_remaining(small, 140, 190).empty());
  BOOST_TEST(sp::split_remaining(small, 250, 260).empty());
  BOOST_TEST((small == sp::TimeWindow{100, 200}));
  BOOST_TEST(sp::split_windows(100, 100, 16).empty());
  BOOST_TEST(sp::export_page_target({1, 2}, "txn_9") ==
             "/v1/balance_transactions?limit=100&created[gte]=1&created[lt]=2&starting_after=txn_9");
  BOOST_TEST((sp::parse_export_query("created[gte]=1&created[lt]=5").range.value() == sp::TimeWindow{1, 5}));
  BOOST_TEST(sp::parse_export_query("created[gte]=1").error == "created[lt]: is required");
  BOOST_TEST(sp::parse_export_query("created[gte]=5&created[lt]=5").error == "created[lt]: must be after created[gte]");
  BOOST_TEST(sp::parse_export_query("created[gte]=1&created[gte]=2&created[lt]=5").error == "created[gte]: given twice");
  BOOST_TEST(sp::parse_export_query("created[gte]=-1&created[lt]=5").error == "created[gte]: must be between 0 and 99999999999");
  BOOST_TEST(sp::parse_export_query("created[gte]=x&created[lt]=5").error == "created[gte]: must be an integer");
}

BOOST_AUTO_TEST_CASE(redaction_and_access_log) {
  const sp::Redactor redactor({"sk_test_supersecret", "short"});
  BOOST_TEST(redactor.redact("key=sk_test_supersecret and sk_test_supersecret") == "key=[redacted] and [redacted]");
  BOOST_TEST(redactor.redact("short stays") == "short stays");
  BOOST_TEST(redactor.contains_secret("xsk_test_supersecretx"));
  sp::AccessLogEntry entry;
  entry.request_id = "req_1";
  entry.method = "GET";
  entry.route = "/v1/charges/{id}";
  entry.status = 200;
  entry.latency_ms = 1.23456;
  entry.upstream_request_id = "req_up";
  entry.upstream_attempts = 1;
  BOOST_TEST(sp::format_access_log(entry, 7) ==
             R"({"bytes":0,"latency_ms":1.235,"method":"GET","request_id":"req_1","route":"/v1/charges/{id}","status":200,"ts_ms":7,"upstream_attempts":1,"upstream_request_id":"req_up"})");
  // Milliseconds always with three decimals, written from whole microseconds.
  entry.latency_ms = 0.05;
  BOOST_TEST(sp::format_access_log(entry, 7).find(R"("latency_ms":0.050,)") != std::string::npos);
  entry.latency_ms = 12;
  BOOST_TEST(sp::format_access_log(entry, 7).find(R"("latency_ms":12.000,)") != std::string::npos);
  entry.latency_ms = 1234567.0004;
  BOOST_TEST(sp::format_access_log(entry, 7).find(R"("latency_ms":1234567.000,)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(routes_are_classified_without_sockets) {
  using sp::RouteKind;
  namespace http = sp::http;
  BOOST_TEST((sp::classify_request(http::verb::get, "/healthz", false) == RouteKind::health));
  BOOST_TEST((sp::classify_request(http::verb::post, "/api/checkout", false) == RouteKind::checkout));
  BOOST_TEST((sp::classify_request(http::verb::get, "/api/checkout", false) == RouteKind::not_found));
  BOOST_TEST((sp::classify_request(http::verb::options, "/api/checkout", false) == RouteKind::cors_preflight));
  BOOST_TEST((sp::classify_request(http::verb::get, "/api/export/balance_transactions?created[gte]=1", false) ==
              RouteKind::export_balance_transactions));
  BOOST_TEST((sp::classify_request(http::verb::delete_, "/v1/customers/cus_1", false) == RouteKind::gateway));
  BOOST_TEST((sp::classify_request(http::verb::get, "/index.html", true) == RouteKind::static_file));
  BOOST_TEST((sp::classify_request(http::verb::get, "/index.html", false) == RouteKind::not_found));
}

BOOST_AUTO_TEST_CASE(static_paths_stay_inside_the_root) {
  namespace fs = std::filesystem;
  const auto root = fs::temp_directory_path() / ("stripe-proxy-static-" + std::to_string(::getpid()));
  fs::create_directories(root / "report");
  std::ofstream(root / "index.html") << "<p>";
  std::ofstream(root / "report" / "core.wasm") << "wasm";
  std::ofstream(root / ".env") << "x";
  BOOST_TEST(sp::resolve_static_path(root, "/").value() == fs::canonical(root / "index.html"));
  BOOST_TEST(sp::resolve_static_path(root, "/report/core.wasm?v=1").value() == fs::canonical(root / "report" / "core.wasm"));
  for (auto bad : {"/../etc/passwd", "/report/../../etc/passwd", "/%2e%2e/x", "/.env", "/report\\..\\x", "relative", "/nope"}) {
    BOOST_TEST(!sp::resolve_static_path(root, bad).has_value(), bad);
  }
  // A directory without its slash is redirected; files and missing paths are not.
  std::ofstream(root / "report" / "index.html") << "<p>";
  BOOST_TEST(sp::directory_redirect(root, "/report?token=x").value() == "/report/");
  for (auto none : {"/report/", "/report/index.html", "/report/core.wasm", "/nope", "/../etc", "/"}) {
    BOOST_TEST(!sp::directory_redirect(root, none).has_value(), none);
  }
  BOOST_TEST(sp::mime_type_for("a/core.wasm") == "application/wasm");
  BOOST_TEST(sp::mime_type_for("a/app.mjs") == "text/javascript; charset=utf-8");
  BOOST_TEST(sp::mime_type_for("a/file.bin") == "application/octet-stream");
  const std::string csp(sp::content_security_policy());
  BOOST_TEST(csp.find("script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com https://*.js.stripe.com;") != std::string::npos);
  BOOST_TEST(csp.find("frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com;") != std::string::npos);
  BOOST_TEST(csp.find("connect-src 'self' https://api.stripe.com;") != std::string::npos);
  fs::remove_all(root);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(export_fetchers_follow_rate_and_latency) {
  using std::chrono::milliseconds;
  // 25 req/s at 150 ms per page: 3.75 in flight -> 4 (ceil), +1.
  BOOST_TEST(sp::export_fetchers(25, milliseconds(150), 16) == 5u);
  BOOST_TEST(sp::export_fetchers(25, sp::assumed_page_latency, 16) == 4u);
  BOOST_TEST(sp::export_fetchers(100, milliseconds(400), 16) == 16u);  // capped by limits.export_windows
  BOOST_TEST(sp::export_fetchers(20, milliseconds(5), 10) == 2u);      // at least two
  BOOST_TEST(sp::export_fetchers(20, milliseconds(0), 1) == 1u);       // but never above the limit
  BOOST_TEST(sp::export_fetchers(1e6, milliseconds(600'000), 256) == 256u);
  // Splitting hands over at least two pages' worth, else keeps the window whole.
  sp::TimeWindow window{0, 100};
  BOOST_TEST(sp::split_remaining(window, 60, 70, 3).empty());  // 60 s left, page spans 10 s: 6 pages, 4 kept
  BOOST_TEST(sp::split_remaining(window, 61, 71, 3).size() == 1u);
  BOOST_TEST((window == sp::TimeWindow{21, 100}));
  // Several idle fetchers: four pages' worth next to the cursor, then
  // doubling, the last slice taking the rest.
  sp::TimeWindow wide{0, 1000};
  const auto slices = sp::split_remaining(wide, 900, 910, 3);  // keeps [860, 1000), 10 s per page
  BOOST_TEST((slices == std::vector<sp::TimeWindow>{{820, 860}, {740, 820}, {0, 740}}));
  BOOST_TEST((wide == sp::TimeWindow{860, 1000}));
  sp::TimeWindow narrow{0, 200};
  const auto few = sp::split_remaining(narrow, 130, 140, 8);  // 90 s older: room for two slices only
  BOOST_TEST((few == std::vector<sp::TimeWindow>{{50, 90}, {0, 50}}));
  BOOST_TEST((narrow == sp::TimeWindow{90, 200}));
  sp::TimeWindow long_range{0, 1'000'000};
  const auto many = sp::split_remaining(long_range, 999'990, 1'000'000, 200);  // capped at 64 slices
  BOOST_TEST(many.size() <= 64u);
  BOOST_TEST(many.back().gte == 0);
  BOOST_TEST(sp::split_remaining(narrow, 45, 50, 0).empty());
}
