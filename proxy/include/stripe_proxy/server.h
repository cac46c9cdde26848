// The network side: a listener accepting connections and one session
// coroutine per connection (read with limits and a deadline, dispatch to
// ProxyApp, write), plus graceful shutdown on SIGINT/SIGTERM.
#pragma once

#include <functional>
#include <unordered_set>

#include "stripe_proxy/proxy_app.h"

namespace stripe_proxy {

class Server {
 public:
  Server(asio::io_context& io, ProxyApp& app);

  // Binds the configured address; returns the actual port (for port 0).
  unsigned short bind();

  // Accepts until stop(); then lets in-flight requests finish.
  void start();

  // Stops accepting, closes idle connections, lets busy ones finish, and
  // gives up after the configured grace period.
  void stop();

 private:
  struct SessionHandle {
    tcp_stream* stream = nullptr;
    bool busy = false;
  };

  awaitable<void> accept_loop();
  awaitable<void> session(tcp_socket socket);

  asio::io_context& io_;
  ProxyApp& app_;
  tcp_acceptor acceptor_;
  std::unordered_set<SessionHandle*> sessions_;
  steady_timer grace_timer_;
};

}  // namespace stripe_proxy
