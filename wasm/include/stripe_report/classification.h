// How a balance transaction counts in the sales report: which column its
// amount goes to. Follows Stripe's balance report, whose activity rows are
// reporting categories; where the report's columns group categories (fees,
// network costs and tax on fees are all `fees`), --help and the README say so.
#pragma once

#include <string_view>

namespace stripe_report {

enum class Category {
  charge,            // gross, and counted in `charges`
  capture_reversal,  // partial_capture_reversal: gross (the uncaptured part of an
                     // authorization lowers the sale; it is no refund)
  refund,            // refund, refund_failure
  dispute,           // dispute, dispute_reversal
  fee,               // fee, network_cost, tax: a cost in `fees`
  excluded,          // money movements that are not sales: payouts, transfers,
                     // top-ups and their reversals, payout minimum-balance holds
  other,             // everything else (other_adjustment, platform earnings, ...)
};

// Stripe's reporting_category for a balance transaction `type` (Stripe's
// documented mapping: charge and payment are `charge`, payout_failure and
// payout_cancel are `payout_reversal`, transfer_cancel/_failure/_refund are
// `transfer_reversal`, ...). A type the mapping does not name, or whose
// category Stripe decides per object (`adjustment`), gives "".
std::string_view reporting_category_for_type(std::string_view type);

// Classifies by `reporting_category`, or, when it is empty (absent), by the
// category Stripe's mapping gives `type`.
Category classify(std::string_view reporting_category, std::string_view type);

}  // namespace stripe_report
