#include "stripe_proxy/upstream_client.h"

#include <charconv>

#include "stripe_proxy/http_wire.h"
#include "stripe_proxy/token_crypto.h"

namespace stripe_proxy {
namespace {

constexpr std::uint64_t max_response_bytes = 64ull << 20;  // a page of 100 expanded objects fits

std::optional<std::chrono::milliseconds> retry_after_of(std::string_view value) {
  long long seconds = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() || seconds < 0) return std::nullopt;
  return std::chrono::milliseconds(std::min<long long>(seconds, 3600) * 1000);
}

}  // namespace

struct UpstreamClient::Connection {
  std::optional<tcp_stream> plain;
  std::optional<beast::ssl_stream<tcp_stream>> secure;
  beast::flat_buffer buffer;

  tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
};

UpstreamClient::UpstreamClient(io_executor executor, const Config& config, std::string secret_key,
                               asio::ssl::context* tls_context)
    : executor_(std::move(executor)),
      config_(config),
      secret_key_(std::move(secret_key)),
      tls_context_(tls_context),
      budget_(default_rate_for_key(secret_key_.starts_with("sk_live_") || secret_key_.starts_with("rk_live_"),
                                   config.limits.rate_per_second),
              4, static_cast<double>(config.limits.token_share_percent) / 100.0),
      // Slots anonymous callers may hold: the rest are kept for tokens (at
      // least one slot for anonymous callers, so a tiny pool still sells).
      anonymous_slots_(std::max<std::size_t>(
          config.limits.max_upstream_concurrency -
              config.limits.max_upstream_concurrency * config.limits.token_share_percent / 100,
          1)),
      retry_settings_{config.limits.max_retries, config.limits.retry_base, config.limits.retry_cap},
      fixed_headers_(upstream_fixed_headers(config.upstream, secret_key_, config.stripe_version)),
      random_(std::random_device{}()) {}

UpstreamClient::~UpstreamClient() = default;

bool UpstreamClient::try_acquire_slot(Caller caller) {
  if (slots_in_use_ >= config_.limits.max_upstream_concurrency) return false;
  if (caller == Caller::anonymous) {
    if (anonymous_slots_in_use_ >= anonymous_slots_) return false;
    ++anonymous_slots_in_use_;
  }
  ++slots_in_use_;
  return true;
}

void UpstreamClient::release_slot(Caller caller) {
  if (slots_in_use_ > 0) --slots_in_use_;
  if (caller == Caller::anonymous && anonymous_slots_in_use_ > 0) --anonymous_slots_in_use_;
}

void UpstreamClient::close_idle() {
  for (auto& connection : idle_) {
    beast::error_code ignored;
    connection->lowest().socket().shutdown(tcp_socket::shutdown_both, ignored);
    connection->lowest().close();
  }
  idle_.clear();
}

awaitable<void> UpstreamClient::wait_until(RateBudget::clock::time_point when) {
  steady_timer timer(executor_);
  timer.expires_at(when);
  beast::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ignored));
}

awaitable<bool> UpstreamClient::reachable() {
  constexpr auto cached_for = std::chrono::seconds(3);
  constexpr auto probe_timeout = std::chrono::milliseconds(2'000);
  if (probe_running_ || std::chrono::steady_clock::now() < probe_valid_until_) co_return last_probe_ok_;
  probe_running_ = true;
  beast::error_code ec;
  if (!endpoints_) {
    tcp_resolver resolver(executor_);
    auto results = co_await resolver.async_resolve(config_.upstream.host, config_.upstream.port,
                                                   asio::redirect_error(use_awaitable, ec));
    if (!ec) endpoints_ = std::move(results);
  }
  if (!ec && endpoints_) {
    tcp_stream probe(executor_);
    probe.expires_after(std::min<std::chrono::milliseconds>(config_.limits.connect_timeout, probe_timeout));
    co_await probe.async_connect(*endpoints_, asio::redirect_error(use_awaitable, ec));
    beast::error_code ignored;
    probe.socket().shutdown(tcp_socket::shutdown_both, ignored);
    probe.close();
  }
  last_probe_ok_ = !ec;
  probe_valid_until_ = std::chrono::steady_clock::now() + cached_for;
  probe_running_ = false;
  co_return last_probe_ok_;
}

awaitable<std::unique_ptr<UpstreamClient::Connection>> UpstreamClient::connect() {
  auto connection = std::make_unique<Connection>();
  beast::error_code ec;
  if (!endpoints_) {
    tcp_resolver resolver(executor_);
    auto results = co_await resolver.async_resolve(config_.upstream.host, config_.upstream.port,
                                                   asio::redirect_error(use_awaitable, ec));
    if (ec) co_return nullptr;
    endpoints_ = std::move(results);
  }
  if (config_.upstream.tls) {
    connection->secure.emplace(executor_, *tls_context_);
  } else {
    connection->plain.emplace(executor_);
  }
  auto& lowest = connection->lowest();
  lowest.expires_after(config_.limits.connect_timeout);
  co_await lowest.async_connect(*endpoints_, asio::redirect_error(use_awaitable, ec));
  if (ec) {
    endpoints_.reset();  // re-resolve next time
    co_return nullptr;
  }
  lowest.socket().set_option(tcp::no_delay(true), ec);
  if (connection->secure) {
    // SNI, then verify the certificate chain and that it names our host.
    if (!SSL_set_tlsext_host_name(connection->secure->native_handle(), config_.upstream.host.c_str())) co_return nullptr;
    connection->secure->set_verify_mode(asio::ssl::verify_peer);
    connection->secure->set_verify_callback(asio::ssl::host_name_verification(config_.upstream.host));
    co_await connection->secure->async_handshake(asio::ssl::stream_base::client,
                                                 asio::redirect_error(use_awaitable, ec));
    if (ec) co_return nullptr;
  }
  co_return connection;
}

std::unique_ptr<UpstreamClient::Connection> UpstreamClient::take_idle() {
  while (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    // Bytes that came while it was idle belong to no request of ours: read
    // as the next answer, they would hand one caller another caller's body.
    beast::error_code ec;
    const auto waiting = connection->lowest().socket().available(ec);
    const bool tls_waiting = connection->secure && SSL_pending(connection->secure->native_handle()) > 0;
    if (!ec && waiting == 0 && !tls_waiting && connection->buffer.size() == 0) return connection;
    connection->lowest().close();
  }
  return nullptr;
}

awaitable<void> UpstreamClient::read_response(Connection& connection, UpstreamResponseParser& parser,
                                              beast::error_code& ec) {
  parser.body_limit(max_response_bytes);
  parser.header_limit(16 * 1024);
  if (connection.secure) {
    co_await http::async_read(*connection.secure, connection.buffer, parser, asio::redirect_error(use_awaitable, ec));
  } else {
    co_await http::async_read(*connection.plain, connection.buffer, parser, asio::redirect_error(use_awaitable, ec));
  }
}

awaitable<UpstreamClient::AttemptResult> UpstreamClient::attempt(const std::string& request, bool allow_pooled,
                                                                      bool& used_pooled) {
  AttemptResult result;
  auto connection = allow_pooled ? take_idle() : nullptr;
  used_pooled = connection != nullptr;
  if (!connection) {
    connection = co_await connect();
    if (!connection) co_return result;
  }
  beast::error_code ec;
  connection->lowest().expires_after(config_.limits.upstream_timeout);
  if (connection->secure) {
    co_await asio::async_write(*connection->secure, asio::buffer(request), asio::redirect_error(use_awaitable, ec));
  } else {
    co_await asio::async_write(*connection->plain, asio::buffer(request), asio::redirect_error(use_awaitable, ec));
  }
  // Interim answers (100 Continue, 103 Early Hints) precede the response:
  // skip them, a few at most. 101 would switch protocols: nothing to forward.
  constexpr int most_interim = 4;
  std::optional<UpstreamResponseParser> parser;
  for (int interim = 0; !ec; ++interim) {
    parser.emplace();
    co_await read_response(*connection, *parser, ec);
    const auto status = parser->message().status;
    if (ec || status >= 200) break;
    if (status == 101 || interim == most_interim) ec = http::error::bad_status;
  }
  if (ec) {
    result.timed_out = ec == beast::error::timeout;
    // bad_status: an invalid status (the parser refuses all but 100-599), a
    // 101, or interim answers without end. A protocol error, not a dropped
    // connection: answered 502 at once, never retried.
    result.protocol_error = ec == http::error::bad_status;
    co_return result;
  }
  result.received = true;
  // Reused only after a complete, well-framed response with nothing after
  // it: extra bytes would be read as the next caller's answer.
  beast::error_code available_ec;
  result.reusable = parser->keep_alive() && connection->buffer.size() == 0 &&
                    connection->lowest().socket().available(available_ec) == 0 && !available_ec;
  result.response = std::move(parser->message());
  // Keep as many idle connections as may be busy at once: a smaller pool
  // makes every request beyond it open and close a connection.
  if (result.reusable && idle_.size() < config_.limits.max_upstream_concurrency) {
    connection->lowest().expires_never();
    idle_.push_back(std::move(connection));
  }
  co_return result;
}

awaitable<UpstreamResponse> UpstreamClient::send(const UpstreamRequest& request, Caller caller) {
  const bool is_post = request.method == http::verb::post;
  const auto idempotency_key =
      is_post && request.idempotency_key.empty() ? "spx-auto-" + random_hex(16) : request.idempotency_key;
  const auto wire_request =
      upstream_request_bytes(request.method, request.target, fixed_headers_, idempotency_key, request.body);
  UpstreamResponse out;
  if (wire_request.empty()) co_return out;  // a target that could split the request is never sent
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int retries = 0;; ++retries) {
    // A coroutine frame only when there is something to wait for: under a
    // generous budget most requests go at once.
    const auto now = RateBudget::clock::now();
    const auto slot = budget_.reserve(caller, now);
    if (slot > now) co_await wait_until(slot);
    bool used_pooled = false;
    auto sent_at = std::chrono::steady_clock::now();
    auto result = co_await attempt(wire_request, true, used_pooled);
    ++out.attempts;
    // A pooled connection the server had already closed is not a Stripe
    // failure: try once more on a fresh connection (the key makes it safe).
    if (!result.received && used_pooled && !result.timed_out && !result.protocol_error) {
      sent_at = std::chrono::steady_clock::now();
      result = co_await attempt(wire_request, false, used_pooled);
    }
    out.round_trip = std::chrono::steady_clock::now() - sent_at;
    AttemptOutcome outcome;
    outcome.connection_error = !result.received;
    std::optional<std::chrono::milliseconds> retry_after;
    if (result.received) {
      outcome.status = result.response.status;
      outcome.should_retry = parse_should_retry(result.response.should_retry);
      retry_after = retry_after_of(result.response.retry_after);
      out.received = true;
      out.timed_out = false;
      out.status = outcome.status;
      out.body = std::move(result.response.body);
      out.content_type = std::move(result.response.content_type);
      out.request_id = std::move(result.response.request_id);
      out.idempotent_replayed = std::move(result.response.idempotent_replayed);
    } else {
      out.received = false;
      out.timed_out = result.timed_out;
      if (result.protocol_error) co_return out;
    }
    if (!should_retry(outcome, is_post, !idempotency_key.empty(), retries, retry_settings_)) co_return out;
    const auto delay = backoff_delay(retries, unit(random_), retry_settings_, retry_after);
    if (outcome.status == 429) budget_.pause_until(RateBudget::clock::now() + delay);
    steady_timer timer(executor_);
    timer.expires_after(delay);
    beast::error_code ignored;
    co_await timer.async_wait(asio::redirect_error(use_awaitable, ignored));
  }
}

}  // namespace stripe_proxy
