// The members the Stripe object reader captures, and how it reads their
// values: shared by its event handlers and its fast path.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "literal_match.h"
#include "stripe_report/stripe_object_reader.h"

namespace stripe_report::stripe_fields {

using Field = StripeObjectReader::Field;

struct FieldName {
  std::string_view name;
  Field field;
};

// The members we read; every other member is skipped unseen.
inline constexpr std::array<FieldName, 19> kFields = {{
    {"id", Field::id},
    {"object", Field::object},
    {"amount", Field::amount},
    {"fee", Field::fee},
    {"net", Field::net},
    {"currency", Field::currency},
    {"created", Field::created},
    {"available_on", Field::available_on},
    {"reporting_category", Field::reporting_category},
    {"type", Field::type},
    {"source", Field::source},
    {"status", Field::status},
    {"balance_transaction", Field::balance_transaction},
    {"charge", Field::charge},
    {"amount_refunded", Field::amount_refunded},
    {"refunded", Field::refunded},
    {"disputed", Field::disputed},
    {"arrival_date", Field::arrival_date},
    {"data", Field::data},
}};

inline Field field_for(std::string_view name) {
  // Most keys of a Stripe object are not ours: dispatch on the length so each
  // key is compared with at most five names of the same size.
  switch (name.size()) {
    case 2: return equals_literal(name, "id") ? Field::id : Field::none;
    case 3: return equals_literal(name, "fee") ? Field::fee : equals_literal(name, "net") ? Field::net : Field::none;
    case 4: return equals_literal(name, "type") ? Field::type : equals_literal(name, "data") ? Field::data : Field::none;
    case 6:
      return equals_literal(name, "amount") ? Field::amount
           : equals_literal(name, "object") ? Field::object
           : equals_literal(name, "source") ? Field::source
           : equals_literal(name, "status") ? Field::status
           : equals_literal(name, "charge") ? Field::charge
                              : Field::none;
    case 7: return equals_literal(name, "created") ? Field::created : Field::none;
    case 8:
      return equals_literal(name, "currency") ? Field::currency
           : equals_literal(name, "refunded") ? Field::refunded
           : equals_literal(name, "disputed") ? Field::disputed
                                : Field::none;
    case 12:
      return equals_literal(name, "available_on") ? Field::available_on
           : equals_literal(name, "arrival_date") ? Field::arrival_date
                                    : Field::none;
    case 15: return equals_literal(name, "amount_refunded") ? Field::amount_refunded : Field::none;
    case 18: return equals_literal(name, "reporting_category") ? Field::reporting_category : Field::none;
    case 19: return equals_literal(name, "balance_transaction") ? Field::balance_transaction : Field::none;
    default: return Field::none;
  }
}

inline std::string_view name_of(Field field) {
  for (const auto& entry : kFields) {
    if (entry.field == field) return entry.name;
  }
  return "id";  // Field::expanded_id
}

inline bool is_expandable(Field field) {
  return field == Field::source || field == Field::balance_transaction || field == Field::charge;
}

// A JSON integer (already validated JSON number text) as int64.
enum class IntegerParse { ok, not_integer, out_of_range };
inline IntegerParse parse_integer(std::string_view raw, std::int64_t& out) {
  const bool negative = !raw.empty() && raw.front() == '-';
  std::uint64_t magnitude = 0;
  const std::uint64_t limit = negative ? 9223372036854775808ULL : 9223372036854775807ULL;
  for (std::size_t i = negative ? 1 : 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c < '0' || c > '9') return IntegerParse::not_integer;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (magnitude > (limit - digit) / 10) return IntegerParse::out_of_range;
    magnitude = magnitude * 10 + digit;
  }
  out = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
  return IntegerParse::ok;
}

}  // namespace stripe_report::stripe_fields
