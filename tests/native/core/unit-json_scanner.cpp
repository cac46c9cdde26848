// The streaming JSON scanner: events recorded into a list and asserted (the
// style of nlohmann/json's SAX tests), for every way of splitting the input.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "stripe_report/json_scanner.h"

using stripe_report::JsonAction;
using stripe_report::JsonLimits;
using stripe_report::JsonScanner;

namespace {

// Records every event as a short string; can skip the value of one key name
// and stop at another.
class EventRecorder : public stripe_report::JsonEvents {
 public:
  std::vector<std::string> events;
  std::string skip_key;
  std::string stop_key;

  JsonAction start_object() override { return add("{"); }
  JsonAction end_object() override { return add("}"); }
  JsonAction start_array() override { return add("["); }
  JsonAction end_array() override { return add("]"); }
  JsonAction key(std::string_view name) override {
    add("key:" + std::string(name));
    if (!skip_key.empty() && name == skip_key) return JsonAction::skip;
    if (!stop_key.empty() && name == stop_key) return JsonAction::stop;
    return JsonAction::proceed;
  }
  JsonAction string_value(std::string_view text) override {
    return add("str:" + std::string(text));
  }
  JsonAction number_value(std::string_view raw) override {
    return add("num:" + std::string(raw));
  }
  JsonAction bool_value(bool value) override { return add(value ? "true" : "false"); }
  JsonAction null_value() override { return add("null"); }

 private:
  JsonAction add(std::string event) {
    events.push_back(std::move(event));
    return JsonAction::proceed;
  }
};

struct ScanOutcome {
  std::vector<std::string> events;
  bool ok = false;
  std::string code;
  std::uint64_t offset = 0;
  std::uint64_t line = 0;
};

// Feeds `input` split at the given positions, then finishes.
ScanOutcome scan(const std::string& input, const std::vector<std::size_t>& splits = {},
                 JsonLimits limits = {}, const std::string& skip_key = "") {
  EventRecorder recorder;
  recorder.skip_key = skip_key;
  JsonScanner scanner(recorder, limits);
  std::size_t start = 0;
  bool ok = true;
  for (std::size_t split : splits) {
    ok = ok && scanner.feed(std::string_view(input).substr(start, split - start));
    start = split;
  }
  ok = ok && scanner.feed(std::string_view(input).substr(start));
  ok = ok && scanner.finish();
  ScanOutcome outcome;
  outcome.events = recorder.events;
  outcome.ok = ok;
  if (scanner.error()) {
    outcome.code = scanner.error()->code;
    outcome.offset = scanner.error()->byte_offset;
    outcome.line = scanner.error()->line;
  }
  return outcome;
}

ScanOutcome scan_bytewise(const std::string& input) {
  std::vector<std::size_t> splits;
  for (std::size_t i = 1; i < input.size(); ++i) splits.push_back(i);
  return scan(input, splits);
}

using Events = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(json_scanner)

BOOST_AUTO_TEST_CASE(object_events_in_order) {
  const auto out = scan(R"({"a":1,"b":[true,false,null],"c":{"d":"x"},"e":-0.5e+3})");
  BOOST_TEST(out.ok);
  const Events expected = {"{", "key:a", "num:1", "key:b", "[", "true", "false", "null", "]",
                           "key:c", "{", "key:d", "str:x", "}", "key:e", "num:-0.5e+3", "}"};
  BOOST_TEST(out.events == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(escapes_and_surrogate_pairs_are_decoded) {
  const auto out = scan(R"(["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u20AC", "\uD83D\uDE00", "é😀"])");
  BOOST_TEST(out.ok);
  const Events expected = {"[", "str:a\"b\\c/d\b\f\n\r\t", "str:\xC3\xA9\xE2\x82\xAC",
                           "str:\xF0\x9F\x98\x80", "str:\xC3\xA9\xF0\x9F\x98\x80", "]"};
  BOOST_TEST(out.events == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_split_position_gives_the_same_events) {
  const std::string input =
      "{\"id\":\"txn_\\u00e9\\uD83D\\uDE00\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\","
      "\"amount\":-12345,\"x\":[1.5e-7,0,true,false,null,{}],\"k\\\"\":\"\"}\n"
      "{\"n\":123456789012}";
  const auto whole = scan(input);
  BOOST_REQUIRE(whole.ok);
  BOOST_TEST(whole.events.size() == 22U);
  for (std::size_t i = 1; i < input.size(); ++i) {
    BOOST_TEST_CONTEXT("split at " << i) {
      const auto split = scan(input, {i});
      BOOST_TEST(split.ok);
      BOOST_TEST(split.events == whole.events);
    }
  }
  const auto bytewise = scan_bytewise(input);
  BOOST_TEST(bytewise.ok);
  BOOST_TEST(bytewise.events == whole.events);
}

BOOST_AUTO_TEST_CASE(top_level_sequence_counts_documents_and_lines) {
  EventRecorder recorder;
  JsonScanner scanner(recorder);
  BOOST_TEST(scanner.feed("{\"a\":1}\n{\"a\":2}\n\n[3]\n42"));
  BOOST_TEST(scanner.finish());
  BOOST_TEST(scanner.documents() == 4U);
  BOOST_TEST(recorder.events.back() == "num:42");
  BOOST_TEST(scanner.token_line() == 5U);
}

BOOST_AUTO_TEST_CASE(skipped_values_produce_no_events_but_are_validated) {
  const auto out = scan(R"({"a":{"x":[1,{"y":"\u00e9"}]},"b":2})", {}, {}, "a");
  BOOST_TEST(out.ok);
  const Events expected = {"{", "key:a", "key:b", "num:2", "}"};
  BOOST_TEST(out.events == expected, boost::test_tools::per_element());

  const auto bad = scan(R"({"a":{"x":[1,}]},"b":2})", {}, {}, "a");
  BOOST_TEST(!bad.ok);
  BOOST_TEST(bad.code == "invalid_json");
  BOOST_TEST(bad.offset == 13U);
}

BOOST_AUTO_TEST_CASE(stop_ends_scanning) {
  EventRecorder recorder;
  recorder.stop_key = "b";
  JsonScanner scanner(recorder);
  BOOST_TEST(!scanner.feed(R"({"a":1,"b":2,"c":3})"));
  BOOST_TEST(scanner.stopped());
  BOOST_TEST(!scanner.error().has_value());
  BOOST_TEST(recorder.events.back() == "key:b");
  BOOST_TEST(!scanner.feed("{}"));
}

struct BadInput {
  const char* input;
  const char* code;
  std::uint64_t offset;
};

BOOST_AUTO_TEST_CASE(malformed_input_is_rejected_at_the_exact_byte) {
  const std::vector<BadInput> cases = {
      {"[1,]", "invalid_json", 3},
      {"{,}", "invalid_json", 1},
      {R"({"a" 1})", "invalid_json", 5},
      {R"({"a":1 "b":2})", "invalid_json", 7},
      {"[1}", "invalid_json", 2},
      {"01", "invalid_json", 1},
      {"{}{}", "invalid_json", 2},
      {"[-]", "invalid_json", 2},
      {"[1.]", "invalid_json", 3},
      {"[1e]", "invalid_json", 3},
      {"[tru]", "invalid_json", 4},
      {"[nul1]", "invalid_json", 4},
      {"[\"a\x01\"]", "invalid_json", 3},
      {R"(["\x"])", "invalid_json", 3},
      {R"(["\u12G4"])", "invalid_json", 6},
      {R"(["\uDE00"])", "invalid_json", 7},
      {R"(["\uD83Dx"])", "invalid_json", 8},
      {R"(["\uD83D\u0041"])", "invalid_json", 13},
      {"[\"\xC0\x80\"]", "invalid_utf8", 2},
      {"[\"\xE0\x80\x80\"]", "invalid_utf8", 3},
      {"[\"\xED\xA0\x80\"]", "invalid_utf8", 3},
      {"[\"\xF4\x90\x80\x80\"]", "invalid_utf8", 3},
      {"[\"\xF5\"]", "invalid_utf8", 2},
      {"[\"\x80\"]", "invalid_utf8", 2},
      {"[\"\xC3\"]", "invalid_utf8", 3},
      {"[1] x", "invalid_json", 4},
      {"{\"a\":1", "truncated", 6},
      {"[\"abc", "truncated", 5},
      {"[1, -", "truncated", 5},
      {"[tr", "truncated", 3},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.input) {
      const auto whole = scan(c.input);
      BOOST_TEST(!whole.ok);
      BOOST_TEST(whole.code == c.code);
      BOOST_TEST(whole.offset == c.offset);
      const auto bytewise = scan_bytewise(c.input);
      BOOST_TEST(bytewise.code == c.code);
      BOOST_TEST(bytewise.offset == c.offset);
    }
  }
}

BOOST_AUTO_TEST_CASE(errors_report_lines) {
  const auto out = scan("{\"a\":1}\n{\"a\":2}\n{\"a\":}\n");
  BOOST_TEST(out.code == "invalid_json");
  BOOST_TEST(out.offset == 21U);
  BOOST_TEST(out.line == 3U);
}

BOOST_AUTO_TEST_CASE(depth_is_limited) {
  JsonLimits limits;
  limits.max_depth = 8;
  BOOST_TEST(scan(std::string(8, '[') + std::string(8, ']'), {}, limits).ok);
  const auto deep = scan(std::string(9, '[') + std::string(9, ']'), {}, limits);
  BOOST_TEST(deep.code == "too_deep");
  BOOST_TEST(deep.offset == 8U);
}

BOOST_AUTO_TEST_CASE(delivered_tokens_are_limited_skipped_ones_are_not) {
  JsonLimits limits;
  limits.max_token_bytes = 16;
  const std::string long_text(17, 'x');
  const std::string input = "{\"a\":\"" + long_text + "\",\"b\":1}";
  for (std::size_t split : {std::size_t{0}, std::size_t{10}}) {
    BOOST_TEST_CONTEXT("split " << split) {
      const auto out = split ? scan(input, {split}, limits) : scan(input, {}, limits);
      BOOST_TEST(out.code == "token_too_large");
      BOOST_TEST(out.offset == 5U);
    }
  }
  const auto skipped = scan(input, {10}, limits, "a");
  BOOST_TEST(skipped.ok);
  BOOST_TEST(skipped.events.back() == "}");
  const auto number = scan("[" + std::string(20, '9') + "]", {5}, limits);
  BOOST_TEST(number.code == "token_too_large");
  BOOST_TEST(number.offset == 1U);
}

BOOST_AUTO_TEST_CASE(after_an_error_every_call_fails) {
  EventRecorder recorder;
  JsonScanner scanner(recorder);
  BOOST_TEST(!scanner.feed("[1,,2]"));
  BOOST_TEST(!scanner.feed("[3]"));
  BOOST_TEST(!scanner.finish());
  BOOST_TEST(scanner.error()->byte_offset == 3U);
  const Events expected = {"[", "num:1"};
  BOOST_TEST(recorder.events == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
