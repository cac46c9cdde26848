#include "stripe_proxy/upstream_response_parser.h"

namespace stripe_proxy {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// A repeated header keeps its first value, as Beast's fields[] lookup does.
void keep_first(std::string& slot, std::string_view value) {
  if (slot.empty()) slot.assign(value);
}

}  // namespace

void UpstreamResponseParser::on_response_impl(int code, std::string_view, int, beast::error_code&) {
  message_.status = static_cast<unsigned>(code);
}

void UpstreamResponseParser::on_field_impl(http::field name, std::string_view name_string, std::string_view value,
                                           beast::error_code&) {
  switch (name) {
    case http::field::content_type:
      keep_first(message_.content_type, value);
      return;
    case http::field::retry_after:
      keep_first(message_.retry_after, value);
      return;
    case http::field::unknown:  // not in Beast's table of fields: compared by name
      break;
    default:
      return;
  }
  if (iequals(name_string, "Request-Id")) {
    keep_first(message_.request_id, value);
  } else if (iequals(name_string, "Stripe-Should-Retry")) {
    keep_first(message_.should_retry, value);
  }
}

void UpstreamResponseParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                               beast::error_code&) {
  // basic_parser has already refused a length above body_limit.
  if (content_length) message_.body.reserve(static_cast<std::size_t>(*content_length));
}

std::size_t UpstreamResponseParser::on_body_impl(std::string_view body, beast::error_code&) {
  message_.body.append(body);
  return body.size();
}

std::size_t UpstreamResponseParser::on_chunk_body_impl(std::uint64_t, std::string_view body, beast::error_code&) {
  message_.body.append(body);
  return body.size();
}

}  // namespace stripe_proxy
