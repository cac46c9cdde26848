#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "csv_harness.h"
#include "stripe_report/csv_transaction_reader.h"

using csv_harness::run_whole;

namespace {

const std::string kHeader =
    "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id\n";
const std::string kGoodRow = "txn_ok,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1.00,0.00,1.00,charge,ch_1\n";
// kHeader is 104 bytes and kGoodRow 78: the third line starts at byte 182.
constexpr std::uint64_t kThirdLine = 182;

// Runs header + good row + `row`: the good row must be delivered whatever happens next.
csv_harness::Run after_good_row(const std::string& row) {
  auto result = run_whole(kHeader + kGoodRow + row);
  BOOST_TEST(result.rows.size() == 1u);
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_errors)

BOOST_AUTO_TEST_CASE(fixture_offsets) {
  BOOST_TEST(kHeader.size() == 104u);
  BOOST_TEST(kGoodRow.size() == 78u);
}

BOOST_AUTO_TEST_CASE(missing_and_duplicate_columns) {
  auto result = run_whole("balance_transaction_id,created_utc,currency,gross,fee,reporting_category\nx,y\n");
  BOOST_TEST(result.error_summary() == "csv_missing_column @0 line 1 id= field=net");
  BOOST_TEST(result.error->message.find("no net column") != std::string::npos, result.error->message);
  BOOST_TEST(result.rows.empty());

  result = run_whole("\n\n");
  BOOST_TEST(result.error_summary() == "csv_missing_column @0 line 1 id= field=balance_transaction_id");
  BOOST_TEST(run_whole("").error_summary() == "csv_missing_column @0 line 1 id= field=balance_transaction_id");
  BOOST_TEST(run_whole("\xEF\xBB\xBF").error_summary() ==
             "csv_missing_column @0 line 1 id= field=balance_transaction_id");

  result = run_whole("balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,gross\n");
  BOOST_TEST(result.error_summary() == "csv_duplicate_column @0 line 1 id= field=gross");
}

BOOST_AUTO_TEST_CASE(unterminated_quote) {
  const auto result = after_good_row("txn_bad,\"2024-01-01 00:00:00,\n2024,usd\n");
  BOOST_TEST(result.error_summary() == "csv_unterminated_quote @" + std::to_string(kThirdLine + 8) +
                                           " line 3 id=txn_bad field=");
  BOOST_TEST(result.error->message.find("opened on line 3") != std::string::npos, result.error->message);
}

BOOST_AUTO_TEST_CASE(bad_quotes) {
  auto result = after_good_row("txn_bad,2024-01-01 \"00\":00:00,2024-01-01 00:00:00,usd,1,0,1,charge,\n");
  BOOST_TEST(result.error_summary() == "csv_bad_quote @" + std::to_string(kThirdLine + 19) + " line 3 id=txn_bad field=");
  result = after_good_row("\"txn_bad\"x,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1,0,1,charge,\n");
  BOOST_TEST(result.error_summary() == "csv_bad_quote @" + std::to_string(kThirdLine + 9) + " line 3 id= field=");
}

BOOST_AUTO_TEST_CASE(field_count) {
  auto result = after_good_row("txn_short,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1,0,1,charge\n");
  BOOST_TEST(result.error_summary() == "csv_field_count @" + std::to_string(kThirdLine) + " line 3 id=txn_short field=");
  BOOST_TEST(result.error->message.find("has 8 fields but the header has 9") != std::string::npos,
             result.error->message);
  result = after_good_row("txn_long,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1,0,1,charge,,\n");
  BOOST_TEST(result.error_summary() == "csv_field_count @" + std::to_string(kThirdLine) + " line 3 id=txn_long field=");
}

BOOST_AUTO_TEST_CASE(rows_too_long_are_refused_not_buffered) {
  const std::string huge(stripe_report::CsvTransactionReader::kMaxRowBytes + 1, 'x');
  auto result = after_good_row("txn_huge,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1,0,1,charge," + huge + "\n");
  BOOST_TEST(result.error->code == "csv_row_too_long");
  BOOST_TEST(result.error->line == 3u);
  BOOST_TEST(result.error->object_id == "txn_huge");
  std::string many_fields = "txn_wide";
  for (int i = 0; i < 2000; ++i) many_fields += ",";
  result = after_good_row(many_fields + "\n");
  BOOST_TEST(result.error->code == "csv_row_too_long");
  BOOST_TEST(result.error->message.find("more than 1024 fields") != std::string::npos, result.error->message);
}

BOOST_AUTO_TEST_CASE(empty_required_values) {
  auto result = after_good_row(",2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1,0,1,charge,\n");
  BOOST_TEST(result.error_summary() == "missing_field @" + std::to_string(kThirdLine) + " line 3 id= field=balance_transaction_id");
  result = after_good_row("txn_e,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1,,1,charge,\n");
  BOOST_TEST(result.error_summary() == "missing_field @" + std::to_string(kThirdLine + 52) + " line 3 id=txn_e field=fee");
  result = after_good_row("txn_e,2024-01-01 00:00:00,,usd,1,0,1,charge,\n");
  BOOST_TEST(result.error_summary() == "missing_field @" + std::to_string(kThirdLine + 26) + " line 3 id=txn_e field=available_on_utc");
}

BOOST_AUTO_TEST_CASE(invalid_amounts_name_column_and_id) {
  struct Case {
    std::string row;
    std::string field;
    std::uint64_t column_offset;
  };
  const std::vector<Case> cases = {
      {"txn_a,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,12.345,0,12.345,charge,\n", "gross", 50},
      {"txn_a,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1,1e2,1,charge,\n", "fee", 52},
      {"txn_a,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1,0,\"1,000.00\",charge,\n", "net", 54},
      {"txn_a,2024-01-01 00:00:00,2024-01-01 00:00:00,jpy,1.5,0,1,charge,\n", "gross", 50},
      {"txn_a,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,99999999999999999999,0,1,charge,\n", "gross", 50},
      {"txn_a,2024-01-01 00:00:00,2024-01-01 00:00:00,usd, 1,0,1,charge,\n", "gross", 50},
  };
  for (const auto& c : cases) {
    const auto result = after_good_row(c.row);
    BOOST_TEST_CONTEXT(c.row) {
      BOOST_TEST(result.error_summary() == "invalid_amount @" + std::to_string(kThirdLine + c.column_offset) +
                                               " line 3 id=txn_a field=" + c.field);
      BOOST_TEST(result.error->message.find(c.field + " \"") == 0u, result.error->message);
      BOOST_TEST(result.error->message.find("(balance_transaction_id txn_a) on line 3") != std::string::npos,
                 result.error->message);
    }
  }
}

BOOST_AUTO_TEST_CASE(unknown_currency) {
  for (const std::string code : {"xyz", "us", "usdd", "€", "u$d"}) {
    const auto result = after_good_row("txn_c,2024-01-01 00:00:00,2024-01-01 00:00:00," + code + ",1,0,1,charge,\n");
    BOOST_TEST(result.error_summary() == "unknown_currency @" + std::to_string(kThirdLine + 46) +
                                             " line 3 id=txn_c field=currency");
  }
  const auto result = after_good_row("txn_c,2024-01-01 00:00:00,2024-01-01 00:00:00,xyz,1,0,1,charge,\n");
  BOOST_TEST(result.error->message ==
             "currency \"xyz\" is not a currency Stripe supports (balance_transaction_id txn_c) on line 3");
}

// Messages quote input, cut short at a UTF-8 boundary so they stay valid text.
BOOST_AUTO_TEST_CASE(quoted_values_are_cut_at_code_point_boundaries) {
  std::string euros;
  for (int i = 0; i < 20; ++i) euros += "\xE2\x82\xAC";  // 60 bytes of U+20AC
  auto result = after_good_row("txn_c,2024-01-01 00:00:00,2024-01-01 00:00:00," + euros + ",1,0,1,charge,\n");
  std::string thirteen;
  for (int i = 0; i < 13; ++i) thirteen += "\xE2\x82\xAC";
  BOOST_TEST(result.error->message == "currency \"" + thirteen +
                                          "...\" is not a currency Stripe supports (balance_transaction_id txn_c) on line 3");
  const std::string long_id(5000, 'i');
  result = after_good_row(long_id + ",2024-01-01 00:00:00,2024-01-01 00:00:00,xyz,1,0,1,charge,\n");
  BOOST_TEST(result.error->object_id == std::string(255, 'i') + "...");
  BOOST_TEST(result.error->message.size() < 400u);
}

BOOST_AUTO_TEST_CASE(invalid_timestamps) {
  for (const std::string stamp : {"2024-02-30 00:00:00", "2023-02-29 00:00:00", "2024-13-01 00:00:00",
                                  "2024-01-01 24:00:00", "2024-01-01 00:60:00", "2024-01-01 00:00:60",
                                  "2024-01-01", "1704067200", "2024-01-01 00:00:00+01:00", "2024/01/01 00:00:00",
                                  "2024-01-01  0:00:00", "2024-01-01 00:00:00 ", "２024-01-01 00:00:00"}) {
    const auto result = after_good_row("txn_t," + stamp + ",2024-01-01 00:00:00,usd,1,0,1,charge,\n");
    BOOST_TEST_CONTEXT(stamp) {
      BOOST_TEST(result.error_summary() == "invalid_timestamp @" + std::to_string(kThirdLine + 6) +
                                               " line 3 id=txn_t field=created_utc");
    }
  }
  const auto result = after_good_row("txn_t,2024-01-01 00:00:00,soon,usd,1,0,1,charge,\n");
  BOOST_TEST(result.error_summary() == "invalid_timestamp @" + std::to_string(kThirdLine + 26) +
                                           " line 3 id=txn_t field=available_on_utc");
}

BOOST_AUTO_TEST_CASE(invalid_utf8) {
  struct Case {
    std::string bytes;
    std::uint64_t bad_at;  // offset of the offending byte within `bytes`
  };
  const std::vector<Case> cases = {
      {"\xff", 0},              // never valid
      {"\xC0\x80", 0},          // overlong NUL
      {"\xE0\x80\x80", 1},      // overlong 3-byte
      {"\xED\xA0\x80", 1},      // UTF-16 surrogate
      {"\xF4\x90\x80\x80", 1},  // above U+10FFFF
      {"\xC3(", 1},             // missing continuation
      {"\x80", 0},              // stray continuation
  };
  for (const auto& c : cases) {
    const auto result = after_good_row("txn_u,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1,0,1,charge,a" + c.bytes + "\n");
    BOOST_TEST(result.error_summary() == "invalid_utf8 @" + std::to_string(kThirdLine + 64 + c.bad_at) +
                                             " line 3 id=txn_u field=");
  }
  // Cut inside a sequence at the very end.
  const auto result = after_good_row("txn_u,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1,0,1,charge,\xE2\x82");
  BOOST_TEST(result.error->code == "invalid_utf8");
  BOOST_TEST(result.error->message == "the input ends inside a UTF-8 sequence (balance_transaction_id txn_u)");
  // Valid multi-byte text is fine anywhere.
  BOOST_TEST(run_whole(kHeader + "txn_ü,2024-01-01 00:00:00,2024-01-01 00:00:00,usd,1,0,1,charge,€𝄞\n").error_summary() ==
             "none");
}

BOOST_AUTO_TEST_CASE(errors_are_sticky_and_earlier_rows_stay_delivered) {
  std::vector<std::string> rows;
  stripe_report::CsvTransactionReader reader(
      [&](const stripe_report::Transaction& t, stripe_report::SourcePosition) { rows.emplace_back(t.id); });
  BOOST_TEST(!reader.feed(kHeader + kGoodRow));
  const auto first = reader.feed("txn_bad,2024-01-01 00:00:00,2024-01-01 00:00:00,xyz,1,0,1,charge,\n");
  BOOST_TEST_REQUIRE(first.has_value());
  const auto again = reader.feed(kGoodRow);
  BOOST_TEST_REQUIRE(again.has_value());
  BOOST_TEST(csv_harness::describe(*again) == csv_harness::describe(*first));
  BOOST_TEST(csv_harness::describe(*reader.finish()) == csv_harness::describe(*first));
  BOOST_TEST(rows == std::vector<std::string>{"txn_ok"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(feed_after_finish) {
  stripe_report::CsvTransactionReader reader([](const stripe_report::Transaction&, stripe_report::SourcePosition) {});
  BOOST_TEST(!reader.feed(kHeader));
  BOOST_TEST(!reader.finish());
  BOOST_TEST(!reader.finish());  // finishing twice is harmless
  const auto error = reader.feed(kGoodRow);
  BOOST_TEST_REQUIRE(error.has_value());
  BOOST_TEST(error->code == "csv_finished");
}

BOOST_AUTO_TEST_SUITE_END()
