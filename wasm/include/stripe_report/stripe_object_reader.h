// Turns JSON scan events into Stripe objects: list responses
// ({"object":"list","data":[...]}), NDJSON streams of objects, and top-level
// arrays. Only the fields the report needs are captured; everything else
// (unknown fields, metadata, fee_details, nested objects) is skipped by the
// scanner without events. Objects of other types are counted and ignored.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stripe_report/currency_cache.h"
#include "stripe_report/json_scanner.h"
#include "stripe_report/parse_error.h"
#include "stripe_report/stripe_objects.h"
#include "stripe_report/transaction.h"

namespace stripe_report {

// Receives complete objects (valid only during the call: the reader reuses
// them so strings keep their capacity). Returning an error stops the stream.
class StripeObjectSink {
 public:
  virtual ~StripeObjectSink() = default;
  virtual std::optional<ParseError> balance_transaction(const Transaction& transaction) = 0;
  virtual std::optional<ParseError> charge(const ChargeRecord& charge) = 0;
  virtual std::optional<ParseError> refund(const RefundRecord& refund) = 0;
  virtual std::optional<ParseError> payout(const PayoutRecord& payout) = 0;
  virtual void ignored_object(std::string_view object_type) = 0;
};

class StripeObjectReader final : public JsonEvents {
 public:
  // `require_available_on`: balance transactions must carry available_on.
  StripeObjectReader(StripeObjectSink& sink, bool require_available_on);

  // Set once before scanning: where token offsets come from.
  void attach(const JsonScanner& scanner) { scanner_ = &scanner; }

  // The error that made a handler return `stop`, if any.
  const std::optional<ParseError>& error() const { return error_; }

  JsonAction start_object() override;
  JsonAction end_object() override;
  JsonAction start_array() override;
  JsonAction end_array() override;
  JsonAction key(std::string_view name) override;
  JsonAction string_value(std::string_view text) override;
  JsonAction number_value(std::string_view raw) override;
  JsonAction bool_value(bool value) override;
  JsonAction null_value() override;
  // The fast path: a record wholly in the chunk, read without events.
  JsonObjectBody object_body(std::string_view rest, std::size_t depth_left,
                             std::size_t max_token_bytes) override;

  enum class Field : std::uint8_t {
    none, id, object, amount, fee, net, currency, created, available_on, reporting_category,
    type, source, status, balance_transaction, charge, amount_refunded, refunded, disputed,
    arrival_date, data, expanded_id, error
  };

 private:
  // Captured fields of the object being read (the union over all types).
  struct Fields {
    // Members a balance transaction needs live in `txn`, so it is handed to
    // the sink without copies; the rest serve charges, refunds and payouts.
    // String members view the chunk (fast path) or `copies` (event path).
    Transaction txn;
    std::string_view object, status, balance_transaction, charge;
    std::string_view error_message;  // a top-level `error` member (a Stripe error response)
    std::array<std::string, 32> copies;  // by Field; they keep their capacity
    std::int64_t amount_refunded = 0, arrival_date = 0;
    bool refunded = false, disputed = false;
    std::uint32_t present = 0;  // bit per Field
    // First wrong-typed field; raised when the object's type is one we read.
    std::optional<ParseError> type_error;
    // Empties every field but keeps the strings' capacity.
    void reset();
  };

  void begin_record(std::size_t member_depth);
  // Where a captured string or integer member goes; nullptr for other fields.
  std::string_view* text_member(Field field);
  std::int64_t* integer_member(Field field);
  const unsigned char* read_members(const unsigned char* p, const unsigned char* end,
                                    std::size_t depth_left, std::size_t max_token_bytes);
  const unsigned char* read_value(Field field, const unsigned char* p, const unsigned char* end,
                                  std::size_t max_token_bytes);
  JsonAction finish_record();
  JsonAction emit(std::optional<ParseError> error);
  JsonAction wrong_type(const char* expected);
  JsonAction not_captured_as(const char* expected);
  JsonAction stop_with(ParseError error);
  std::optional<ParseError> check_required(std::initializer_list<Field> fields) const;
  std::optional<ParseError> check_currency();
  ParseError field_error(std::string code, Field field, std::string message) const;
  bool has(Field field) const { return (fields_.present >> static_cast<int>(field)) & 1U; }
  void mark(Field field) { fields_.present |= 1U << static_cast<int>(field); }
  std::uint64_t offset() const { return scanner_ ? scanner_->token_offset() : 0; }
  std::uint64_t line() const { return scanner_ ? scanner_->token_line() : 0; }

  StripeObjectSink& sink_;
  const JsonScanner* scanner_ = nullptr;
  bool require_available_on_;
  std::optional<ParseError> error_;

  std::size_t depth_ = 0;          // open containers
  std::size_t record_depth_ = 0;   // depth of the current object's members, 0 = none
  bool top_is_list_ = false;       // the top-level object holds a "data" array
  bool top_is_array_ = false;      // the top-level value is an array of objects
  std::size_t list_depth_ = 0;     // depth inside the list's data array, 0 = none
  Field field_ = Field::none;      // member whose value comes next
  Field expanded_field_ = Field::none;  // expanded object whose id we capture
  Fields fields_;
  std::uint64_t fast_newlines_ = 0;  // counted by the fast path
  CurrencyCache valid_currencies_;
  // Reused for every object, so the hot path does not allocate.
  ChargeRecord charge_;
  RefundRecord refund_;
  PayoutRecord payout_;
};

}  // namespace stripe_report
