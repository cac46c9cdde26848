// Streams Stripe's itemized balance CSV (Reporting API
// balance_change_from_activity.itemized.*) into Transactions. Columns in any
// order, extra columns ignored, RFC 4180 quoting; chunks may split anywhere.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stripe_report/parse_error.h"
#include "stripe_report/transaction.h"

namespace stripe_report {

class CsvTransactionReader {
 public:
  // Called once per data row, in order.
  using Sink = std::function<void(Transaction&&)>;

  explicit CsvTransactionReader(Sink sink);

  // Feeds the next chunk. After the first error every later call returns it
  // again; rows delivered before the error stay delivered.
  std::optional<ParseError> feed(std::string_view chunk);

  // Ends the stream (a last row without a newline is fine; an open quote is not).
  std::optional<ParseError> finish();

 private:
  struct State;  // defined in csv_transaction_reader.cpp
  Sink sink_;
  std::vector<std::string> header_;
  // Implementation may add members; keep the public API above stable.
};

}  // namespace stripe_report
