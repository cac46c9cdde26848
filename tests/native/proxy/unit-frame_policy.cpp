// Who may frame the proxy's pages and what they may connect to: the checkout
// is embeddable by its own origin and the configured allowed_origins, every
// other page by nobody; the demo's simulator is let through connect-src only
// in demo mode.
#include <boost/test/unit_test.hpp>

#include "stripe_proxy/static_files.h"

namespace sp = stripe_proxy;

namespace {
sp::Config config_with(std::vector<std::string> origins, std::string mode = "test", std::string stripe_js_api = {}) {
  sp::Config config;
  config.allowed_origins = std::move(origins);
  config.mode = std::move(mode);
  config.stripe_js_api = std::move(stripe_js_api);
  return config;
}

std::string directive(const std::string& csp, const std::string& name) {
  const auto start = csp.find(name + " ");
  if (start == std::string::npos) return "(missing)";
  const auto end = csp.find(';', start);
  return csp.substr(start, end == std::string::npos ? std::string::npos : end - start);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(frame_policy)

BOOST_AUTO_TEST_CASE(only_the_checkout_is_embeddable) {
  for (auto path : {"/checkout", "/checkout/", "/checkout/index.html", "/checkout/main.js?v=2", "/checkout/embed.js"}) {
    BOOST_TEST(sp::is_embeddable_path(path), path);
  }
  for (auto path : {"/", "/index.html", "/report/", "/report/index.html", "/checkoutx", "/checkouts/index.html",
                    "/stripe-standin/stripe.js", "/api/config", "/x/checkout/"}) {
    BOOST_TEST(!sp::is_embeddable_path(path), path);
  }
}

BOOST_AUTO_TEST_CASE(checkout_may_be_framed_by_self_and_allowed_origins) {
  const auto config = config_with({"https://shop.example", "http://127.0.0.1:8080"});
  const auto headers = sp::page_security_headers("/checkout/", config);
  BOOST_TEST(directive(headers.content_security_policy, "frame-ancestors") ==
             "frame-ancestors 'self' https://shop.example http://127.0.0.1:8080");
  // X-Frame-Options cannot list origins; the CSP alone decides for the checkout.
  BOOST_TEST(headers.x_frame_options == "");
  BOOST_TEST(directive(headers.content_security_policy, "connect-src") == "connect-src 'self' https://api.stripe.com");
  // The storefront example on the proxy's own origin frames the checkout (it was a grey error frame before).
  BOOST_TEST(directive(headers.content_security_policy, "frame-src") ==
             "frame-src 'self' https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com");
}

BOOST_AUTO_TEST_CASE(checkout_without_allowed_origins_is_framed_by_self_only) {
  const auto headers = sp::page_security_headers("/checkout/index.html", config_with({}));
  BOOST_TEST(directive(headers.content_security_policy, "frame-ancestors") == "frame-ancestors 'self'");
}

BOOST_AUTO_TEST_CASE(viewer_and_everything_else_are_never_framed) {
  const auto config = config_with({"https://shop.example"});
  for (auto path : {"/", "/report/", "/report/main.js", "/index.html", "/checkoutx"}) {
    const auto headers = sp::page_security_headers(path, config);
    BOOST_TEST(directive(headers.content_security_policy, "frame-ancestors") == "frame-ancestors 'none'", path);
    BOOST_TEST(headers.x_frame_options == "DENY", path);
    BOOST_TEST(headers.content_security_policy.find("shop.example") == std::string::npos, path);
    // Pages that are never framed frame nothing of their own either.
    BOOST_TEST(directive(headers.content_security_policy, "frame-src") ==
                   "frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com",
               path);
  }
}

// Stripe's documented CSP for Stripe.js and 3-D Secure
// (https://docs.stripe.com/security/guide#content-security-policy), nothing more.
BOOST_AUTO_TEST_CASE(the_production_policy_allows_what_stripe_js_documents_and_nothing_else) {
  const std::string csp(sp::content_security_policy());
  BOOST_TEST(csp == sp::page_security_headers("/report/", config_with({"https://shop.example"}, "live")).content_security_policy);
  BOOST_TEST(csp ==
             "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com https://*.js.stripe.com; "
             "frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com; "
             "connect-src 'self' https://api.stripe.com; img-src 'self' data:; style-src 'self'; "
             "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  const auto checkout = sp::page_security_headers("/checkout/", config_with({"https://shop.example"}, "live"));
  BOOST_TEST(checkout.content_security_policy ==
             "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com https://*.js.stripe.com; "
             "frame-src 'self' https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com; "
             "connect-src 'self' https://api.stripe.com; img-src 'self' data:; style-src 'self'; "
             "object-src 'none'; base-uri 'none'; frame-ancestors 'self' https://shop.example; form-action 'self'");
}

BOOST_AUTO_TEST_CASE(demo_simulator_is_added_to_connect_src_in_demo_mode_only) {
  const auto demo = config_with({}, "demo", "http://127.0.0.1:12111");
  for (auto path : {"/checkout/", "/report/"}) {
    BOOST_TEST(directive(sp::page_security_headers(path, demo).content_security_policy, "connect-src") ==
               "connect-src 'self' https://api.stripe.com http://127.0.0.1:12111", path);
  }
  // A config object built by hand outside demo mode still gets nothing extra.
  for (auto mode : {"test", "live"}) {
    const auto headers = sp::page_security_headers("/checkout/", config_with({}, mode, "http://127.0.0.1:12111"));
    BOOST_TEST(directive(headers.content_security_policy, "connect-src") == "connect-src 'self' https://api.stripe.com", mode);
  }
}

BOOST_AUTO_TEST_CASE(anything_but_a_plain_origin_never_reaches_the_policy) {
  // parse_config refuses these; the policy builder skips them too, so a hand-made
  // Config cannot inject a directive.
  const auto config = config_with({"https://a.example; script-src *", "https://ok.example", "*"}, "demo",
                                  "http://127.0.0.1:1; connect-src *");
  const auto csp = sp::page_security_headers("/checkout/", config).content_security_policy;
  BOOST_TEST(directive(csp, "frame-ancestors") == "frame-ancestors 'self' https://ok.example");
  BOOST_TEST(directive(csp, "connect-src") == "connect-src 'self' https://api.stripe.com");
  // The only wildcard is Stripe's own *.js.stripe.com.
  BOOST_TEST(csp.find("* ") == std::string::npos);
  BOOST_TEST(csp.find(" *;") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
