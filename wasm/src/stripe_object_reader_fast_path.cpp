// The reader's fast path (JsonEvents::object_body): a Stripe object whose
// bytes are all in the current chunk is read in one pass, without a scan event
// per token. It takes only the common case (plain ASCII keys and strings,
// integers where integers belong, skipped values wherever) and declines
// everything else, so the event handlers stay the one definition of what
// every odd input means, and errors keep their exact offsets.
#include "stripe_report/stripe_object_reader.h"

#include "json_fast_scan.h"
#include "stripe_object_fields.h"

namespace stripe_report {
namespace {

using json_fast::Byte;
using stripe_fields::Field;

}  // namespace

JsonObjectBody StripeObjectReader::object_body(std::string_view rest, std::size_t depth_left,
                                               std::size_t max_token_bytes) {
  // Only a record's own members: not an expanded object inside one.
  if (record_depth_ == 0 || depth_ != record_depth_ || expanded_field_ != Field::none) return {};
  const auto* begin = reinterpret_cast<const Byte*>(rest.data());
  const Byte* close = read_members(begin, begin + rest.size(), depth_left, max_token_bytes);
  if (close == nullptr) {
    begin_record(record_depth_);  // as start_object() left it
    return {};
  }
  return {reinterpret_cast<const char*>(close), fast_newlines_};
}

// From just after '{' to its '}' (returned), or nullptr to decline.
const unsigned char* StripeObjectReader::read_members(const unsigned char* p,
                                                      const unsigned char* end,
                                                      std::size_t depth_left,
                                                      std::size_t max_token_bytes) {
  std::uint64_t& newlines = fast_newlines_;
  newlines = 0;
  p = json_fast::skip_whitespace(p, end, newlines);
  if (p == nullptr || *p != '"') return nullptr;  // `{}` and the odd ones: events
  for (;;) {
    const Byte* name = p + 1;
    const Byte* name_end = json_fast::skip_plain(name, end);
    if (name_end == end || *name_end != '"' ||  // escapes, UTF-8: events
        static_cast<std::size_t>(name_end - name) > max_token_bytes) {
      return nullptr;
    }
    Field field = stripe_fields::field_for(
        std::string_view(reinterpret_cast<const char*>(name), static_cast<std::size_t>(name_end - name)));
    // "data" makes a top-level object a list page: that is the event path's job.
    // So does "error" a Stripe error response.
    if (field == Field::data || field == Field::error) {
      if (record_depth_ == 1) return nullptr;
      field = Field::none;
    }
    p = json_fast::skip_whitespace(name_end + 1, end, newlines);
    if (p == nullptr || *p != ':') return nullptr;
    p = json_fast::skip_whitespace(p + 1, end, newlines);
    if (p == nullptr) return nullptr;
    p = field == Field::none ? json_fast::skip_value(p, end, depth_left, newlines)
                             : read_value(field, p, end, max_token_bytes);
    if (p == nullptr) return nullptr;
    p = json_fast::skip_whitespace(p, end, newlines);
    if (p == nullptr) return nullptr;
    if (*p == '}') return p;
    if (*p != ',') return nullptr;
    p = json_fast::skip_whitespace(p + 1, end, newlines);
    if (p == nullptr || *p != '"') return nullptr;
  }
}

// A captured member's value, read as string_value / number_value /
// bool_value / null_value would for a value of the expected type; any other
// type declines (those handlers record the wrong_type error).
const unsigned char* StripeObjectReader::read_value(Field field, const unsigned char* p,
                                                    const unsigned char* end,
                                                    std::size_t max_token_bytes) {
  const Byte c = *p;
  if (c == 'n') return json_fast::skip_literal(p, end, "null");  // null reads as absent
  if (c == '"') {
    std::string_view* slot = text_member(field);
    if (slot == nullptr) return nullptr;
    const Byte* text = p + 1;
    const Byte* text_end = json_fast::skip_plain(text, end);
    const auto size = static_cast<std::size_t>(text_end - text);
    if (text_end == end || *text_end != '"' || size > max_token_bytes) return nullptr;
    // A view into the chunk: end_object() consumes it before feed() returns.
    *slot = std::string_view(reinterpret_cast<const char*>(text), size);
    mark(field);
    return text_end + 1;
  }
  if (c == '-' || json_fast::is_digit(c)) {
    std::int64_t* slot = integer_member(field);
    if (slot == nullptr) return nullptr;
    const Byte* number_end = json_fast::skip_number(p, end);
    if (number_end == nullptr || static_cast<std::size_t>(number_end - p) > max_token_bytes) {
      return nullptr;
    }
    const std::string_view raw(reinterpret_cast<const char*>(p),
                               static_cast<std::size_t>(number_end - p));
    if (stripe_fields::parse_integer(raw, *slot) != stripe_fields::IntegerParse::ok) return nullptr;
    mark(field);
    return number_end;
  }
  if ((c == 't' || c == 'f') && (field == Field::refunded || field == Field::disputed)) {
    const Byte* after = c == 't' ? json_fast::skip_literal(p, end, "true")
                                 : json_fast::skip_literal(p, end, "false");
    if (after == nullptr) return nullptr;
    (field == Field::refunded ? fields_.refunded : fields_.disputed) = c == 't';
    mark(field);
    return after;
  }
  return nullptr;  // objects, arrays and wrong types: events
}

}  // namespace stripe_report
