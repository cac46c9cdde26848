#define BOOST_TEST_MODULE stripe_wire
#include <boost/test/unit_test.hpp>
