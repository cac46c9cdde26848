// GET /api/export/balance_transactions: the proxy paginates upstream itself,
// one coroutine per time window (all sharing the rate budget; as many as the
// budget can keep busy at the observed page latency), and a single
// writer streams NDJSON chunks to the caller as pages arrive. When the caller
// goes away, the windows stop after their current page.
#include <deque>

#include <nlohmann/json.hpp>

#include "stripe_proxy/export_windows.h"
#include "stripe_proxy/gateway_policy.h"
#include "stripe_proxy/proxy_app.h"
#include "stripe_wire/form.h"

namespace stripe_proxy {
namespace {

constexpr std::size_t max_queued_bytes = 8u << 20;  // backpressure on a slow reader

struct ExportState {
  explicit ExportState(const io_executor& executor) : wake(executor) {
    wake.expires_at(steady_timer::time_point::max());
  }
  std::deque<std::string> chunks;
  std::size_t queued_bytes = 0;
  std::size_t windows_left = 0;
  std::size_t target_windows = 1;  // follows the observed page latency
  double latency_ms = 0;           // moving average of page round trips
  bool cancelled = false;
  bool watcher_done = false;
  std::string error_line;
  std::string payout;  // set: one payout's transactions, one sequential fetcher
  steady_timer wake;  // used as a condition variable: cancel() wakes the writer

  void notify() { wake.cancel(); }
};

awaitable<void> sleep_for(std::chrono::milliseconds delay) {
  steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(delay);
  beast::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ignored));
}

awaitable<void> fetch_window(ProxyApp& app, std::shared_ptr<ExportState> state, TimeWindow window) {
  const auto executor = co_await asio::this_coro::executor;
  std::string starting_after;
  while (!state->cancelled) {
    while (state->queued_bytes > max_queued_bytes && !state->cancelled) co_await sleep_for(std::chrono::milliseconds(10));
    if (state->cancelled) break;
    const UpstreamRequest page_request{http::verb::get,
                                       state->payout.empty() ? export_page_target(window, starting_after)
                                                             : payout_page_target(state->payout, starting_after),
                                       {}, {}};
    auto reply = co_await app.upstream().send(page_request);
    if (state->cancelled) break;
    const double round_trip_ms = std::chrono::duration<double, std::milli>(reply.round_trip).count();
    state->latency_ms = state->latency_ms == 0 ? round_trip_ms : 0.7 * state->latency_ms + 0.3 * round_trip_ms;
    state->target_windows = export_fetchers(app.upstream().rate_per_second(),
                                            std::chrono::milliseconds(static_cast<long long>(state->latency_ms)),
                                            app.config().limits.export_windows);
    const auto page = reply.received && reply.status == 200 ? nlohmann::json::parse(reply.body, nullptr, false)
                                                            : nlohmann::json();
    if (!page.is_object() || !page.contains("data") || !page["data"].is_array()) {
      state->error_line = error_body({0, "api_error", "export_failed",
                                      reply.received ? "Stripe answered " + std::to_string(reply.status) +
                                                           " while exporting; the export is incomplete."
                                                     : "Stripe did not answer; the export is incomplete.",
                                      {}}) + "\n";
      state->cancelled = true;
      break;
    }
    std::string chunk;
    for (const auto& object : page["data"]) {
      chunk += object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      chunk += '\n';
    }
    if (!chunk.empty()) {
      state->queued_bytes += chunk.size();
      state->chunks.push_back(app.redactor().redact(chunk));
      state->notify();
    }
    const auto& data = page["data"];
    if (!page.value("has_more", false) || data.empty() || !data.back().contains("id") || !data.back()["id"].is_string()) break;
    starting_after = data.back()["id"].get<std::string>();
    // Fewer fetchers than wanted (others found their windows empty or done):
    // hand slices of the older part of what remains here to new ones.
    const auto& oldest = data.back().contains("created") ? data.back()["created"] : nlohmann::json();
    const auto& newest = data.front().contains("created") ? data.front()["created"] : nlohmann::json();
    if (state->payout.empty() && state->windows_left < state->target_windows && oldest.is_number_integer() &&
        newest.is_number_integer()) {
      const auto idle = state->target_windows - state->windows_left;
      for (const auto& older : split_remaining(window, oldest.get<std::int64_t>(), newest.get<std::int64_t>(), idle)) {
        ++state->windows_left;
        asio::co_spawn(executor, fetch_window(app, state, older), asio::detached);
      }
    }
  }
  --state->windows_left;
  state->notify();
}

// Any byte or EOF from the caller while we stream means it hung up (or
// pipelined, which we do not serve during an export): stop.
awaitable<void> watch_caller(tcp_stream& stream, std::shared_ptr<ExportState> state) {
  char byte = 0;
  beast::error_code ignored;
  co_await stream.socket().async_read_some(asio::buffer(&byte, 1), asio::redirect_error(use_awaitable, ignored));
  state->cancelled = true;
  state->watcher_done = true;
  state->notify();
}

}  // namespace

awaitable<void> ProxyApp::stream_export(tcp_stream& stream, const string_request& request, AccessLogEntry& log) {
  const auto executor = co_await asio::this_coro::executor;
  const auto write_error = [&](const StripeError& error) -> awaitable<void> {
    auto response = error_response(error, request.version(), false);
    log.status = response.result_int();
    beast::error_code ignored;
    stream.expires_after(config_.limits.request_timeout);
    co_await http::async_write(stream, response, asio::redirect_error(use_awaitable, ignored));
  };
  const auto auth = authenticate_or_refuse(request[http::field::authorization], config_.tokens);
  const auto range = parse_export_query(stripe_wire::split_target(request.target()).query);
  UpstreamSlot slot(upstream_);
  std::optional<StripeError> refusal;
  if (!auth.token) {
    refusal = auth.error;
  } else if (!auth.token->has(Scope::read)) {
    refusal = StripeError{403, "invalid_request_error", "permission_denied",
                          "The proxy token '" + auth.token->name + "' does not have the 'read' scope.", {}};
  } else if (!range.error.empty() || (!range.range && range.payout.empty())) {
    refusal = invalid_request("Invalid export query: " + range.error, {}, "parameter_invalid");
  } else if (!slot.held()) {
    refusal = StripeError{503, "api_error", "proxy_saturated", "The proxy is busy; retry shortly.", {}};
  }
  if (auth.token) log.token_name = auth.token->name;
  if (refusal) {
    co_await write_error(*refusal);
    co_return;
  }

  http::response<http::empty_body> header{http::status::ok, request.version()};
  header.set(http::field::content_type, "application/x-ndjson");
  header.set(http::field::cache_control, "no-store");
  header.chunked(true);
  header.keep_alive(false);
  http::response_serializer<http::empty_body> serializer{header};
  beast::error_code ec;
  stream.expires_after(config_.limits.upstream_timeout);
  co_await http::async_write_header(stream, serializer, asio::redirect_error(use_awaitable, ec));
  log.status = 200;
  if (ec) co_return;

  auto state = std::make_shared<ExportState>(executor);
  // Start with as many windows as the budget can keep busy at a typical page
  // latency; idle fetchers split busy windows once real latencies are known.
  state->target_windows = export_fetchers(upstream_.rate_per_second(), assumed_page_latency, config_.limits.export_windows);
  // A payout's transactions have no time range to split (a few hundred at
  // most per day): one fetcher pages through them.
  state->payout = range.payout;
  const auto windows = range.range ? split_windows(range.range->gte, range.range->lt, state->target_windows)
                                   : std::vector<TimeWindow>{TimeWindow{}};
  state->windows_left = windows.size();
  for (const auto& window : windows) asio::co_spawn(executor, fetch_window(*this, state, window), asio::detached);
  asio::co_spawn(executor, watch_caller(stream, state), asio::detached);

  while (true) {
    if (!state->chunks.empty()) {
      auto chunk = std::move(state->chunks.front());
      state->chunks.pop_front();
      state->queued_bytes -= std::min(state->queued_bytes, chunk.size());
      // A reader that takes longer than the upstream timeout per chunk is gone.
      stream.expires_after(config_.limits.upstream_timeout);
      co_await asio::async_write(stream, http::make_chunk(asio::buffer(chunk)), asio::redirect_error(use_awaitable, ec));
      if (ec) {
        state->cancelled = true;
        break;
      }
      log.bytes_sent += chunk.size();
      continue;
    }
    if (state->windows_left == 0) break;
    if (state->cancelled && state->error_line.empty()) break;  // the caller hung up
    state->wake.expires_at(steady_timer::time_point::max());
    beast::error_code ignored;
    co_await state->wake.async_wait(asio::redirect_error(use_awaitable, ignored));
  }
  if (!ec && !state->error_line.empty()) {
    // The status line is long gone: say it in the stream and do not send the
    // last chunk, so the caller also sees a truncated response.
    co_await asio::async_write(stream, http::make_chunk(asio::buffer(state->error_line)),
                               asio::redirect_error(use_awaitable, ec));
    log.status = 502;
  } else if (!ec && !state->cancelled) {
    co_await asio::async_write(stream, http::make_chunk_last(), asio::redirect_error(use_awaitable, ec));
  } else {
    log.status = 499;  // caller went away
  }
  // The watcher holds a reference to the stream: end it before we return.
  state->cancelled = true;
  beast::error_code ignored;
  stream.socket().shutdown(tcp_socket::shutdown_both, ignored);
  stream.socket().cancel(ignored);
  while (!state->watcher_done) {
    state->wake.expires_at(steady_timer::time_point::max());
    co_await state->wake.async_wait(asio::redirect_error(use_awaitable, ignored));
  }
}

}  // namespace stripe_proxy
