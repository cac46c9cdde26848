#include "stripe_proxy/server.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "stripe_proxy/http_wire.h"
#include "stripe_proxy/request_parser.h"
#include "stripe_proxy/routes.h"
#include "stripe_proxy/stripe_error.h"
#include "stripe_proxy/token_crypto.h"

namespace stripe_proxy {
namespace {

using clock = std::chrono::steady_clock;

double elapsed_ms(clock::time_point since) {
  return std::chrono::duration<double, std::milli>(clock::now() - since).count();
}

StripeError too_large_error(const beast::error_code& ec, bool header_done) {
  // buffer_overflow: the read buffer (header_bytes) filled up without the
  // parser finishing a line: the header before its end, a chunk extension or
  // a trailer after it.
  const char* message = ec == http::error::body_limit ? "Request body is too large."
                        : header_done                  ? "Chunk extensions or trailers are too large."
                                                       : "Request headers are too large.";
  return {413, "invalid_request_error", "request_too_large", message, {}};
}

}  // namespace

Server::Server(asio::io_context& io, ProxyApp& app) : io_(io), app_(app), acceptor_(io), grace_timer_(io) {}

unsigned short Server::bind() {
  const auto& config = app_.config();
  const tcp::endpoint endpoint{asio::ip::make_address(config.listen_host),
                               static_cast<unsigned short>(std::stoul(config.listen_port))};
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  return acceptor_.local_endpoint().port();
}

void Server::start() { asio::co_spawn(io_, accept_loop(), asio::detached); }

void Server::stop() {
  if (app_.stopping) return;
  app_.stopping = true;
  beast::error_code ignored;
  acceptor_.close(ignored);
  for (auto* handle : sessions_) {
    if (!handle->busy) handle->stream->socket().close(ignored);
  }
  app_.upstream().close_idle();
  grace_timer_.expires_after(app_.config().limits.shutdown_grace);
  grace_timer_.async_wait([this](beast::error_code ec) {
    if (!ec) io_.stop();
  });
}

awaitable<void> Server::accept_loop() {
  while (!app_.stopping) {
    beast::error_code ec;
    auto socket = co_await acceptor_.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (app_.stopping || ec == asio::error::operation_aborted) break;
      if (ec != asio::error::connection_aborted) co_await after_accept_failure(ec);
      continue;  // keep serving the connections we have
    }
    const auto endpoint = socket.remote_endpoint(ec);
    if (ec || !admit(endpoint.address())) {
      socket.close(ec);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);  // answers go out at once, as nginx's tcp_nodelay
    asio::co_spawn(io_, session(std::move(socket), endpoint.address()), asio::detached);
  }
  // Wake nothing else: the grace timer ends the run if sessions linger.
  if (sessions_.empty()) grace_timer_.cancel();
}

bool Server::admit(const asio::ip::address& client) {
  const auto& limits = app_.config().limits;
  if (limits.max_connections_per_client > 0) {
    const auto found = per_client_.find(client);
    if (found != per_client_.end() && found->second >= limits.max_connections_per_client &&
        !close_oldest_idle(&client)) {
      return false;
    }
  }
  // Connections closed for room count no more, though their sessions have not run to their end yet.
  return sessions_.size() - closed_for_room_ < limits.max_connections || close_oldest_idle(nullptr);
}

bool Server::close_oldest_idle(const asio::ip::address* client) {
  // A linear scan: it runs only at a cap, over at most max_connections
  // handles (1,024 by default: a few microseconds).
  SessionHandle* oldest = nullptr;
  for (auto* handle : sessions_) {
    if (!handle->idle || (client && handle->client != *client)) continue;
    if (!oldest || handle->idle_since < oldest->idle_since) oldest = handle;
  }
  if (!oldest) return false;
  oldest->idle = false;  // closed once; its session ends when its read fails
  oldest->closed_for_room = true;
  ++closed_for_room_;
  forget_client(oldest->client);
  beast::error_code ignored;
  oldest->stream->socket().close(ignored);  // frees the descriptor now
  return true;
}

void Server::forget_client(const asio::ip::address& client) {
  if (app_.config().limits.max_connections_per_client == 0) return;
  const auto found = per_client_.find(client);
  if (found != per_client_.end() && --found->second == 0) per_client_.erase(found);
}

awaitable<void> Server::after_accept_failure(const beast::error_code& ec) {
  // EMFILE and friends: the pending connection stays in the backlog, so an
  // immediate retry fails again and the loop would spin at 100% CPU.
  const auto now = clock::now();
  ++accept_failures_unlogged_;
  if (now - accept_failure_logged_ >= std::chrono::seconds(1)) {
    app_.flush_log();
    // strerror, not ec.message(): a virtual call that UBSan's vptr check
    // verifies through a pipe, which cannot be opened without descriptors.
    std::fprintf(stderr, "stripe-proxy: accept failed (%s), %zu time(s) since the last report; closing idle "
                 "connections and backing off\n", std::strerror(ec.value()), accept_failures_unlogged_);
    accept_failure_logged_ = now;
    accept_failures_unlogged_ = 0;
  }
  if (close_oldest_idle(nullptr)) co_return;  // its descriptor is free now
  steady_timer timer(io_.get_executor());
  timer.expires_after(std::chrono::milliseconds(100));
  beast::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ignored));
}

awaitable<void> Server::session(tcp_socket socket, asio::ip::address client) {
  tcp_stream stream(std::move(socket));
  SessionHandle handle;
  handle.stream = &stream;
  handle.client = client;
  sessions_.insert(&handle);
  const auto& limits = app_.config().limits;
  if (limits.max_connections_per_client > 0) ++per_client_[client];
  // The buffer holds only what the parser has not consumed: a header, a
  // chunk-size line with its extensions, or a trailer (body bytes go to the
  // body as they come). Capping it at header_bytes bounds all three; without
  // the cap one connection grew the proxy by 400 MB in 6 s.
  beast::flat_buffer buffer(limits.header_bytes);
  while (!app_.stopping) {
    // One deadline for the wait and the whole request: a slow client cannot hold us.
    stream.expires_after(limits.request_timeout);
    beast::error_code ec;
    if (buffer.size() == 0) {
      handle.idle = true;  // may be closed to make room until a byte comes
      handle.idle_since = clock::now();
      const auto received = co_await stream.async_read_some(buffer.prepare(beast::read_size(buffer, 65536)),
                                                            asio::redirect_error(use_awaitable, ec));
      handle.idle = false;
      if (ec) break;  // closed, timed out, or closed by us: nothing to answer
      buffer.commit(received);
    }
    RequestParser parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.header_bytes));
    parser.body_limit(limits.body_bytes);
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    if (ec == http::error::header_limit || ec == http::error::body_limit || ec == http::error::buffer_overflow) {
      const auto error = too_large_error(ec, parser.is_header_done());
      co_await refuse(stream, error, "rejected");
      break;
    }
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
      break;
    }
    if (ec) {  // malformed HTTP (bad CRLF, bad header characters, ...)
      const StripeError error{400, "invalid_request_error", "malformed_request", "Malformed HTTP request.", {}};
      co_await refuse(stream, error, "malformed");
      break;
    }
    handle.busy = true;
    // A named request: GCC 12 destroys temporaries passed to coroutines twice (PR 99576).
    auto request = parser.release();
    const bool keep_alive = co_await serve(stream, request);
    handle.busy = false;
    if (!keep_alive) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp_socket::shutdown_send, ignored);
  sessions_.erase(&handle);
  if (handle.closed_for_room) {
    --closed_for_room_;
  } else {
    forget_client(client);
  }
  if (app_.stopping && sessions_.empty()) grace_timer_.cancel();
}

awaitable<void> Server::refuse(tcp_stream& stream, const StripeError& error, std::string_view label) {
  const auto bytes = to_wire(error_response(error, 11, false));
  beast::error_code ec;
  co_await asio::async_write(stream, asio::buffer(bytes), asio::redirect_error(use_awaitable, ec));
  // A lingering close, as nginx's: closing with unread request bytes makes
  // the kernel send a reset, which can destroy the answer before the client
  // reads it. So say we are done, then read and drop what still comes, into
  // a fixed scratch buffer, for one second at most.
  if (!ec) {
    stream.socket().shutdown(tcp_socket::shutdown_send, ec);
    stream.expires_after(std::chrono::seconds(1));
    std::array<char, 4096> scratch;
    while (!ec) co_await stream.async_read_some(asio::buffer(scratch), asio::redirect_error(use_awaitable, ec));
  }
  AccessLogEntry entry;
  entry.request_id = new_request_id();
  entry.method = "?";
  entry.route = std::string(label);
  entry.status = error.status;
  app_.write_log(entry);
}

awaitable<bool> Server::serve(tcp_stream& stream, const string_request& request) {
  stream.expires_never();  // upstream calls carry their own deadlines
  const auto started = clock::now();
  AccessLogEntry log;
  log.request_id = new_request_id();
  log.method = std::string(http::to_string(request.method()));
  if (classify_request(request.method(), request.target(), !app_.config().static_dir.empty()) ==
      RouteKind::export_balance_transactions) {
    log.route = std::string(route_label(RouteKind::export_balance_transactions));
    co_await app_.stream_export(stream, request, log);
    log.latency_ms = elapsed_ms(started);
    app_.write_log(log);
    co_return false;  // the export ends the connection
  }
  auto response = co_await app_.handle(request, log);
  const bool keep_alive = request.keep_alive() && !app_.stopping;
  // A HEAD answer has the GET answer's headers, Content-Length included, and
  // no body: a body would be read as the start of the next response.
  const bool with_body = request.method() != http::verb::head;
  log.status = response.result_int();
  log.bytes_sent = with_body ? response.body().size() : 0;
  stream.expires_after(app_.config().limits.request_timeout);
  // One buffer: cheaper than Beast's serializer.
  const auto bytes = to_wire(response, log.request_id, keep_alive, with_body);
  beast::error_code ec;
  co_await asio::async_write(stream, asio::buffer(bytes), asio::redirect_error(use_awaitable, ec));
  log.latency_ms = elapsed_ms(started);
  app_.write_log(log);
  co_return !ec && keep_alive;
}

}  // namespace stripe_proxy
