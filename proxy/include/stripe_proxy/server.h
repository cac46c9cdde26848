// The network side: a listener accepting connections and one session
// coroutine per connection (read with limits and a deadline, dispatch to
// ProxyApp, write), plus graceful shutdown on SIGINT/SIGTERM.
//
// Connection caps, as nginx does them: at max_connections (or a client
// address's max_connections_per_client) the oldest idle connection (one
// waiting for its next request with nothing received) is closed to make room;
// only when none is idle is the new connection refused. When accept() fails
// (EMFILE: the descriptor limit is below max_connections) an idle connection
// is closed too, else the listener backs off instead of spinning, and says
// so on stderr at most once a second.
#pragma once

#include <chrono>
#include <map>
#include <unordered_set>

#include "stripe_proxy/proxy_app.h"
#include "stripe_proxy/stripe_error.h"

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
    bool idle = false;  // waiting for the first byte of its next request
    bool closed_for_room = false;
    std::chrono::steady_clock::time_point idle_since{};
    asio::ip::address client;
  };

  awaitable<void> accept_loop();
  awaitable<void> session(tcp_socket socket, asio::ip::address client);
  // Makes room for a connection from `client`; false when it must be refused.
  bool admit(const asio::ip::address& client);
  // Closes the connection idle the longest (of `client` only, if given).
  bool close_oldest_idle(const asio::ip::address* client);
  void forget_client(const asio::ip::address& client);  // one connection fewer from it
  awaitable<void> after_accept_failure(const beast::error_code& ec);
  // Answers a request that could not be read (413, 400) before the close.
  awaitable<void> refuse(tcp_stream& stream, const StripeError& error, std::string_view label);
  // Answers one request; true when the connection stays open.
  awaitable<bool> serve(tcp_stream& stream, const string_request& request);

  asio::io_context& io_;
  ProxyApp& app_;
  tcp_acceptor acceptor_;
  std::unordered_set<SessionHandle*> sessions_;
  std::map<asio::ip::address, std::size_t> per_client_;  // open connections by address (when capped)
  std::size_t closed_for_room_ = 0;  // closed by close_oldest_idle, session not ended yet
  steady_timer grace_timer_;
  std::chrono::steady_clock::time_point accept_failure_logged_{};
  std::size_t accept_failures_unlogged_ = 0;
};

}  // namespace stripe_proxy
