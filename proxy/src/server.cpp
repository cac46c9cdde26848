#include "stripe_proxy/server.h"

#include <chrono>

#include "stripe_proxy/http_wire.h"
#include "stripe_proxy/routes.h"
#include "stripe_proxy/stripe_error.h"
#include "stripe_proxy/token_crypto.h"

namespace stripe_proxy {
namespace {

using clock = std::chrono::steady_clock;

double elapsed_ms(clock::time_point since) {
  return std::chrono::duration<double, std::milli>(clock::now() - since).count();
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
      continue;  // e.g. EMFILE: keep serving the connections we have
    }
    if (sessions_.size() >= app_.config().limits.max_connections) {
      socket.close(ec);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);  // answers go out at once, as nginx's tcp_nodelay
    asio::co_spawn(io_, session(std::move(socket)), asio::detached);
  }
  // Wake nothing else: the grace timer ends the run if sessions linger.
  if (sessions_.empty()) grace_timer_.cancel();
}

awaitable<void> Server::session(tcp_socket socket) {
  tcp_stream stream(std::move(socket));
  SessionHandle handle{&stream, false};
  sessions_.insert(&handle);
  beast::flat_buffer buffer;
  const auto& limits = app_.config().limits;
  while (!app_.stopping) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.header_bytes));
    parser.body_limit(limits.body_bytes);
    // One deadline for the whole request: a slow client cannot hold us.
    stream.expires_after(limits.request_timeout);
    beast::error_code ec;
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    if (ec == http::error::header_limit || ec == http::error::body_limit) {
      auto response = error_response({413, "invalid_request_error", "request_too_large",
                                      ec == http::error::header_limit ? "Request headers are too large."
                                                                      : "Request body is too large.",
                                      {}},
                                     11, false);
      const auto bytes = to_wire(response);
      co_await asio::async_write(stream, asio::buffer(bytes), asio::redirect_error(use_awaitable, ec));
      AccessLogEntry entry{new_request_id(), "?", "rejected", 413, 0, {}, {}, 0, 0};
      app_.write_log(entry);
      break;
    }
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
      break;
    }
    if (ec) {  // malformed HTTP (bad CRLF, bad header characters, ...)
      auto response = error_response({400, "invalid_request_error", "malformed_request", "Malformed HTTP request.", {}},
                                     11, false);
      const auto bytes = to_wire(response);
      co_await asio::async_write(stream, asio::buffer(bytes), asio::redirect_error(use_awaitable, ec));
      AccessLogEntry entry{new_request_id(), "?", "malformed", 400, 0, {}, {}, 0, 0};
      app_.write_log(entry);
      break;
    }
    handle.busy = true;
    stream.expires_never();  // upstream calls carry their own deadlines
    const auto started = clock::now();
    auto request = parser.release();
    AccessLogEntry log;
    log.request_id = new_request_id();
    log.method = std::string(http::to_string(request.method()));
    if (classify_request(request.method(), request.target(), !app_.config().static_dir.empty()) ==
        RouteKind::export_balance_transactions) {
      log.route = std::string(route_label(RouteKind::export_balance_transactions));
      co_await app_.stream_export(stream, request, log);
      log.latency_ms = elapsed_ms(started);
      app_.write_log(log);
      break;  // the export ends the connection
    }
    auto response = co_await app_.handle(request, log);
    const bool keep_alive = request.keep_alive() && !app_.stopping;
    log.status = response.result_int();
    log.bytes_sent = response.body().size();
    stream.expires_after(limits.request_timeout);
    const auto bytes = to_wire(response, log.request_id, keep_alive);  // one buffer: cheaper than Beast's serializer
    co_await asio::async_write(stream, asio::buffer(bytes), asio::redirect_error(use_awaitable, ec));
    log.latency_ms = elapsed_ms(started);
    app_.write_log(log);
    handle.busy = false;
    if (ec || !keep_alive) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp_socket::shutdown_send, ignored);
  sessions_.erase(&handle);
  if (app_.stopping && sessions_.empty()) grace_timer_.cancel();
}

}  // namespace stripe_proxy
