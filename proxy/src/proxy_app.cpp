#include "stripe_proxy/proxy_app.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "stripe_proxy/gateway_policy.h"
#include "stripe_proxy/gateway_reply.h"
#include "stripe_proxy/health.h"
#include "stripe_proxy/routes.h"
#include "stripe_proxy/static_files.h"
#include "stripe_proxy/stripe_error.h"
#include "stripe_wire/form.h"

namespace stripe_proxy {

ProxyApp::ProxyApp(io_executor executor, Config config, std::string secret_key,
                   asio::ssl::context* tls_context)
    : config_(std::move(config)),
      redactor_({secret_key}),
      log_timer_(executor),
      upstream_(std::move(executor), config_, std::move(secret_key), tls_context) {}

ProxyApp::~ProxyApp() { flush_log(); }

void ProxyApp::write_log(const AccessLogEntry& entry) const {
  constexpr std::size_t flush_at = 64 * 1024;
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  const bool first = log_buffer_.empty();
  auto line = format_access_log(entry, now.count());
  redactor_.redact_in_place(line);
  log_buffer_ += line;
  log_buffer_ += '\n';
  if (log_buffer_.size() >= flush_at) {
    flush_log();
  } else if (first) {
    log_timer_.expires_after(std::chrono::milliseconds(10));
    log_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) flush_log();
    });
  }
}

void ProxyApp::flush_log() const {
  if (log_buffer_.empty()) return;
  std::fwrite(log_buffer_.data(), 1, log_buffer_.size(), stderr);
  log_buffer_.clear();
}

string_response ProxyApp::json_response(const string_request& request, unsigned status, std::string body) const {
  string_response response{static_cast<http::status>(status), request.version()};
  response.set(http::field::content_type, "application/json");
  response.set(http::field::cache_control, "no-store");
  response.body() = redactor_.redact(body);
  response.prepare_payload();
  return response;
}

void ProxyApp::add_cors(const string_request& request, string_response& response) const {
  const auto origin = request[http::field::origin];
  if (!origin.empty() && config_.origin_allowed(origin)) {
    response.set(http::field::access_control_allow_origin, origin);
    response.set(http::field::vary, "Origin");
  }
}

string_response ProxyApp::handle_preflight(const string_request& request) const {
  const auto origin = request[http::field::origin];
  if (origin.empty() || !config_.origin_allowed(origin)) {
    return error_response({403, "invalid_request_error", "origin_not_allowed", "This origin may not call the proxy.", {}},
                          request.version(), request.keep_alive());
  }
  string_response response{http::status::no_content, request.version()};
  add_cors(request, response);
  response.set(http::field::access_control_allow_methods, "GET, POST");
  response.set(http::field::access_control_allow_headers, "Content-Type");
  response.set(http::field::access_control_max_age, "600");
  response.prepare_payload();
  return response;
}

string_response ProxyApp::handle_public_config(const string_request& request) const {
  nlohmann::json catalog = nlohmann::json::array();
  for (const auto& item : config_.catalog) {
    catalog.push_back({{"sku", item.sku}, {"name", item.name}, {"unit_amount", item.unit_amount}, {"currency", item.currency}});
  }
  // "charges" (card token -> customer -> charge) is kept for existing integrations
  // but is legacy: Stripe is ending support for Tokens/Card objects and the
  // Charges API is not SCA-ready. New shops use "payment_intents".
  nlohmann::json body = {{"publishable_key", config_.publishable_key},
                         {"mode", config_.mode},
                         {"payment_flow", payment_flow_name(config_.payment_flow)},
                         {"payment_flow_legacy", config_.payment_flow == PaymentFlow::charges},
                         {"catalog", catalog}};
  if (config_.mode == "demo" && !config_.stripe_js_api.empty()) body["stripe_js_api"] = config_.stripe_js_api;
  auto response = json_response(request, 200, body.dump());
  add_cors(request, response);
  return response;
}

string_response ProxyApp::handle_static(const string_request& request) const {
  if (const auto location = directory_redirect(config_.static_dir, request.target())) {
    string_response response{http::status::moved_permanently, request.version()};
    response.set(http::field::location, *location);
    response.set(http::field::cache_control, "no-cache");
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    return response;
  }
  const auto file = resolve_static_path(config_.static_dir, request.target());
  if (!file) {
    return error_response({404, "invalid_request_error", "resource_missing", "No such file.", {}}, request.version(),
                          request.keep_alive());
  }
  std::ifstream input(*file, std::ios::binary);
  std::ostringstream content;
  content << input.rdbuf();
  string_response response{http::status::ok, request.version()};
  response.set(http::field::content_type, mime_type_for(*file));
  response.set(http::field::cache_control, cache_control_for(*file));
  const auto security = page_security_headers(request.target(), config_);
  response.set("Content-Security-Policy", security.content_security_policy);
  if (!security.x_frame_options.empty()) response.set("X-Frame-Options", security.x_frame_options);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  // Static files are ours, but a careless copy of a key file must not leak.
  response.body() = redactor_.redact(content.str());
  response.prepare_payload();
  if (request.method() == http::verb::head) response.body().clear();
  return response;
}

awaitable<string_response> ProxyApp::handle_gateway(const string_request& request, AccessLogEntry& log) {
  GatewayRequest input;
  input.method = request.method();
  input.target = request.target();
  input.authorization = request[http::field::authorization];
  input.content_type = request[http::field::content_type];
  input.body = request.body();
  input.idempotency_key = request["Idempotency-Key"];
  input.has_stripe_account = request.find("Stripe-Account") != request.end();
  input.stripe_version = request["Stripe-Version"];
  auto decision = check_gateway_request(input, config_.tokens, config_.stripe_version);
  if (!decision.forward) co_return error_response(decision.error, request.version(), request.keep_alive());
  log.route = std::move(decision.forward->route);
  log.token_name = std::move(decision.forward->token_name);
  UpstreamSlot slot(upstream_);
  if (!slot.held()) {
    auto response = error_response({503, "api_error", "proxy_saturated", "The proxy is busy; retry shortly.", {}},
                                   request.version(), request.keep_alive());
    response.set(http::field::retry_after, "1");
    co_return response;
  }
  const UpstreamRequest upstream_request{decision.forward->method, std::move(decision.forward->target),
                                         std::move(decision.forward->body), std::move(decision.forward->idempotency_key)};
  auto reply = co_await upstream_.send(upstream_request);
  log.upstream_attempts = reply.attempts;
  log.upstream_request_id = reply.request_id;
  if (!reply.received) {
    co_return error_response({reply.timed_out ? 504u : 502u, "api_connection_error", {},
                              "The proxy could not get an answer from Stripe; retry the request.", {}},
                             request.version(), request.keep_alive());
  }
  auto shaped = gateway_reply({.status = reply.status,
                                .content_type = reply.content_type,
                                .body = std::move(reply.body),
                                .request_id = reply.request_id,
                                .idempotent_replayed = reply.idempotent_replayed},
                               {.upstream = upstream_request.idempotency_key,
                                .client = decision.forward->client_idempotency_key},
                               redactor_);
  string_response response{static_cast<http::status>(shaped.status), request.version()};
  response.set(http::field::content_type, "application/json");
  response.set(http::field::cache_control, "no-store");
  if (!shaped.request_id.empty()) response.set("Request-Id", shaped.request_id);
  if (!shaped.idempotent_replayed.empty()) response.set("Idempotent-Replayed", shaped.idempotent_replayed);
  response.body() = std::move(shaped.body);
  response.prepare_payload();
  co_return response;
}

awaitable<string_response> ProxyApp::handle(const string_request& request, AccessLogEntry& log) {
  const auto kind = classify_request(request.method(), request.target(), !config_.static_dir.empty());
  log.route = std::string(route_label(kind));
  switch (kind) {
    case RouteKind::health:
      co_return handle_health(request);
    case RouteKind::ready:
      if (stopping) co_return readiness_response(request, Readiness::stopping);
      co_return readiness_response(request, co_await upstream_.reachable() ? Readiness::ready
                                                                            : Readiness::upstream_unreachable);
    case RouteKind::public_config:
      co_return handle_public_config(request);
    case RouteKind::cors_preflight:
      co_return handle_preflight(request);
    case RouteKind::checkout: {
      auto response = co_await handle_checkout(request, log);
      add_cors(request, response);  // so the page can read refusals too
      co_return response;
    }
    case RouteKind::payment_intents: {
      auto response = co_await handle_payment_intent(request, log);
      add_cors(request, response);
      co_return response;
    }
    case RouteKind::gateway:
      co_return co_await handle_gateway(request, log);
    case RouteKind::static_file:
      co_return handle_static(request);
    case RouteKind::export_balance_transactions:  // streamed by the session
    case RouteKind::not_found:
      break;
  }
  const auto method = http::to_string(request.method());
  co_return error_response(unknown_url(std::string_view(method.data(), method.size()),
                                       stripe_wire::split_target(request.target()).path),
                           request.version(), request.keep_alive());
}

}  // namespace stripe_proxy
