#include "stripe_report/json_scanner.h"

#include <utility>

#include "json_fast_scan.h"

namespace stripe_report {
namespace {

using json_fast::is_digit;
using json_fast::kStringClasses;
using json_fast::skip_plain;
using json_fast::hex_digit;

std::string describe_byte(unsigned char c) {
  if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string("byte 0x") + kHex[c >> 4] + kHex[c & 15];
}

}  // namespace

JsonScanner::JsonScanner(JsonEvents& events, JsonLimits limits)
    : events_(events), limits_(limits) {
  stack_.reserve(limits_.max_depth);
}

std::uint64_t JsonScanner::offset_of(const unsigned char* at) const {
  return chunk_offset_ + static_cast<std::uint64_t>(at - chunk_begin_);
}

bool JsonScanner::fail_at_offset(const char* code, std::string message, std::uint64_t offset) {
  error_ = JsonScanError{code, std::move(message), offset, line_};
  return false;
}

bool JsonScanner::fail(const char* code, std::string message, const unsigned char* at) {
  return fail_at_offset(code, std::move(message), offset_of(at));
}

bool JsonScanner::feed(std::string_view chunk) {
  if (error_ || stopped_) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(chunk.data());
  const auto* end = p + chunk.size();
  chunk_begin_ = p;
  chunk_offset_ = consumed_;
  segment_begin_ = p;  // a token that continues from the last chunk resumes here
  while (p != end) {
    switch (mode_) {
      case Mode::structure: p = scan_structure(p, end); break;
      case Mode::string: p = scan_string(p, end); break;
      case Mode::number: p = scan_number(p, end); break;
      case Mode::literal: p = scan_literal(p, end); break;
    }
    if (p == nullptr) return false;
  }
  // Keep the unfinished token's bytes: the chunk's memory is the caller's.
  if (delivering() && ((mode_ == Mode::string && escape_ == EscapeState::none) ||
                       mode_ == Mode::number)) {
    if (!append_token(segment_begin_, end)) return false;
  }
  consumed_ += chunk.size();
  return true;
}

bool JsonScanner::finish() {
  if (error_ || stopped_) return false;
  chunk_begin_ = nullptr;
  chunk_offset_ = consumed_;
  if (mode_ == Mode::number) {
    const bool complete = number_ == NumberState::zero || number_ == NumberState::integer ||
                          number_ == NumberState::fraction || number_ == NumberState::exponent;
    if (!complete) return fail_at_offset("truncated", "input ends inside a number", consumed_);
    mode_ = Mode::structure;
    if (!deliver_number(token_)) return false;
  }
  if (mode_ == Mode::string) {
    return fail_at_offset("truncated", "input ends inside a string", consumed_);
  }
  if (mode_ == Mode::literal) {
    return fail_at_offset("truncated", "input ends inside a literal", consumed_);
  }
  if (!stack_.empty()) {
    return fail_at_offset("truncated",
                          stack_.back() == '{' ? "input ends inside an object"
                                               : "input ends inside an array",
                          consumed_);
  }
  return true;
}

const unsigned char* JsonScanner::scan_structure(const unsigned char* p,
                                                 const unsigned char* end) {
  while (p != end) {
    const unsigned char c = *p;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (c == '\n') ++line_;
      if (expect_ == Expect::separator) expect_ = Expect::value;
      ++p;
      continue;
    }
    switch (expect_) {
      case Expect::separator:
        fail("invalid_json",
             "unexpected " + describe_byte(c) + " after a top-level value (expected a newline)", p);
        return nullptr;
      case Expect::value_or_array_end:
        if (c == ']') return end_container('[', p) ? p + 1 : nullptr;
        [[fallthrough]];
      case Expect::value:
        if (c == '{' || c == '[') {
          if (!delivering()) {
            // A skipped container wholly in this chunk: one tight validating pass.
            std::uint64_t newlines = 0;
            if (const unsigned char* after = json_fast::skip_value(
                    p, end, limits_.max_depth - stack_.size(), newlines)) {
              line_ += newlines;
              after_value();
              p = take_separator(after, end);
              continue;
            }
          }
          if (!begin_container(static_cast<char>(c), p)) return nullptr;
          if (c == '{' && delivering()) {
            const JsonObjectBody body = events_.object_body(
                std::string_view(reinterpret_cast<const char*>(p + 1),
                                 static_cast<std::size_t>(end - p - 1)),
                limits_.max_depth - stack_.size(), limits_.max_token_bytes);
            if (body.close != nullptr) {  // the handler read the members; '}' is next
              line_ += body.newlines;
              expect_ = Expect::comma_or_end;
              return reinterpret_cast<const unsigned char*>(body.close);
            }
          }
          return p + 1;
        }
        begin_token(p);
        if (c == '"') {
          string_is_key_ = false;
          const unsigned char* next = scan_simple_string(p, end);
          if (next == nullptr) return nullptr;
          if (mode_ == Mode::string) return next;
          p = take_separator(next, end);
          continue;
        }
        if (c == '-' || is_digit(c)) {
          // Fast path: an integer that ends inside this chunk.
          const unsigned char* q = p + (c == '-' ? 1 : 0);
          if (q != end && is_digit(*q)) {
            if (*q == '0') {
              ++q;
            } else {
              while (q != end && is_digit(*q)) ++q;
            }
            if (q != end && *q != '.' && *q != 'e' && *q != 'E' && !is_digit(*q)) {
              if (!deliver_number(std::string_view(reinterpret_cast<const char*>(p),
                                                   static_cast<std::size_t>(q - p)))) {
                return nullptr;
              }
              p = take_separator(q, end);
              continue;
            }
          }
          mode_ = Mode::number;
          number_ = c == '-' ? NumberState::minus
                  : c == '0' ? NumberState::zero
                             : NumberState::integer;
          segment_begin_ = p;
          return p + 1;
        }
        if (c == 't' || c == 'f' || c == 'n') {
          mode_ = Mode::literal;
          literal_ = c == 't' ? "true" : c == 'f' ? "false" : "null";
          literal_index_ = 1;
          return p + 1;
        }
        fail("invalid_json", "unexpected " + describe_byte(c) + ", expected a value", p);
        return nullptr;
      case Expect::key_or_object_end:
        if (c == '}') return end_container('{', p) ? p + 1 : nullptr;
        [[fallthrough]];
      case Expect::key:
        if (c != '"') {
          fail("invalid_json", "unexpected " + describe_byte(c) + ", expected an object key", p);
          return nullptr;
        }
        begin_token(p);
        string_is_key_ = true;
        {
          const unsigned char* next = scan_simple_string(p, end);
          if (next == nullptr) return nullptr;
          if (mode_ == Mode::string) return next;
          p = take_separator(next, end);
        }
        continue;
      case Expect::colon:
        if (c != ':') {
          fail("invalid_json", "unexpected " + describe_byte(c) + ", expected ':'", p);
          return nullptr;
        }
        expect_ = Expect::value;
        ++p;
        continue;
      case Expect::comma_or_end:
        if (c == ',') {
          expect_ = stack_.back() == '{' ? Expect::key : Expect::value;
          ++p;
          continue;
        }
        if (c == '}' || c == ']') {
          if (static_cast<char>(c == '}' ? '{' : '[') != stack_.back()) {
            fail("invalid_json", "mismatched " + describe_byte(c), p);
            return nullptr;
          }
          return end_container(stack_.back(), p) ? p + 1 : nullptr;
        }
        fail("invalid_json",
             "unexpected " + describe_byte(c) +
                 (stack_.back() == '{' ? ", expected ',' or '}'" : ", expected ',' or ']'"),
             p);
        return nullptr;
    }
  }
  return p;
}

// After a key or value scanned on the fast path: most are followed directly by
// ':' or ',', so take it here and save the structural loop a dispatch.
const unsigned char* JsonScanner::take_separator(const unsigned char* p,
                                                 const unsigned char* end) {
  if (p == end) return p;
  if (*p == ':' && expect_ == Expect::colon) {
    expect_ = Expect::value;
    return p + 1;
  }
  if (*p == ',' && expect_ == Expect::comma_or_end) {
    expect_ = stack_.back() == '{' ? Expect::key : Expect::value;
    return p + 1;
  }
  return p;
}

// Fast path for the common string: plain ASCII ending inside this chunk, no
// escapes. Delivers it and returns the byte after the closing quote; otherwise
// switches to Mode::string (resumable) and returns where that should go on.
const unsigned char* JsonScanner::scan_simple_string(const unsigned char* quote_at,
                                                     const unsigned char* end) {
  const unsigned char* begin = quote_at + 1;
  const unsigned char* q = skip_plain(begin, end);
  if (q != end && *q == '"') {
    const bool ok = deliver_string(std::string_view(reinterpret_cast<const char*>(begin),
                                                    static_cast<std::size_t>(q - begin)));
    return ok ? q + 1 : nullptr;
  }
  mode_ = Mode::string;
  segment_begin_ = begin;
  return q;  // bytes before q are plain and belong to the segment
}

const unsigned char* JsonScanner::scan_string(const unsigned char* p, const unsigned char* end) {
  while (p != end) {
    if (utf8_remaining_ != 0) {
      const unsigned char c = *p;
      if (c < utf8_low_ || c > utf8_high_) {
        fail("invalid_utf8", "invalid UTF-8 continuation " + describe_byte(c) + " in a string", p);
        return nullptr;
      }
      utf8_low_ = 0x80;
      utf8_high_ = 0xBF;
      --utf8_remaining_;
      ++p;
      continue;
    }
    if (escape_ != EscapeState::none) {
      p = scan_escape(p, end);
      if (p == nullptr) return nullptr;
      continue;
    }
    p = skip_plain(p, end);
    if (p == end) break;
    const unsigned char c = *p;
    switch (kStringClasses[c]) {
      case json_fast::quote: {
        mode_ = Mode::structure;
        bool ok;
        if (token_buffered_) {
          ok = !delivering() || append_token(segment_begin_, p);
          ok = ok && deliver_string(token_);
        } else {
          ok = deliver_string(std::string_view(reinterpret_cast<const char*>(segment_begin_),
                                               static_cast<std::size_t>(p - segment_begin_)));
        }
        return ok ? p + 1 : nullptr;
      }
      case json_fast::backslash:
        if (delivering() && !append_token(segment_begin_, p)) return nullptr;
        token_buffered_ = true;
        escape_ = EscapeState::backslash;
        ++p;
        break;
      case json_fast::control:
        fail("invalid_json", "unescaped control character " + describe_byte(c) + " in a string",
             p);
        return nullptr;
      case json_fast::lead2:
        utf8_remaining_ = 1;
        ++p;
        break;
      case json_fast::lead3:
        utf8_remaining_ = 2;
        if (c == 0xE0) utf8_low_ = 0xA0;   // no overlong forms
        if (c == 0xED) utf8_high_ = 0x9F;  // no UTF-16 surrogates
        ++p;
        break;
      case json_fast::lead4:
        utf8_remaining_ = 3;
        if (c == 0xF0) utf8_low_ = 0x90;   // no overlong forms
        if (c == 0xF4) utf8_high_ = 0x8F;  // nothing above U+10FFFF
        ++p;
        break;
      default:
        fail("invalid_utf8", "invalid UTF-8 " + describe_byte(c) + " in a string", p);
        return nullptr;
    }
  }
  return p;
}

const unsigned char* JsonScanner::scan_escape(const unsigned char* p, const unsigned char* end) {
  while (p != end && escape_ != EscapeState::none) {
    const unsigned char c = *p;
    switch (escape_) {
      case EscapeState::none:
        break;
      case EscapeState::backslash: {
        char decoded = 0;
        switch (c) {
          case '"': decoded = '"'; break;
          case '\\': decoded = '\\'; break;
          case '/': decoded = '/'; break;
          case 'b': decoded = '\b'; break;
          case 'f': decoded = '\f'; break;
          case 'n': decoded = '\n'; break;
          case 'r': decoded = '\r'; break;
          case 't': decoded = '\t'; break;
          case 'u':
            escape_ = EscapeState::hex;
            hex_digits_ = 0;
            hex_value_ = 0;
            ++p;
            continue;
          default:
            fail("invalid_json", "invalid escape \\" + describe_byte(c) + " in a string", p);
            return nullptr;
        }
        append_code_point(static_cast<unsigned char>(decoded));
        escape_ = EscapeState::none;
        ++p;
        break;
      }
      case EscapeState::hex:
      case EscapeState::low_hex: {
        const int digit = hex_digit(c);
        if (digit < 0) {
          fail("invalid_json", "invalid \\u escape: " + describe_byte(c) + " is not a hex digit",
               p);
          return nullptr;
        }
        hex_value_ = hex_value_ * 16 + static_cast<std::uint32_t>(digit);
        ++p;
        if (++hex_digits_ < 4) continue;
        const std::uint32_t unit = hex_value_;
        if (escape_ == EscapeState::low_hex) {
          if (unit < 0xDC00 || unit > 0xDFFF) {
            fail("invalid_json", "high surrogate not followed by a low surrogate", p - 1);
            return nullptr;
          }
          append_code_point(0x10000 + ((high_surrogate_ - 0xD800) << 10) + (unit - 0xDC00));
          escape_ = EscapeState::none;
        } else if (unit >= 0xD800 && unit <= 0xDBFF) {
          high_surrogate_ = unit;
          escape_ = EscapeState::low_backslash;
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
          fail("invalid_json", "low surrogate \\u escape without a high surrogate", p - 1);
          return nullptr;
        } else {
          append_code_point(unit);
          escape_ = EscapeState::none;
        }
        break;
      }
      case EscapeState::low_backslash:
      case EscapeState::low_u:
        if (c != (escape_ == EscapeState::low_backslash ? '\\' : 'u')) {
          fail("invalid_json", "high surrogate not followed by a \\u low surrogate", p);
          return nullptr;
        }
        if (escape_ == EscapeState::low_u) {
          hex_digits_ = 0;
          hex_value_ = 0;
        }
        escape_ = escape_ == EscapeState::low_backslash ? EscapeState::low_u
                                                        : EscapeState::low_hex;
        ++p;
        break;
    }
  }
  if (escape_ == EscapeState::none) {
    segment_begin_ = p;
    if (delivering() && token_.size() > limits_.max_token_bytes) {
      fail_at_offset("token_too_large", "a string is longer than the token limit", token_offset_);
      return nullptr;
    }
  }
  return p;
}

const unsigned char* JsonScanner::scan_number(const unsigned char* p, const unsigned char* end) {
  while (p != end) {
    const unsigned char c = *p;
    switch (number_) {
      case NumberState::minus:
        if (!is_digit(c)) {
          fail("invalid_json", "expected a digit after '-', got " + describe_byte(c), p);
          return nullptr;
        }
        number_ = c == '0' ? NumberState::zero : NumberState::integer;
        ++p;
        continue;
      case NumberState::integer:
        while (p != end && is_digit(*p)) ++p;
        if (p == end) return p;
        [[fallthrough]];
      case NumberState::zero:
        if (*p == '.') { number_ = NumberState::dot; ++p; continue; }
        if (*p == 'e' || *p == 'E') { number_ = NumberState::exponent_mark; ++p; continue; }
        break;  // the number ends before *p
      case NumberState::dot:
        if (!is_digit(c)) {
          fail("invalid_json", "expected a digit after '.', got " + describe_byte(c), p);
          return nullptr;
        }
        number_ = NumberState::fraction;
        ++p;
        continue;
      case NumberState::fraction:
        while (p != end && is_digit(*p)) ++p;
        if (p == end) return p;
        if (*p == 'e' || *p == 'E') { number_ = NumberState::exponent_mark; ++p; continue; }
        break;
      case NumberState::exponent_mark:
        if (c == '+' || c == '-') { number_ = NumberState::exponent_sign; ++p; continue; }
        [[fallthrough]];
      case NumberState::exponent_sign:
        if (!is_digit(c)) {
          fail("invalid_json", "expected a digit in the exponent, got " + describe_byte(c), p);
          return nullptr;
        }
        number_ = NumberState::exponent;
        ++p;
        continue;
      case NumberState::exponent:
        while (p != end && is_digit(*p)) ++p;
        if (p == end) return p;
        break;
    }
    // The number ended just before p; p is scanned as structure next.
    mode_ = Mode::structure;
    bool ok;
    if (token_buffered_) {
      ok = !delivering() || append_token(segment_begin_, p);
      ok = ok && deliver_number(token_);
    } else {
      ok = deliver_number(std::string_view(reinterpret_cast<const char*>(segment_begin_),
                                           static_cast<std::size_t>(p - segment_begin_)));
    }
    return ok ? p : nullptr;
  }
  return p;
}

const unsigned char* JsonScanner::scan_literal(const unsigned char* p, const unsigned char* end) {
  while (p != end) {
    if (static_cast<unsigned char>(literal_[literal_index_]) != *p) {
      fail("invalid_json", "invalid literal (expected '" + std::string(literal_) + "')", p);
      return nullptr;
    }
    ++p;
    if (literal_[++literal_index_] == '\0') {
      mode_ = Mode::structure;
      return deliver_literal() ? p : nullptr;
    }
  }
  return p;
}

void JsonScanner::begin_token(const unsigned char* at) {
  token_offset_ = offset_of(at);
  token_line_ = line_;
  token_.clear();
  token_buffered_ = false;
}

bool JsonScanner::append_token(const unsigned char* from, const unsigned char* to) {
  token_.append(reinterpret_cast<const char*>(from), static_cast<std::size_t>(to - from));
  token_buffered_ = true;
  if (token_.size() > limits_.max_token_bytes) {
    return fail_at_offset("token_too_large",
                          mode_ == Mode::number ? "a number is longer than the token limit"
                                                : "a string is longer than the token limit",
                          token_offset_);
  }
  return true;
}

void JsonScanner::append_code_point(std::uint32_t code_point) {
  if (!delivering()) return;
  if (code_point < 0x80) {
    token_.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    token_.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    token_.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    token_.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    token_.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    token_.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    token_.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    token_.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    token_.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    token_.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

bool JsonScanner::begin_container(char kind, const unsigned char* at) {
  if (stack_.size() >= limits_.max_depth) {
    return fail("too_deep",
                "nesting deeper than " + std::to_string(limits_.max_depth) + " levels", at);
  }
  stack_.push_back(kind);
  expect_ = kind == '{' ? Expect::key_or_object_end : Expect::value_or_array_end;
  if (!delivering()) return true;
  token_offset_ = offset_of(at);
  token_line_ = line_;
  return after_event(kind == '{' ? events_.start_object() : events_.start_array(), true);
}

bool JsonScanner::end_container(char kind, const unsigned char* at) {
  if (delivering()) {
    token_offset_ = offset_of(at);
    token_line_ = line_;
    stack_.pop_back();
    if (!after_event(kind == '{' ? events_.end_object() : events_.end_array(), false)) {
      return false;
    }
  } else {
    stack_.pop_back();
  }
  after_value();
  return true;
}

bool JsonScanner::deliver_string(std::string_view text) {
  if (delivering() && text.size() > limits_.max_token_bytes) {
    return fail_at_offset("token_too_large", "a string is longer than the token limit",
                          token_offset_);
  }
  if (string_is_key_) {
    expect_ = Expect::colon;
    if (!delivering()) return true;
    const JsonAction action = events_.key(text);
    if (action == JsonAction::stop) {
      stopped_ = true;
      return false;
    }
    if (action == JsonAction::skip) skip_depth_ = stack_.size();
    return true;
  }
  if (delivering() && !after_event(events_.string_value(text), false)) return false;
  after_value();
  return true;
}

bool JsonScanner::deliver_number(std::string_view raw) {
  if (delivering()) {
    if (raw.size() > limits_.max_token_bytes) {
      return fail_at_offset("token_too_large", "a number is longer than the token limit",
                            token_offset_);
    }
    if (!after_event(events_.number_value(raw), false)) return false;
  }
  after_value();
  return true;
}

bool JsonScanner::deliver_literal() {
  if (delivering()) {
    const JsonAction action =
        literal_[0] == 'n' ? events_.null_value() : events_.bool_value(literal_[0] == 't');
    if (!after_event(action, false)) return false;
  }
  after_value();
  return true;
}

bool JsonScanner::after_event(JsonAction action, bool opens_container) {
  if (action == JsonAction::stop) {
    stopped_ = true;
    return false;
  }
  if (action == JsonAction::skip && opens_container) skip_depth_ = stack_.size() - 1;
  return true;
}

void JsonScanner::after_value() {
  if (skip_depth_ == stack_.size()) skip_depth_ = kNotSkipping;
  if (stack_.empty()) {
    ++documents_;
    expect_ = Expect::separator;
  } else {
    expect_ = Expect::comma_or_end;
  }
}

}  // namespace stripe_report
