// A resumable, streaming JSON scanner for the data path: chunks may split the
// input anywhere (inside strings, escapes, surrogate pairs, numbers, literals,
// UTF-8 sequences). It validates JSON (RFC 8259) and UTF-8 fully, reports byte
// offsets, and keeps memory bounded (a depth limit and a token size limit).
// It accepts a sequence of top-level values separated by whitespace (at least
// one byte), so NDJSON and concatenated pages scan as one stream.
//
// Events go to a JsonEvents handler, which may skip the next value (unknown
// fields and nested objects then cost a validation pass and no events) or stop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stripe_report {

enum class JsonAction : std::uint8_t {
  proceed,  // deliver the value's events
  skip,     // validate the value but deliver no events for it
  stop,     // abort scanning; feed() returns false and stopped() is true
};

// What a handler's fast path read of an object's members (see object_body).
struct JsonObjectBody {
  const char* close = nullptr;  // the object's closing '}'; nullptr: declined
  std::uint64_t newlines = 0;   // among the bytes read
};

// Receives scan events. Strings are decoded (escapes resolved, UTF-8);
// numbers come as their raw validated JSON text. Views are valid only during
// the call.
class JsonEvents {
 public:
  virtual ~JsonEvents() = default;
  // `skip` here skips the whole container (start_* is still the last event for it).
  virtual JsonAction start_object() = 0;
  virtual JsonAction end_object() = 0;
  virtual JsonAction start_array() = 0;
  virtual JsonAction end_array() = 0;
  // `skip` here skips the member's value.
  virtual JsonAction key(std::string_view name) = 0;
  virtual JsonAction string_value(std::string_view text) = 0;
  virtual JsonAction number_value(std::string_view raw) = 0;
  virtual JsonAction bool_value(bool value) = 0;
  virtual JsonAction null_value() = 0;

  // Optional fast path, offered right after start_object() returned `proceed`
  // with `rest`, the current chunk after the '{'. A handler may read all the
  // members itself (validating them exactly as the scanner would; the
  // primitives in src/json_fast_scan.h do) and return where the closing '}'
  // is: end_object() follows as usual. Declining, the default, means member
  // events as usual; a handler that declines must be as start_object() left it.
  // `depth_left`: how many more containers may open inside; strings and
  // numbers it delivers would be limited to `max_token_bytes`.
  virtual JsonObjectBody object_body(std::string_view rest, std::size_t depth_left,
                                     std::size_t max_token_bytes) {
    (void)rest;
    (void)depth_left;
    (void)max_token_bytes;
    return {};
  }
};

struct JsonLimits {
  std::size_t max_depth = 64;            // nested objects/arrays
  std::size_t max_token_bytes = 65536;   // decoded size of a delivered string or number
};

struct JsonScanError {
  std::string code;  // invalid_json, invalid_utf8, too_deep, token_too_large, truncated
  std::string message;
  std::uint64_t byte_offset = 0;  // offset of the offending byte in the whole stream
  std::uint64_t line = 1;         // 1-based
};

class JsonScanner {
 public:
  explicit JsonScanner(JsonEvents& events, JsonLimits limits = {});

  // Scans the next chunk. Returns false once an error occurred (see error())
  // or the handler stopped; every later call then returns false at once.
  bool feed(std::string_view chunk);

  // End of input: the last value must be complete. Returns false on error.
  bool finish();

  const std::optional<JsonScanError>& error() const { return error_; }
  bool stopped() const { return stopped_; }

  // Offset and line of the first byte of the token whose event is being
  // delivered (for a handler's own error reports).
  std::uint64_t token_offset() const { return token_offset_; }
  std::uint64_t token_line() const { return token_line_; }
  std::size_t depth() const { return stack_.size(); }
  // Bytes consumed so far (all chunks together).
  std::uint64_t bytes_consumed() const { return consumed_; }
  // Top-level values completed so far.
  std::uint64_t documents() const { return documents_; }

 private:
  enum class Mode : std::uint8_t { structure, string, number, literal };
  enum class Expect : std::uint8_t {
    value, value_or_array_end, key_or_object_end, key, colon, comma_or_end, separator
  };
  enum class EscapeState : std::uint8_t { none, backslash, hex, low_backslash, low_u, low_hex };
  enum class NumberState : std::uint8_t {
    minus, zero, integer, dot, fraction, exponent_mark, exponent_sign, exponent
  };

  const unsigned char* scan_structure(const unsigned char* p, const unsigned char* end);
  const unsigned char* take_separator(const unsigned char* p, const unsigned char* end);
  const unsigned char* scan_simple_string(const unsigned char* quote_at, const unsigned char* end);
  const unsigned char* scan_string(const unsigned char* p, const unsigned char* end);
  const unsigned char* scan_escape(const unsigned char* p, const unsigned char* end);
  const unsigned char* scan_number(const unsigned char* p, const unsigned char* end);
  const unsigned char* scan_literal(const unsigned char* p, const unsigned char* end);

  bool begin_container(char kind, const unsigned char* at);
  bool end_container(char kind, const unsigned char* at);
  void begin_token(const unsigned char* at);
  bool deliver_string(std::string_view text);
  bool deliver_number(std::string_view raw);
  bool deliver_literal();
  bool after_event(JsonAction action, bool opens_container);
  void after_value();
  bool append_token(const unsigned char* from, const unsigned char* to);
  void append_code_point(std::uint32_t code_point);
  bool fail(const char* code, std::string message, const unsigned char* at);
  bool fail_at_offset(const char* code, std::string message, std::uint64_t offset);
  std::uint64_t offset_of(const unsigned char* at) const;
  bool delivering() const { return skip_depth_ == kNotSkipping; }

  static constexpr std::size_t kNotSkipping = static_cast<std::size_t>(-1);

  JsonEvents& events_;
  JsonLimits limits_;
  std::optional<JsonScanError> error_;
  bool stopped_ = false;

  Mode mode_ = Mode::structure;
  Expect expect_ = Expect::value;
  std::string stack_;  // '{' or '[' per open container
  std::size_t skip_depth_ = kNotSkipping;

  // Current chunk and stream position.
  const unsigned char* chunk_begin_ = nullptr;
  std::uint64_t chunk_offset_ = 0;  // stream offset of chunk_begin_
  std::uint64_t consumed_ = 0;
  std::uint64_t line_ = 1;
  std::uint64_t documents_ = 0;

  // Current token.
  std::uint64_t token_offset_ = 0;
  std::uint64_t token_line_ = 1;
  const unsigned char* segment_begin_ = nullptr;  // undelivered raw bytes in this chunk
  bool token_buffered_ = false;  // true once part of the token lives in token_
  std::string token_;
  bool string_is_key_ = false;
  EscapeState escape_ = EscapeState::none;
  int hex_digits_ = 0;
  std::uint32_t hex_value_ = 0;
  std::uint32_t high_surrogate_ = 0;
  int utf8_remaining_ = 0;
  unsigned char utf8_low_ = 0x80;   // valid range of the next continuation byte
  unsigned char utf8_high_ = 0xBF;
  NumberState number_ = NumberState::minus;
  const char* literal_ = nullptr;  // "true", "false" or "null"
  std::size_t literal_index_ = 0;
};

}  // namespace stripe_report
