#define BOOST_TEST_MODULE stripe_report core
#include <boost/test/unit_test.hpp>
