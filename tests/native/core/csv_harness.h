// Runs the CSV reader over chunks and records what it delivered, as text, so
// tests compare whole runs (rows and the error) with one assertion.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stripe_report/csv_transaction_reader.h"

namespace csv_harness {

inline std::string describe(const stripe_report::Transaction& t) {
  return std::string(t.id) + "|" + std::string(t.currency) + "|" + std::to_string(t.amount) + "|" + std::to_string(t.fee) + "|" +
         std::to_string(t.net) + "|" + std::to_string(t.created) + "|" + std::to_string(t.available_on) +
         "|" + std::string(t.reporting_category) + "|" + std::string(t.source);
}

inline std::string describe(const stripe_report::ParseError& e) {
  return e.code + " @" + std::to_string(e.byte_offset) + " line " + std::to_string(e.line) + " id=" +
         e.object_id + " field=" + e.field;
}

struct Run {
  std::vector<std::string> rows;
  std::optional<stripe_report::ParseError> error;
  std::string error_summary() const { return error ? describe(*error) : "none"; }
};

// Feeds `chunks` in order (stopping at the first error), then finish().
inline Run run(const std::vector<std::string_view>& chunks) {
  Run result;
  stripe_report::CsvTransactionReader reader(
      [&](const stripe_report::Transaction& t, stripe_report::SourcePosition) { result.rows.push_back(describe(t)); });
  for (std::string_view chunk : chunks) {
    result.error = reader.feed(chunk);
    if (result.error) return result;
  }
  result.error = reader.finish();
  return result;
}

inline Run run_whole(std::string_view text) { return run({text}); }

}  // namespace csv_harness
