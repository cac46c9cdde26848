#include <boost/test/unit_test.hpp>

#include "sim_test_support.h"

using sim_test::Simulator;

BOOST_AUTO_TEST_SUITE(api)

BOOST_AUTO_TEST_CASE(every_response_has_a_request_id) {
  Simulator sim;
  auto ok = sim.get("/v1/balance");
  auto missing = sim.get("/v1/charges/ch_nope");
  auto unknown_route = sim.get("/nowhere");
  BOOST_TEST(ok.raw.header("Request-Id").starts_with("req_"));
  BOOST_TEST(missing.raw.header("Request-Id").starts_with("req_"));
  BOOST_TEST(unknown_route.raw.header("Request-Id").starts_with("req_"));
  BOOST_TEST(ok.raw.header("Request-Id") != missing.raw.header("Request-Id"));
  BOOST_TEST(missing.status == 404);
  BOOST_TEST(missing.body["error"]["message"] == "No such charge: 'ch_nope'");
  BOOST_TEST(unknown_route.status == 404);
  BOOST_TEST(sim.get("/v1/widgets").status == 404);
  BOOST_TEST(sim.call("DELETE", "/v1/charges").status == 404);
}

BOOST_AUTO_TEST_CASE(auth_accepts_bearer_and_basic_and_never_echoes_keys) {
  Simulator sim;
  BOOST_TEST(sim.call("GET", "/v1/balance", {}, {}, "Basic c2tfdGVzdF9zaW11bGF0b3I6").status == 200);
  auto none = sim.call("GET", "/v1/balance", {}, {}, "");
  BOOST_TEST(none.status == 401);
  BOOST_TEST(none.body["error"]["type"] == "invalid_request_error");
  auto wrong = sim.call("GET", "/v1/balance", {}, {}, "Bearer sk_test_wrongsecretvalue123");
  BOOST_TEST(wrong.status == 401);
  BOOST_TEST(wrong.raw.body.find("sk_test_wrongsecretvalue123") == std::string::npos);
  BOOST_TEST(wrong.body["error"]["message"] == "Invalid API Key provided: sk_test_****e123");
  BOOST_TEST(sim.call("GET", "/_sim/stats", {}, {}, "").status == 401);
}

BOOST_AUTO_TEST_CASE(publishable_key_only_where_stripe_js_needs_it) {
  Simulator sim;
  const auto& pk = sim_test::kPublishable;
  auto token = sim.call("POST", "/v1/tokens", "card[number]=4242424242424242&card[exp_month]=1&card[exp_year]=2031", {}, pk);
  BOOST_TEST(token.status == 200);
  BOOST_TEST(token.raw.header("Access-Control-Allow-Origin") == "*");
  BOOST_TEST(sim.call("POST", "/v1/payment_methods", "type=card&card[number]=4242424242424242&card[exp_month]=1&card[exp_year]=2031", {}, pk).status == 200);
  for (auto [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/v1/charges"}, {"POST", "/v1/charges"}, {"GET", "/v1/balance"}, {"POST", "/v1/refunds"},
           {"GET", "/_sim/stats"}, {"POST", "/v1/payment_intents"}}) {
    auto reply = sim.call(method, path, "amount=100&currency=usd&source=tok_visa", {}, pk);
    BOOST_TEST(reply.status == 401, method << ' ' << path);
  }
  BOOST_TEST(sim.state.charges.size() == 0u);
  auto preflight = sim.call("OPTIONS", "/v1/tokens", {}, {}, "");
  BOOST_TEST(preflight.status == 204);
  BOOST_TEST(preflight.raw.header("Access-Control-Allow-Headers").find("Authorization") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(idempotency_replays_and_refuses_a_different_body) {
  Simulator sim;
  const std::string body = "amount=2000&currency=eur&source=tok_visa";
  auto first = sim.post("/v1/charges", body, "order-1");
  auto replay = sim.post("/v1/charges", body, "order-1");
  BOOST_TEST(first.status == 200);
  BOOST_TEST(replay.raw.body == first.raw.body);
  BOOST_TEST(replay.raw.header("Idempotent-Replayed") == "true");
  BOOST_TEST(replay.raw.header("Original-Request") == first.raw.header("Request-Id"));
  BOOST_TEST(sim.state.charges.size() == 1u);
  auto different = sim.post("/v1/charges", "amount=2001&currency=eur&source=tok_visa", "order-1");
  BOOST_TEST(different.status == 400);
  BOOST_TEST(different.body["error"]["type"] == "idempotency_error");
  BOOST_TEST(sim.state.charges.size() == 1u);
  // Declines replay too (the endpoint ran); validation errors are not saved.
  auto declined = sim.post("/v1/charges", "amount=2000&currency=eur&source=tok_chargeDeclined", "order-2");
  auto declined_again = sim.post("/v1/charges", "amount=2000&currency=eur&source=tok_chargeDeclined", "order-2");
  BOOST_TEST(declined.status == 402);
  BOOST_TEST(declined_again.raw.body == declined.raw.body);
  BOOST_TEST(sim.state.charges.size() == 2u);
  auto invalid = sim.post("/v1/charges", "amount=x&currency=eur&source=tok_visa", "order-3");
  BOOST_TEST(invalid.status == 400);
  auto fixed = sim.post("/v1/charges", "amount=x&currency=eur&source=tok_visa", "order-3");
  BOOST_TEST(fixed.raw.header("Idempotent-Replayed").empty());
}

BOOST_AUTO_TEST_CASE(malformed_bodies_are_400_and_change_nothing) {
  Simulator sim;
  for (const char* body : {"amount=%zz", "=1", "a[b=1", "amount=1&amount=2", "metadata[]=x",
                           "amount=2000&currency=eur&source=tok_visa&expand[]=nonsense"}) {
    auto reply = sim.post("/v1/charges", body);
    BOOST_TEST(reply.status == 400, body);
    BOOST_TEST(reply.body["error"]["type"] == "invalid_request_error");
  }
  BOOST_TEST(sim.state.charges.size() == 0u);  // expand[] is checked before the charge is made
}

BOOST_AUTO_TEST_CASE(raw_invalid_utf8_in_a_path_still_gives_valid_json) {
  Simulator sim;
  auto reply = sim.get("/v1/charges/ch_\xff\xfe");
  BOOST_TEST(reply.status == 404);
  BOOST_TEST(reply.body["error"]["code"] == "resource_missing");
  auto expand = sim.get("/v1/charges?expand[]=data.%ff");
  BOOST_TEST(expand.status == 400);
}

BOOST_AUTO_TEST_CASE(stats_and_fault_settings) {
  Simulator sim;
  sim.charge(1000);
  auto stats = sim.get("/_sim/stats").body;
  BOOST_TEST(stats["charges"] == 1);
  BOOST_TEST(stats["balance_transactions"] == 1);
  BOOST_TEST(stats["requests"] == 2);
  BOOST_TEST(stats["customers"] == 0);
  auto set = sim.post("/_sim/faults", R"({"latency_ms":5,"rate_limit_per_sec":25,"reset":{"when":"after_commit","path_prefix":"/v1/charges"}})");
  BOOST_TEST(set.status == 200);
  BOOST_TEST(sim.api.faults.latency_ms == 5);
  BOOST_TEST(sim.api.faults.rate_limit_per_sec == 25);
  BOOST_TEST(sim.api.faults.reset->after_commit == true);
  BOOST_TEST(sim.api.faults.reset->count == 1);
  auto bad = sim.post("/_sim/faults", "{not json");
  BOOST_TEST(bad.status == 400);
  BOOST_TEST(sim.api.faults.latency_ms == 5);  // unchanged by a bad request
  BOOST_TEST(sim.post("/_sim/faults", R"({"error_rate":2})").status == 400);
  BOOST_TEST(sim.post("/_sim/faults", R"({"bogus":1})").body["error"]["code"] == "parameter_unknown");
  BOOST_TEST(sim.post("/_sim/faults", R"({})").status == 200);
  BOOST_TEST(sim.api.faults.latency_ms == 0);
  BOOST_TEST(!sim.api.faults.reset);
}

BOOST_AUTO_TEST_SUITE_END()
