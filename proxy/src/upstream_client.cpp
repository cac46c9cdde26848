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
              4),
      retry_settings_{config.limits.max_retries, config.limits.retry_base, config.limits.retry_cap},
      fixed_headers_(upstream_fixed_headers(config.upstream, secret_key_, config.stripe_version)),
      random_(std::random_device{}()) {}

UpstreamClient::~UpstreamClient() = default;

bool UpstreamClient::try_acquire_slot() {
  if (slots_in_use_ >= config_.limits.max_upstream_concurrency) return false;
  ++slots_in_use_;
  return true;
}

void UpstreamClient::release_slot() {
  if (slots_in_use_ > 0) --slots_in_use_;
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

awaitable<UpstreamClient::AttemptResult> UpstreamClient::attempt(const std::string& request, bool allow_pooled,
                                                                      bool& used_pooled) {
  AttemptResult result;
  std::unique_ptr<Connection> connection;
  used_pooled = allow_pooled && !idle_.empty();
  if (used_pooled) {
    connection = std::move(idle_.back());
    idle_.pop_back();
  } else {
    connection = co_await connect();
    if (!connection) co_return result;
  }
  beast::error_code ec;
  UpstreamResponseParser parser;
  parser.body_limit(max_response_bytes);
  parser.header_limit(16 * 1024);
  connection->lowest().expires_after(config_.limits.upstream_timeout);
  if (connection->secure) {
    co_await asio::async_write(*connection->secure, asio::buffer(request), asio::redirect_error(use_awaitable, ec));
    if (!ec) co_await http::async_read(*connection->secure, connection->buffer, parser, asio::redirect_error(use_awaitable, ec));
  } else {
    co_await asio::async_write(*connection->plain, asio::buffer(request), asio::redirect_error(use_awaitable, ec));
    if (!ec) co_await http::async_read(*connection->plain, connection->buffer, parser, asio::redirect_error(use_awaitable, ec));
  }
  if (ec) {
    result.timed_out = ec == beast::error::timeout;
    co_return result;
  }
  result.received = true;
  result.reusable = parser.keep_alive();
  result.response = std::move(parser.message());
  // Keep as many idle connections as may be busy at once: a smaller pool
  // makes every request beyond it open and close a connection.
  if (result.reusable && idle_.size() < config_.limits.max_upstream_concurrency) {
    connection->lowest().expires_never();
    idle_.push_back(std::move(connection));
  }
  co_return result;
}

awaitable<UpstreamResponse> UpstreamClient::send(const UpstreamRequest& request) {
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
    const auto slot = budget_.reserve(now);
    if (slot > now) co_await wait_until(slot);
    bool used_pooled = false;
    auto sent_at = std::chrono::steady_clock::now();
    auto result = co_await attempt(wire_request, true, used_pooled);
    ++out.attempts;
    // A pooled connection the server had already closed is not a Stripe
    // failure: try once more on a fresh connection (the key makes it safe).
    if (!result.received && used_pooled && !result.timed_out) {
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
