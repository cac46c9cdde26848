// Reporter::feed on arbitrary bytes with input-driven chunking: never crashes,
// hangs or leaks, and the report (rows, totals, counts, the error with its
// byte offset) is the same whether the input comes whole or in chunks. Whole,
// JSON objects take the reader's fast path; in small chunks mostly the
// event path: this also checks that the two agree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "stripe_report/report_json.h"
#include "stripe_report/reporter.h"

namespace {

stripe_report::ReportResult run(std::string_view input, std::string_view chunk_sizes) {
  stripe_report::Reporter reporter{stripe_report::ReportOptions{}};
  std::size_t at = 0;
  for (std::size_t i = 0; at < input.size(); ++i) {
    // Chunk sizes 1..64 taken from the control bytes, cycling; whole if none.
    const std::size_t size =
        chunk_sizes.empty() ? input.size()
                            : 1 + static_cast<unsigned char>(chunk_sizes[i % chunk_sizes.size()]) % 64;
    reporter.feed(input.substr(at, size));
    at += size;
  }
  return reporter.finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // First byte: how many control bytes follow for the chunk sizes.
  const std::size_t control = std::min<std::size_t>(data[0] % 8, size - 1);
  const std::string_view chunk_sizes(reinterpret_cast<const char*>(data) + 1, control);
  const std::string_view input(reinterpret_cast<const char*>(data) + 1 + control, size - 1 - control);

  auto whole = run(input, {});
  auto chunked = run(input, chunk_sizes);
  const auto exact = stripe_report::JsonIntegers::exact;
  if (stripe_report::report_to_json(whole, exact) != stripe_report::report_to_json(chunked, exact)) {
    std::abort();
  }
  // Every row satisfies the invariant unless a source object broke it.
  if (!whole.invariant_ok && whole.mismatch_count == 0) std::abort();
  return 0;
}
