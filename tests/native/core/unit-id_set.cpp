// The id set behind dedupe: exact membership for many ids, bounded bytes per id.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>

#include "stripe_report/id_set.h"

using stripe_report::IdSet;

namespace {

// A Stripe-shaped id: `txn_`, a version digit, 5 time-ordered characters, the
// account's 10 characters, 8 random ones (as in txn_1MqGbE2eZvKYlo2C0Eb2gKfR).
std::string stripe_like_id(std::uint64_t i, std::uint64_t& random) {
  static constexpr char kBase62[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string id = "txn_1";
  for (std::uint64_t t = i / 64 + 916132832, k = 0; k < 5; ++k, t /= 62) {
    id.insert(5, 1, kBase62[t % 62]);
  }
  id += "2eZvKYlo2C";
  for (int k = 0; k < 8; ++k) {
    random = random * 6364136223846793005ULL + 1442695040888963407ULL;
    id += kBase62[(random >> 33) % 62];
  }
  return id;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(id_set)

BOOST_AUTO_TEST_CASE(insert_reports_first_sightings_only) {
  IdSet ids;
  BOOST_TEST(ids.insert("txn_1"));
  BOOST_TEST(!ids.insert("txn_1"));
  BOOST_TEST(ids.insert("txn_2"));
  BOOST_TEST(ids.insert(""));
  BOOST_TEST(!ids.insert(""));
  BOOST_TEST(ids.insert("txn_1x"));  // longer than the reference id
  BOOST_TEST(ids.insert("t"));
  BOOST_TEST(ids.size() == 5U);
  BOOST_TEST(ids.contains("txn_2"));
  BOOST_TEST(ids.contains("txn_1x"));
  BOOST_TEST(!ids.contains("txn_3"));
  BOOST_TEST(!ids.contains("txn_"));
}

// Issue #10: these two ids have the same 64-bit hash; the old set kept only
// the hash and counted the second as a duplicate.
BOOST_AUTO_TEST_CASE(ids_with_the_same_hash_stay_distinct) {
  const std::string a = "txn_3Pq1RsTuVwXyZaBcDeFgHiJk";
  const std::string b = "txn_bgbnzKDtSpzyZaBcDeFgHiJk";
  BOOST_REQUIRE(IdSet::hash(a) == IdSet::hash(b));
  IdSet ids;
  BOOST_TEST(ids.insert(a));
  BOOST_TEST(ids.insert(b));
  BOOST_TEST(!ids.insert(a));
  BOOST_TEST(!ids.insert(b));
  BOOST_TEST(ids.size() == 2U);
  IdSet other;
  BOOST_TEST(other.insert(b));
  BOOST_TEST(!other.contains(a));
}

BOOST_AUTO_TEST_CASE(long_ids_and_any_bytes_round_trip) {
  IdSet ids;
  const std::string long_id(70000, 'x');  // a length needing a 3-byte varint
  BOOST_TEST(ids.insert("ch_short"));
  BOOST_TEST(ids.insert(long_id));
  BOOST_TEST(ids.insert(long_id.substr(1)));
  BOOST_TEST(ids.insert(std::string("a\0b", 3)));
  BOOST_TEST(!ids.insert(long_id));
  BOOST_TEST(!ids.insert(std::string("a\0b", 3)));
  BOOST_TEST(!ids.contains(std::string("a\0c", 3)));
  for (int i = 0; i < 5000; ++i) BOOST_REQUIRE(ids.insert("re_" + std::to_string(i)));  // rehashes
  BOOST_TEST(!ids.insert(long_id.substr(1)));
  BOOST_TEST(ids.size() == 5004U);
}

// Bytes per id, measured here for 200k ids (the last, half-full 4 KiB block of
// each of the 256 parts adds ~2.5): Stripe-shaped ids 23.8, the bench's ids (8
// varying characters of 30) 14.0. At 2M: 20.5 and 13.7; bench:core's 2M stream
// then peaks at 48 and 33 MiB of wasm memory. The old hash-only set used 8-21
// bytes per id, and was not exact.
BOOST_AUTO_TEST_CASE(two_hundred_thousand_ids_stay_distinct_and_compact) {
  const std::size_t count = 200000;
  IdSet stripe_ids;
  std::uint64_t random = 7;
  for (std::size_t i = 0; i < count; ++i) BOOST_REQUIRE(stripe_ids.insert(stripe_like_id(i, random)));
  random = 7;
  for (std::size_t i = 0; i < count; i += 7) {
    const std::string id = stripe_like_id(i, random);
    BOOST_REQUIRE(!stripe_ids.insert(id));
    for (int skip = 1; skip < 7; ++skip) stripe_like_id(i + skip, random);
  }
  BOOST_TEST(stripe_ids.size() == count);
  BOOST_TEST_MESSAGE("Stripe-shaped ids: " << double(stripe_ids.memory_bytes()) / count
                                            << " bytes per id");
  BOOST_TEST(stripe_ids.memory_bytes() <= count * 25);

  IdSet bench_ids;
  for (std::size_t i = 0; i < count; ++i) {
    std::string digits;
    for (std::size_t n = i; digits.size() < 8; n /= 36) {
      digits.insert(0, 1, "0123456789abcdefghijklmnopqrstuvwxyz"[n % 36]);
    }
    BOOST_REQUIRE(bench_ids.insert("txn_" + digits + "B7WZ01zgkWEV3TLf40"));
  }
  BOOST_TEST_MESSAGE("bench ids: " << double(bench_ids.memory_bytes()) / count << " bytes per id");
  BOOST_TEST(bench_ids.memory_bytes() <= count * 15);
  BOOST_TEST(!bench_ids.contains("txn_00000000B7WZ01zgkWEV3TLf41"));
  BOOST_TEST(bench_ids.contains("txn_00000000B7WZ01zgkWEV3TLf40"));
}

BOOST_AUTO_TEST_SUITE_END()
