#include "stripe_sim/server.h"

#include <chrono>
#include <iostream>
#include <random>
#include <string_view>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

constexpr auto kIdleTimeout = std::chrono::seconds(30);

// Shared by all sessions of one server (one thread, no locks).
struct FaultRuntime {
  SimApi& api;
  std::mt19937_64 random;
  RateLimiter limiter;
  bool log_requests;
};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, FaultRuntime& runtime)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), runtime_(runtime) {}

  void run() { do_read(); }

 private:
  void do_read() {
    parser_.emplace();
    parser_->body_limit(kMaxBodyBytes);
    stream_.expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
      return close();  // the client went away: nothing to answer
    }
    if (ec == http::error::body_limit) {
      runtime_.api.count_request();
      return send_error(413, invalid_request("The request body is larger than the simulator accepts (1 MiB)."), false);
    }
    if (ec) {
      runtime_.api.count_request();
      return send_error(400, invalid_request("Malformed HTTP request: " + ec.message()), false);
    }
    request_ = parser_->release();
    const auto& faults = runtime_.api.faults;
    // The control API is never delayed, so tests can always switch faults off quickly.
    const auto target = request_.target();
    if (std::string_view(target.data(), target.size()).starts_with("/_sim/")) return process();
    auto delay = faults.latency_ms;
    if (faults.jitter_ms > 0) delay += static_cast<std::int64_t>(runtime_.random() % static_cast<std::uint64_t>(faults.jitter_ms + 1));
    if (delay <= 0) return process();
    timer_.expires_after(std::chrono::milliseconds(delay));
    timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
      if (!wait_ec) self->process();
    });
  }

  void process() {
    const std::string method(request_.method_string());
    const std::string target(request_.target());
    const std::string path = target.substr(0, target.find('?'));
    auto& api = runtime_.api;
    auto& faults = api.faults;
    const bool simulator_control = path.starts_with("/_sim/");
    if (!simulator_control && faults.reset && !faults.reset->after_commit &&
        reset_applies(*faults.reset, method, path)) {
      --faults.reset->count;
      api.count_request();
      log(method, target, 0);
      return reset();
    }
    if (!simulator_control && !runtime_.limiter.allow(now_ms(), faults.rate_limit_per_sec)) {
      api.count_request();
      return send_error(429, StripeError(429, "invalid_request_error", "rate_limit",
                                         "Request rate limit exceeded. Learn more about rate limits here: https://stripe.com/docs/rate-limits."),
                        request_.keep_alive());
    }
    if (!simulator_control && faults.error_rate > 0.0 &&
        static_cast<double>(runtime_.random() % 1'000'000) < faults.error_rate * 1'000'000.0) {
      api.count_request();
      return send_error(500, StripeError(500, "api_error", {}, "An unknown error occurred (injected by the simulator)."),
                        request_.keep_alive());
    }
    HttpRequest input{.method = method, .target = target,
                      .authorization = std::string(request_[http::field::authorization]),
                      .idempotency_key = std::string(request_["Idempotency-Key"]), .body = request_.body(),
                      .stripe_version = std::string(request_["Stripe-Version"])};
    HttpResponse output = api.handle(input);
    if (!simulator_control && faults.reset && faults.reset->after_commit && reset_applies(*faults.reset, method, path)) {
      --faults.reset->count;
      log(method, target, output.status);
      return reset();  // committed, but the client never hears about it
    }
    log(method, target, output.status);
    send(std::move(output), request_.keep_alive());
  }

  void send_error(int status, const StripeError& error, bool keep_alive) {
    send(runtime_.api.error_response(status, error.to_json()), keep_alive);
  }

  void send(HttpResponse output, bool keep_alive) {
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(output.status));
    response_.set(http::field::server, "stripe-sim");
    if (!output.body.empty() || output.status != 204) response_.set(http::field::content_type, "application/json");
    for (const auto& [name, value] : output.headers) response_.set(name, value);
    response_.body() = std::move(output.body);
    response_.keep_alive(keep_alive);
    response_.prepare_payload();
    stream_.expires_after(kIdleTimeout);
    http::async_write(stream_, response_, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
      if (ec || !keep_alive) return self->close();
      self->do_read();
    });
  }

  void reset() {
    // SO_LINGER 0 makes close() send RST: the client sees a dropped connection.
    beast::error_code ec;
    stream_.socket().set_option(asio::socket_base::linger(true, 0), ec);
    stream_.socket().close(ec);
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  void log(const std::string& method, const std::string& target, int status) {
    if (!runtime_.log_requests) return;
    // The path only: query strings may carry client_secret values.
    std::cerr << "stripe-sim: " << method << ' ' << target.substr(0, target.find('?')) << ' '
              << (status ? std::to_string(status) : std::string("reset")) << '\n';
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  FaultRuntime& runtime_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& io, const tcp::endpoint& endpoint, std::unique_ptr<FaultRuntime> runtime)
      : acceptor_(io), runtime_(std::move(runtime)) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }

  tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

  void accept() {
    acceptor_.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) std::make_shared<Session>(std::move(socket), *self->runtime_)->run();
      self->accept();
    });
  }

 private:
  tcp::acceptor acceptor_;
  std::unique_ptr<FaultRuntime> runtime_;
};

}  // namespace

tcp::endpoint start_server(asio::io_context& io, SimApi& api, const ServerOptions& options) {
  auto runtime = std::make_unique<FaultRuntime>(FaultRuntime{api, std::mt19937_64(options.fault_seed), {}, options.log_requests});
  auto listener = std::make_shared<Listener>(io, options.endpoint, std::move(runtime));
  listener->accept();
  return listener->local_endpoint();
}

}  // namespace stripe_sim
