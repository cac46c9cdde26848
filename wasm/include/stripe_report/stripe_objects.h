// The non-balance-transaction Stripe objects the report reads, normalized.
// Amounts are integer minor units of `currency` (the presentment currency for
// charges and refunds). Balance transactions use transaction.h.
#pragma once

#include <cstdint>
#include <string>

namespace stripe_report {

struct ChargeRecord {
  std::string id;                   // "ch_..."
  std::string currency;
  std::string status;               // succeeded, pending, failed
  std::string balance_transaction;  // id (also when expanded), empty when null
  std::int64_t amount = 0;
  std::int64_t amount_refunded = 0;
  std::int64_t created = 0;
  bool refunded = false;
  bool disputed = false;
};

struct RefundRecord {
  std::string id;  // "re_..."
  std::string currency;
  std::string status;
  std::string charge;  // id, empty when null
  std::int64_t amount = 0;
  std::int64_t created = 0;
};

struct PayoutRecord {
  std::string id;  // "po_..."
  std::string currency;
  std::string status;  // paid, pending, in_transit, canceled, failed
  std::int64_t amount = 0;
  std::int64_t created = 0;
  std::int64_t arrival_date = 0;
};

}  // namespace stripe_report
