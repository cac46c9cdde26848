// stripe-sim: a stateful Stripe API simulator on loopback for demos and tests.
// See sim/README.md for the flags, the control API and the test cards.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "stripe_sim/api.h"
#include "stripe_sim/params.h"
#include "stripe_sim/payout_schedule.h"
#include "stripe_sim/seed.h"
#include "stripe_sim/server.h"

namespace {

void print_usage(std::FILE* out) {
  std::fputs(
      "Usage: stripe-sim --listen 127.0.0.1:0 [options]\n"
      "\n"
      "  --listen HOST:PORT         address to bind (port 0: any free port)\n"
      "  --secret-key KEY           secret key accepted on /v1 and /_sim (default sk_test_simulator)\n"
      "  --publishable-key KEY      publishable key for tokens, payment methods, confirm (default pk_test_simulator)\n"
      "  --seed N                   seed of the generated history and ids (default 42)\n"
      "  --seed-charges N           charges in the generated history (default 0)\n"
      "  --seed-weeks M             weeks the history spans, ending now (default 4)\n"
      "  --payout-schedule S        automatic payouts: daily (default), weekly, weekly:friday, manual\n"
      "  --payout-delay-days N      days until a payment's funds are available, 0..30 (default 2)\n"
      "  --api-version V            the account's default Stripe-Version (default 2022-11-15)\n"
      "  --fee-bps N                percentage fee in basis points (default 290 = 2.9%)\n"
      "  --fee-fixed N              fixed fee in hundredths of the major unit (default 30 = 0.30)\n"
      "  --latency-ms X --jitter-ms Y   delay every response by X + [0, Y] ms\n"
      "  --rate-limit R             answer 429 beyond R requests per second (0: off, the default)\n"
      "  --error-rate P             answer 500 to a fraction P of requests (0..1)\n"
      "  --quiet                    do not log requests to stderr\n",
      out);
}

struct Options {
  std::string listen = "127.0.0.1:0";
  stripe_sim::ApiKeys keys;
  std::int64_t seed = 42, seed_charges = 0, seed_weeks = 4;
  std::int64_t fee_bps = 290, fee_fixed = 30;
  std::string payout_schedule = "daily";
  std::int64_t payout_delay_days = 2;
  stripe_sim::ApiVersion api_version;
  stripe_sim::FaultSettings faults;
  bool quiet = false;
};

std::optional<Options> parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help") { print_usage(stdout); std::exit(0); }
    if (flag == "--quiet") { options.quiet = true; continue; }
    if (i + 1 >= argc) { std::cerr << "stripe-sim: " << flag << " needs a value\n"; return std::nullopt; }
    const std::string value = argv[++i];
    auto integer = [&](std::int64_t& out, std::int64_t min, std::int64_t max) {
      auto parsed = stripe_sim::parse_int64(value);
      if (!parsed || *parsed < min || *parsed > max) {
        std::cerr << "stripe-sim: " << flag << " must be an integer from " << min << " to " << max << "\n";
        return false;
      }
      out = *parsed;
      return true;
    };
    bool ok = true;
    if (flag == "--listen") options.listen = value;
    else if (flag == "--secret-key") options.keys.secret = value;
    else if (flag == "--publishable-key") options.keys.publishable = value;
    else if (flag == "--seed") ok = integer(options.seed, 0, INT64_MAX);
    else if (flag == "--seed-charges") ok = integer(options.seed_charges, 0, 10'000'000);
    else if (flag == "--seed-weeks") ok = integer(options.seed_weeks, 1, 520);
    else if (flag == "--payout-schedule") options.payout_schedule = value;
    else if (flag == "--payout-delay-days") ok = integer(options.payout_delay_days, 0, 30);
    else if (flag == "--api-version") {
      auto version = stripe_sim::parse_api_version(value);
      if (version) options.api_version = *version;
      else std::cerr << "stripe-sim: --api-version must look like 2022-11-15\n";
      ok = version.has_value();
    } else if (flag == "--fee-bps") ok = integer(options.fee_bps, 0, 10'000);
    else if (flag == "--fee-fixed") ok = integer(options.fee_fixed, 0, 100'000);
    else if (flag == "--latency-ms") ok = integer(options.faults.latency_ms, 0, 60'000);
    else if (flag == "--jitter-ms") ok = integer(options.faults.jitter_ms, 0, 60'000);
    else if (flag == "--rate-limit") ok = integer(options.faults.rate_limit_per_sec, 0, 1'000'000);
    else if (flag == "--error-rate") {
      char* end = nullptr;
      options.faults.error_rate = std::strtod(value.c_str(), &end);
      ok = end && *end == '\0' && options.faults.error_rate >= 0.0 && options.faults.error_rate <= 1.0;
      if (!ok) std::cerr << "stripe-sim: --error-rate must be a number from 0 to 1\n";
    } else {
      std::cerr << "stripe-sim: unknown option " << flag << "\n";
      ok = false;
    }
    if (!ok) return std::nullopt;
  }
  if (!stripe_sim::parse_payout_schedule(options.payout_schedule, options.payout_delay_days)) {
    std::cerr << "stripe-sim: --payout-schedule must be daily, weekly, weekly:<weekday> (e.g. weekly:friday) or manual\n";
    return std::nullopt;
  }
  if (options.keys.secret.empty() || options.keys.publishable.empty() || options.keys.secret == options.keys.publishable) {
    std::cerr << "stripe-sim: the secret and publishable keys must be set and differ\n";
    return std::nullopt;
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  auto options = parse_options(argc, argv);
  if (!options) {
    print_usage(stderr);
    return 2;
  }
  const auto colon = options->listen.rfind(':');
  const std::int64_t port =
      colon == std::string::npos ? -1 : stripe_sim::parse_int64(options->listen.substr(colon + 1)).value_or(-1);
  boost::system::error_code address_error;
  auto address = boost::asio::ip::make_address(options->listen.substr(0, colon == std::string::npos ? 0 : colon), address_error);
  if (port < 0 || port > 65535 || address_error) {
    std::cerr << "stripe-sim: --listen must be HOST:PORT with a numeric address, e.g. 127.0.0.1:0\n";
    return 2;
  }

  stripe_sim::StripeState state(static_cast<std::uint64_t>(options->seed));
  state.fees = {options->fee_bps, options->fee_fixed};
  state.payout_schedule = *stripe_sim::parse_payout_schedule(options->payout_schedule, options->payout_delay_days);
  const auto seed_start = std::chrono::steady_clock::now();
  const std::clock_t seed_cpu_start = std::clock();
  const auto summary = stripe_sim::seed_history(
      state, {static_cast<std::uint64_t>(options->seed), options->seed_charges, options->seed_weeks, state.now()});
  if (options->seed_charges > 0) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - seed_start).count();
    std::cerr << "stripe-sim: seeded " << summary.charges << " charges (" << summary.failed << " declined), "
              << summary.refunds << " refunds, " << summary.disputes << " disputes, " << summary.payouts
              << " payouts (" << summary.failed_payouts << " failed) in " << ms << " ms (" << (std::clock() - seed_cpu_start) * 1000 / CLOCKS_PER_SEC
              << " ms CPU)\n";
  }

  stripe_sim::SimApi api(state, options->keys);
  api.faults = options->faults;
  api.default_version = options->api_version;
  boost::asio::io_context io;
  boost::asio::ip::tcp::endpoint bound;
  try {
    bound = stripe_sim::start_server(io, api, {{address, static_cast<unsigned short>(port)}, 1, !options->quiet});
  } catch (const std::exception& error) {
    std::cerr << "stripe-sim: cannot listen on " << options->listen << ": " << error.what() << "\n";
    return 1;
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });

  std::printf("stripe-sim listening on http://%s:%u\n", bound.address().to_string().c_str(), bound.port());
  std::fflush(stdout);
  io.run();
  std::cerr << "stripe-sim: stopped\n";
  return 0;
}
