// Aggregates balance transactions (and charges, refunds, payouts) into the
// report's rows: classification, period bucketing in the report's time zone,
// dedupe by id, currency/time filters, overflow-checked sums, and the list of
// objects whose amount - fee != net. Memory: the rows plus an IdSet.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "stripe_report/currency_cache.h"
#include "stripe_report/id_set.h"
#include "stripe_report/report_options.h"
#include "stripe_report/report_result.h"
#include "stripe_report/stripe_object_reader.h"

namespace stripe_report {

class ReportAggregator final : public StripeObjectSink {
 public:
  explicit ReportAggregator(ReportOptions options);

  // Adds one object; an error (amount_overflow, unknown_currency) leaves the
  // aggregates exactly as they were before the call.
  std::optional<ParseError> balance_transaction(const Transaction& transaction) override;
  std::optional<ParseError> charge(const ChargeRecord& charge) override;
  std::optional<ParseError> refund(const RefundRecord& refund) override;
  std::optional<ParseError> payout(const PayoutRecord& payout) override;
  void ignored_object(std::string_view object_type) override;

  const ReportOptions& options() const { return options_; }
  std::size_t id_set_bytes() const { return seen_.memory_bytes(); }
  // The `object` of the first object of a type the report does not read
  // ("customer"), to name what an input without balance transactions held.
  const std::string& first_ignored_type() const { return first_ignored_type_; }

  // The report so far (rows, totals, checks); `error` is left empty.
  ReportResult result() const;

 private:
  struct Key {
    std::int64_t period_days;  // days since 1970-01-01 of the period's first local date
    std::uint32_t currency;    // three letters packed big-endian, so keys sort by code
    auto operator<=>(const Key&) const = default;
  };
  // The rows a currency's transactions went to last (currency 0: unused).
  struct RowSlot {
    Key key{0, 0};
    std::map<Key, Amounts>::iterator row;
    std::map<std::uint32_t, Amounts>::iterator total;
    bool row_fresh = false;    // made for a transaction not yet added
    bool total_fresh = false;
  };
  struct ChargeSums {
    std::int64_t count = 0, amount = 0, amount_refunded = 0, disputed = 0;
  };
  struct CountAmount {
    std::int64_t count = 0, amount = 0;
  };

  // False when the object is outside from/to or the currency filter.
  bool selected(std::int64_t instant, std::string_view currency) const;
  std::optional<Key> key_for(std::int64_t instant, std::string_view currency);
  bool first_sighting(std::string_view id);
  RowSlot& row_slot(const Key& key);

  ReportOptions options_;
  IdSet seen_;
  std::map<Key, Amounts> rows_;
  std::map<std::uint32_t, Amounts> totals_;
  std::array<RowSlot, 8> row_slots_{};
  std::map<Key, ChargeSums> charges_;
  std::map<Key, CountAmount> refunds_;
  std::map<Key, CountAmount> payouts_;
  ReportCounts counts_;
  std::vector<AmountMismatch> mismatches_;
  std::uint64_t mismatch_count_ = 0;
  CurrencyCache valid_currencies_;
  std::string first_ignored_type_;
};

}  // namespace stripe_report
