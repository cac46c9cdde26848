#include "stripe_report/classification.h"

#include "literal_match.h"

namespace stripe_report {

// The table, applied to `type` as well when the category is absent.
// Called once per transaction: dispatch on the length, then compare words.
Category classify(std::string_view reporting_category, std::string_view type) {
  const std::string_view key = reporting_category.empty() ? type : reporting_category;
  auto is = [&key]<std::size_t N>(const char (&name)[N]) { return equals_literal(key, name); };
  switch (key.size()) {
    case 3: return is("fee") ? Category::fee : Category::other;
    case 5: return is("topup") ? Category::excluded : Category::other;
    case 6:
      return is("charge") ? Category::charge
           : is("refund") ? Category::refund
           : is("payout") ? Category::excluded
                          : Category::other;
    case 7: return is("dispute") ? Category::dispute : Category::other;
    case 8: return is("transfer") ? Category::excluded : Category::other;
    case 14:
      return is("refund_failure") ? Category::refund
           : is("topup_reversal") ? Category::excluded
                                  : Category::other;
    case 15: return is("payout_reversal") ? Category::excluded : Category::other;
    case 16: return is("dispute_reversal") ? Category::dispute : Category::other;
    case 17: return is("transfer_reversal") ? Category::excluded : Category::other;
    case 24: return is("partial_capture_reversal") ? Category::refund : Category::other;
    default: return Category::other;
  }
}

}  // namespace stripe_report
