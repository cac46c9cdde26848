// The id set behind dedupe: exact membership for many ids, bounded bytes per id.
#include <boost/test/unit_test.hpp>

#include <string>

#include "stripe_report/id_set.h"

using stripe_report::IdSet;

BOOST_AUTO_TEST_SUITE(id_set)

BOOST_AUTO_TEST_CASE(insert_reports_first_sightings_only) {
  IdSet ids;
  BOOST_TEST(ids.insert("txn_1"));
  BOOST_TEST(!ids.insert("txn_1"));
  BOOST_TEST(ids.insert("txn_2"));
  BOOST_TEST(ids.insert(""));
  BOOST_TEST(!ids.insert(""));
  BOOST_TEST(ids.size() == 3U);
  BOOST_TEST(ids.contains("txn_2"));
  BOOST_TEST(!ids.contains("txn_3"));
}

BOOST_AUTO_TEST_CASE(two_hundred_thousand_ids_stay_distinct_and_compact) {
  IdSet ids;
  const std::size_t count = 200000;
  for (std::size_t i = 0; i < count; ++i) {
    BOOST_REQUIRE(ids.insert("txn_1PgaxNB7WZ01zgkW" + std::to_string(i)));
  }
  for (std::size_t i = 0; i < count; i += 7) {
    BOOST_REQUIRE(!ids.insert("txn_1PgaxNB7WZ01zgkW" + std::to_string(i)));
  }
  BOOST_TEST(ids.size() == count);
  BOOST_TEST(!ids.contains("txn_1PgaxNB7WZ01zgkW" + std::to_string(count)));
  // At most 8 bytes / 0.375 (the lowest load after a part doubles) per id.
  BOOST_TEST(ids.memory_bytes() <= count * 8 * 8 / 3 + 256 * 64 * 8);
}

BOOST_AUTO_TEST_SUITE_END()
