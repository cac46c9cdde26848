#include "stripe_report/stripe_object_reader.h"

#include <array>
#include <utility>

#include "stripe_report/currency.h"
#include "literal_match.h"

namespace stripe_report {
namespace {

using Field = StripeObjectReader::Field;

struct FieldName {
  std::string_view name;
  Field field;
};

// The members we read; every other member is skipped unseen.
constexpr std::array<FieldName, 19> kFields = {{
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

Field field_for(std::string_view name) {
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

std::string_view name_of(Field field) {
  for (const auto& entry : kFields) {
    if (entry.field == field) return entry.name;
  }
  return "id";  // Field::expanded_id
}

bool is_expandable(Field field) {
  return field == Field::source || field == Field::balance_transaction || field == Field::charge;
}

// A JSON integer (already validated JSON number text) as int64.
enum class IntegerParse { ok, not_integer, out_of_range };
IntegerParse parse_integer(std::string_view raw, std::int64_t& out) {
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

}  // namespace

StripeObjectReader::StripeObjectReader(StripeObjectSink& sink, bool require_available_on)
    : sink_(sink), require_available_on_(require_available_on) {}

JsonAction StripeObjectReader::stop_with(ParseError error) {
  error_ = std::move(error);
  return JsonAction::stop;
}

ParseError StripeObjectReader::field_error(std::string code, Field field,
                                           std::string message) const {
  ParseError error;
  error.code = std::move(code);
  error.message = std::move(message);
  error.byte_offset = offset();
  error.line = line();
  error.object_id = fields_.txn.id;
  error.field = std::string(name_of(field));
  return error;
}

void StripeObjectReader::Fields::reset() {
  for (std::string* text : {&txn.id, &txn.currency, &txn.reporting_category, &txn.type,
                            &txn.source, &object, &status, &balance_transaction, &charge}) {
    text->clear();
  }
  txn.amount = txn.fee = txn.net = txn.created = txn.available_on = 0;
  amount_refunded = arrival_date = 0;
  refunded = disputed = false;
  present = 0;
  type_error.reset();
}

void StripeObjectReader::begin_record(std::size_t member_depth) {
  record_depth_ = member_depth;
  fields_.reset();
  field_ = Field::none;
  expanded_field_ = Field::none;
}

JsonAction StripeObjectReader::start_object() {
  const Field field = std::exchange(field_, Field::none);
  if (depth_ == 0) {
    top_is_list_ = false;
    top_is_array_ = false;
    ++depth_;
    begin_record(1);
    return JsonAction::proceed;
  }
  if ((top_is_array_ && depth_ == 1 && record_depth_ == 0) ||
      (list_depth_ != 0 && depth_ == list_depth_)) {
    ++depth_;
    begin_record(depth_);
    return JsonAction::proceed;
  }
  if (field == Field::expanded_id) {
    field_ = field;
    wrong_type("a string");
    return JsonAction::skip;
  }
  if (record_depth_ != 0 && depth_ == record_depth_ && expanded_field_ == Field::none) {
    if (is_expandable(field)) {
      expanded_field_ = field;
      ++depth_;
      return JsonAction::proceed;
    }
    if (field != Field::none && field != Field::data) {
      field_ = field;
      wrong_type("a string or number, not an object");
    }
  }
  return JsonAction::skip;
}

JsonAction StripeObjectReader::end_object() {
  --depth_;
  if (expanded_field_ != Field::none && depth_ == record_depth_) {
    expanded_field_ = Field::none;
    return JsonAction::proceed;
  }
  if (record_depth_ == 0 || depth_ != record_depth_ - 1) return JsonAction::proceed;
  const bool list_page = record_depth_ == 1 && top_is_list_;
  if (record_depth_ == 1) top_is_list_ = false;
  record_depth_ = 0;
  return list_page ? JsonAction::proceed : finish_record();
}

JsonAction StripeObjectReader::start_array() {
  const Field field = std::exchange(field_, Field::none);
  if (depth_ == 0) {
    top_is_array_ = true;
    ++depth_;
    return JsonAction::proceed;
  }
  if (record_depth_ == 1 && depth_ == 1 && field == Field::data) {
    top_is_list_ = true;
    ++depth_;
    list_depth_ = depth_;
    record_depth_ = 0;
    return JsonAction::proceed;
  }
  if ((top_is_array_ && depth_ == 1 && record_depth_ == 0) ||
      (list_depth_ != 0 && depth_ == list_depth_)) {
    ParseError error{"unexpected_value", "expected a Stripe object, got an array", offset(),
                     line(), "", ""};
    return stop_with(std::move(error));
  }
  if (field == Field::expanded_id ||
      (record_depth_ != 0 && depth_ == record_depth_ && field != Field::none &&
       field != Field::data && expanded_field_ == Field::none)) {
    field_ = field;
    wrong_type("a string or number, not an array");
  }
  return JsonAction::skip;
}

JsonAction StripeObjectReader::end_array() {
  --depth_;
  if (list_depth_ != 0 && depth_ == list_depth_ - 1) {
    list_depth_ = 0;
    record_depth_ = 1;  // back among the list's own members (has_more, url): skipped
  } else if (top_is_array_ && depth_ == 0) {
    top_is_array_ = false;
  }
  return JsonAction::proceed;
}

JsonAction StripeObjectReader::key(std::string_view name) {
  if (expanded_field_ != Field::none) {
    if (depth_ == record_depth_ + 1 && name == "id") {
      field_ = Field::expanded_id;
      return JsonAction::proceed;
    }
    return JsonAction::skip;
  }
  if (record_depth_ == 0 || depth_ != record_depth_) return JsonAction::skip;
  if (record_depth_ == 1 && top_is_list_) return JsonAction::skip;
  const Field field = field_for(name);
  if (field == Field::none || (field == Field::data && record_depth_ != 1)) {
    return JsonAction::skip;
  }
  field_ = field;
  return JsonAction::proceed;
}

JsonAction StripeObjectReader::wrong_type(const char* expected) {
  if (!fields_.type_error) {
    fields_.type_error = field_error("wrong_type", field_,
                                     "field `" + std::string(name_of(field_)) + "` must be " +
                                         expected);
    if (field_ == Field::expanded_id) {
      fields_.type_error->field = std::string(name_of(expanded_field_)) + ".id";
    }
  }
  field_ = Field::none;
  return JsonAction::proceed;
}

JsonAction StripeObjectReader::string_value(std::string_view text) {
  if (record_depth_ == 0 || depth_ < record_depth_) {
    if (depth_ == 0 || (top_is_array_ && depth_ == 1) || (list_depth_ != 0 && depth_ == list_depth_)) {
      return stop_with({"unexpected_value", "expected a Stripe object, got a string", offset(),
                        line(), "", ""});
    }
    return JsonAction::proceed;
  }
  std::string* slot = nullptr;
  switch (field_) {
    case Field::id: slot = &fields_.txn.id; break;
    case Field::object: slot = &fields_.object; break;
    case Field::currency: slot = &fields_.txn.currency; break;
    case Field::reporting_category: slot = &fields_.txn.reporting_category; break;
    case Field::type: slot = &fields_.txn.type; break;
    case Field::status: slot = &fields_.status; break;
    case Field::source: slot = &fields_.txn.source; break;
    case Field::balance_transaction: slot = &fields_.balance_transaction; break;
    case Field::charge: slot = &fields_.charge; break;
    case Field::expanded_id:
      slot = expanded_field_ == Field::source ? &fields_.txn.source
           : expanded_field_ == Field::charge ? &fields_.charge
                                              : &fields_.balance_transaction;
      break;
    case Field::none:
    case Field::data:
      return JsonAction::proceed;
    case Field::refunded:
    case Field::disputed:
      return wrong_type("a boolean");
    default:
      return wrong_type("an integer");
  }
  slot->assign(text);
  mark(field_ == Field::expanded_id ? expanded_field_ : field_);
  field_ = Field::none;
  return JsonAction::proceed;
}

JsonAction StripeObjectReader::number_value(std::string_view raw) {
  if (record_depth_ == 0 || depth_ < record_depth_) {
    if (depth_ == 0 || (top_is_array_ && depth_ == 1) || (list_depth_ != 0 && depth_ == list_depth_)) {
      return stop_with({"unexpected_value", "expected a Stripe object, got a number", offset(),
                        line(), "", ""});
    }
    return JsonAction::proceed;
  }
  std::int64_t* slot = nullptr;
  switch (field_) {
    case Field::amount: slot = &fields_.txn.amount; break;
    case Field::fee: slot = &fields_.txn.fee; break;
    case Field::net: slot = &fields_.txn.net; break;
    case Field::created: slot = &fields_.txn.created; break;
    case Field::available_on: slot = &fields_.txn.available_on; break;
    case Field::amount_refunded: slot = &fields_.amount_refunded; break;
    case Field::arrival_date: slot = &fields_.arrival_date; break;
    case Field::none:
    case Field::data:
      return JsonAction::proceed;
    case Field::refunded:
    case Field::disputed:
      return wrong_type("a boolean");
    default:
      return wrong_type("a string");
  }
  switch (parse_integer(raw, *slot)) {
    case IntegerParse::ok: break;
    case IntegerParse::not_integer: return wrong_type("an integer");
    case IntegerParse::out_of_range:
      if (!fields_.type_error) {
        fields_.type_error = field_error(
            "number_out_of_range", field_,
            "field `" + std::string(name_of(field_)) + "` is outside the 64-bit integer range");
      }
      field_ = Field::none;
      return JsonAction::proceed;
  }
  mark(field_);
  field_ = Field::none;
  return JsonAction::proceed;
}

JsonAction StripeObjectReader::bool_value(bool value) {
  if (record_depth_ == 0 || depth_ < record_depth_) {
    if (depth_ == 0 || (top_is_array_ && depth_ == 1) || (list_depth_ != 0 && depth_ == list_depth_)) {
      return stop_with({"unexpected_value", "expected a Stripe object, got a boolean", offset(),
                        line(), "", ""});
    }
    return JsonAction::proceed;
  }
  switch (field_) {
    case Field::refunded: fields_.refunded = value; break;
    case Field::disputed: fields_.disputed = value; break;
    case Field::none:
    case Field::data:
      return JsonAction::proceed;
    case Field::amount: case Field::fee: case Field::net: case Field::created:
    case Field::available_on: case Field::amount_refunded: case Field::arrival_date:
      return wrong_type("an integer");
    default:
      return wrong_type("a string");
  }
  mark(field_);
  field_ = Field::none;
  return JsonAction::proceed;
}

JsonAction StripeObjectReader::null_value() {
  if (depth_ == 0 || (top_is_array_ && depth_ == 1 && record_depth_ == 0) ||
      (list_depth_ != 0 && depth_ == list_depth_)) {
    return stop_with({"unexpected_value", "expected a Stripe object, got null", offset(), line(),
                      "", ""});
  }
  field_ = Field::none;  // null reads as absent; required fields are checked at the end
  return JsonAction::proceed;
}

std::optional<ParseError> StripeObjectReader::check_required(
    std::initializer_list<Field> fields) const {
  for (const Field field : fields) {
    if (!has(field)) {
      return field_error("missing_field", field,
                         "missing field `" + std::string(name_of(field)) + "` (absent or null)");
    }
  }
  return std::nullopt;
}

std::optional<ParseError> StripeObjectReader::check_currency() {
  if (valid_currencies_.contains(fields_.txn.currency)) return std::nullopt;
  return field_error("unknown_currency", Field::currency,
                     "unknown currency \"" + fields_.txn.currency +
                         "\" (expected a lower-case ISO 4217 code)");
}

JsonAction StripeObjectReader::emit(std::optional<ParseError> error) {
  if (!error) return JsonAction::proceed;
  if (error->byte_offset == 0 && error->line == 0) {  // from the sink: point at the object's end
    error->byte_offset = offset();
    error->line = line();
  }
  const std::string what = fields_.object.empty() ? "object" : fields_.object;
  error->message = what + " " + (fields_.txn.id.empty() ? "(no id)" : fields_.txn.id) + ": " +
                   error->message;
  error->object_id = fields_.txn.id;
  return stop_with(std::move(*error));
}

JsonAction StripeObjectReader::finish_record() {
  Fields& f = fields_;
  const std::string_view type = f.object;
  const bool known = type == "balance_transaction" || type == "charge" || type == "refund" ||
                     type == "payout";
  if (!has(Field::object)) {
    if (f.type_error) return emit(std::move(f.type_error));
    return emit(field_error("missing_field", Field::object,
                            "missing field `object` (cannot tell the object's type)"));
  }
  if (!known) {
    sink_.ignored_object(type);
    return JsonAction::proceed;
  }
  if (f.type_error) return emit(std::move(f.type_error));

  if (type == "balance_transaction") {
    if (auto e = check_required({Field::id, Field::amount, Field::fee, Field::net,
                                 Field::currency, Field::created})) {
      return emit(std::move(e));
    }
    if (require_available_on_) {
      if (auto e = check_required({Field::available_on})) return emit(std::move(e));
    }
    if (!has(Field::reporting_category) && !has(Field::type)) {
      return emit(field_error("missing_field", Field::reporting_category,
                              "missing fields `reporting_category` and `type`"));
    }
    if (auto e = check_currency()) return emit(std::move(e));
    return emit(sink_.balance_transaction(f.txn));
  }
  if (type == "charge") {
    if (auto e = check_required({Field::id, Field::amount, Field::currency, Field::created})) {
      return emit(std::move(e));
    }
    if (auto e = check_currency()) return emit(std::move(e));
    ChargeRecord& c = charge_;
    c.id = f.txn.id;
    c.currency = f.txn.currency;
    c.status = f.status;
    c.balance_transaction = f.balance_transaction;
    c.amount = f.txn.amount;
    c.amount_refunded = f.amount_refunded;
    c.created = f.txn.created;
    c.refunded = f.refunded;
    c.disputed = f.disputed;
    return emit(sink_.charge(c));
  }
  if (type == "refund") {
    if (auto e = check_required({Field::id, Field::amount, Field::currency, Field::created})) {
      return emit(std::move(e));
    }
    if (auto e = check_currency()) return emit(std::move(e));
    RefundRecord& r = refund_;
    r.id = f.txn.id;
    r.currency = f.txn.currency;
    r.status = f.status;
    r.charge = f.charge;
    r.amount = f.txn.amount;
    r.created = f.txn.created;
    return emit(sink_.refund(r));
  }
  if (auto e = check_required({Field::id, Field::amount, Field::currency, Field::created,
                               Field::arrival_date})) {
    return emit(std::move(e));
  }
  if (auto e = check_currency()) return emit(std::move(e));
  PayoutRecord& p = payout_;
  p.id = f.txn.id;
  p.currency = f.txn.currency;
  p.status = f.status;
  p.amount = f.txn.amount;
  p.created = f.txn.created;
  p.arrival_date = f.arrival_date;
  return emit(sink_.payout(p));
}

}  // namespace stripe_report
