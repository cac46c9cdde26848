// Any request (method, target, body, idempotency key from the fuzzer's bytes)
// gets a Stripe-shaped JSON answer with a known status and a Request-Id, and
// never crashes the simulator. State is kept across inputs (so refunds,
// cursors and idempotency see real objects) and rebuilt every 2000 inputs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "stripe_sim/api.h"
#include "stripe_sim/seed.h"
#include "stripe_sim/state.h"

namespace {

struct Fixture {
  stripe_sim::StripeState state{3};
  stripe_sim::SimApi api{state, {}};
  Fixture() {
    state.clock = [] { return std::int64_t{1'700'000'000}; };
    stripe_sim::seed_history(state, {3, 40, 2, 1'700'000'000});
  }
};

// Splits the input at '\n' into up to four fields.
std::string_view next_field(std::string_view& rest) {
  auto newline = rest.find('\n');
  auto field = rest.substr(0, newline);
  rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  return field;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<Fixture> fixture;
  static int runs = 0;
  if (!fixture || ++runs % 2000 == 0) fixture = std::make_unique<Fixture>();
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  static const char* methods[] = {"GET", "POST", "DELETE", "OPTIONS"};
  const std::string method = rest.empty() ? "GET" : methods[static_cast<unsigned char>(rest[0]) % 4];
  if (!rest.empty()) rest.remove_prefix(1);
  std::string target(next_field(rest));
  if (target.empty() || target[0] != '/') target = "/v1/" + target;
  const std::string key(next_field(rest));
  const std::string auth = (size % 7 == 0) ? "Bearer pk_test_simulator" : "Bearer sk_test_simulator";
  const std::string body(rest);
  // No header (the default version), one before and one after 2022-11-15 (charges
  // with and without their refunds), and an invalid one.
  static const char* versions[] = {"", "2022-08-01", "2026-10-28.endive", "latest"};
  const std::string version = versions[size % 4];
  const auto response = fixture->api.handle(
      {.method = method, .target = target, .authorization = auth, .idempotency_key = key, .body = body,
       .stripe_version = version});
  switch (response.status) {
    case 200: case 204: case 400: case 401: case 402: case 404: break;
    default: std::abort();  // 500 would be a bug in our own code
  }
  if (response.header("Request-Id").empty()) std::abort();
  if (response.status != 204 && !nlohmann::json::accept(response.body)) std::abort();
  return 0;
}
