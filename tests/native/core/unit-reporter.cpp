// The Reporter end to end on small inputs: classification, rows and totals,
// dedupe, the invariant, periods in real zones, filters, and every error class.
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12 false positive on std::string concatenation (GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "stripe_report/classification.h"
#include "stripe_report/report_json.h"
#include "stripe_report/reporter.h"
#include "stripe_report/time_zone_files.h"

using namespace stripe_report;

namespace {

struct Txn {
  std::string id;
  std::string category;
  std::int64_t amount;
  std::int64_t fee = 0;
  std::int64_t created = 1710000000;  // 2024-03-09T16:00:00Z, a Saturday
  std::string currency = "eur";
  std::int64_t net_delta = 0;         // net = amount - fee + net_delta
  std::int64_t available_on = 1710500000;
};

std::string json_of(const Txn& t) {
  return "{\"id\":\"" + t.id + "\",\"object\":\"balance_transaction\",\"amount\":" +
         std::to_string(t.amount) + ",\"available_on\":" + std::to_string(t.available_on) +
         ",\"created\":" + std::to_string(t.created) + ",\"currency\":\"" + t.currency +
         "\",\"fee\":" + std::to_string(t.fee) +
         ",\"fee_details\":[{\"amount\":" + std::to_string(t.fee) +
         ",\"type\":\"stripe_fee\"}],\"net\":" + std::to_string(t.amount - t.fee + t.net_delta) +
         ",\"reporting_category\":\"" + t.category + "\",\"metadata\":{\"k\":[1,{\"x\":null}]}}";
}

std::string list_of(const std::vector<Txn>& txns) {
  std::string out = "{\"object\":\"list\",\"url\":\"/v1/balance_transactions\",\"data\":[";
  for (std::size_t i = 0; i < txns.size(); ++i) out += (i ? "," : "") + json_of(txns[i]);
  return out + "],\"has_more\":false}";
}

ReportResult run(const std::string& input, ReportOptions options = {}, std::size_t chunk = 0) {
  Reporter reporter(std::move(options));
  if (chunk == 0) {
    reporter.feed(input);
  } else {
    for (std::size_t i = 0; i < input.size(); i += chunk) {
      reporter.feed(std::string_view(input).substr(i, chunk));
    }
  }
  return reporter.finish();
}

TimeZone zone(const char* name) {
  std::string error;
  auto loaded = load_system_time_zone(name, &error);
  BOOST_REQUIRE_MESSAGE(loaded.has_value(), error);
  return *loaded;
}

std::int64_t iso(const char* text) { return parse_instant(text, TimeZone::utc()).value(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(classification)

BOOST_AUTO_TEST_CASE(reporting_categories_map_to_columns) {
  BOOST_TEST((classify("charge", "") == Category::charge));
  for (const char* name : {"refund", "refund_failure"}) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST((classify(name, "") == Category::refund)); }
  }
  for (const char* name : {"dispute", "dispute_reversal"}) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST((classify(name, "") == Category::dispute)); }
  }
  // Issue #10: network costs and tax on fees are costs, as in Stripe's balance report.
  for (const char* name : {"fee", "network_cost", "tax"}) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST((classify(name, "") == Category::fee)); }
  }
  BOOST_TEST((classify("partial_capture_reversal", "refund") == Category::capture_reversal));
  for (const char* name : {"payout", "payout_reversal", "transfer", "transfer_reversal", "topup",
                           "topup_reversal", "payout_minimum_balance_hold",
                           "payout_minimum_balance_release"}) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST((classify(name, "") == Category::excluded)); }
  }
  for (const char* name : {"other_adjustment", "climate_order_purchase", "platform_earning",
                           "Charge", "network_costs"}) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST((classify(name, "") == Category::other)); }
  }
}

BOOST_AUTO_TEST_CASE(type_is_used_only_when_the_category_is_absent) {
  BOOST_TEST((classify("", "charge") == Category::charge));
  BOOST_TEST((classify("", "payout") == Category::excluded));
  BOOST_TEST((classify("refund", "charge") == Category::refund));
  BOOST_TEST((classify("", "adjustment") == Category::other));
}

// Issue #10: without reporting_category, the type goes through Stripe's
// type -> category mapping (`payment` was other; payout_failure and
// transfer_cancel were counted as activity).
BOOST_AUTO_TEST_CASE(types_map_to_stripes_reporting_categories) {
  struct Case {
    const char* type;
    const char* category;
    Category column;
  };
  const Case cases[] = {
      {.type = "charge", .category = "charge", .column = Category::charge},
      {.type = "payment", .category = "charge", .column = Category::charge},
      {.type = "refund", .category = "refund", .column = Category::refund},
      {.type = "payment_refund", .category = "refund", .column = Category::refund},
      {.type = "payment_failure_refund", .category = "refund_failure", .column = Category::refund},
      {.type = "refund_failure", .category = "refund_failure", .column = Category::refund},
      {.type = "stripe_fee", .category = "fee", .column = Category::fee},
      {.type = "stripe_fx_fee", .category = "fee", .column = Category::fee},
      {.type = "tax_fee", .category = "tax", .column = Category::fee},
      {.type = "payout_failure", .category = "payout_reversal", .column = Category::excluded},
      {.type = "payout_cancel", .category = "payout_reversal", .column = Category::excluded},
      {.type = "payout_minimum_balance_hold", .category = "payout_minimum_balance_hold",
       .column = Category::excluded},
      {.type = "transfer_cancel", .category = "transfer_reversal", .column = Category::excluded},
      {.type = "transfer_failure", .category = "transfer_reversal", .column = Category::excluded},
      {.type = "transfer_refund", .category = "transfer_reversal", .column = Category::excluded},
      {.type = "topup_reversal", .category = "topup_reversal", .column = Category::excluded},
      {.type = "application_fee", .category = "platform_earning", .column = Category::other},
      {.type = "adjustment", .category = "", .column = Category::other},
      {.type = "issuing_transaction", .category = "", .column = Category::other},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.type) {
      BOOST_TEST(reporting_category_for_type(c.type) == c.category);
      BOOST_TEST((classify("", c.type) == c.column));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reporter)

BOOST_AUTO_TEST_CASE(rows_and_totals_follow_the_contract) {
  const std::vector<Txn> txns = {
      {"txn_a", "charge", 10000, 320},       {"txn_b", "charge", 5000, 175},
      {"txn_c", "refund", -2000, 0},         {"txn_d", "dispute", -5000, 1500},
      {"txn_e", "fee", -1500, 0},            {"txn_f", "payout", -7000, 0},
      {"txn_g", "other_adjustment", 250, 0}, {"txn_h", "refund_failure", 2000, 0},
  };
  const auto report = run(list_of(txns));
  BOOST_REQUIRE(report.ok());
  BOOST_REQUIRE(report.rows.size() == 1U);
  const auto& row = report.rows[0];
  BOOST_TEST(format_date(row.period_start) == "2024-03-04");
  BOOST_TEST(row.currency == "eur");
  BOOST_TEST(row.amounts.charges == 2);
  BOOST_TEST(row.amounts.gross == 15000);
  BOOST_TEST(row.amounts.refunds == 0);  // -2000 + 2000
  BOOST_TEST(row.amounts.disputes == -5000);
  BOOST_TEST(row.amounts.other == 250);
  BOOST_TEST(row.amounts.fees == 320 + 175 + 1500 + 1500);
  BOOST_TEST(row.amounts.net == 9680 + 4825 - 2000 - 6500 - 1500 + 250 + 2000);
  BOOST_TEST(report.invariant_ok);
  BOOST_TEST(report.counts.included == 7U);
  BOOST_TEST(report.counts.excluded == 1U);
  BOOST_REQUIRE(report.totals.size() == 1U);
  BOOST_TEST(report.totals[0].amounts.net == row.amounts.net);
}

// Issue #10: a partial capture shows what was captured in gross (the
// reversal of the uncaptured part is no refund), and network costs and tax on
// fees are fees, not other.
BOOST_AUTO_TEST_CASE(partial_captures_network_costs_and_tax_follow_stripes_balance_report) {
  const std::vector<Txn> txns = {
      {"txn_auth", "charge", 10000, 320},
      {"txn_uncaptured", "partial_capture_reversal", -3000, 0},
      {"txn_network", "network_cost", -45, 0},
      {"txn_tax", "tax", -61, 0},
  };
  const auto report = run(list_of(txns));
  BOOST_REQUIRE(report.ok());
  BOOST_REQUIRE(report.rows.size() == 1U);
  const Amounts& a = report.rows[0].amounts;
  BOOST_TEST(a.charges == 1);
  BOOST_TEST(a.gross == 7000);
  BOOST_TEST(a.refunds == 0);
  BOOST_TEST(a.other == 0);
  BOOST_TEST(a.fees == 320 + 45 + 61);
  BOOST_TEST(a.net == 9680 - 3000 - 45 - 61);
  BOOST_TEST(report.invariant_ok);
}

// Issue #10: transactions without reporting_category are classified by
// Stripe's type -> category mapping.
BOOST_AUTO_TEST_CASE(types_without_a_category_follow_stripes_mapping) {
  const std::string input =
      R"({"id":"txn_p","object":"balance_transaction","amount":5000,"fee":175,"net":4825,"currency":"eur","created":1710000000,"type":"payment"})"
      "\n"
      R"({"id":"txn_pf","object":"balance_transaction","amount":9000,"fee":0,"net":9000,"currency":"eur","created":1710000000,"type":"payout_failure"})"
      "\n"
      R"({"id":"txn_tc","object":"balance_transaction","amount":700,"fee":0,"net":700,"currency":"eur","created":1710000000,"type":"transfer_cancel"})";
  const auto report = run(input);
  BOOST_REQUIRE(report.ok());
  BOOST_REQUIRE(report.rows.size() == 1U);
  BOOST_TEST(report.rows[0].amounts.charges == 1);
  BOOST_TEST(report.rows[0].amounts.gross == 5000);
  BOOST_TEST(report.rows[0].amounts.other == 0);
  BOOST_TEST(report.rows[0].amounts.net == 4825);
  BOOST_TEST(report.counts.included == 1U);
  BOOST_TEST(report.counts.excluded == 2U);
}

// Issue #10: two ids with the same 64-bit hash are two sales.
BOOST_AUTO_TEST_CASE(ids_with_the_same_hash_are_two_transactions) {
  const auto report = run(list_of({{"txn_3Pq1RsTuVwXyZaBcDeFgHiJk", "charge", 1000, 30},
                                   {"txn_bgbnzKDtSpzyZaBcDeFgHiJk", "charge", 2500, 60},
                                   {"txn_bgbnzKDtSpzyZaBcDeFgHiJk", "charge", 2500, 60}}));
  BOOST_REQUIRE(report.ok());
  BOOST_TEST(report.rows[0].amounts.charges == 2);
  BOOST_TEST(report.rows[0].amounts.gross == 3500);
  BOOST_TEST(report.counts.duplicates == 1U);
}

BOOST_AUTO_TEST_CASE(currencies_stay_apart_in_their_minor_units) {
  const std::vector<Txn> txns = {
      {"txn_1", "charge", 1000, 30, 1710000000, "usd"}, {"txn_2", "charge", 500, 0, 1710000000, "jpy"},
      {"txn_3", "charge", 12345, 45, 1710000000, "kwd"}, {"txn_4", "charge", 1, 0, 1710000000, "bhd"},
      {"txn_5", "charge", 700, 0, 1710000000, "krw"},
  };
  const auto report = run(list_of(txns));
  BOOST_REQUIRE(report.ok());
  std::vector<std::string> currencies;
  for (const auto& total : report.totals) currencies.push_back(total.currency);
  const std::vector<std::string> expected = {"bhd", "jpy", "krw", "kwd", "usd"};
  BOOST_TEST(currencies == expected, boost::test_tools::per_element());
  BOOST_TEST(report.totals[3].amounts.gross == 12345);  // 12.345 KWD
  BOOST_TEST(report.totals[3].amounts.net == 12300);
  BOOST_TEST(report.totals[1].amounts.gross == 500);    // 500 JPY
}

BOOST_AUTO_TEST_CASE(ndjson_array_and_list_give_the_same_report) {
  const std::vector<Txn> txns = {{"txn_a", "charge", 10000, 320}, {"txn_b", "refund", -300, 0}};
  const std::string ndjson = json_of(txns[0]) + "\n" + json_of(txns[1]) + "\n";
  const std::string array = "[" + json_of(txns[0]) + "," + json_of(txns[1]) + "]";
  const auto expected = report_to_json(run(list_of(txns)), JsonIntegers::exact);
  BOOST_TEST(report_to_json(run(ndjson), JsonIntegers::exact) == expected);
  BOOST_TEST(report_to_json(run(array), JsonIntegers::exact) == expected);
  BOOST_TEST(report_to_json(run(list_of(txns), {}, 3), JsonIntegers::exact) == expected);
}

BOOST_AUTO_TEST_CASE(the_same_id_counts_once_across_pages_and_inputs) {
  Reporter reporter({});
  const std::vector<Txn> page1 = {{"txn_a", "charge", 1000, 30}, {"txn_b", "charge", 2000, 60}};
  const std::vector<Txn> page2 = {{"txn_b", "charge", 2000, 60}, {"txn_c", "charge", 4000, 120}};
  BOOST_TEST(reporter.feed(list_of(page1) + "\n" + list_of(page2)));
  BOOST_TEST(reporter.end_input());
  BOOST_TEST(reporter.feed(json_of(page1[0])));
  const auto report = reporter.finish();
  BOOST_REQUIRE(report.ok());
  BOOST_TEST(report.rows[0].amounts.charges == 3);
  BOOST_TEST(report.rows[0].amounts.gross == 7000);
  BOOST_TEST(report.counts.duplicates == 2U);
}

BOOST_AUTO_TEST_CASE(amount_minus_fee_not_net_is_reported) {
  const std::vector<Txn> txns = {{"txn_ok", "charge", 1000, 30}, {"txn_odd", "charge", 1000, 30, 1710000000, "eur", 5}};
  const auto report = run(list_of(txns));
  BOOST_REQUIRE(report.ok());
  BOOST_TEST(!report.invariant_ok);
  BOOST_TEST(report.mismatch_count == 1U);
  BOOST_REQUIRE(report.mismatches.size() == 1U);
  BOOST_TEST(report.mismatches[0].id == "txn_odd");
  BOOST_TEST(report.mismatches[0].net == 975);
  BOOST_TEST(report.rows[0].amounts.net == 970 + 975);  // reported, not absorbed or dropped
}

BOOST_AUTO_TEST_CASE(dst_weeks_in_berlin_and_new_york) {
  struct Case {
    const char* zone;
    const char* instant;
    const char* week;
  };
  const std::vector<Case> cases = {
      // Berlin, spring forward on Sunday 2024-03-31: 23:30 CEST Sunday / 00:30 CEST Monday.
      {"Europe/Berlin", "2024-03-31T21:30:00Z", "2024-03-25"},
      {"Europe/Berlin", "2024-03-31T22:30:00Z", "2024-04-01"},
      // Berlin, fall back on Sunday 2024-10-27: 23:30 CET / 00:30 CET.
      {"Europe/Berlin", "2024-10-27T22:30:00Z", "2024-10-21"},
      {"Europe/Berlin", "2024-10-27T23:30:00Z", "2024-10-28"},
      // New York, spring forward on Sunday 2024-03-10: 23:30 EDT / 00:30 EDT.
      {"America/New_York", "2024-03-11T03:30:00Z", "2024-03-04"},
      {"America/New_York", "2024-03-11T04:30:00Z", "2024-03-11"},
      // New York, fall back on Sunday 2024-11-03: 23:30 EST / 00:30 EST.
      {"America/New_York", "2024-11-04T04:30:00Z", "2024-10-28"},
      {"America/New_York", "2024-11-04T05:30:00Z", "2024-11-04"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.zone << " " << c.instant) {
      ReportOptions options;
      options.zone = zone(c.zone);
      const auto report = run(list_of({{"txn_1", "charge", 100, 0, iso(c.instant)}}), options);
      BOOST_REQUIRE(report.rows.size() == 1U);
      BOOST_TEST(format_date(report.rows[0].period_start) == c.week);
      BOOST_TEST(report.timezone == c.zone);
    }
  }
}

BOOST_AUTO_TEST_CASE(sunday_weeks_days_and_months) {
  const std::int64_t sunday_noon = iso("2024-03-10T12:00:00Z");
  ReportOptions sunday;
  sunday.week_start = WeekStart::sunday;
  BOOST_TEST(format_date(run(list_of({{"t", "charge", 1, 0, sunday_noon}}), sunday).rows[0].period_start) ==
             "2024-03-10");
  BOOST_TEST(format_date(run(list_of({{"t", "charge", 1, 0, sunday_noon}})).rows[0].period_start) ==
             "2024-03-04");
  ReportOptions daily;
  daily.period = Period::day;
  BOOST_TEST(format_date(run(list_of({{"t", "charge", 1, 0, sunday_noon}}), daily).rows[0].period_start) ==
             "2024-03-10");
  // 2024-01-31T23:30Z is already February 1st in Berlin.
  ReportOptions monthly;
  monthly.period = Period::month;
  monthly.zone = zone("Europe/Berlin");
  const auto report = run(list_of({{"a", "charge", 1, 0, iso("2024-01-31T22:30:00Z")},
                                   {"b", "charge", 2, 0, iso("2024-01-31T23:30:00Z")}}),
                          monthly);
  BOOST_REQUIRE(report.rows.size() == 2U);
  BOOST_TEST(format_date(report.rows[0].period_start) == "2024-01-01");
  BOOST_TEST(report.rows[0].amounts.gross == 1);
  BOOST_TEST(format_date(report.rows[1].period_start) == "2024-02-01");
  BOOST_TEST(report.rows[1].amounts.gross == 2);
}

BOOST_AUTO_TEST_CASE(available_on_basis_and_filters) {
  Txn early{"txn_1", "charge", 100, 0, iso("2024-03-01T10:00:00Z")};
  early.available_on = iso("2024-03-12T00:00:00Z");
  Txn usd{"txn_2", "charge", 200, 0, iso("2024-03-02T10:00:00Z"), "usd"};
  usd.available_on = iso("2024-03-05T00:00:00Z");
  ReportOptions by_available;
  by_available.basis = Basis::available_on;
  auto report = run(list_of({early, usd}), by_available);
  BOOST_REQUIRE(report.rows.size() == 2U);
  BOOST_TEST(format_date(report.rows[0].period_start) == "2024-03-04");
  BOOST_TEST(report.rows[0].currency == "usd");
  BOOST_TEST(format_date(report.rows[1].period_start) == "2024-03-11");

  ReportOptions filtered;
  filtered.from = iso("2024-03-02T00:00:00Z");
  filtered.to = iso("2024-03-03T00:00:00Z");
  report = run(list_of({early, usd}), filtered);
  BOOST_REQUIRE(report.rows.size() == 1U);
  BOOST_TEST(report.rows[0].currency == "usd");
  BOOST_TEST(report.counts.filtered_out == 1U);
  filtered = {};
  filtered.currency = "eur";
  report = run(list_of({early, usd}), filtered);
  BOOST_REQUIRE(report.rows.size() == 1U);
  BOOST_TEST(report.rows[0].currency == "eur");
}

BOOST_AUTO_TEST_CASE(charges_refunds_and_payouts_views) {
  const std::string input =
      R"({"object":"list","data":[)"
      R"({"id":"ch_1","object":"charge","amount":2500,"amount_refunded":500,"currency":"usd","created":1710000000,"status":"succeeded","disputed":true,"refunded":false,"balance_transaction":{"id":"txn_x","object":"balance_transaction","amount":1},"source":{"id":"card_1","object":"card","metadata":{}}},)"
      R"({"id":"ch_2","object":"charge","amount":999,"amount_refunded":0,"currency":"usd","created":1710000000,"status":"failed","disputed":false,"balance_transaction":null},)"
      R"({"id":"re_1","object":"refund","amount":500,"currency":"usd","created":1710000000,"status":"succeeded","charge":"ch_1","balance_transaction":null},)"
      R"({"id":"po_1","object":"payout","amount":1100,"currency":"eur","created":1710000000,"arrival_date":1710400000,"status":"paid","type":"bank_account"},)"
      R"({"id":"cus_1","object":"customer","currency":null,"created":1710000000}]})";
  const auto report = run(input);
  // No balance transaction: the views are there, and the report says why it is empty.
  BOOST_REQUIRE(report.error.has_value());
  BOOST_TEST(report.error->code == "no_balance_transactions");
  BOOST_TEST(report.error->message.find("2 charges, 1 refund, 1 payout, 1 customer object") !=
             std::string::npos);
  BOOST_TEST(report.rows.empty());
  BOOST_REQUIRE(report.charges.size() == 1U);
  BOOST_TEST(report.charges[0].count == 1);
  BOOST_TEST(report.charges[0].amount == 2500);
  BOOST_TEST(report.charges[0].amount_refunded == 500);
  BOOST_TEST(report.charges[0].disputed == 1);
  BOOST_REQUIRE(report.refunds.size() == 1U);
  BOOST_TEST(report.refunds[0].amount == 500);
  BOOST_REQUIRE(report.payouts.size() == 1U);
  BOOST_TEST(format_date(report.payouts[0].period_start) == "2024-03-11");
  BOOST_TEST(report.payouts[0].amount == 1100);
  BOOST_TEST(report.counts.charges == 2U);
  BOOST_TEST(report.counts.ignored_objects == 1U);
}

struct ErrorCase {
  const char* name;
  std::string input;
  const char* code;
  std::uint64_t offset;
  const char* object_id;
  const char* field;
};

BOOST_AUTO_TEST_CASE(every_error_class_is_precise_and_keeps_what_came_before) {
  const std::string good = json_of({"txn_good", "charge", 1000, 30}) + "\n";
  const std::uint64_t g = good.size();
  const std::string big1 = json_of({"txn_big1", "charge", INT64_MAX, 0}) + "\n";
  const std::string big2 = json_of({"txn_big2", "charge", 1, 0});
  const std::vector<ErrorCase> cases = {
      {"wrong type", good + R"({"id":"txn_x","object":"balance_transaction","amount":"12"})", "wrong_type",
       g + 54, "txn_x", "amount"},
      {"fraction", good + R"({"object":"balance_transaction","amount":1.5,"id":"txn_y"})", "wrong_type",
       g + 41, "txn_y", "amount"},
      {"missing field", good + R"({"id":"txn_m","object":"balance_transaction","amount":1,"fee":0,"currency":"eur","created":1})",
       "missing_field", g + 92, "txn_m", "net"},
      {"unknown currency", good + R"({"id":"txn_c","object":"balance_transaction","amount":1,"fee":0,"net":1,"currency":"EUR","created":1,"type":"charge"})",
       "unknown_currency", g + 116, "txn_c", "currency"},
      {"out of range", good + R"({"id":"txn_r","object":"balance_transaction","amount":9223372036854775808})",
       "number_out_of_range", g + 54, "txn_r", "amount"},
      {"malformed", good + R"({"id":"txn_j","amount":})", "invalid_json", g + 23, "", ""},
      {"not utf-8", good + "{\"id\":\"txn_\xff\"}", "invalid_utf8", g + 11, "", ""},
      {"truncated", good + R"({"id":"txn_t","object":"bal)", "truncated", g + 27, "", ""},
      {"not an object", good + "42\n", "unexpected_value", g, "", ""},
      {"no object type", good + R"({"id":"txn_n"})", "missing_field", g + 13, "txn_n", "object"},
      // Reported at the closing brace of the object that would overflow.
      {"overflow", big1 + big2, "amount_overflow", big1.size() + big2.size() - 1, "txn_big2", "amount"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
        const auto report = run(c.input, {}, chunk);
        BOOST_REQUIRE(report.error.has_value());
        BOOST_TEST(report.error->code == c.code);
        if (c.offset != 0) BOOST_TEST(report.error->byte_offset == c.offset);
        BOOST_TEST(report.error->object_id == c.object_id);
        BOOST_TEST(report.error->field == c.field);
        BOOST_TEST(!report.error->message.empty());
        BOOST_REQUIRE(report.rows.size() == 1U);  // the good transaction stays aggregated
        if (std::string(c.code) != "amount_overflow") {
          BOOST_TEST(report.rows[0].amounts.gross == 1000);
        } else {
          BOOST_TEST(report.rows[0].amounts.gross == INT64_MAX);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(errors_name_the_line_and_later_feeds_are_refused) {
  Reporter reporter({});
  BOOST_TEST(!reporter.feed("\xEF\xBB\xBF\n\n" + json_of({"txn_1", "charge", 1, 0}) + "\n{]"));
  BOOST_TEST(!reporter.end_input());
  BOOST_TEST(!reporter.feed(json_of({"txn_2", "charge", 1, 0})));
  const auto report = reporter.finish();
  BOOST_REQUIRE(report.error.has_value());
  BOOST_TEST(report.error->code == "invalid_json");
  BOOST_TEST(report.error->line == 4U);
  BOOST_TEST(report.rows[0].amounts.charges == 1);
}

BOOST_AUTO_TEST_CASE(csv_aggregation_errors_point_at_their_row) {
  // The sum of the first two rows leaves int64: the error names the second
  // row, at its first byte and line, however the input is chunked.
  const std::string header = "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category\n";
  const std::string first = "txn_1,2024-03-09 16:00:00,jpy,9000000000000000000,0,9000000000000000000,charge\n";
  const std::string second = "txn_2,2024-03-09 16:00:00,jpy,9000000000000000000,0,9000000000000000000,charge\n";
  const std::string third = "txn_3,2024-03-09 16:00:00,jpy,1,0,1,charge\n";
  for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
    BOOST_TEST_CONTEXT("chunk " << chunk) {
      const auto report = run(header + first + second + third, {}, chunk);
      BOOST_REQUIRE(report.error.has_value());
      BOOST_TEST(report.error->code == "amount_overflow");
      BOOST_TEST(report.error->object_id == "txn_2");
      BOOST_TEST(report.error->byte_offset == header.size() + first.size());
      BOOST_TEST(report.error->line == 3U);
      BOOST_REQUIRE(report.rows.size() == 1U);
      BOOST_TEST(report.rows[0].amounts.gross == 9000000000000000000);
      BOOST_TEST(report.rows[0].amounts.charges == 1);
    }
  }
}

BOOST_AUTO_TEST_CASE(csv_input_is_detected_and_its_errors_keep_offsets_and_lines) {
  const std::string header =
      "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category\n";
  const std::string good = "txn_1,2024-03-09 16:00:00,2024-03-11 00:00:00,kwd,1.250,0.050,1.200,charge\n";
  const std::string bad = "txn_2,2024-03-09 16:00:00,2024-03-11 00:00:00,eur,12.345,0,12.345,charge\n";
  const std::string prefix = "\n\n";  // blank lines before the header: skipped, still counted
  for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{9}}) {
    BOOST_TEST_CONTEXT("chunk " << chunk) {
      const auto report = run(prefix + header + good + bad, {}, chunk);
      BOOST_REQUIRE(report.error.has_value());
      BOOST_TEST(report.error->code == "invalid_amount");
      BOOST_TEST(report.error->line == 5U);
      BOOST_TEST(report.error->object_id == "txn_2");
      BOOST_TEST(report.error->byte_offset >= prefix.size() + header.size() + good.size());
      BOOST_REQUIRE(report.rows.size() == 1U);
      BOOST_TEST(report.rows[0].currency == "kwd");
      BOOST_TEST(report.rows[0].amounts.gross == 1250);
      BOOST_TEST(report.rows[0].amounts.net == 1200);
    }
  }
  ReportOptions by_available;
  by_available.basis = Basis::available_on;
  const auto missing = run("balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category\n"
                           "txn_1,2024-03-09 16:00:00,eur,1.00,0.00,1.00,charge\n",
                           by_available);
  BOOST_REQUIRE(missing.error.has_value());
  BOOST_TEST(missing.error->code == "missing_field");
  BOOST_TEST(missing.error->field == "available_on_utc");
  BOOST_TEST(missing.rows.empty());
}

BOOST_AUTO_TEST_CASE(nesting_and_token_limits_apply_to_the_reporter) {
  // Skipped members are still validated, and bounded: 70 nested objects.
  std::string nested = "{\"metadata\":";
  for (int i = 0; i < 70; ++i) nested += "{\"a\":";
  nested += "1" + std::string(71, '}');
  const auto deep = run(nested);
  BOOST_REQUIRE(deep.error.has_value());
  BOOST_TEST(deep.error->code == "too_deep");
  BOOST_TEST(deep.error->byte_offset == 12U + 63U * 5U);  // the 65th open brace
  JsonLimits limits;
  limits.max_token_bytes = 32;
  Reporter reporter({}, limits);
  reporter.feed(R"({"id":"txn_0123456789012345678901234567890123456789","object":"balance_transaction"})");
  const auto report = reporter.finish();
  BOOST_REQUIRE(report.error.has_value());
  BOOST_TEST(report.error->code == "token_too_large");
  BOOST_TEST(report.error->byte_offset == 6U);
}

// Issue #10: inputs that are no Stripe export are named, and an input without
// balance transactions ends with its own error, whatever the chunking.
BOOST_AUTO_TEST_CASE(wrong_kinds_of_file_are_named) {
  struct Case {
    const char* name;
    std::string input;
    const char* code;
    const char* says;
  };
  const std::vector<Case> cases = {
      {.name = "gzip", .input = std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8),
       .code = "gzip_input", .says = "gzip-compressed"},
      {.name = "HTML", .input = "\n<!DOCTYPE html><html><body>Sign in</body></html>",
       .code = "html_input", .says = "HTML page"},
      {.name = "Stripe error",
       .input = R"({"error":{"code":"resource_missing","message":"No such balance transaction: 'txn_x'","type":"invalid_request_error"}})",
       .code = "stripe_error_response", .says = "No such balance transaction: 'txn_x'"},
      {.name = "Stripe error without message", .input = R"({"error":{"type":"api_error"}})",
       .code = "stripe_error_response", .says = "Stripe API error response"},
      {.name = "customers",
       .input = R"({"object":"list","url":"/v1/customers","has_more":false,"data":[{"id":"cus_1","object":"customer","email":"a@example.com"},{"id":"cus_2","object":"customer"}]})",
       .code = "no_balance_transactions", .says = "2 other objects (the first a customer): a /v1/customers list"},
      {.name = "charges only",
       .input = R"({"id":"ch_1","object":"charge","amount":2500,"currency":"usd","created":1710000000,"status":"succeeded"})",
       .code = "no_balance_transactions", .says = "1 charge: a charges-only export"},
      {.name = "empty file", .input = "", .code = "no_balance_transactions", .says = "the input is empty"},
      {.name = "whitespace", .input = "\xEF\xBB\xBF \r\n", .code = "no_balance_transactions",
       .says = "the input is empty"},
      {.name = "empty list", .input = R"({"object":"list","data":[],"has_more":false})",
       .code = "no_balance_transactions", .says = "no Stripe objects"},
      {.name = "CSV header only",
       .input = "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category\n",
       .code = "no_balance_transactions", .says = "no Stripe objects"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{5}}) {
        const auto report = run(c.input, {}, chunk);
        BOOST_REQUIRE(report.error.has_value());
        BOOST_TEST(report.error->code == c.code);
        BOOST_TEST(report.error->message.find(c.says) != std::string::npos, report.error->message);
      }
    }
  }
  // Balance transactions all filtered out are still balance transactions: no error.
  ReportOptions later;
  later.from = iso("2030-01-01T00:00:00Z");
  const auto filtered = run(list_of({{"txn_1", "charge", 1000, 30}}), later);
  BOOST_TEST(filtered.ok());
  BOOST_TEST(filtered.rows.empty());
}

BOOST_AUTO_TEST_CASE(json_output_shape) {
  const auto json = report_to_json(run(list_of({{"txn_1", "charge", 1000, 30}})), JsonIntegers::exact);
  BOOST_TEST(json.find(R"("timezone":"UTC","period":"week","week_start":"monday","basis":"created")") == 1U);
  BOOST_TEST(json.find(R"("rows":[{"period_start":"2024-03-04","currency":"eur","charges":1,"gross":1000,"refunds":0,"disputes":0,"other":0,"fees":30,"net":970}])") !=
             std::string::npos);
  BOOST_TEST(json.find(R"("totals":[{"currency":"eur","charges":1,"gross":1000,)") != std::string::npos);
  const auto big = report_to_json(run(list_of({{"txn_1", "charge", 9007199254740993, 0}})),
                                  JsonIntegers::strings_above_2_53);
  BOOST_TEST(big.find(R"("gross":"9007199254740993")") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
