#include "csv_record_splitter.h"

#include <string_view>

namespace stripe_report {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_line_end(char c) { return c == '\n' || c == '\r'; }

// ASCII that needs no state change: not a quote, line end, or (unquoted) comma.
bool is_plain(char c, bool quoted) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x80 && c != '"' && c != '\n' && c != '\r' && (quoted || c != ',');
}

}  // namespace

std::optional<ParseError> CsvRecordSplitter::feed(std::string_view chunk, CsvRecordHandler& handler) {
  // A BOM may itself be split across chunks: hold its prefix until it is
  // complete (then drop it) or turns out to be ordinary bytes (then replay).
  while (!bom_checked_ && !chunk.empty()) {
    if (chunk.front() != kBom[bom_prefix_.size()]) {
      bom_checked_ = true;
      const std::string held = std::move(bom_prefix_);
      bom_prefix_.clear();
      if (auto error = consume(held, handler)) return error;
      break;
    }
    bom_prefix_ += chunk.front();
    chunk.remove_prefix(1);
    if (bom_prefix_.size() == kBom.size()) {
      bom_checked_ = true;
      offset_ += kBom.size();
      bom_prefix_.clear();
    }
  }
  return consume(chunk, handler);
}

std::optional<ParseError> CsvRecordSplitter::finish(CsvRecordHandler& handler) {
  if (!bom_checked_) {
    bom_checked_ = true;
    const std::string held = std::move(bom_prefix_);
    bom_prefix_.clear();
    if (auto error = consume(held, handler)) return error;
  }
  if (!utf8_.complete())
    return error_here(handler, "invalid_utf8", "the input ends inside a UTF-8 sequence");
  if (state_ == State::quoted) {
    ParseError error = error_here(handler, "csv_unterminated_quote",
                                  "a quoted field opened on line " + std::to_string(quote_opened_.line) +
                                      " is never closed");
    error.byte_offset = quote_opened_.byte_offset;
    error.line = quote_opened_.line;
    return error;
  }
  if (!record_started_) return std::nullopt;  // ended with a line break (or empty)
  if (state_ == State::field_start) {  // "a,b," : a trailing empty field
    if (auto error = start_field(handler)) return error;
  }
  return end_record(handler);
}

std::optional<ParseError> CsvRecordSplitter::consume(std::string_view bytes, CsvRecordHandler& handler) {
  for (std::size_t i = 0; i < bytes.size(); ++i, ++offset_) {
    // Fast path: a run of plain ASCII inside a field is appended at once.
    if ((state_ == State::unquoted || state_ == State::quoted) && utf8_.complete()) {
      const bool quoted = state_ == State::quoted;
      std::size_t end = i;
      while (end < bytes.size() && is_plain(bytes[end], quoted)) ++end;
      if (end > i) {
        if (auto error = append_run(bytes.substr(i, end - i), handler)) return error;
        offset_ += end - i;
        last_was_cr_ = false;
        i = end;
        if (i == bytes.size()) break;
      }
    }
    const char c = bytes[i];
    if (!utf8_.accept(static_cast<unsigned char>(c))) {
      return error_here(handler, "invalid_utf8",
                        "invalid UTF-8 byte 0x" + std::string{"0123456789abcdef"[(c >> 4) & 0xf],
                                                              "0123456789abcdef"[c & 0xf]} +
                            " on line " + std::to_string(line_));
    }
    if (auto error = step(c, handler)) return error;
    count_line_break(c);
  }
  return std::nullopt;
}

// One byte of the state machine (the byte is already known to be valid UTF-8).
std::optional<ParseError> CsvRecordSplitter::step(char c, CsvRecordHandler& handler) {
  switch (state_) {
    case State::field_start:
      if (c == '"') {
        quote_opened_ = {offset_, line_};
        state_ = State::quoted;
        return start_field(handler);
      }
      if (c == ',') return start_field(handler);  // an empty field ends here
      if (is_line_end(c)) {
        if (!record_started_) return std::nullopt;  // a blank line, or the LF of a CRLF
        if (auto error = start_field(handler)) return error;  // "a,b,\n": a trailing empty field
        return end_record(handler);
      }
      state_ = State::unquoted;
      if (auto error = start_field(handler)) return error;
      return append(c, handler);
    case State::unquoted:
      if (c == ',') {
        state_ = State::field_start;
        return std::nullopt;
      }
      if (is_line_end(c)) return end_record(handler);
      if (c == '"') {
        return error_here(handler, "csv_bad_quote",
                          "a quote inside an unquoted field on line " + std::to_string(line_) +
                              " (quote the whole field and double inner quotes)");
      }
      return append(c, handler);
    case State::quoted:
      if (c != '"') return append(c, handler);
      state_ = State::quote_in_quoted;
      return std::nullopt;
    case State::quote_in_quoted:
      if (c == '"') {  // "" inside quotes is one literal quote
        state_ = State::quoted;
        return append(c, handler);
      }
      if (c == ',') {
        state_ = State::field_start;
        return std::nullopt;
      }
      if (is_line_end(c)) return end_record(handler);
      return error_here(handler, "csv_bad_quote",
                        "unexpected text after a closing quote on line " + std::to_string(line_));
  }
  return std::nullopt;
}

std::optional<ParseError> CsvRecordSplitter::start_field(const CsvRecordHandler& handler) {
  if (field_count_ == kMaxFields) {
    return error_here(handler, "csv_row_too_long",
                      "a row on line " + std::to_string(record_start_.line) + " has more than " +
                          std::to_string(kMaxFields) + " fields");
  }
  if (!record_started_) {
    record_started_ = true;
    record_start_ = {offset_, line_};
  }
  if (field_count_ == fields_.size()) {
    fields_.emplace_back();
    positions_.emplace_back();
  } else {
    fields_[field_count_].clear();
  }
  positions_[field_count_] = {offset_, line_};
  ++field_count_;
  return std::nullopt;
}

std::optional<ParseError> CsvRecordSplitter::append(char c, const CsvRecordHandler& handler) {
  if (++record_bytes_ > kMaxRecordBytes) {
    return error_here(handler, "csv_row_too_long",
                      "a row starting on line " + std::to_string(record_start_.line) + " is longer than " +
                          std::to_string(kMaxRecordBytes) + " bytes");
  }
  fields_[field_count_ - 1].push_back(c);
  return std::nullopt;
}

std::optional<ParseError> CsvRecordSplitter::append_run(std::string_view run, const CsvRecordHandler& handler) {
  if (record_bytes_ + run.size() > kMaxRecordBytes) {
    offset_ += kMaxRecordBytes - record_bytes_;  // the first byte over the limit
    record_bytes_ = kMaxRecordBytes;
    return append('\0', handler);  // reports csv_row_too_long there
  }
  record_bytes_ += run.size();
  fields_[field_count_ - 1].append(run);
  return std::nullopt;
}

std::optional<ParseError> CsvRecordSplitter::end_record(CsvRecordHandler& handler) {
  const CsvRecord record{std::span<const std::string>(fields_.data(), field_count_),
                         std::span<const CsvFieldPosition>(positions_.data(), field_count_),
                         record_start_};
  auto error = handler.on_record(record);
  field_count_ = 0;
  record_bytes_ = 0;
  record_started_ = false;
  state_ = State::field_start;
  return error;
}

ParseError CsvRecordSplitter::error_here(const CsvRecordHandler& handler, std::string code,
                                         std::string message) const {
  ParseError error;
  error.code = std::move(code);
  error.message = std::move(message);
  error.byte_offset = offset_;
  error.line = line_;
  // Only fields already closed are reliable context.
  const std::size_t complete = state_ == State::field_start ? field_count_
                               : field_count_ > 0          ? field_count_ - 1
                                                           : 0;
  handler.describe_partial_record(std::span<const std::string>(fields_.data(), complete), error);
  return error;
}

void CsvRecordSplitter::count_line_break(char c) {
  if (c == '\r') {
    ++line_;
    last_was_cr_ = true;
  } else {
    if (c == '\n' && !last_was_cr_) ++line_;
    last_was_cr_ = false;
  }
}

}  // namespace stripe_report
