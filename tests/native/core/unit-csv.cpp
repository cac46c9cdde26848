#include <boost/test/unit_test.hpp>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "csv_harness.h"
#include "stripe_report/csv_transaction_reader.h"

using csv_harness::run;
using csv_harness::run_whole;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(STRIPE_SOURCE_DIR) + "/tests/fixtures/csv/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const std::string kHeader = "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id\n";

const std::vector<std::string> kFixtureRows = {
    "txn_1P0001|eur|2500|103|2397|1711848600|1712016000|charge|ch_3P0001",
    "txn_1P0002|eur|-1000|0|-1000|1711920600|1712102400|refund|re_3P0002",
    "txn_1P0003|jpy|1500|75|1425|1711924200|1712102400|charge|ch_3P0003",
    "txn_1P0004|kwd|12250|360|11890|1711958400|1712275200|charge|ch_3P0004",
    "txn_1P0005|usd|-1500|0|-1500|1712049300|1712049300|dispute|dp_1P0005",
    "txn_1P0006|eur|-50|0|-50|1712145600|1712145600|fee|",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(csv)

BOOST_AUTO_TEST_CASE(reads_stripe_itemized_export) {
  const std::string text = fixture("itemized_balance.csv");
  BOOST_TEST_REQUIRE(text.size() == 1150u);
  const auto result = run_whole(text);
  BOOST_TEST(result.error_summary() == "none");
  BOOST_TEST(result.rows == kFixtureRows, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(columns_in_any_order_and_extra_columns_ignored) {
  const auto result = run_whole(
      "note,net,fee,gross,currency,reporting_category,created_utc,balance_transaction_id,available_on_utc,x\n"
      "hello,9.41,0.59,10.00,usd,charge,2024-01-02 03:04:05,txn_a,2024-01-04 00:00:00,\n"
      "\"a, b\",-3.00,0.00,-3.00,usd,refund,2024-01-03 00:00:00,txn_b,2024-01-03 00:00:00,zzz\n");
  BOOST_TEST(result.error_summary() == "none");
  BOOST_TEST(result.rows == (std::vector<std::string>{"txn_a|usd|1000|59|941|1704164645|1704326400|charge|",
                                                     "txn_b|usd|-300|0|-300|1704240000|1704240000|refund|"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(quoting_rules) {
  // Every field quoted; doubled quotes; comma, CR, LF and CRLF inside quotes.
  const auto result = run_whole(
      kHeader +
      "\"txn_q\",\"2024-01-01 00:00:00\",\"2024-01-01 00:00:00\",\"usd\",\"1.00\",\"0.00\",\"1.00\","
      "\"ch\"\"arge\",\"a,b\r\nc\rd\ne\"\n");
  BOOST_TEST(result.error_summary() == "none");
  BOOST_TEST(result.rows ==
                 std::vector<std::string>{"txn_q|usd|100|0|100|1704067200|1704067200|ch\"arge|a,b\r\nc\rd\ne"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(line_ends_bom_blank_lines_and_last_row_without_newline) {
  const std::string row1 = "txn_1,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1.00,0.00,1.00,charge,ch_1";
  const std::string row2 = "txn_2,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,2.00,0.00,2.00,charge,";
  const std::vector<std::string> expected = {"txn_1|usd|100|0|100|1704067200|1704067200|charge|ch_1",
                                             "txn_2|usd|200|0|200|1704067200|1704067200|charge|"};
  std::string header = kHeader;
  header.pop_back();
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    for (const std::string bom : {"", "\xEF\xBB\xBF"}) {
      for (const std::string& tail : {std::string(), eol, eol + eol}) {
        const std::string text = bom + header + eol + eol + row1 + eol + row2 + tail;
        const auto result = run_whole(text);
        BOOST_TEST_CONTEXT("eol " << eol.size() << " bom " << bom.size() << " tail " << tail.size()) {
          BOOST_TEST(result.error_summary() == "none");
          BOOST_TEST(result.rows == expected, boost::test_tools::per_element());
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(currency_case_and_exponents) {
  const auto result = run_whole(kHeader +
                                "t1,2024-01-01 00:00:00,2024-01-01 00:00:00,JPY,1000,30,970,charge,\n"
                                "t2,2024-01-01 00:00:00,2024-01-01 00:00:00,Kwd,1.5,0.015,1.485,charge,\n"
                                "t3,2024-01-01 00:00:00,2024-01-01 00:00:00,isk,150,0,150,charge,\n"
                                "t4,2024-01-01T00:00:00Z,2024-01-01T00:00:00,ugx,-7,0,-7,refund,\n");
  BOOST_TEST(result.error_summary() == "none");
  BOOST_TEST(result.rows == (std::vector<std::string>{"t1|jpy|1000|30|970|1704067200|1704067200|charge|",
                                                     "t2|kwd|1500|15|1485|1704067200|1704067200|charge|",
                                                     "t3|isk|15000|0|15000|1704067200|1704067200|charge|",
                                                     "t4|ugx|-7|0|-7|1704067200|1704067200|refund|"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(available_on_column_is_optional) {
  std::vector<std::string> rows;
  stripe_report::CsvTransactionReader reader(
      [&](const stripe_report::Transaction& t, stripe_report::SourcePosition) { rows.push_back(csv_harness::describe(t)); });
  BOOST_TEST(!reader.has_column("available_on_utc"));
  BOOST_TEST(!reader.feed("balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category\n"
                          "t1,2024-01-01 00:00:00,usd,1.00,0.00,1.00,charge\n"));
  BOOST_TEST(!reader.finish());
  BOOST_TEST(!reader.has_column("available_on_utc"));
  BOOST_TEST(reader.has_column("reporting_category"));
  BOOST_TEST(rows == std::vector<std::string>{"t1|usd|100|0|100|1704067200|1704067200|charge|"},
             boost::test_tools::per_element());
}

// The same bytes split at every position (and byte by byte, and randomly in
// three) give exactly the same rows and the same error.
BOOST_AUTO_TEST_CASE(every_chunk_split_gives_identical_output) {
  const std::string good = fixture("itemized_balance.csv");
  const std::string bad_amount = kHeader + "t1,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1.00,0,1.00,charge,\n" +
                                 "t2,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1.001,0,1,charge,\n";
  const std::string bad_utf8 = good.substr(0, 600) + "\xC3\x28" + good.substr(600);
  const std::string open_quote = good + "txn_x,\"2024";
  int runs = 0;
  for (const std::string& text : {good, bad_amount, bad_utf8, open_quote}) {
    const auto whole = run_whole(text);
    for (std::size_t split = 0; split <= text.size(); ++split) {
      const std::string_view view(text);
      const auto result = run({view.substr(0, split), view.substr(split)});
      BOOST_TEST_CONTEXT("split at " << split) {
        BOOST_TEST(result.rows == whole.rows);
        BOOST_TEST(result.error_summary() == whole.error_summary());
      }
      ++runs;
    }
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < text.size(); ++i) bytes.push_back(std::string_view(text).substr(i, 1));
    const auto byte_by_byte = run(bytes);
    BOOST_TEST(byte_by_byte.rows == whole.rows);
    BOOST_TEST(byte_by_byte.error_summary() == whole.error_summary());
    std::mt19937 random(42);
    for (int i = 0; i < 300; ++i, ++runs) {
      std::size_t a = random() % (text.size() + 1), b = random() % (text.size() + 1);
      if (a > b) std::swap(a, b);
      const std::string_view view(text);
      const auto result = run({view.substr(0, a), view.substr(a, b - a), std::string_view(), view.substr(b)});
      BOOST_TEST(result.rows == whole.rows);
      BOOST_TEST(result.error_summary() == whole.error_summary());
    }
  }
  BOOST_TEST(runs == static_cast<int>(good.size() + bad_amount.size() + bad_utf8.size() + open_quote.size()) + 4 + 1200);
  // And the expected outcomes themselves.
  BOOST_TEST(run_whole(good).rows.size() == 6u);
  BOOST_TEST(run_whole(bad_amount).rows.size() == 1u);
  BOOST_TEST(run_whole(bad_utf8).error_summary() == "invalid_utf8 @601 line 4 id=txn_1P0003 field=");
  BOOST_TEST(run_whole(bad_utf8).rows.size() == 2u);
  BOOST_TEST(run_whole(open_quote).error_summary() == "csv_unterminated_quote @1156 line 9 id=txn_x field=");
}

// Property: text written with RFC 4180 quoting (random fields full of commas,
// quotes, CR, LF and multi-byte UTF-8; random line ends, blank lines, BOM) and
// fed in random chunks reads back exactly.
BOOST_AUTO_TEST_CASE(random_round_trip_through_rfc4180_quoting) {
  const std::vector<std::string> pieces = {"a", "Z", "0", "_", ",", "\"", "\r", "\n", " ", "\xC3\xA9",
                                           "\xE2\x82\xAC", "\xF0\x9D\x84\x9E", "\t", "'"};
  std::mt19937 random(20241126);
  auto random_text = [&](std::size_t min_length) {
    std::string text;
    const std::size_t length = min_length + random() % 12;
    for (std::size_t i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
    return text;
  };
  auto write_field = [&](const std::string& value) {
    const bool needs_quotes = value.find_first_of(",\"\r\n") != std::string::npos;
    if (!needs_quotes && random() % 2 == 0) return value;
    std::string quoted = "\"";
    for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  };
  const std::vector<std::string> line_ends = {"\n", "\r\n", "\r"};

  int rows_checked = 0;
  for (int file = 0; file < 40; ++file) {
    std::string text = random() % 2 ? "\xEF\xBB\xBF" : "";
    text += "source_id,reporting_category,balance_transaction_id,net,fee,gross,currency,created_utc\r\n";
    std::vector<std::string> expected;
    for (int row = 0; row < 50; ++row) {
      const std::string id = random_text(1), category = random_text(0), source = random_text(0);
      const std::string& eol = line_ends[random() % line_ends.size()];
      text += write_field(source) + "," + write_field(category) + "," + write_field(id) +
              ",-1.50,0.25,-1.25,Usd,2024-02-29 23:59:59" + eol;
      if (random() % 10 == 0) text += eol;  // a blank line
      expected.push_back(id + "|usd|-125|25|-150|1709251199|1709251199|" + category + "|" + source);
    }
    std::vector<std::string_view> chunks;
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t size = std::min(text.size() - at, static_cast<std::size_t>(random() % 97));
      chunks.push_back(std::string_view(text).substr(at, size));
      at += size;
    }
    const auto result = run(chunks);
    BOOST_TEST_CONTEXT("file " << file) {
      BOOST_TEST(result.error_summary() == "none");
      BOOST_TEST(result.rows == expected, boost::test_tools::per_element());
    }
    rows_checked += static_cast<int>(result.rows.size());
  }
  BOOST_TEST(rows_checked == 2000);
}

BOOST_AUTO_TEST_SUITE_END()
