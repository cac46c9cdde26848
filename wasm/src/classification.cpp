#include "stripe_report/classification.h"

#include <array>

namespace stripe_report {
namespace {

struct CategoryName {
  std::string_view name;
  Category category;
};

// The table, applied to `type` as well when the category is absent.
constexpr std::array<CategoryName, 13> kCategories = {{
    {"charge", Category::charge},
    {"refund", Category::refund},
    {"refund_failure", Category::refund},
    {"partial_capture_reversal", Category::refund},
    {"dispute", Category::dispute},
    {"dispute_reversal", Category::dispute},
    {"fee", Category::fee},
    {"payout", Category::excluded},
    {"payout_reversal", Category::excluded},
    {"transfer", Category::excluded},
    {"transfer_reversal", Category::excluded},
    {"topup", Category::excluded},
    {"topup_reversal", Category::excluded},
}};

}  // namespace

Category classify(std::string_view reporting_category, std::string_view type) {
  const std::string_view key = reporting_category.empty() ? type : reporting_category;
  // Called once per transaction: reject on length before comparing bytes.
  if (key.size() < 3 || key.size() > 24) return Category::other;
  for (const auto& entry : kCategories) {
    if (entry.name.size() == key.size() && entry.name.front() == key.front() && entry.name == key) {
      return entry.category;
    }
  }
  return Category::other;
}

}  // namespace stripe_report
