// The CSV reader on arbitrary bytes, fed in chunks whose sizes the input itself
// chooses: it must never crash, and chunking must never change the outcome
// (rows delivered and the error) compared with one whole feed; error messages
// are always valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stripe_report/csv_transaction_reader.h"

namespace {

// Strict UTF-8 check (messages end up in JSON, which needs valid text).
bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = byte < 0x80 ? 1 : byte >= 0xC2 && byte <= 0xDF ? 2 : byte >= 0xE0 && byte <= 0xEF ? 3
                             : byte >= 0xF0 && byte <= 0xF4 ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    const auto second = static_cast<unsigned char>(text[i + 1 < text.size() ? i + 1 : i]);
    if ((byte == 0xE0 && second < 0xA0) || (byte == 0xED && second > 0x9F) || (byte == 0xF0 && second < 0x90) ||
        (byte == 0xF4 && second > 0x8F))
      return false;
    i += length;
  }
  return true;
}

struct Outcome {
  std::vector<std::string> rows;
  std::string error;
};

std::string describe(const stripe_report::Transaction& t) {
  return std::string(t.id) + '|' + std::string(t.currency) + '|' + std::to_string(t.amount) + '|' + std::to_string(t.fee) + '|' +
         std::to_string(t.net) + '|' + std::to_string(t.created) + '|' + std::to_string(t.available_on) + '|' +
         std::string(t.reporting_category) + '|' + std::string(t.source);
}

template <typename NextChunkSize>
Outcome read(std::string_view text, NextChunkSize next_chunk_size) {
  Outcome outcome;
  stripe_report::CsvTransactionReader reader(
      [&](const stripe_report::Transaction& t, stripe_report::SourcePosition) { outcome.rows.push_back(describe(t)); });
  std::optional<stripe_report::ParseError> error;
  while (!text.empty() && !error) {
    const std::size_t size = std::min(text.size(), next_chunk_size());
    error = reader.feed(text.substr(0, size));
    text.remove_prefix(size);
  }
  if (!error) error = reader.finish();
  if (error) {
    outcome.error = error->code + '@' + std::to_string(error->byte_offset) + ':' + std::to_string(error->line) +
                    ':' + error->object_id + ':' + error->field;
    if (error->code.empty() || error->message.empty()) std::abort();
    if (!is_valid_utf8(error->message) || !is_valid_utf8(error->object_id)) std::abort();
  }
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // First two bytes seed the chunk sizes; the rest is the CSV.
  std::uint32_t state = (std::uint32_t{data[0]} << 8 | data[1]) + 1;
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);

  const Outcome whole = read(text, [] { return std::size_t(-1); });
  const Outcome chunked = read(text, [&] {
    state = state * 1103515245u + 12345u;  // small LCG: chunks of 0..63 bytes
    return std::size_t{(state >> 16) % 64};
  });
  if (whole.rows != chunked.rows || whole.error != chunked.error) std::abort();
  return 0;
}
