#include "stripe_report/reporter.h"

#include <new>
#include <utility>

namespace stripe_report {
namespace {

constexpr unsigned char kByteOrderMark[3] = {0xEF, 0xBB, 0xBF};

ParseError out_of_memory() {
  return {"out_of_memory", "the report ran out of memory", 0, 0, "", ""};
}

}  // namespace

Reporter::Reporter(ReportOptions options, JsonLimits limits)
    : aggregator_(std::move(options)), limits_(limits) {}

Reporter::~Reporter() = default;

void Reporter::record(ParseError error) {
  if (!error_) error_ = std::move(error);
}

void Reporter::record_json_error() {
  ParseError error;
  if (scanner_->stopped() && object_reader_->error()) {
    error = *object_reader_->error();
  } else if (scanner_->error()) {
    const JsonScanError& scan = *scanner_->error();
    error.code = scan.code;
    error.message = scan.message;
    error.byte_offset = scan.byte_offset;
    error.line = scan.line;
  } else {
    error = {"internal_error", "the JSON reader stopped without a reason", 0, 0, "", ""};
  }
  error.byte_offset += prefix_bytes_;
  if (error.line != 0) error.line += prefix_lines_;
  record(std::move(error));
}

bool Reporter::start_json() {
  format_ = Format::json;
  object_reader_ = std::make_unique<StripeObjectReader>(
      aggregator_, aggregator_.options().basis == Basis::available_on);
  scanner_ = std::make_unique<JsonScanner>(*object_reader_, limits_);
  object_reader_->attach(*scanner_);
  return true;
}

bool Reporter::start_csv() {
  format_ = Format::csv;
  csv_reader_ = std::make_unique<CsvTransactionReader>([this](const Transaction& transaction,
                                                               SourcePosition row) {
    if (csv_sink_error_) return;  // rows after an error are not aggregated
    if (aggregator_.options().basis == Basis::available_on &&
        !csv_reader_->has_column("available_on_utc")) {
      csv_sink_error_ = ParseError{"missing_field",
                                   "an available_on report needs the available_on_utc column",
                                   prefix_bytes_, 1, "", "available_on_utc"};
      return;
    }
    if (auto error = aggregator_.balance_transaction(transaction)) {
      error->message = "balance_transaction " + std::string(transaction.id) + ": " + error->message;
      error->byte_offset = prefix_bytes_ + row.byte_offset;
      error->line = row.line;
      csv_sink_error_ = std::move(error);
    }
  });
  return true;
}

bool Reporter::detect(std::string_view& chunk) {
  while (!chunk.empty()) {
    const auto c = static_cast<unsigned char>(chunk.front());
    if (bom_bytes_seen_ < 3 && prefix_bytes_ == static_cast<std::uint64_t>(bom_bytes_seen_) &&
        c == kByteOrderMark[bom_bytes_seen_]) {
      ++bom_bytes_seen_;
      ++prefix_bytes_;
      chunk.remove_prefix(1);
      continue;
    }
    if (bom_bytes_seen_ > 0 && bom_bytes_seen_ < 3) {
      record({"invalid_utf8", "input starts with an incomplete byte-order mark", prefix_bytes_, 1,
              "", ""});
      return false;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (c == '\n') ++prefix_lines_;
      ++prefix_bytes_;
      chunk.remove_prefix(1);
      continue;
    }
    if (c == 0x1F) {  // gzip's magic number is 1f 8b; no JSON or CSV starts with 1f
      record({"gzip_input",
              "the input is gzip-compressed: decompress it first (gunzip, or "
              "zcat FILE | stripe-report -)",
              prefix_bytes_, 1, "", ""});
      return false;
    }
    if (c == '<') {
      record({"html_input",
              "the input is an HTML page (it starts with '<'), not a Stripe export: a login or "
              "error page saved in place of the file?",
              prefix_bytes_, prefix_lines_ + 1, "", ""});
      return false;
    }
    return c == '{' || c == '[' ? start_json() : start_csv();
  }
  return true;
}

bool Reporter::feed(std::string_view chunk) noexcept {
  if (error_) return false;
  fed_since_end_ = true;
  try {
    input_bytes_ += chunk.size();
    if (format_ == Format::undetected && (!detect(chunk) || format_ == Format::undetected)) {
      return !error_;
    }
    if (format_ == Format::json) {
      if (scanner_->feed(chunk)) return true;
      record_json_error();
      return false;
    }
    auto error = csv_reader_->feed(chunk);
    if (csv_sink_error_) {
      record(*csv_sink_error_);
      return false;
    }
    if (error) {
      error->byte_offset += prefix_bytes_;
      if (error->line != 0) error->line += prefix_lines_;
      record(std::move(*error));
      return false;
    }
    return true;
  } catch (const std::bad_alloc&) {
    record(out_of_memory());
    return false;
  }
}

bool Reporter::end_input() noexcept {
  if (error_) return false;
  try {
    if (format_ == Format::json && !scanner_->finish()) {
      record_json_error();
      return false;
    }
    if (format_ == Format::csv) {
      auto error = csv_reader_->finish();
      if (csv_sink_error_) error = csv_sink_error_;
      if (error) {
        error->byte_offset += prefix_bytes_;
        if (error->line != 0) error->line += prefix_lines_;
        record(std::move(*error));
        return false;
      }
    }
    if (fed_since_end_ || inputs_ == 0) {
      ++inputs_;
      if (format_ == Format::undetected) ++empty_inputs_;
    }
    fed_since_end_ = false;
    reset_input();
    return true;
  } catch (const std::bad_alloc&) {
    record(out_of_memory());
    return false;
  }
}

void Reporter::reset_input() {
  format_ = Format::undetected;
  scanner_.reset();
  object_reader_.reset();
  csv_reader_.reset();
  prefix_bytes_ = 0;
  prefix_lines_ = 0;
  bom_bytes_seen_ = 0;
  input_bytes_ = 0;
}

// What an input without balance transactions held, in the words of its kind.
ParseError Reporter::no_balance_transactions(const ReportCounts& n) const {
  std::string held;
  auto add = [&held](std::uint64_t count, const std::string& what) {
    if (count == 0) return;
    held += (held.empty() ? "" : ", ") + std::to_string(count) + " " + what;
  };
  add(n.charges, n.charges == 1 ? "charge" : "charges");
  add(n.refunds, n.refunds == 1 ? "refund" : "refunds");
  add(n.payouts, n.payouts == 1 ? "payout" : "payouts");
  const std::string& other = aggregator_.first_ignored_type();
  add(n.ignored_objects,
      n.ignored_objects == 1 ? other + " object" : "other objects (the first a " + other + ")");
  std::string kind;
  if (n.charges + n.refunds + n.payouts + n.ignored_objects + n.duplicates == 0) {
    kind = empty_inputs_ != inputs_
               ? "the input holds no Stripe objects (an empty list, or a CSV header without rows)"
           : inputs_ > 1 ? "every input is empty"
                         : "the input is empty";
  } else if (n.refunds + n.payouts + n.ignored_objects == 0) {
    kind = "the input holds " + held + ": a charges-only export";
  } else if (n.charges + n.refunds + n.payouts == 0 && other == "customer") {
    kind = "the input holds " + held + ": a /v1/customers list";
  } else {
    kind = "the input holds " + held;
  }
  return {.code = "no_balance_transactions",
          .message = "no balance transactions, so no sales to report: " + kind +
                     ". The report reads balance transactions (GET /v1/balance_transactions, "
                     "or the itemized balance CSV export).",
          .byte_offset = 0, .line = 0, .object_id = "", .field = ""};
}

ReportResult Reporter::finish() noexcept {
  end_input();
  try {
    ReportResult result = aggregator_.result();
    if (!error_ && result.counts.balance_transactions == 0) {
      error_ = no_balance_transactions(result.counts);
    }
    result.error = error_;
    return result;
  } catch (const std::bad_alloc&) {
    ReportResult result;
    result.error = out_of_memory();
    return result;
  }
}

}  // namespace stripe_report
