// How a balance transaction counts in the sales report (issue #3's contract).
#pragma once

#include <string_view>

namespace stripe_report {

enum class Category {
  charge,    // gross, and counted in `charges`
  refund,    // refund, refund_failure, partial_capture_reversal
  dispute,   // dispute, dispute_reversal
  fee,       // a stand-alone fee: its amount is a cost in `fees`
  excluded,  // money movements that are not sales: payouts, transfers, top-ups
  other,     // everything else (adjustments, ...)
};

// Classifies by `reporting_category`, falling back to `type` only when the
// category is empty (absent).
Category classify(std::string_view reporting_category, std::string_view type);

}  // namespace stripe_report
