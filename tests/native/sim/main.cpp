#define BOOST_TEST_MODULE stripe_sim
#include <boost/test/unit_test.hpp>
