#include "stripe_proxy/upstream_response_parser.h"

#include <algorithm>

namespace stripe_proxy {

void UpstreamResponseParser::on_response_impl(int code, std::string_view, int, beast::error_code& ec) {
  // Beast takes any three digits; HTTP defines 100-599. Anything else is not
  // an answer to forward (UpstreamClient answers 502).
  if (code < 100 || code > 599) ec = http::error::bad_status;
  message_.status = static_cast<unsigned>(code);
}

void UpstreamResponseParser::on_field_impl(http::field name, std::string_view name_string, std::string_view value,
                                           beast::error_code&) {
  std::string* slot = nullptr;
  unsigned bit = 0;
  if (name == http::field::content_type) {
    slot = &message_.content_type, bit = 1;
  } else if (name == http::field::retry_after) {
    slot = &message_.retry_after, bit = 2;
  } else if (name != http::field::unknown) {
    return;  // one of Beast's known fields the proxy does not use
  } else if (beast::iequals(name_string, "Request-Id")) {
    slot = &message_.request_id, bit = 4;
  } else if (beast::iequals(name_string, "Stripe-Should-Retry")) {
    slot = &message_.should_retry, bit = 8;
  } else if (beast::iequals(name_string, "Idempotent-Replayed")) {
    slot = &message_.idempotent_replayed, bit = 16;
  } else {
    return;
  }
  // A repeated header keeps its first value (even an empty one), as Beast's
  // fields[] lookup does.
  if (seen_ & bit) return;
  seen_ |= bit;
  slot->assign(value);
}

void UpstreamResponseParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                               beast::error_code&) {
  // The announced length is the sender's word, not a fact: Beast 1.74 calls
  // this with any announced length before it checks body_limit (and then
  // refuses it), so reserve at most 1 MiB and let appends grow the rest.
  constexpr std::uint64_t most_reserved = 1 << 20;
  if (content_length) message_.body.reserve(static_cast<std::size_t>(std::min(*content_length, most_reserved)));
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
