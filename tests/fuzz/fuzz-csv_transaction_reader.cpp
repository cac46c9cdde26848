// The CSV reader on arbitrary bytes, fed in chunks whose sizes the input itself
// chooses: it must never crash, and chunking must never change the outcome
// (rows delivered and the error) compared with one whole feed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stripe_report/csv_transaction_reader.h"

namespace {

struct Outcome {
  std::vector<std::string> rows;
  std::string error;
};

std::string describe(const stripe_report::Transaction& t) {
  return t.id + '|' + t.currency + '|' + std::to_string(t.amount) + '|' + std::to_string(t.fee) + '|' +
         std::to_string(t.net) + '|' + std::to_string(t.created) + '|' + std::to_string(t.available_on) + '|' +
         t.reporting_category + '|' + t.source;
}

template <typename NextChunkSize>
Outcome read(std::string_view text, NextChunkSize next_chunk_size) {
  Outcome outcome;
  stripe_report::CsvTransactionReader reader(
      [&](stripe_report::Transaction&& t) { outcome.rows.push_back(describe(t)); });
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
