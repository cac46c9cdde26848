// Native throughput of the report core: reads FILE into memory once, then runs
// the Reporter over it RUNS times in 1 MB chunks and prints one JSON line:
// {"bytes":N,"runs":R,"seconds":[...],"median_mb_per_s":X,"rows":N}.
// Used by bench/core.bench.mjs next to the wasm and JS measurements.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "stripe_report/reporter.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: core_bench_native FILE [RUNS]\n");
    return 2;
  }
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::FILE* file = std::fopen(argv[1], "rb");
  if (file == nullptr) {
    std::perror(argv[1]);
    return 3;
  }
  std::string data;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) data.append(buffer, n);
  std::fclose(file);

  constexpr std::size_t kChunk = 1 << 20;
  std::vector<double> seconds;
  std::size_t rows = 0;
  for (int run = 0; run < runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    stripe_report::Reporter reporter{stripe_report::ReportOptions{}};
    for (std::size_t offset = 0; offset < data.size(); offset += kChunk) {
      if (!reporter.feed(std::string_view(data).substr(offset, kChunk))) break;
    }
    const auto result = reporter.finish();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (result.error) {
      std::fprintf(stderr, "input error: %s\n", result.error->message.c_str());
      return 1;
    }
    rows = result.rows.size();
  }
  std::vector<double> sorted = seconds;
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted[sorted.size() / 2];
  std::printf("{\"bytes\":%zu,\"runs\":%d,\"seconds\":[", data.size(), runs);
  for (std::size_t i = 0; i < seconds.size(); ++i) std::printf("%s%.6f", i ? "," : "", seconds[i]);
  std::printf("],\"median_mb_per_s\":%.1f,\"rows\":%zu}\n",
              static_cast<double>(data.size()) / 1e6 / median, rows);
  return 0;
}
