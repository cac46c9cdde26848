// The TLS context for connections to Stripe: system trust store, peer
// verification on, TLS 1.2 minimum. Host-name checks are per connection.
#pragma once

#include <boost/asio/ssl/context.hpp>

namespace stripe_proxy {

boost::asio::ssl::context make_tls_client_context();

}  // namespace stripe_proxy
