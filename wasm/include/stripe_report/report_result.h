// The finished report: rows per (period_start, currency), totals per currency,
// the presentment-currency views of charges/refunds/payouts, the consistency
// checks, and the first input error if there was one. Amounts are integer
// minor units of the row's currency.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stripe_report/calendar.h"
#include "stripe_report/parse_error.h"

namespace stripe_report {

struct Amounts {
  std::int64_t charges = 0;  // count of charge transactions
  std::int64_t gross = 0;
  std::int64_t refunds = 0;
  std::int64_t disputes = 0;
  std::int64_t other = 0;
  std::int64_t fees = 0;  // positive = cost
  std::int64_t net = 0;
};

struct ReportRow {
  CivilDate period_start;
  std::string currency;
  Amounts amounts;
};

struct CurrencyTotal {
  std::string currency;
  Amounts amounts;
};

// Charges in their own (presentment) currency, by `created`.
struct ChargeSummaryRow {
  CivilDate period_start;
  std::string currency;
  std::int64_t count = 0;
  std::int64_t amount = 0;
  std::int64_t amount_refunded = 0;
  std::int64_t disputed = 0;  // count of disputed charges
};

// Refunds by `created`, payouts by `arrival_date`.
struct CountAmountRow {
  CivilDate period_start;
  std::string currency;
  std::int64_t count = 0;
  std::int64_t amount = 0;
};

// A source object whose amount - fee != net.
struct AmountMismatch {
  std::string id;
  std::string currency;
  std::int64_t amount = 0;
  std::int64_t fee = 0;
  std::int64_t net = 0;
};

struct ReportCounts {
  std::uint64_t balance_transactions = 0;  // distinct, read
  std::uint64_t included = 0;              // in the rows
  std::uint64_t excluded = 0;              // payouts, transfers, top-ups
  std::uint64_t filtered_out = 0;          // outside from/to or another currency
  std::uint64_t duplicates = 0;            // same id seen again (any object type)
  std::uint64_t charges = 0;
  std::uint64_t refunds = 0;
  std::uint64_t payouts = 0;
  std::uint64_t ignored_objects = 0;       // other object types
};

struct ReportResult {
  // Echo of the options.
  std::string timezone;
  std::string period;
  std::string week_start;
  std::string basis;
  std::optional<std::int64_t> from;
  std::optional<std::int64_t> to;
  std::string currency;

  std::vector<ReportRow> rows;          // sorted by period_start, then currency
  std::vector<CurrencyTotal> totals;    // sorted by currency
  std::vector<ChargeSummaryRow> charges;
  std::vector<CountAmountRow> refunds;
  std::vector<CountAmountRow> payouts;
  ReportCounts counts;

  // net == gross + refunds + disputes + other - fees for every row and total.
  bool invariant_ok = true;
  std::vector<AmountMismatch> mismatches;  // the first kMaxMismatches
  std::uint64_t mismatch_count = 0;

  // The first input error; what was aggregated before it is still above.
  std::optional<ParseError> error;
  bool ok() const { return !error.has_value(); }
};

inline constexpr std::size_t kMaxMismatches = 100;

}  // namespace stripe_report
