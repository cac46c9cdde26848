#include "stripe_proxy/request_parser.h"

namespace stripe_proxy {

void RequestParser::on_request_impl(http::verb method, std::string_view method_string, std::string_view target,
                                    int version, beast::error_code&) {
  message_.target(target);
  if (method != http::verb::unknown) {
    message_.method(method);
  } else {
    message_.method_string(method_string);
  }
  message_.version(static_cast<unsigned>(version));
}

void RequestParser::on_field_impl(http::field name, std::string_view name_string, std::string_view value,
                                  beast::error_code&) {
  if (header_done_) return;  // a trailer field: ignored, never a header
  message_.insert(name, name_string, value);
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length, beast::error_code&) {
  // Beast checks an announced length against body_limit before this call.
  if (content_length) message_.body().reserve(static_cast<std::size_t>(*content_length));
}

std::size_t RequestParser::on_body_impl(std::string_view body, beast::error_code&) {
  message_.body().append(body);
  return body.size();
}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, std::string_view body, beast::error_code&) {
  message_.body().append(body);
  return body.size();
}

}  // namespace stripe_proxy
