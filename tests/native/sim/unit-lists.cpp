#include <boost/test/unit_test.hpp>

#include <vector>

#include "sim_test_support.h"

using sim_test::Simulator;

namespace {

std::vector<std::string> ids_of(const nlohmann::json& list) {
  std::vector<std::string> ids;
  for (const auto& object : list["data"]) ids.push_back(object["id"].get<std::string>());
  return ids;
}

// 5 charges: two in the same second (tie), then one per 100 s.
std::vector<std::string> five_charges(Simulator& sim) {
  std::vector<std::string> ids;
  ids.push_back(sim.charge(1000));
  ids.push_back(sim.charge(1100));
  for (int i = 0; i < 3; ++i) {
    sim.now += 100;
    ids.push_back(sim.charge(1200 + i * 100, i == 2 ? "usd" : "eur"));
  }
  return ids;  // oldest first
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lists)

BOOST_AUTO_TEST_CASE(newest_first_with_later_insert_first_on_ties) {
  Simulator sim;
  auto ids = five_charges(sim);
  auto list = sim.get("/v1/charges").body;
  BOOST_TEST(list["object"] == "list");
  BOOST_TEST(list["url"] == "/v1/charges");
  BOOST_TEST(list["has_more"] == false);
  BOOST_TEST((ids_of(list) == std::vector<std::string>{ids[4], ids[3], ids[2], ids[1], ids[0]}));
}

BOOST_AUTO_TEST_CASE(starting_after_and_ending_before_page_both_ways) {
  Simulator sim;
  auto ids = five_charges(sim);
  auto first = sim.get("/v1/charges?limit=2").body;
  BOOST_TEST((ids_of(first) == std::vector<std::string>{ids[4], ids[3]}));
  BOOST_TEST(first["has_more"] == true);
  auto second = sim.get("/v1/charges?limit=2&starting_after=" + ids[3]).body;
  BOOST_TEST((ids_of(second) == std::vector<std::string>{ids[2], ids[1]}));
  BOOST_TEST(second["has_more"] == true);
  auto last = sim.get("/v1/charges?limit=2&starting_after=" + ids[1]).body;
  BOOST_TEST((ids_of(last) == std::vector<std::string>{ids[0]}));
  BOOST_TEST(last["has_more"] == false);
  auto back = sim.get("/v1/charges?limit=2&ending_before=" + ids[1]).body;
  BOOST_TEST((ids_of(back) == std::vector<std::string>{ids[3], ids[2]}));
  BOOST_TEST(back["has_more"] == true);
  auto top = sim.get("/v1/charges?limit=2&ending_before=" + ids[3]).body;
  BOOST_TEST((ids_of(top) == std::vector<std::string>{ids[4]}));
  BOOST_TEST(top["has_more"] == false);
}

BOOST_AUTO_TEST_CASE(list_parameter_errors) {
  Simulator sim;
  auto ids = five_charges(sim);
  auto both = sim.get("/v1/charges?starting_after=" + ids[0] + "&ending_before=" + ids[1]);
  BOOST_TEST(both.status == 400);
  BOOST_TEST(both.body["error"]["code"] == "parameters_exclusive");
  for (const char* limit : {"0", "101", "-1", "ten"}) {
    auto reply = sim.get(std::string("/v1/charges?limit=") + limit);
    BOOST_TEST(reply.status == 400);
    BOOST_TEST(reply.body["error"]["code"] == "parameter_invalid_integer");
    BOOST_TEST(reply.body["error"]["param"] == "limit");
  }
  BOOST_TEST(sim.get("/v1/charges?limit=100").status == 200);
  BOOST_TEST(sim.get("/v1/charges?limit=1").body["data"].size() == 1u);
  auto cursor = sim.get("/v1/charges?starting_after=ch_missing");
  BOOST_TEST(cursor.status == 404);
  BOOST_TEST(cursor.body["error"]["param"] == "starting_after");
  auto unknown = sim.get("/v1/charges?colour=red");
  BOOST_TEST(unknown.status == 400);
  BOOST_TEST(unknown.body["error"]["code"] == "parameter_unknown");
  BOOST_TEST(unknown.body["error"]["param"] == "colour");
}

BOOST_AUTO_TEST_CASE(created_and_field_filters) {
  Simulator sim;
  auto ids = five_charges(sim);
  const auto t0 = sim_test::kNow;
  auto range = sim.get("/v1/charges?created[gt]=" + std::to_string(t0) + "&created[lte]=" + std::to_string(t0 + 200)).body;
  BOOST_TEST((ids_of(range) == std::vector<std::string>{ids[3], ids[2]}));
  auto usd = sim.get("/v1/balance_transactions?currency=usd").body;
  BOOST_TEST(usd["data"].size() == 1u);
  BOOST_TEST(usd["data"][0]["source"] == ids[4]);
  auto by_source = sim.get("/v1/balance_transactions?type=charge&limit=100").body;
  BOOST_TEST(by_source["data"].size() == 5u);
  BOOST_TEST(sim.get("/v1/balance_transactions?type=refund").body["data"].size() == 0u);
}

BOOST_AUTO_TEST_CASE(expand_on_retrieve_and_data_prefixed_on_lists) {
  Simulator sim;
  auto ids = five_charges(sim);
  auto one = sim.get("/v1/charges/" + ids[0] + "?expand[]=balance_transaction").body;
  BOOST_TEST(one["balance_transaction"]["object"] == "balance_transaction");
  auto listed = sim.get("/v1/charges?limit=3&expand[]=data.balance_transaction").body;
  for (const auto& charge : listed["data"]) BOOST_TEST(charge["balance_transaction"]["fee"].is_number());
  auto txns = sim.get("/v1/balance_transactions?limit=1&expand[0]=data.source").body;
  BOOST_TEST(txns["data"][0]["source"]["object"] == "charge");
  auto wrong = sim.get("/v1/charges?expand[]=balance_transaction");
  BOOST_TEST(wrong.status == 400);
  BOOST_TEST(wrong.body["error"]["param"] == "expand");
  auto not_expandable = sim.get("/v1/charges/" + ids[0] + "?expand[]=amount");
  BOOST_TEST(not_expandable.status == 400);
  BOOST_TEST(not_expandable.body["error"]["message"] == "This property cannot be expanded (amount).");
}

BOOST_AUTO_TEST_SUITE_END()
