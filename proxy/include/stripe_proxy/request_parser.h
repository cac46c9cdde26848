// Reads one client request into a string_request, as Beast's
// http::request_parser<string_body> does, except that the fields of a chunked
// trailer are dropped: they arrive after the body, so a trailer
// "Authorization: Bearer ..." would otherwise be taken for a request header
// (Beast 1.74 inserts trailer fields into the header). No route uses trailers.
#pragma once

#include "stripe_proxy/asio.h"

namespace stripe_proxy {

class RequestParser final : public http::basic_parser<true> {
 public:
  RequestParser() = default;

  // The message so far; whole once is_done().
  string_request& get() { return message_; }
  string_request release() { return std::move(message_); }

 private:
  void on_request_impl(http::verb method, std::string_view method_string, std::string_view target, int version,
                       beast::error_code& ec) override;
  void on_response_impl(int, std::string_view, int, beast::error_code&) override {}
  void on_field_impl(http::field name, std::string_view name_string, std::string_view value,
                     beast::error_code& ec) override;
  void on_header_impl(beast::error_code&) override { header_done_ = true; }
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length, beast::error_code& ec) override;
  std::size_t on_body_impl(std::string_view body, beast::error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t, std::string_view, beast::error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t remain, std::string_view body, beast::error_code& ec) override;
  void on_finish_impl(beast::error_code&) override {}

  string_request message_;
  bool header_done_ = false;  // later fields are the trailer's
};

}  // namespace stripe_proxy
