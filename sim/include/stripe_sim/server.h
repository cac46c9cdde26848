// The thin network shell: a Beast listener and one session per connection,
// applying the fault settings around SimApi::handle. Single-threaded.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "stripe_sim/api.h"

namespace stripe_sim {

constexpr std::size_t kMaxBodyBytes = 1 << 20;  // Stripe refuses far smaller bodies; 413 beyond this

struct ServerOptions {
  boost::asio::ip::tcp::endpoint endpoint;
  std::uint64_t fault_seed = 1;
  bool log_requests = true;
};

// Starts accepting on `options.endpoint`; returns the bound endpoint (port 0 -> the real port).
boost::asio::ip::tcp::endpoint start_server(boost::asio::io_context& io, SimApi& api, const ServerOptions& options);

}  // namespace stripe_sim
