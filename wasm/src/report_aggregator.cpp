#include "stripe_report/report_aggregator.h"

#include <tuple>
#include <utility>

#include "stripe_report/classification.h"
#include "stripe_report/currency.h"

namespace stripe_report {
namespace {

std::uint32_t pack_currency(std::string_view code) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(code[0])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(code[1])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(code[2]));
}

std::string unpack_currency(std::uint32_t packed) {
  return {static_cast<char>(packed >> 16), static_cast<char>((packed >> 8) & 0xFF),
          static_cast<char>(packed & 0xFF)};
}

// a += b, false on int64 overflow (a unchanged then).
bool add(std::int64_t& a, std::int64_t b) {
  std::int64_t sum;
  if (__builtin_add_overflow(a, b, &sum)) return false;
  a = sum;
  return true;
}

bool add_amounts(Amounts& into, const Amounts& delta) {
  return add(into.charges, delta.charges) && add(into.gross, delta.gross) &&
         add(into.refunds, delta.refunds) && add(into.disputes, delta.disputes) &&
         add(into.other, delta.other) && add(into.fees, delta.fees) && add(into.net, delta.net);
}

bool invariant_holds(const Amounts& a) {
  std::int64_t sum = a.gross;
  std::int64_t expected;
  if (!add(sum, a.refunds) || !add(sum, a.disputes) || !add(sum, a.other) ||
      __builtin_sub_overflow(sum, a.fees, &expected)) {
    return false;
  }
  return expected == a.net;
}

ParseError overflow_error(std::string_view id, std::string_view currency) {
  ParseError error;
  error.code = "amount_overflow";
  error.message = "a " + std::string(currency) + " sum would leave the 64-bit integer range";
  error.object_id = std::string(id);
  error.field = "amount";
  return error;
}

ParseError currency_error(std::string_view id, std::string_view currency) {
  ParseError error;
  error.code = "unknown_currency";
  error.message = "unknown currency \"" + std::string(currency) + "\"";
  error.object_id = std::string(id);
  error.field = "currency";
  return error;
}

}  // namespace

ReportAggregator::ReportAggregator(ReportOptions options) : options_(std::move(options)) {}

// Inputs come roughly in time order, so a currency's next transaction mostly
// lands in the same row as its last one: remember that row per currency and
// walk the trees only when the period changes. (std::map nodes never move.)
ReportAggregator::RowSlot& ReportAggregator::row_slot(const Key& key) {
  RowSlot* slot = nullptr;
  for (RowSlot& cached : row_slots_) {
    if (cached.key.currency == key.currency || cached.key.currency == 0) {
      slot = &cached;
      break;
    }
  }
  if (slot == nullptr) slot = &row_slots_[key.currency % row_slots_.size()];  // evict one
  if (slot->key != key) {
    std::tie(slot->row, slot->row_fresh) = rows_.try_emplace(key);
    std::tie(slot->total, slot->total_fresh) = totals_.try_emplace(key.currency);
    slot->key = key;
  }
  return *slot;
}

bool ReportAggregator::first_sighting(std::string_view id) {
  if (seen_.insert(id)) return true;
  ++counts_.duplicates;
  return false;
}

bool ReportAggregator::selected(std::int64_t instant, std::string_view currency) const {
  if (options_.from && instant < *options_.from) return false;
  if (options_.to && instant >= *options_.to) return false;
  return options_.currency.empty() || std::string_view(options_.currency) == currency;
}

std::optional<ReportAggregator::Key> ReportAggregator::key_for(std::int64_t instant,
                                                                std::string_view currency) {
  if (!valid_currencies_.contains(currency)) return std::nullopt;
  return Key{period_start_days(instant, options_.zone, options_.period, options_.week_start),
             pack_currency(currency)};
}

std::optional<ParseError> ReportAggregator::balance_transaction(const Transaction& t) {
  const auto key = key_for(options_.basis == Basis::available_on ? t.available_on : t.created,
                           t.currency);
  if (!key) return currency_error(t.id, t.currency);
  if (!first_sighting(t.id)) return std::nullopt;
  ++counts_.balance_transactions;
  const std::int64_t instant = options_.basis == Basis::available_on ? t.available_on : t.created;
  if (!selected(instant, t.currency)) {
    ++counts_.filtered_out;
    return std::nullopt;
  }
  Amounts delta;
  switch (classify(t.reporting_category, t.type)) {
    case Category::excluded:
      ++counts_.excluded;
      return std::nullopt;
    case Category::charge:
      delta.charges = 1;
      delta.gross = t.amount;
      break;
    case Category::capture_reversal: delta.gross = t.amount; break;  // not another sale
    case Category::refund: delta.refunds = t.amount; break;
    case Category::dispute: delta.disputes = t.amount; break;
    case Category::other: delta.other = t.amount; break;
    case Category::fee:
      // A stand-alone fee is a cost: its (negative) amount counts as positive fees.
      if (__builtin_sub_overflow(std::int64_t{0}, t.amount, &delta.fees)) {
        return overflow_error(t.id, t.currency);
      }
      break;
  }
  if (!add(delta.fees, t.fee)) return overflow_error(t.id, t.currency);
  delta.net = t.net;

  // Update row and total together, or neither.
  RowSlot& slot = row_slot(*key);
  Amounts row = slot.row->second;
  Amounts total = slot.total->second;
  if (!add_amounts(row, delta) || !add_amounts(total, delta)) {
    // Leave no trace: a row or total made for this transaction goes again.
    if (slot.row_fresh) rows_.erase(slot.row);
    if (slot.total_fresh) totals_.erase(slot.total);
    slot = RowSlot{};
    return overflow_error(t.id, t.currency);
  }
  slot.row->second = row;
  slot.total->second = total;
  slot.row_fresh = slot.total_fresh = false;
  ++counts_.included;

  std::int64_t expected_net;
  if (__builtin_sub_overflow(t.amount, t.fee, &expected_net) || expected_net != t.net) {
    ++mismatch_count_;
    if (mismatches_.size() < kMaxMismatches) {
      mismatches_.push_back({std::string(t.id), std::string(t.currency), t.amount, t.fee, t.net});
    }
  }
  return std::nullopt;
}

std::optional<ParseError> ReportAggregator::charge(const ChargeRecord& c) {
  const auto key = key_for(c.created, c.currency);
  if (!key) return currency_error(c.id, c.currency);
  if (!first_sighting(c.id)) return std::nullopt;
  ++counts_.charges;
  if (c.status == "failed" || !selected(c.created, c.currency)) {
    ++counts_.filtered_out;
    return std::nullopt;
  }
  ChargeSums sums = charges_[*key];
  if (!add(sums.count, 1) || !add(sums.amount, c.amount) ||
      !add(sums.amount_refunded, c.amount_refunded) || !add(sums.disputed, c.disputed ? 1 : 0)) {
    return overflow_error(c.id, c.currency);
  }
  charges_[*key] = sums;
  return std::nullopt;
}

std::optional<ParseError> ReportAggregator::refund(const RefundRecord& r) {
  const auto key = key_for(r.created, r.currency);
  if (!key) return currency_error(r.id, r.currency);
  if (!first_sighting(r.id)) return std::nullopt;
  ++counts_.refunds;
  if (r.status == "failed" || r.status == "canceled" || !selected(r.created, r.currency)) {
    ++counts_.filtered_out;
    return std::nullopt;
  }
  CountAmount sums = refunds_[*key];
  if (!add(sums.count, 1) || !add(sums.amount, r.amount)) {
    return overflow_error(r.id, r.currency);
  }
  refunds_[*key] = sums;
  return std::nullopt;
}

std::optional<ParseError> ReportAggregator::payout(const PayoutRecord& p) {
  const auto key = key_for(p.arrival_date, p.currency);
  if (!key) return currency_error(p.id, p.currency);
  if (!first_sighting(p.id)) return std::nullopt;
  ++counts_.payouts;
  if (p.status == "failed" || p.status == "canceled" || !selected(p.arrival_date, p.currency)) {
    ++counts_.filtered_out;
    return std::nullopt;
  }
  CountAmount sums = payouts_[*key];
  if (!add(sums.count, 1) || !add(sums.amount, p.amount)) {
    return overflow_error(p.id, p.currency);
  }
  payouts_[*key] = sums;
  return std::nullopt;
}

void ReportAggregator::ignored_object(std::string_view object_type) {
  if (counts_.ignored_objects++ == 0) first_ignored_type_.assign(object_type.substr(0, 64));
}

ReportResult ReportAggregator::result() const {
  ReportResult result;
  result.timezone = options_.zone.name();
  result.period = period_name(options_.period);
  result.week_start = week_start_name(options_.week_start);
  result.basis = basis_name(options_.basis);
  result.from = options_.from;
  result.to = options_.to;
  result.currency = options_.currency;
  for (const auto& [key, amounts] : rows_) {
    result.rows.push_back({civil_from_days(key.period_days), unpack_currency(key.currency), amounts});
    result.invariant_ok = result.invariant_ok && invariant_holds(amounts);
  }
  for (const auto& [currency, amounts] : totals_) {
    result.totals.push_back({unpack_currency(currency), amounts});
    result.invariant_ok = result.invariant_ok && invariant_holds(amounts);
  }
  for (const auto& [key, s] : charges_) {
    result.charges.push_back({civil_from_days(key.period_days), unpack_currency(key.currency),
                              s.count, s.amount, s.amount_refunded, s.disputed});
  }
  for (const auto& [key, s] : refunds_) {
    result.refunds.push_back(
        {civil_from_days(key.period_days), unpack_currency(key.currency), s.count, s.amount});
  }
  for (const auto& [key, s] : payouts_) {
    result.payouts.push_back(
        {civil_from_days(key.period_days), unpack_currency(key.currency), s.count, s.amount});
  }
  result.counts = counts_;
  result.mismatches = mismatches_;
  result.mismatch_count = mismatch_count_;
  return result;
}

}  // namespace stripe_report
