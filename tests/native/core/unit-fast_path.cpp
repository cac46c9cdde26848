// The reader's fast path (an object wholly in one chunk, read in one pass)
// and its event path (resumable, token by token) must give the same report,
// error offsets and lines included. Fed whole, every object here takes the
// fast path or declines it; fed a byte at a time, none can take it.
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12 false positive on std::string concatenation (GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "stripe_report/report_json.h"
#include "stripe_report/reporter.h"

using namespace stripe_report;

namespace {

std::string report_of(std::string_view input, std::size_t chunk, JsonLimits limits = {}) {
  Reporter reporter({}, limits);
  if (chunk == 0) {
    reporter.feed(input);
  } else {
    for (std::size_t i = 0; i < input.size(); i += chunk) reporter.feed(input.substr(i, chunk));
  }
  return report_to_json(reporter.finish(), JsonIntegers::exact);
}

const std::string kGood =
    R"({"id":"txn_1","object":"balance_transaction","amount":1000,"created":1710000000,)"
    R"("currency":"eur","fee":59,"net":941,"reporting_category":"charge","type":"charge"})";

// Objects that differ from kGood in one way each: odd but valid, or invalid.
const std::vector<std::string> kCases = {
    kGood,
    // Pretty-printed, as Stripe's API answers: lines must still count.
    "{\n  \"id\": \"txn_2\",\n  \"object\": \"balance_transaction\",\n  \"amount\": 500,\n"
    "  \"created\": 1710000000,\n  \"currency\": \"usd\",\n  \"fee\": 0,\n  \"net\": 500,\n"
    "  \"reporting_category\": \"refund\"\n}\n{\"id\": 7}",
    // Escaped key and escaped / non-ASCII values: decoded by the event path.
    R"({"\u0069d":"txn_3","object":"balance_transaction","amount":1,"created":1710000000,"currency":"eur","fee":0,"net":1,"type":"ch\u0061rge"})",
    R"({"id":"txn_é","object":"balance_transaction","amount":1,"created":1710000000,"currency":"eur","fee":0,"net":1,"type":"charge","description":"caf\u00e9 \ud83d\ude00 é"})",
    // Wrong types, nulls, booleans, expanded objects.
    R"({"id":"txn_4","object":"balance_transaction","amount":1.5,"created":1710000000,"currency":"eur","fee":0,"net":1})",
    R"({"id":"txn_5","object":"balance_transaction","amount":"1","created":1710000000,"currency":"eur","fee":0,"net":1})",
    R"({"id":"txn_6","object":"balance_transaction","amount":1,"created":1710000000,"currency":null,"fee":0,"net":1})",
    R"({"id":"ch_1","object":"charge","amount":1,"created":1710000000,"currency":"eur","refunded":true,"disputed":false,"balance_transaction":{"id":"txn_x","object":"balance_transaction"}})",
    R"({"id":"ch_2","object":"charge","amount":1,"created":1710000000,"currency":"eur","refunded":"yes"})",
    R"({"id":"txn_7","object":"balance_transaction","amount":99999999999999999999,"created":1710000000,"currency":"eur","fee":0,"net":1})",
    R"({"id":"txn_8","object":"balance_transaction","amount":-0,"created":1710000000,"currency":"xxx","fee":0,"net":0,"type":"charge"})",
    R"({"id":"txn_9","id":"txn_10","object":"balance_transaction","amount":3,"created":1710000000,"currency":"eur","fee":1,"net":2,"type":"charge","metadata":{"a":[1,2.5e-3,true,false,null,{"b":"c"}],"d":{}}})",
    // Invalid JSON inside members the reader skips, and in its own members.
    R"({"id":"txn_11","object":"balance_transaction","metadata":{"a":"\x"}})",
    R"({"id":"txn_12","object":"balance_transaction","metadata":{"a":"\udc00"}})",
    R"({"id":"txn_13","object":"balance_transaction","metadata":{"a":"\ud800x"}})",
    "{\"id\":\"txn_14\",\"object\":\"balance_transaction\",\"metadata\":\"\xC0\xAF\"}",
    "{\"id\":\"txn_15\",\"object\":\"balance_transaction\",\"metadata\":\"\xED\xA0\x80\"}",
    "{\"id\":\"txn_16\",\"object\":\"balance_transaction\",\"metadata\":\"tab\there\"}",
    R"({"id":"txn_17","object":"balance_transaction","metadata":[1,]})",
    R"({"id":"txn_18","object":"balance_transaction","metadata":{"a":1,}})",
    R"({"id":"txn_19","object":"balance_transaction","metadata":{"a" 1}})",
    R"({"id":"txn_20","object":"balance_transaction","metadata":01})",
    R"({"id":"txn_21","object":"balance_transaction","metadata":1.})",
    R"({"id":"txn_22","object":"balance_transaction","metadata":-})",
    R"({"id":"txn_23","object":"balance_transaction","metadata":tru})",
    R"({"id":"txn_24","object":"balance_transaction","amount":12a})",
    R"({"id":"txn_25","object":"balance_transaction",})",
    R"({"id":"txn_26","object":"balance_transaction" "amount":1})",
    R"({"id":"txn_27"})",
    "{\"id\":\"txn_28\",\"object\":\"balance_transaction\",\"amount\":1\x01}",
    // A list page (its "data" member is the event path's) and an empty object.
    R"({"object":"list","data":[)" + kGood + R"(],"has_more":false})",
    "{}",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(fast_path)

BOOST_AUTO_TEST_CASE(fast_and_event_paths_agree_on_every_case) {
  for (std::size_t i = 0; i < kCases.size(); ++i) {
    BOOST_TEST_CONTEXT("case " << i << ": " << kCases[i]) {
      // Alone, and after a good object (offsets and lines then start later).
      for (const std::string& input : {kCases[i], kGood + "\n" + kCases[i]}) {
        const std::string whole = report_of(input, 0);
        BOOST_TEST(whole == report_of(input, 1));
        BOOST_TEST(whole == report_of(input, 7));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(the_fast_path_keeps_the_limits) {
  // Nesting beyond the limit inside a skipped member, and a captured string
  // or key beyond the token limit: the same errors either way.
  JsonLimits limits;
  limits.max_depth = 4;
  limits.max_token_bytes = 8;
  for (const std::string& input : {
           std::string(R"({"id":"t","object":"balance_transaction","m":[[[1]]]})"),
           std::string(R"({"id":"t","object":"balance_transaction","m":[[[[1]]]]})"),
           std::string(R"({"id":"txn_123456789","object":"b"})"),
           std::string(R"({"id":"t","a_very_long_key":1})"),
           std::string(R"({"id":"t","amount":123456789012})"),
       }) {
    BOOST_TEST_CONTEXT(input) {
      const std::string whole = report_of(input, 0, limits);
      BOOST_TEST(whole == report_of(input, 1, limits));
      BOOST_TEST(whole.find("\"error\":{") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_fast_path_reads_a_good_object_fully) {
  const std::string report = report_of(kGood, 0);
  BOOST_TEST(report.find("\"error\"") == std::string::npos);
  BOOST_TEST(report.find(R"("gross":1000)") != std::string::npos);
  BOOST_TEST(report.find(R"("fees":59)") != std::string::npos);
  BOOST_TEST(report.find(R"("net":941)") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
