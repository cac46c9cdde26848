// Everything a request handler needs: the config, the upstream client, the
// redactor, and the handlers themselves (one source file per group).
#pragma once

#include <string>

#include "stripe_proxy/access_log.h"
#include "stripe_proxy/asio.h"
#include "stripe_proxy/config.h"
#include "stripe_proxy/redaction.h"
#include "stripe_proxy/upstream_client.h"

namespace stripe_proxy {

class ProxyApp {
 public:
  ProxyApp(io_executor executor, Config config, std::string secret_key, asio::ssl::context* tls_context);
  ~ProxyApp();
  ProxyApp(const ProxyApp&) = delete;  // posted log flushes hold `this`
  ProxyApp& operator=(const ProxyApp&) = delete;

  // Answers one request (all routes but the streamed export).
  awaitable<string_response> handle(const string_request& request, AccessLogEntry& log);

  // The export writes its own chunked response on `stream`.
  awaitable<void> stream_export(tcp_stream& stream, const string_request& request, AccessLogEntry& log);

  // Queues one access-log line (redacted) for stderr. Lines are written in
  // batches, at most 10 ms after they were queued or at 64 KiB: one write
  // per request cost as much CPU as a tenth of the proxying itself.
  void write_log(const AccessLogEntry& entry) const;
  void flush_log() const;

  const Config& config() const { return config_; }
  UpstreamClient& upstream() { return upstream_; }
  const Redactor& redactor() const { return redactor_; }
  bool stopping = false;

 private:
  awaitable<string_response> handle_checkout(const string_request& request, AccessLogEntry& log);
  awaitable<string_response> handle_payment_intent(const string_request& request, AccessLogEntry& log);
  awaitable<string_response> handle_gateway(const string_request& request, AccessLogEntry& log);
  string_response handle_public_config(const string_request& request) const;
  string_response handle_preflight(const string_request& request) const;
  string_response handle_static(const string_request& request) const;
  string_response json_response(const string_request& request, unsigned status, std::string body) const;
  void add_cors(const string_request& request, string_response& response) const;

  Config config_;
  Redactor redactor_;
  mutable std::string log_buffer_;
  mutable steady_timer log_timer_;
  UpstreamClient upstream_;
};

}  // namespace stripe_proxy
