// Streams Stripe's itemized balance CSV (Reporting API
// balance_change_from_activity.itemized.*) into Transactions. Columns in any
// order, extra columns ignored, RFC 4180 quoting; chunks may split anywhere.
//
// Required columns: balance_transaction_id, created_utc, currency, gross, fee,
// net, reporting_category. Optional: available_on_utc (when absent,
// available_on = created; see has_column), source_id. Timestamps are
// "YYYY-MM-DD HH:MM:SS" in UTC; amounts are decimal major units converted
// exactly with the currency's exponent; currency codes in either case.
// Error codes: csv_missing_column, csv_duplicate_column, csv_unterminated_quote,
// csv_bad_quote, csv_field_count, csv_row_too_long, missing_field,
// invalid_amount, unknown_currency, invalid_timestamp, invalid_utf8,
// csv_finished (feed after finish).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stripe_report/parse_error.h"
#include "stripe_report/transaction.h"

namespace stripe_report {

class CsvTransactionReader {
 public:
  // Called once per data row, in order, with where the row starts.
  using Sink = std::function<void(const Transaction&, SourcePosition)>;

  // Bounded memory: a row longer than this many bytes, or with more fields,
  // is refused with csv_row_too_long instead of being buffered.
  static constexpr std::size_t kMaxRowBytes = std::size_t{1} << 20;
  static constexpr std::size_t kMaxFields = 1024;

  explicit CsvTransactionReader(Sink sink);
  ~CsvTransactionReader();
  CsvTransactionReader(CsvTransactionReader&&) noexcept;
  CsvTransactionReader& operator=(CsvTransactionReader&&) noexcept;

  // Feeds the next chunk. After the first error every later call returns it
  // again; rows delivered before the error stay delivered.
  std::optional<ParseError> feed(std::string_view chunk);

  // Ends the stream (a last row without a newline is fine; an open quote is not).
  std::optional<ParseError> finish();

  // True once the header row has been read and has a column of this name
  // (e.g. "available_on_utc", which an available_on-basis report needs).
  bool has_column(std::string_view name) const;

 private:
  struct State;  // defined in csv_transaction_reader.cpp
  std::unique_ptr<State> state_;
};

}  // namespace stripe_report
