// The report core's front door: feed bytes (any chunking), get the report.
// Each input's format is detected from its content: JSON (a list response, an
// array, or NDJSON / concatenated objects) when it starts with '{' or '[', else
// Stripe's itemized balance CSV. No exceptions cross this API: errors are
// data (ReportResult::error) and what was aggregated before stays retrievable.
//
// Inputs that are no Stripe export are named: gzip (gzip_input), an HTML page
// (html_input), a Stripe error response (stripe_error_response). A report
// that read no balance transaction at all (an empty file, a /v1/customers
// list, a charges-only export) ends with the error no_balance_transactions,
// whose message says what the input held.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "stripe_report/csv_transaction_reader.h"
#include "stripe_report/json_scanner.h"
#include "stripe_report/report_aggregator.h"
#include "stripe_report/report_options.h"
#include "stripe_report/report_result.h"
#include "stripe_report/stripe_object_reader.h"

namespace stripe_report {

class Reporter {
 public:
  explicit Reporter(ReportOptions options, JsonLimits limits = {});
  ~Reporter();
  Reporter(const Reporter&) = delete;
  Reporter& operator=(const Reporter&) = delete;

  // Feeds the next chunk of the current input. False once an error occurred
  // (this or an earlier call); later chunks are then ignored.
  bool feed(std::string_view chunk) noexcept;

  // Ends the current input (a file): a truncated document is an error here.
  // The next feed() starts a new input, with its own format and offsets;
  // ids seen in earlier inputs still count once.
  bool end_input() noexcept;

  // Ends the current input and returns the report, with the first error if any.
  ReportResult finish() noexcept;

  // The first error so far.
  const std::optional<ParseError>& error() const { return error_; }

  // Bytes fed into the current input so far.
  std::uint64_t input_bytes() const { return input_bytes_; }
  std::size_t id_set_bytes() const { return aggregator_.id_set_bytes(); }

 private:
  enum class Format { undetected, json, csv };

  bool detect(std::string_view& chunk);
  bool start_json();
  bool start_csv();
  void record_json_error();
  void record(ParseError error);
  void reset_input();
  ParseError no_balance_transactions(const ReportCounts& counts) const;

  ReportAggregator aggregator_;
  JsonLimits limits_;
  Format format_ = Format::undetected;
  std::unique_ptr<StripeObjectReader> object_reader_;
  std::unique_ptr<JsonScanner> scanner_;
  std::unique_ptr<CsvTransactionReader> csv_reader_;
  std::optional<ParseError> csv_sink_error_;
  std::optional<ParseError> error_;
  // Leading whitespace and byte-order mark, not given to the format's reader:
  // added back to its offsets and lines.
  std::uint64_t prefix_bytes_ = 0;
  std::uint64_t prefix_lines_ = 0;
  int bom_bytes_seen_ = 0;
  std::uint64_t input_bytes_ = 0;
  bool fed_since_end_ = false;      // feed() called since the last end_input()
  std::uint64_t inputs_ = 0;        // ended (end_input() with nothing fed counts only first)
  std::uint64_t empty_inputs_ = 0;  // of which held only whitespace (or nothing)
};

}  // namespace stripe_report
