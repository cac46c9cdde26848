#include "stripe_report/stripe_object_reader.h"

#include <array>
#include <utility>

#include "stripe_report/currency.h"
#include "stripe_object_fields.h"

namespace stripe_report {

using stripe_fields::field_for;
using stripe_fields::IntegerParse;
using stripe_fields::is_expandable;
using stripe_fields::name_of;
using stripe_fields::parse_integer;

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
  error.object_id = std::string(fields_.txn.id);
  error.field = std::string(name_of(field));
  return error;
}

void StripeObjectReader::Fields::reset() {
  for (std::string_view* text : {&txn.id, &txn.currency, &txn.reporting_category, &txn.type,
                                 &txn.source, &object, &status, &balance_transaction, &charge,
                                 &error_message}) {
    *text = {};
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
    if (is_expandable(field) || field == Field::error) {  // error: for its message
      if (field == Field::error) mark(field);
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
    const bool wanted = expanded_field_ == Field::error ? equals_literal(name, "message")
                                                        : equals_literal(name, "id");
    if (depth_ == record_depth_ + 1 && wanted) {
      field_ = Field::expanded_id;
      return JsonAction::proceed;
    }
    return JsonAction::skip;
  }
  if (record_depth_ == 0 || depth_ != record_depth_) return JsonAction::skip;
  if (record_depth_ == 1 && top_is_list_) return JsonAction::skip;
  const Field field = field_for(name);
  if (field == Field::none ||
      ((field == Field::data || field == Field::error) && record_depth_ != 1)) {
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

// A value the current member does not take in this type: ignored for members
// we do not read, a wrong_type error otherwise (`expected` names the type the
// member takes when it is neither a boolean nor this value's type).
JsonAction StripeObjectReader::not_captured_as(const char* expected) {
  switch (field_) {
    case Field::none:
    case Field::data:
      return JsonAction::proceed;
    case Field::refunded:
    case Field::disputed:
      return wrong_type("a boolean");
    default:
      return wrong_type(expected);
  }
}

JsonAction StripeObjectReader::string_value(std::string_view text) {
  if (record_depth_ == 0 || depth_ < record_depth_) {
    if (depth_ == 0 || (top_is_array_ && depth_ == 1) || (list_depth_ != 0 && depth_ == list_depth_)) {
      return stop_with({"unexpected_value", "expected a Stripe object, got a string", offset(),
                        line(), "", ""});
    }
    return JsonAction::proceed;
  }
  const Field member = field_ == Field::expanded_id ? expanded_field_ : field_;
  if (std::string_view* slot = text_member(member)) {
    // The text lives only during this call: keep a copy.
    std::string& copy = fields_.copies[static_cast<std::size_t>(member)];
    copy.assign(text);
    *slot = copy;
    mark(member);
    field_ = Field::none;
    return JsonAction::proceed;
  }
  return not_captured_as("an integer");
}

std::int64_t* StripeObjectReader::integer_member(Field field) {
  switch (field) {
    case Field::amount: return &fields_.txn.amount;
    case Field::fee: return &fields_.txn.fee;
    case Field::net: return &fields_.txn.net;
    case Field::created: return &fields_.txn.created;
    case Field::available_on: return &fields_.txn.available_on;
    case Field::amount_refunded: return &fields_.amount_refunded;
    case Field::arrival_date: return &fields_.arrival_date;
    default: return nullptr;
  }
}

std::string_view* StripeObjectReader::text_member(Field field) {
  switch (field) {
    case Field::id: return &fields_.txn.id;
    case Field::object: return &fields_.object;
    case Field::currency: return &fields_.txn.currency;
    case Field::reporting_category: return &fields_.txn.reporting_category;
    case Field::type: return &fields_.txn.type;
    case Field::status: return &fields_.status;
    case Field::source: return &fields_.txn.source;
    case Field::balance_transaction: return &fields_.balance_transaction;
    case Field::charge: return &fields_.charge;
    case Field::error: return &fields_.error_message;
    default: return nullptr;
  }
}

JsonAction StripeObjectReader::number_value(std::string_view raw) {
  if (record_depth_ == 0 || depth_ < record_depth_) {
    if (depth_ == 0 || (top_is_array_ && depth_ == 1) || (list_depth_ != 0 && depth_ == list_depth_)) {
      return stop_with({"unexpected_value", "expected a Stripe object, got a number", offset(),
                        line(), "", ""});
    }
    return JsonAction::proceed;
  }
  std::int64_t* slot = integer_member(field_);
  if (slot == nullptr) return not_captured_as("a string");
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
                     "unknown currency \"" + std::string(fields_.txn.currency) +
                         "\" (expected a lower-case ISO 4217 code)");
}

JsonAction StripeObjectReader::emit(std::optional<ParseError> error) {
  if (!error) return JsonAction::proceed;
  if (error->byte_offset == 0 && error->line == 0) {  // from the sink: point at the object's end
    error->byte_offset = offset();
    error->line = line();
  }
  const std::string what(fields_.object.empty() ? "object" : fields_.object);
  error->message = what + " " + std::string(fields_.txn.id.empty() ? "(no id)" : fields_.txn.id) + ": " +
                   error->message;
  error->object_id = std::string(fields_.txn.id);
  return stop_with(std::move(*error));
}

JsonAction StripeObjectReader::finish_record() {
  Fields& f = fields_;
  const std::string_view type = f.object;
  const bool known = equals_literal(type, "balance_transaction") ||
                     equals_literal(type, "charge") || equals_literal(type, "refund") ||
                     equals_literal(type, "payout");
  if (!has(Field::object)) {
    if (has(Field::error)) {  // {"error":{"message":..,"type":..}}: Stripe refused the request
      ParseError error = field_error("stripe_error_response", Field::error, "");
      error.message = "the input is a Stripe API error response, not data: \"" +
                      std::string(f.error_message) +
                      "\" (save the response of a request that succeeded)";
      return stop_with(std::move(error));
    }
    if (f.type_error) return emit(std::move(f.type_error));
    return emit(field_error("missing_field", Field::object,
                            "missing field `object` (cannot tell the object's type)"));
  }
  if (!known) {
    sink_.ignored_object(type);
    return JsonAction::proceed;
  }
  if (f.type_error) return emit(std::move(f.type_error));

  if (equals_literal(type, "balance_transaction")) {
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
  if (equals_literal(type, "charge")) {
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
  if (equals_literal(type, "refund")) {
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
