#include "stripe_proxy/expand_policy.h"

#include <array>

namespace stripe_proxy {
namespace {

// One expandable field and the family it leads to. Only the fields the viewer
// and the blog post's flow use are here (balance_transaction, charge, refunds,
// customer; source when pinned); Stripe has many more (spec3.2022-04-12
// lists 19 on a charge, payment_intent among them), and they stay refused.
struct Edge {
  Family from;
  std::string_view field;
  Family to;
  bool to_list = false;  // the field holds a list: the next segment is "data"
};

constexpr std::array edges{
    Edge{.from = Family::charge, .field = "balance_transaction", .to = Family::balance_transaction},
    Edge{.from = Family::charge, .field = "customer", .to = Family::customer},
    Edge{.from = Family::charge, .field = "refunds", .to = Family::refund, .to_list = true},
    Edge{.from = Family::refund, .field = "balance_transaction", .to = Family::balance_transaction},
    Edge{.from = Family::refund, .field = "charge", .to = Family::charge},
    Edge{.from = Family::payout, .field = "balance_transaction", .to = Family::balance_transaction},
};

// A balance transaction's `source` is polymorphic (charge, refund, payout, but
// also dispute, transfer, topup, ...): only a `type` filter makes it one family.
Family pinned_source(std::string_view type) {
  if (type == "charge" || type == "payment") return Family::charge;
  if (type == "refund" || type == "payment_refund") return Family::refund;
  if (type == "payout" || type == "payout_cancel" || type == "payout_failure") return Family::payout;
  return Family::none;
}

std::string_view next_segment(std::string_view& path) {
  const auto dot = path.find('.');
  const auto segment = path.substr(0, dot);
  path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  return segment;
}

}  // namespace

std::string check_expansion(const ExpansionContext& context, std::string_view path) {
  if (!context.can_read) return "needs the read scope";
  Family at = context.returns;
  bool expect_data = context.is_list;
  bool top_level = true;  // the route's own objects, where the type filter applies
  bool expanded = false;
  while (!path.empty()) {
    const auto segment = next_segment(path);
    if (expect_data) {
      if (segment != "data") return "must start with data. on a list";
      expect_data = false;
      continue;
    }
    if (at == Family::balance_transaction && segment == "source") {
      at = top_level ? pinned_source(context.type_filter) : Family::none;
      if (at == Family::none) return "source may be expanded only with a type filter of charge, payment, refund, "
                                     "payment_refund, payout, payout_cancel or payout_failure";
      top_level = false;
      expanded = true;
      continue;
    }
    const Edge* edge = nullptr;
    for (const auto& candidate : edges) {
      if (candidate.from == at && candidate.field == segment) edge = &candidate;
    }
    if (!edge) return "expanding " + std::string(segment) + " is not allowed through this proxy";
    at = edge->to;
    expect_data = edge->to_list;
    top_level = false;
    expanded = true;
  }
  return expanded ? std::string{} : "names no expandable field";
}

}  // namespace stripe_proxy
