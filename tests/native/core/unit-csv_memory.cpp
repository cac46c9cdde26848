#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>

#include "heap_counter.h"
#include "stripe_report/csv_transaction_reader.h"

namespace {

// Streams `rows` generated rows in 64 KiB chunks; returns the peak heap growth
// during the stream. Nothing is kept per row: only the sum, to check exactness.
std::size_t peak_growth_streaming(int rows, std::int64_t& net_sum, int& delivered) {
  std::string chunk;
  chunk.reserve(70 * 1024);
  net_sum = 0;
  delivered = 0;
  heap_counter::reset_peak();
  const std::size_t before = heap_counter::live();
  {
    stripe_report::CsvTransactionReader reader([&](const stripe_report::Transaction& t, stripe_report::SourcePosition) {
      net_sum += t.net;
      ++delivered;
    });
    chunk = "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,"
            "source_id,description\n";
    for (int i = 0; i < rows; ++i) {
      chunk += "txn_" + std::to_string(1000000 + i) +
               ",2024-03-31 01:30:00,2024-04-02 00:00:00,eur,25.00,1.03,23.97,charge,ch_" +
               std::to_string(i) + ",\"T-shirt, size M, \"\"blue\"\"\"\r\n";
      if (chunk.size() >= 64 * 1024) {
        if (reader.feed(chunk)) return SIZE_MAX;
        chunk.clear();
      }
    }
    if (reader.feed(chunk) || reader.finish()) return SIZE_MAX;
  }
  return heap_counter::peak() - before;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_memory)

// 200k rows (~25 MB) need no more heap than 2k rows: memory does not grow
// with the input.
BOOST_AUTO_TEST_CASE(heap_does_not_grow_with_input_size) {
  std::int64_t small_sum = 0, large_sum = 0;
  int small_rows = 0, large_rows = 0;
  const std::size_t small = peak_growth_streaming(2000, small_sum, small_rows);
  const std::size_t large = peak_growth_streaming(200000, large_sum, large_rows);
  BOOST_TEST(small_rows == 2000);
  BOOST_TEST(large_rows == 200000);
  BOOST_TEST(small_sum == 2000 * 2397);
  BOOST_TEST(large_sum == std::int64_t{200000} * 2397);
  BOOST_TEST_MESSAGE("peak heap growth: " << small << " bytes for 2k rows, " << large << " for 200k rows");
  BOOST_TEST(small < 256u * 1024);
  BOOST_TEST(large < 256u * 1024);
  BOOST_TEST(large <= small + 4096);
}

BOOST_AUTO_TEST_SUITE_END()
