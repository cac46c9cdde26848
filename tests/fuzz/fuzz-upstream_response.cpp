// UpstreamResponseParser on arbitrary bytes, fed in two pieces split where the
// first byte says: never a crash, the body limit holds, and whenever Beast's
// own response_parser reads the same bytes to the end, both agree on the
// status, the body, keep-alive and the four headers the proxy uses; a status
// outside 100-599, which Beast takes, ours must refuse. (An
// announced Content-Length of 10^18 once made the proxy reserve it and die.)
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "stripe_proxy/upstream_response_parser.h"

namespace {

namespace http = stripe_proxy::http;
constexpr std::uint64_t body_limit = 4096;

template <class Parser>
bool feed(Parser& parser, std::string_view bytes, std::size_t split) {
  parser.eager(true);
  parser.body_limit(body_limit);
  boost::beast::error_code ec;
  std::string pending;
  for (const auto piece : {bytes.substr(0, split), bytes.substr(split)}) {
    pending.append(piece);
    while (!pending.empty() && !parser.is_done()) {
      const auto used = parser.put(boost::asio::buffer(pending), ec);
      if (ec == http::error::need_more) {
        ec = {};
        break;
      }
      if (ec) return false;
      pending.erase(0, used);
      if (used == 0) break;
    }
  }
  return parser.is_done();
}

[[noreturn]] void mismatch(const char* what) {
  std::fprintf(stderr, "fuzz_upstream_response: %s differs from Beast's response_parser\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t split = bytes.empty() ? 0 : data[0] % (bytes.size() + 1);

  stripe_proxy::UpstreamResponseParser ours;
  const bool ours_done = feed(ours, bytes, split);
  const auto& message = ours.message();
  if (message.body.size() > body_limit) mismatch("body over the limit");

  // dynamic_body: string_body would reserve the announced Content-Length,
  // which Beast 1.74 hands over before checking it against body_limit.
  http::response_parser<http::dynamic_body> beast;
  const bool beast_done = feed(beast, bytes, split);
  // Beast takes any three digits as a status; ours refuses what HTTP does not
  // define (100-599), so the proxy answers 502 instead of forwarding it.
  if (beast_done && (beast.get().result_int() < 100 || beast.get().result_int() > 599)) {
    if (ours_done) mismatch("a status outside 100-599 accepted; done");
    return 0;
  }
  if (ours_done != beast_done) mismatch("done");
  if (!beast_done) return 0;
  const auto reference = beast.get();
  if (message.status != reference.result_int()) mismatch("status");
  if (message.body != boost::beast::buffers_to_string(reference.body().data())) mismatch("body");
  if (ours.keep_alive() != beast.keep_alive()) mismatch("keep-alive");
  if (message.content_type != reference[http::field::content_type]) mismatch("Content-Type");
  if (message.retry_after != reference[http::field::retry_after]) mismatch("Retry-After");
  if (message.request_id != reference["Request-Id"]) mismatch("Request-Id");
  if (message.should_retry != reference["Stripe-Should-Retry"]) mismatch("Stripe-Should-Retry");
  return 0;
}
