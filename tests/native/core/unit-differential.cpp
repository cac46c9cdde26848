// Differential test: seeded random Stripe-shaped documents (templates from
// Stripe's API fixtures, random extra fields, escapes, unicode, nesting) fed to
// the Reporter in random chunk splits must give the same report as an oracle
// that parses the same bytes with nlohmann/json's DOM and aggregates directly.
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12 false positive on std::string concatenation (GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include <boost/test/unit_test.hpp>

#include <array>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stripe_report/reporter.h"
#include "stripe_report/time_zone_files.h"

using nlohmann::json;
using namespace stripe_report;

namespace {

using Rng = std::mt19937_64;

json load_templates() {
  std::ifstream in(STRIPE_SOURCE_DIR "/tests/fixtures/core/stripe_object_templates.json");
  BOOST_REQUIRE(in.good());
  return json::parse(in);
}

std::int64_t uniform(Rng& rng, std::int64_t low, std::int64_t high) {
  return std::uniform_int_distribution<std::int64_t>(low, high)(rng);
}

template <typename T>
const T& pick(Rng& rng, const std::vector<T>& options) {
  return options[static_cast<std::size_t>(uniform(rng, 0, static_cast<std::int64_t>(options.size()) - 1))];
}

// Text with quotes, backslashes, control characters, 2-4 byte UTF-8.
std::string random_text(Rng& rng) {
  static const std::vector<std::string> pieces = {
      "a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\x01", "\x1f", "\xC3\xA9", "\xE2\x82\xAC",
      "\xF0\x9F\x98\x80", "\xE6\x97\xA5", "txn_", "{", "]", ":", ","};
  std::string out;
  for (std::int64_t i = uniform(rng, 0, 12); i > 0; --i) out += pick(rng, pieces);
  return out;
}

json random_value(Rng& rng, int depth) {
  switch (uniform(rng, 0, depth > 3 ? 4 : 6)) {
    case 0: return nullptr;
    case 1: return uniform(rng, 0, 1) == 1;
    case 2: return uniform(rng, INT64_MIN / 2, INT64_MAX / 2);
    case 3: return static_cast<double>(uniform(rng, -100000, 100000)) / 64.0;
    case 4: return random_text(rng);
    case 5: {
      json array = json::array();
      for (std::int64_t i = uniform(rng, 0, 4); i > 0; --i) array.push_back(random_value(rng, depth + 1));
      return array;
    }
    default: {
      json object = json::object();
      for (std::int64_t i = uniform(rng, 0, 4); i > 0; --i) {
        object["k" + random_text(rng)] = random_value(rng, depth + 1);
      }
      // Nested members named like ours must not be read.
      if (uniform(rng, 0, 3) == 0) object["amount"] = "not ours";
      return object;
    }
  }
}

const std::vector<std::string> kCurrencies = {"eur", "usd", "jpy", "kwd", "bhd", "krw", "gbp"};
const std::vector<std::string> kCategories = {
    "charge", "refund", "refund_failure", "partial_capture_reversal", "dispute",
    "dispute_reversal", "fee", "payout", "payout_reversal", "transfer", "transfer_reversal",
    "topup", "topup_reversal", "other_adjustment", "tax", "network_cost", "", ""};
const std::vector<std::string> kTypes = {"charge", "refund", "payout", "adjustment", "stripe_fee",
                                         "payment", "payout_failure", "transfer_cancel"};

json random_object(Rng& rng, const json& templates) {
  const std::int64_t kind = uniform(rng, 0, 9);
  json object;
  const std::string id_number = std::to_string(uniform(rng, 0, 40));  // small pools: duplicates
  const std::int64_t created = uniform(rng, 1672531200, 1767225600);  // 2023..2025
  if (kind <= 5) {
    object = templates["balance_transaction"];
    object["id"] = "txn_" + id_number;
    const std::int64_t amount = uniform(rng, -1000000, 1000000);
    const std::int64_t fee = uniform(rng, 0, 5000);
    object["amount"] = amount;
    object["fee"] = fee;
    object["net"] = amount - fee + (uniform(rng, 0, 15) == 0 ? 1 : 0);
    object["currency"] = pick(rng, kCurrencies);
    object["created"] = created;
    object["available_on"] = created + uniform(rng, 0, 7 * 86400);
    const std::string category = pick(rng, kCategories);
    if (category.empty()) object.erase("reporting_category");
    else object["reporting_category"] = category;
    object["type"] = pick(rng, kTypes);
    if (uniform(rng, 0, 3) == 0) object["source"] = {{"id", "ch_" + id_number}, {"object", "charge"}};
  } else if (kind == 6) {
    object = templates["charge"];
    object["id"] = "ch_" + id_number;
    object["amount"] = uniform(rng, 50, 100000);
    object["amount_refunded"] = uniform(rng, 0, 50);
    object["currency"] = pick(rng, kCurrencies);
    object["created"] = created;
    object["status"] = pick(rng, std::vector<std::string>{"succeeded", "failed", "pending"});
    object["disputed"] = uniform(rng, 0, 1) == 1;
    if (uniform(rng, 0, 1) == 0) object["balance_transaction"] = templates["balance_transaction"];
  } else if (kind == 7) {
    object = templates["refund"];
    object["id"] = "re_" + id_number;
    object["amount"] = uniform(rng, 1, 100000);
    object["currency"] = pick(rng, kCurrencies);
    object["created"] = created;
    object["status"] = pick(rng, std::vector<std::string>{"succeeded", "failed", "pending"});
  } else if (kind == 8) {
    object = templates["payout"];
    object["id"] = "po_" + id_number;
    object["amount"] = uniform(rng, 1, 100000);
    object["currency"] = pick(rng, kCurrencies);
    object["created"] = created;
    object["arrival_date"] = created + 86400;
    object["status"] = pick(rng, std::vector<std::string>{"paid", "failed", "in_transit"});
  } else {
    object = {{"id", "cus_" + id_number}, {"object", "customer"}, {"currency", nullptr},
              {"created", created}, {"amount", "not a number: ignored for other types"}};
  }
  for (std::int64_t i = uniform(rng, 0, 3); i > 0; --i) {
    object["x_" + random_text(rng)] = random_value(rng, 0);
  }
  return object;
}

// ---- the oracle -----------------------------------------------------------

// 0 gross (a sale), 1 refunds, 2 disputes, 3 fee, -1 excluded, 4 other, 5 gross (no sale)
int column_of(const std::string& category) {
  if (category == "charge") return 0;
  if (category == "partial_capture_reversal") return 5;
  if (category == "refund" || category == "refund_failure") return 1;
  if (category == "dispute" || category == "dispute_reversal") return 2;
  if (category == "fee" || category == "network_cost" || category == "tax") return 3;
  for (const char* excluded : {"payout", "payout_reversal", "transfer", "transfer_reversal", "topup", "topup_reversal"}) {
    if (category == excluded) return -1;
  }
  return 4;
}

struct Oracle {
  const TimeZone& zone;
  std::set<std::string> seen;
  // (period, currency) -> charges, gross, refunds, disputes, other, fees, net
  std::map<std::pair<std::string, std::string>, std::array<std::int64_t, 7>> rows;
  std::map<std::pair<std::string, std::string>, std::array<std::int64_t, 4>> charges;
  std::map<std::pair<std::string, std::string>, std::array<std::int64_t, 2>> refunds, payouts;
  std::uint64_t duplicates = 0, excluded = 0, ignored = 0, mismatches = 0, balance_transactions = 0;

  std::string week(std::int64_t instant) const {
    return format_date(period_start(instant, zone, Period::week, WeekStart::monday));
  }

  void add(const json& o) {
    const std::string type = o.at("object");
    if (type != "balance_transaction" && type != "charge" && type != "refund" && type != "payout") {
      ++ignored;
      return;
    }
    if (!seen.insert(o.at("id").get<std::string>()).second) {
      ++duplicates;
      return;
    }
    const std::string currency = o.at("currency");
    if (type == "balance_transaction") {
      ++balance_transactions;
      // The types kTypes draws from, by Stripe's type -> category mapping.
      const std::map<std::string, std::string> category_of_type = {
          {"charge", "charge"}, {"payment", "charge"}, {"refund", "refund"},
          {"payout", "payout"}, {"payout_failure", "payout_reversal"},
          {"transfer_cancel", "transfer_reversal"}, {"stripe_fee", "fee"}, {"adjustment", ""}};
      const std::string category = o.contains("reporting_category")
                                       ? o["reporting_category"].get<std::string>()
                                       : category_of_type.at(o["type"].get<std::string>());
      const int column = column_of(category);
      if (column < 0) {
        ++excluded;
        return;
      }
      auto& row = rows[{week(o.at("created")), currency}];
      const std::int64_t amount = o.at("amount"), fee = o.at("fee"), net = o.at("net");
      if (column == 0) ++row[0];
      if (column == 3) row[5] -= amount;
      else if (column == 5) row[1] += amount;
      else row[static_cast<std::size_t>(column == 4 ? 4 : column + 1)] += amount;
      row[5] += fee;
      row[6] += net;
      if (amount - fee != net) ++mismatches;
    } else if (type == "charge") {
      if (o.at("status") == "failed") return;
      auto& c = charges[{week(o.at("created")), currency}];
      c[0] += 1;
      c[1] += o.at("amount").get<std::int64_t>();
      c[2] += o.at("amount_refunded").get<std::int64_t>();
      c[3] += o.at("disputed").get<bool>() ? 1 : 0;
    } else {
      const bool refund = type == "refund";
      if (o.at("status") == "failed") return;
      auto& r = (refund ? refunds : payouts)[{week(o.at(refund ? "created" : "arrival_date")), currency}];
      r[0] += 1;
      r[1] += o.at("amount").get<std::int64_t>();
    }
  }
};

void check_same(const ReportResult& report, const Oracle& oracle) {
  if (oracle.balance_transactions == 0) {  // a document of charges, customers, ... only
    BOOST_REQUIRE(report.error.has_value());
    BOOST_REQUIRE(report.error->code == "no_balance_transactions");
  } else {
    BOOST_REQUIRE_MESSAGE(report.ok(), (report.error ? report.error->message : ""));
  }
  BOOST_REQUIRE_EQUAL(report.rows.size(), oracle.rows.size());
  auto row = report.rows.begin();
  for (const auto& [key, sums] : oracle.rows) {
    BOOST_TEST(format_date(row->period_start) == key.first);
    BOOST_TEST(row->currency == key.second);
    const std::array<std::int64_t, 7> got = {row->amounts.charges, row->amounts.gross, row->amounts.refunds,
                                             row->amounts.disputes, row->amounts.other, row->amounts.fees,
                                             row->amounts.net};
    BOOST_TEST(got == sums, boost::test_tools::per_element());
    ++row;
  }
  BOOST_REQUIRE_EQUAL(report.charges.size(), oracle.charges.size());
  auto charge = report.charges.begin();
  for (const auto& [key, sums] : oracle.charges) {
    BOOST_TEST(format_date(charge->period_start) == key.first);
    const std::array<std::int64_t, 4> got = {charge->count, charge->amount, charge->amount_refunded, charge->disputed};
    BOOST_TEST(got == sums, boost::test_tools::per_element());
    ++charge;
  }
  for (const auto* pair : {&report.refunds, &report.payouts}) {
    const auto& expected = pair == &report.refunds ? oracle.refunds : oracle.payouts;
    BOOST_REQUIRE_EQUAL(pair->size(), expected.size());
    auto it = pair->begin();
    for (const auto& [key, sums] : expected) {
      BOOST_TEST(it->currency == key.second);
      BOOST_TEST(it->count == sums[0]);
      BOOST_TEST(it->amount == sums[1]);
      ++it;
    }
  }
  BOOST_TEST(report.counts.duplicates == oracle.duplicates);
  BOOST_TEST(report.counts.excluded == oracle.excluded);
  BOOST_TEST(report.counts.ignored_objects == oracle.ignored);
  BOOST_TEST(report.mismatch_count == oracle.mismatches);
  BOOST_TEST(report.invariant_ok == (oracle.mismatches == 0));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(differential)

BOOST_AUTO_TEST_CASE(random_documents_random_chunks_match_nlohmann_dom) {
  const json templates = load_templates();
  std::string zone_error;
  const TimeZone berlin = load_system_time_zone("Europe/Berlin", &zone_error).value();
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    BOOST_TEST_CONTEXT("seed " << seed) {
      Rng rng(seed);
      // Documents: list pages, bare objects (NDJSON) or arrays, concatenated.
      std::vector<std::string> documents;
      std::vector<json> objects;
      for (std::int64_t d = uniform(rng, 1, 4); d > 0; --d) {
        json page = json::array();
        for (std::int64_t i = uniform(rng, 0, 25); i > 0; --i) page.push_back(random_object(rng, templates));
        const int indent = static_cast<int>(uniform(rng, -1, 2));
        const bool ascii = uniform(rng, 0, 1) == 1;
        const std::int64_t shape = uniform(rng, 0, 2);
        if (shape == 0) {
          json list = {{"object", "list"}, {"url", "/v1/balance_transactions"}, {"has_more", true}};
          list["data"] = page;
          documents.push_back(list.dump(indent, ' ', ascii));
        } else if (shape == 1) {
          for (const auto& o : page) documents.push_back(o.dump(-1, ' ', ascii));
        } else {
          documents.push_back(page.dump(indent, ' ', ascii));
        }
        for (const auto& o : page) objects.push_back(o);
      }
      std::string input;
      for (const auto& doc : documents) input += doc + "\n";

      ReportOptions options;
      if (seed % 2 == 0) options.zone = berlin;
      Oracle oracle{options.zone, {}, {}, {}, {}, {}, 0, 0, 0, 0};
      // The oracle reads the same bytes through nlohmann's DOM.
      for (const auto& doc : documents) {
        const json parsed = json::parse(doc);
        if (parsed.is_array()) for (const auto& o : parsed) oracle.add(o);
        else if (parsed.contains("data")) for (const auto& o : parsed["data"]) oracle.add(o);
        else oracle.add(parsed);
      }

      Reporter reporter(options);
      for (std::size_t at = 0; at < input.size();) {
        const auto size = static_cast<std::size_t>(uniform(rng, 0, 3) == 0 ? uniform(rng, 1, 4) : uniform(rng, 1, 700));
        BOOST_REQUIRE(reporter.feed(std::string_view(input).substr(at, size)));
        at += size;
      }
      check_same(reporter.finish(), oracle);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
