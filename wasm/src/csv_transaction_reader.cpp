// Itemized balance CSV rows -> Transactions. Record splitting (quotes, line
// ends, BOM, UTF-8, size bounds) is csv_record_splitter's job; this file maps
// the header's columns and converts each row's values exactly.
#include "stripe_report/csv_transaction_reader.h"

#include <array>

#include "csv_record_splitter.h"
#include "message_text.h"
#include "stripe_report/calendar.h"
#include "stripe_report/currency.h"
#include "stripe_report/decimal_amount.h"

namespace stripe_report {
namespace {

constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
constexpr std::size_t kMaxIdInMessage = 255;  // Stripe ids are < 64 bytes; rows may hold 1 MiB

enum Column : std::size_t { id, created, available_on, currency, gross, fee, net, category, source, kColumnCount };

struct ColumnSpec {
  std::string_view name;
  bool required;
};

constexpr std::array<ColumnSpec, kColumnCount> kColumns = {{
    {"balance_transaction_id", true},
    {"created_utc", true},
    {"available_on_utc", false},
    {"currency", true},
    {"gross", true},
    {"fee", true},
    {"net", true},
    {"reporting_category", true},
    {"source_id", false},
}};

// A field value for a message (valid UTF-8: the splitter checked it), kept short.
std::string quoted(std::string_view text) {
  std::string out(1, '"');  // appended piecewise: GCC 12 misreports "x" + string (-Wrestrict)
  out.append(utf8_prefix(text, 40));
  out.push_back('"');
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int two_digits(std::string_view text, std::size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); }

// "YYYY-MM-DD HH:MM:SS" (or with 'T', optionally ending in 'Z'), in UTC.
std::optional<std::int64_t> parse_utc_timestamp(std::string_view text) {
  if (text.size() == 20 && text.back() == 'Z') text.remove_suffix(1);
  if (text.size() != 19) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool ok = i == 4 || i == 7 ? c == '-'
                    : i == 10        ? (c == ' ' || c == 'T')
                    : i == 13 || i == 16 ? c == ':'
                                         : is_digit(c);
    if (!ok) return std::nullopt;
  }
  const int year = two_digits(text, 0) * 100 + two_digits(text, 2);
  const int month = two_digits(text, 5), day = two_digits(text, 8);
  const int hour = two_digits(text, 11), minute = two_digits(text, 14), second = two_digits(text, 17);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  const CivilDate date{year, static_cast<std::uint8_t>(month), static_cast<std::uint8_t>(day)};
  const std::int64_t days = days_from_civil(date);
  if (civil_from_days(days) != date) return std::nullopt;  // e.g. February 30
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

}  // namespace

struct CsvTransactionReader::State final : CsvRecordHandler {
  explicit State(Sink s) : sink(std::move(s)) {}

  Sink sink;
  CsvRecordSplitter splitter;
  std::vector<std::string> header;
  bool header_read = false;
  std::array<std::size_t, kColumnCount> column{};
  std::optional<ParseError> error;  // sticky
  bool finished = false;

  std::optional<ParseError> on_record(const CsvRecord& record) override {
    if (!header_read) return read_header(record);
    return convert_row(record);
  }

  void describe_partial_record(std::span<const std::string> fields, ParseError& e) const override {
    if (header_read && column[Column::id] < fields.size() && !fields[column[Column::id]].empty()) {
      e.object_id = utf8_prefix(fields[column[Column::id]], kMaxIdInMessage);
      e.message += " (balance_transaction_id " + e.object_id + ")";
    }
  }

  std::optional<ParseError> read_header(const CsvRecord& record) {
    header.assign(record.fields.begin(), record.fields.end());
    column.fill(kAbsent);
    for (std::size_t i = 0; i < header.size(); ++i) {
      for (std::size_t c = 0; c < kColumnCount; ++c) {
        if (header[i] != kColumns[c].name) continue;
        if (column[c] != kAbsent) {
          return header_error("csv_duplicate_column", record, c,
                              "the CSV header names column " + std::string(kColumns[c].name) + " twice");
        }
        column[c] = i;
      }
    }
    for (std::size_t c = 0; c < kColumnCount; ++c) {
      if (kColumns[c].required && column[c] == kAbsent) {
        return header_error("csv_missing_column", record, c,
                            "the CSV header has no " + std::string(kColumns[c].name) +
                                " column (needed: balance_transaction_id, created_utc, currency, "
                                "gross, fee, net, reporting_category)");
      }
    }
    header_read = true;
    return std::nullopt;
  }

  static ParseError header_error(std::string code, const CsvRecord& record, std::size_t c, std::string message) {
    ParseError e;
    e.code = std::move(code);
    e.message = std::move(message);
    e.byte_offset = record.start.byte_offset;
    e.line = record.start.line;
    e.field = std::string(kColumns[c].name);
    return e;
  }

  ParseError row_error(std::string code, const CsvRecord& record, std::size_t c, std::string message) const {
    ParseError e;
    e.code = std::move(code);
    const std::string object_id = utf8_prefix(record.fields[column[Column::id]], kMaxIdInMessage);
    e.message = std::move(message);
    if (!object_id.empty()) e.message += " (balance_transaction_id " + object_id + ")";
    e.message += " on line " + std::to_string(record.positions[column[c]].line);
    e.byte_offset = record.positions[column[c]].byte_offset;
    e.line = record.positions[column[c]].line;
    e.object_id = object_id;
    e.field = std::string(kColumns[c].name);
    return e;
  }

  // The value of a column that must not be empty.
  std::optional<ParseError> require(const CsvRecord& record, std::size_t c) const {
    if (!record.fields[column[c]].empty()) return std::nullopt;
    return row_error("missing_field", record, c, std::string(kColumns[c].name) + " is empty");
  }

  std::optional<ParseError> convert_row(const CsvRecord& record) {
    if (record.fields.size() != header.size()) {
      ParseError e;
      e.code = "csv_field_count";
      e.message = "a row on line " + std::to_string(record.start.line) + " has " +
                  std::to_string(record.fields.size()) + " fields but the header has " +
                  std::to_string(header.size());
      e.byte_offset = record.start.byte_offset;
      e.line = record.start.line;
      describe_partial_record(record.fields, e);
      return e;
    }
    for (std::size_t c : {Column::id, Column::created, Column::currency, Column::gross, Column::fee, Column::net}) {
      if (auto e = require(record, c)) return e;
    }
    if (column[Column::available_on] != kAbsent) {
      if (auto e = require(record, Column::available_on)) return e;
    }

    Transaction transaction;
    transaction.id = record.fields[column[Column::id]];

    std::string code = record.fields[column[Column::currency]];
    for (char& ch : code) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    const std::optional<int> exponent = currency_exponent(code);
    if (!exponent) {
      return row_error("unknown_currency", record, Column::currency,
                       "currency " + quoted(record.fields[column[Column::currency]]) +
                           " is not a currency Stripe supports");
    }
    transaction.currency = code;  // lives until sink() returns

    const std::array<std::pair<std::size_t, std::int64_t*>, 3> amounts = {
        {{Column::gross, &transaction.amount}, {Column::fee, &transaction.fee}, {Column::net, &transaction.net}}};
    for (const auto& [c, out] : amounts) {
      const std::string& text = record.fields[column[c]];
      const auto minor_units = parse_decimal_minor_units(text, *exponent);
      if (!minor_units) {
        return row_error("invalid_amount", record, c,
                         std::string(kColumns[c].name) + " " + quoted(text) + " is not an exact " +
                             code + " amount (" + std::to_string(*exponent) +
                             " decimals, digits and an optional '-' and '.')");
      }
      *out = *minor_units;
    }

    for (std::size_t c : {Column::created, Column::available_on}) {
      if (column[c] == kAbsent) continue;
      const std::string& text = record.fields[column[c]];
      const auto instant = parse_utc_timestamp(text);
      if (!instant) {
        return row_error("invalid_timestamp", record, c,
                         std::string(kColumns[c].name) + " " + quoted(text) +
                             " is not a UTC time like \"2024-03-31 01:30:00\"");
      }
      (c == Column::created ? transaction.created : transaction.available_on) = *instant;
    }
    if (column[Column::available_on] == kAbsent) transaction.available_on = transaction.created;

    transaction.reporting_category = record.fields[column[Column::category]];
    if (column[Column::source] != kAbsent) transaction.source = record.fields[column[Column::source]];
    sink(transaction, SourcePosition{record.start.byte_offset, record.start.line});
    return std::nullopt;
  }
};

CsvTransactionReader::CsvTransactionReader(Sink sink) : state_(std::make_unique<State>(std::move(sink))) {}
CsvTransactionReader::~CsvTransactionReader() = default;
CsvTransactionReader::CsvTransactionReader(CsvTransactionReader&&) noexcept = default;
CsvTransactionReader& CsvTransactionReader::operator=(CsvTransactionReader&&) noexcept = default;

std::optional<ParseError> CsvTransactionReader::feed(std::string_view chunk) {
  State& s = *state_;
  if (s.error) return s.error;
  if (s.finished) {
    s.error = ParseError{"csv_finished", "feed() after finish()", 0, 0, "", ""};
    return s.error;
  }
  s.error = s.splitter.feed(chunk, s);
  return s.error;
}

std::optional<ParseError> CsvTransactionReader::finish() {
  State& s = *state_;
  if (s.error || s.finished) return s.error;
  s.finished = true;
  s.error = s.splitter.finish(s);
  if (!s.error && !s.header_read) {
    s.error = ParseError{"csv_missing_column",
                         "the input has no CSV header row (needed: balance_transaction_id, created_utc, "
                         "currency, gross, fee, net, reporting_category)",
                         0, 1, "", "balance_transaction_id"};
  }
  return s.error;
}

bool CsvTransactionReader::has_column(std::string_view name) const {
  const State& s = *state_;
  if (!s.header_read) return false;
  for (const std::string& column_name : s.header) {
    if (column_name == name) return true;
  }
  return false;
}

}  // namespace stripe_report
