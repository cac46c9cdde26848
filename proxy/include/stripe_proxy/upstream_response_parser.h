// Reads one upstream (Stripe) response, keeping only what the proxy uses: the
// status, four headers and the body. Beast's response_parser stores every
// header in an allocation of its own, and the proxy looks at four of them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "stripe_proxy/asio.h"

namespace stripe_proxy {

struct UpstreamMessage {
  unsigned status = 0;
  std::string content_type;
  std::string request_id;        // Stripe's Request-Id
  std::string retry_after;       // as sent; UpstreamClient reads the seconds
  std::string should_retry;      // Stripe-Should-Retry, as sent
  std::string idempotent_replayed;  // Idempotent-Replayed, as sent (passed to gateway clients)
  std::string body;
};

class UpstreamResponseParser final : public http::basic_parser<false> {
 public:
  UpstreamResponseParser() = default;

  // The message so far; whole once is_done().
  UpstreamMessage& message() { return message_; }

 private:
  void on_request_impl(http::verb, std::string_view, std::string_view, int, beast::error_code&) override {}
  void on_response_impl(int code, std::string_view reason, int version, beast::error_code& ec) override;
  void on_field_impl(http::field name, std::string_view name_string, std::string_view value,
                     beast::error_code& ec) override;
  void on_header_impl(beast::error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length, beast::error_code& ec) override;
  std::size_t on_body_impl(std::string_view body, beast::error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t, std::string_view, beast::error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t remain, std::string_view body, beast::error_code& ec) override;
  void on_finish_impl(beast::error_code&) override {}

  UpstreamMessage message_;
  unsigned seen_ = 0;  // which of the four headers came already
};

}  // namespace stripe_proxy
