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
inline constexpr std::array<FieldName, 20> kFields = {{
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
    {"error", Field::error},  // a Stripe error response's one member
}};

template <std::size_t N>
inline Field match(std::string_view name, const char (&literal)[N], Field field) {
  return equals_literal(name, literal) ? field : Field::none;
}

// Called for every key of every object, and most keys are not ours: dispatch
// on the length and the first letters, so each key costs one comparison.
[[gnu::always_inline]] inline Field field_for(std::string_view name) {
  switch (name.size()) {
    case 2: return match(name, "id", Field::id);
    case 3: return name[0] == 'f' ? match(name, "fee", Field::fee) : match(name, "net", Field::net);
    case 4: return name[0] == 't' ? match(name, "type", Field::type) : match(name, "data", Field::data);
    case 5: return match(name, "error", Field::error);
    case 6:
      switch (name[0]) {
        case 'a': return match(name, "amount", Field::amount);
        case 'o': return match(name, "object", Field::object);
        case 'c': return match(name, "charge", Field::charge);
        case 's':
          return name[1] == 'o' ? match(name, "source", Field::source)
                                : match(name, "status", Field::status);
        default: return Field::none;
      }
    case 7: return match(name, "created", Field::created);
    case 8:
      switch (name[0]) {
        case 'c': return match(name, "currency", Field::currency);
        case 'r': return match(name, "refunded", Field::refunded);
        case 'd': return match(name, "disputed", Field::disputed);
        default: return Field::none;
      }
    case 12:
      return name[1] == 'v' ? match(name, "available_on", Field::available_on)
                            : match(name, "arrival_date", Field::arrival_date);
    case 15: return match(name, "amount_refunded", Field::amount_refunded);
    case 18: return match(name, "reporting_category", Field::reporting_category);
    case 19: return match(name, "balance_transaction", Field::balance_transaction);
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
