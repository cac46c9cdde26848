#include "stripe_report/classification.h"

#include "literal_match.h"

namespace stripe_report {

// Stripe's "Reporting categories" page (docs.stripe.com/reports/reporting-categories):
// types grouped into the category Stripe gives them. Types whose category
// depends on the object (`adjustment` can be a dispute, a refund failure, a
// fee or other_adjustment) are left out and count as other.
std::string_view reporting_category_for_type(std::string_view type) {
  auto is = [&type]<std::size_t N>(const char (&name)[N]) { return equals_literal(type, name); };
  if (is("charge") || is("payment")) return "charge";
  if (is("refund") || is("payment_refund")) return "refund";
  if (is("refund_failure") || is("payment_failure_refund")) return "refund_failure";
  if (is("stripe_fee") || is("stripe_fx_fee")) return "fee";
  if (is("tax_fee")) return "tax";
  if (is("payout")) return "payout";
  if (is("payout_cancel") || is("payout_failure")) return "payout_reversal";
  if (is("payout_minimum_balance_hold")) return "payout_minimum_balance_hold";
  if (is("payout_minimum_balance_release")) return "payout_minimum_balance_release";
  if (is("transfer")) return "transfer";
  if (is("transfer_cancel") || is("transfer_failure") || is("transfer_refund")) {
    return "transfer_reversal";
  }
  if (is("topup")) return "topup";
  if (is("topup_reversal")) return "topup_reversal";
  if (is("application_fee")) return "platform_earning";
  if (is("application_fee_refund")) return "platform_earning_refund";
  if (is("connect_collection_transfer")) return "connect_collection_transfer";
  return {};
}

// Called once per transaction: dispatch on the length, then compare words.
Category classify(std::string_view reporting_category, std::string_view type) {
  const std::string_view key =
      reporting_category.empty() ? reporting_category_for_type(type) : reporting_category;
  auto is = [&key]<std::size_t N>(const char (&name)[N]) { return equals_literal(key, name); };
  switch (key.size()) {
    case 3:
      return is("fee") || is("tax") ? Category::fee : Category::other;
    case 5: return is("topup") ? Category::excluded : Category::other;
    case 6:
      return is("charge") ? Category::charge
           : is("refund") ? Category::refund
           : is("payout") ? Category::excluded
                          : Category::other;
    case 7: return is("dispute") ? Category::dispute : Category::other;
    case 8: return is("transfer") ? Category::excluded : Category::other;
    case 12: return is("network_cost") ? Category::fee : Category::other;
    case 14:
      return is("refund_failure") ? Category::refund
           : is("topup_reversal") ? Category::excluded
                                  : Category::other;
    case 15: return is("payout_reversal") ? Category::excluded : Category::other;
    case 16: return is("dispute_reversal") ? Category::dispute : Category::other;
    case 17: return is("transfer_reversal") ? Category::excluded : Category::other;
    case 24: return is("partial_capture_reversal") ? Category::capture_reversal : Category::other;
    case 27: return is("payout_minimum_balance_hold") ? Category::excluded : Category::other;
    case 30: return is("payout_minimum_balance_release") ? Category::excluded : Category::other;
    default: return Category::other;
  }
}

}  // namespace stripe_report
