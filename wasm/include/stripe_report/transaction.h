// One balance transaction, normalized: what both the JSON and the CSV readers
// produce and what the report aggregates. Amounts are integer minor units.
// The strings view the reader's input or buffers: valid only during the call
// that hands the transaction over (so the hot path copies no strings).
#pragma once

#include <cstdint>
#include <string_view>

namespace stripe_report {

struct Transaction {
  std::string_view id;                  // "txn_..." (CSV: balance_transaction_id)
  std::string_view currency;            // lower-case ISO code, e.g. "eur"
  std::int64_t amount = 0;              // gross, minor units (CSV: gross)
  std::int64_t fee = 0;                 // minor units, positive for a cost
  std::int64_t net = 0;                 // minor units
  std::int64_t created = 0;             // Unix seconds, UTC
  std::int64_t available_on = 0;        // Unix seconds, UTC
  std::string_view reporting_category;  // empty when absent (then `type` classifies)
  std::string_view type;                // Stripe's `type`, empty when absent
  std::string_view source;              // id of the charge/refund/... it came from, if known
};

// Where a row or object starts in the input, for error reports.
struct SourcePosition {
  std::uint64_t byte_offset = 0;
  std::uint64_t line = 1;  // 1-based
};

}  // namespace stripe_report
