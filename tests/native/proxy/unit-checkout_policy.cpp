#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "stripe_proxy/checkout_policy.h"

namespace sp = stripe_proxy;

namespace {
sp::Config shop() {
  sp::Config config;
  config.catalog = {{"tshirt", "T-shirt", 2500, "eur"}, {"mug", "Mug", 1200, "eur"}, {"cap", "Cap", 1500, "usd"},
                    {"gold", "Gold bar", 99'999'999, "eur"}};
  return config;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(checkout_policy)

BOOST_AUTO_TEST_CASE(amount_comes_from_the_catalog_only) {
  const auto config = shop();
  auto result = sp::parse_order(
      R"({"token":"tok_visa","email":"a@b.co","idempotency_key":"order-12345678","amount":1,
          "items":[{"sku":"tshirt","quantity":2,"unit_amount":1},{"sku":"mug","quantity":1,"price":0}]})",
      config, true);
  BOOST_TEST_REQUIRE(result.order.has_value());
  BOOST_TEST(result.order->amount == 6200);
  BOOST_TEST(result.order->currency == "eur");
  BOOST_TEST(result.order->lines.size() == 2u);
  const auto form = sp::charge_form(*result.order, "cus_123");
  BOOST_TEST(form.starts_with("amount=6200&currency=eur&customer=cus_123&"));
  BOOST_TEST(form.find("metadata[items]=tshirt%3A2%2Cmug%3A1") != std::string::npos);
  // Stripe emails the receipt the page promises only when receipt_email is set.
  BOOST_TEST(form.find("&receipt_email=a%40b.co&") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refusals_name_the_parameter) {
  const auto config = shop();
  struct Case {
    const char* body;
    const char* param;
  };
  const Case cases[] = {
      {R"({"token":"tok_visa","email":"a@b.co","idempotency_key":"order-12345678","items":[{"sku":"tshirt","quantity":1001}]})", "items[0].quantity"},
      {R"({"token":"tok_visa","email":"a@b.co","idempotency_key":"order-12345678","items":[{"sku":"tshirt","quantity":9223372036854775807}]})", "items[0].quantity"},
      {R"({"token":"tok_visa","email":"a@b.co","idempotency_key":"order-12345678","items":[{"sku":"tshirt","quantity":18446744073709551615}]})", "items[0].quantity"},
      {R"({"token":"tok_visa","email":"a@b.co","idempotency_key":"order-12345678","items":[{"sku":"gold","quantity":2}]})", "items"},
      {R"({"token":"tok_visa","email":"a@b.co","idempotency_key":"order-12345678","items":[{"sku":"mug","quantity":1},{"sku":"cap","quantity":1}]})", "items[1].sku"},
      {R"({"token":"tok_visa","email":"a@b.co","idempotency_key":"order-12345678","items":[{"sku":"MUG","quantity":1}]})", "items[0].sku"},
      {R"({"token":"tok_visa","email":"a@@b.co","idempotency_key":"order-12345678","items":[{"sku":"mug","quantity":1}]})", "email"},
      {R"({"token":"tok visa","email":"a@b.co","idempotency_key":"order-12345678","items":[{"sku":"mug","quantity":1}]})", "token"},
      {R"({"token":"tok_visa","email":"a@b.co","idempotency_key":"order\n12345678","items":[{"sku":"mug","quantity":1}]})", "idempotency_key"},
  };
  for (const auto& c : cases) {
    auto result = sp::parse_order(c.body, config, true);
    BOOST_TEST(!result.order.has_value(), c.body);
    BOOST_TEST(result.error.status == 400u, c.body);
    BOOST_TEST(result.error.param == c.param, c.body);
  }
  BOOST_TEST(sp::parse_order(R"({"email":"a@b.co","idempotency_key":"order-12345678","items":[{"sku":"mug","quantity":1}]})",
                             config, false).order->amount == 1200);
}

BOOST_AUTO_TEST_CASE(idempotency_keys_are_derived_stably_per_step) {
  const auto customer = sp::derive_idempotency_key("order-1", "customer");
  BOOST_TEST(customer == sp::derive_idempotency_key("order-1", "customer"));
  BOOST_TEST(customer != sp::derive_idempotency_key("order-2", "customer"));
  BOOST_TEST(customer != sp::derive_idempotency_key("order-1", "charge"));
  BOOST_TEST(customer.starts_with("spx-customer-"));
  BOOST_TEST(customer.size() == std::string("spx-customer-").size() + 48);
  BOOST_TEST(customer.find("order-1") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(receipts_and_errors_are_minimal) {
  const auto receipt = sp::receipt_from_charge(
      R"({"id":"ch_1","object":"charge","amount":6200,"currency":"eur","status":"succeeded","customer":"cus_9",
          "created":1764633600,"receipt_email":"a@b.co","source":{"brand":"Visa","last4":"4242","fingerprint":"secretish"},"billing_details":{"email":"a@b.co"}})");
  BOOST_TEST_REQUIRE(receipt.has_value());
  BOOST_TEST(nlohmann::json::parse(*receipt) == nlohmann::json::parse(
      R"({"charge":"ch_1","amount":6200,"currency":"eur","status":"succeeded","created":1764633600,
          "receipt_email":"a@b.co","card":{"brand":"Visa","last4":"4242"},"customer":"cus_9"})"));
  const auto from_details = sp::receipt_from_charge(
      R"({"id":"ch_2","object":"charge","amount":100,"currency":"usd","status":"succeeded","customer":"cus_1",
          "payment_method_details":{"card":{"brand":"mastercard","last4":"4444"}}})");
  BOOST_TEST(nlohmann::json::parse(*from_details)["card"]["brand"] == "MasterCard");
  BOOST_TEST(!sp::receipt_from_charge(R"({"object":"customer"})").has_value());
  BOOST_TEST(nlohmann::json::parse(sp::minimal_error_body(
                 R"({"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds.","charge":"ch_x","request_log_url":"https://dashboard"}})")) ==
             nlohmann::json::parse(R"({"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds."}})"));
  BOOST_TEST(nlohmann::json::parse(sp::minimal_error_body("<html>"))["error"]["type"] == "api_error");
  const auto intent = sp::client_view_of_payment_intent(
      R"({"id":"pi_1","object":"payment_intent","amount":2500,"currency":"eur","client_secret":"pi_1_secret_2","customer":null})");
  BOOST_TEST(nlohmann::json::parse(*intent) ==
             nlohmann::json::parse(R"({"id":"pi_1","client_secret":"pi_1_secret_2","amount":2500,"currency":"eur"})"));
}

BOOST_AUTO_TEST_SUITE_END()
