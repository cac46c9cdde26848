// One balance transaction, normalized: what both the JSON and the CSV readers
// produce and what the report aggregates. Amounts are integer minor units.
#pragma once

#include <cstdint>
#include <string>

namespace stripe_report {

struct Transaction {
  std::string id;                  // "txn_..." (CSV: balance_transaction_id)
  std::string currency;            // lower-case ISO code, e.g. "eur"
  std::int64_t amount = 0;         // gross, minor units (CSV: gross)
  std::int64_t fee = 0;            // minor units, positive for a cost
  std::int64_t net = 0;            // minor units
  std::int64_t created = 0;        // Unix seconds, UTC
  std::int64_t available_on = 0;   // Unix seconds, UTC
  std::string reporting_category;  // empty when absent (then `type` classifies)
  std::string type;                // Stripe's `type`, empty when absent
  std::string source;              // id of the charge/refund/... it came from, if known
};

}  // namespace stripe_report
