// RFC 4180 record splitting for a byte stream fed in chunks split anywhere:
// quoted fields (commas, doubled quotes, CR/LF inside), CRLF/LF/CR line ends,
// a leading UTF-8 BOM, UTF-8 validation, and a bounded record size so memory
// does not grow with the input. Internal to the core (csv_transaction_reader).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stripe_report/csv_transaction_reader.h"
#include "stripe_report/parse_error.h"
#include "utf8_validator.h"

namespace stripe_report {

struct CsvFieldPosition {
  std::uint64_t byte_offset = 0;  // first byte of the field in the whole stream
  std::uint64_t line = 1;         // 1-based line of that byte
};

struct CsvRecord {
  std::span<const std::string> fields;
  std::span<const CsvFieldPosition> positions;  // one per field
  CsvFieldPosition start;                       // where the record starts
};

class CsvRecordHandler {
 public:
  // Called once per non-blank record; an error stops the stream.
  virtual std::optional<ParseError> on_record(const CsvRecord& record) = 0;
  // Context for structural errors (e.g. the id of the record being read).
  virtual void describe_partial_record(std::span<const std::string> fields_so_far,
                                       ParseError& error) const = 0;

 protected:
  ~CsvRecordHandler() = default;
};

class CsvRecordSplitter {
 public:
  // A record longer than this (bytes, or fields) is refused: bounded memory.
  static constexpr std::size_t kMaxRecordBytes = CsvTransactionReader::kMaxRowBytes;
  static constexpr std::size_t kMaxFields = CsvTransactionReader::kMaxFields;

  std::optional<ParseError> feed(std::string_view chunk, CsvRecordHandler& handler);
  std::optional<ParseError> finish(CsvRecordHandler& handler);

 private:
  enum class State : std::uint8_t { field_start, unquoted, quoted, quote_in_quoted };

  std::optional<ParseError> consume(std::string_view bytes, CsvRecordHandler& handler);
  std::optional<ParseError> step(char c, CsvRecordHandler& handler);
  std::optional<ParseError> start_field(const CsvRecordHandler& handler);
  std::optional<ParseError> end_record(CsvRecordHandler& handler);
  std::optional<ParseError> append(char c, const CsvRecordHandler& handler);
  std::optional<ParseError> append_run(std::string_view run, const CsvRecordHandler& handler);
  ParseError error_here(const CsvRecordHandler& handler, std::string code, std::string message) const;
  void count_line_break(char c);

  State state_ = State::field_start;
  std::vector<std::string> fields_;  // reused between records (keeps capacity)
  std::vector<CsvFieldPosition> positions_;
  std::size_t field_count_ = 0;
  std::size_t record_bytes_ = 0;
  bool record_started_ = false;
  CsvFieldPosition record_start_;
  CsvFieldPosition quote_opened_;

  std::uint64_t offset_ = 0;  // stream offset of the byte being consumed
  std::uint64_t line_ = 1;
  bool last_was_cr_ = false;
  Utf8Validator utf8_;
  std::string bom_prefix_;  // leading bytes that may still turn out to be a BOM
  bool bom_checked_ = false;
};

}  // namespace stripe_report
