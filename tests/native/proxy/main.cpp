#define BOOST_TEST_MODULE stripe_proxy
#include <boost/test/unit_test.hpp>
