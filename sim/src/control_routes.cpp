// The simulator's own control API under /_sim (secret key, JSON bodies): stats,
// faults, the simulated clock and the payout schedule. Never faulted or delayed.
#include "stripe_sim/api.h"
#include "stripe_sim/payouts.h"
#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

using nlohmann::json;

// The simulated clock moves at most ten years per call (3660 daily payout runs).
constexpr std::int64_t kMaxAdvanceSeconds = 3660 * kDaySeconds;

json parse_body(const HttpRequest& request) {
  auto body = json::parse(request.body.empty() ? std::string("{}") : request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) throw invalid_request("The body is not a JSON object.");
  return body;
}

json clock_json(const StripeState& state) {
  const auto next = next_payout_time(state.payout_schedule, state.payouts_run_until.value_or(state.now()));
  return {{"now", state.now()}, {"offset_seconds", state.clock_offset},
          {"next_payout_at", next ? json(*next) : json(nullptr)},
          {"payout_schedule", payout_schedule_json(state.payout_schedule)}};
}

// {"seconds": N} or {"days": N}, N >= 1: how far to move the clock.
std::int64_t advance_seconds(const json& body) {
  if (body.size() != 1 || (!body.contains("seconds") && !body.contains("days"))) {
    throw invalid_request("Send exactly one of {\"seconds\": N} or {\"days\": N}.");
  }
  const bool days = body.contains("days");
  const auto& value = days ? body["days"] : body["seconds"];
  const std::int64_t unit = days ? kDaySeconds : 1;
  if (!value.is_number_integer() || value.get<std::int64_t>() < 1 || value.get<std::int64_t>() > kMaxAdvanceSeconds / unit) {
    throw invalid_request(std::string(days ? "days" : "seconds") + " must be an integer from 1 to " +
                              std::to_string(kMaxAdvanceSeconds / unit) + ".",
                          days ? "days" : "seconds");
  }
  return value.get<std::int64_t>() * unit;
}

}  // namespace

HttpResponse SimApi::control(const HttpRequest& request, const std::string& path) {
  const std::string& method = request.method;
  if (path == "/_sim/stats" && method == "GET") {
    return json_response(200, {{"requests", requests_}, {"customers", state_.customers.size()},
                               {"charges", state_.charges.size()}, {"refunds", state_.refunds.size()},
                               {"payment_intents", state_.payment_intents.size()},
                               {"balance_transactions", state_.balance_transactions.size()},
                               {"payouts", state_.payouts.size()}, {"disputes", state_.disputes.size()}});
  }
  if (path == "/_sim/faults" && method == "POST") {
    faults = parse_fault_settings(parse_body(request));
    return json_response(200, faults.to_json());
  }
  if (path == "/_sim/faults" && method == "GET") return json_response(200, faults.to_json());
  if (path == "/_sim/clock" && method == "GET") return json_response(200, clock_json(state_));
  if (path == "/_sim/clock/advance" && method == "POST") {
    const PayoutRun run = advance_clock(state_, advance_seconds(parse_body(request)));
    json body = clock_json(state_);
    body["payouts_made"] = run.payouts;
    body["payouts_failed"] = run.failures;
    return json_response(200, body);
  }
  if (path == "/_sim/payout_schedule" && method == "GET") {
    return json_response(200, payout_schedule_json(state_.payout_schedule));
  }
  if (path == "/_sim/payout_schedule" && method == "POST") {
    state_.payout_schedule = updated_payout_schedule(state_.payout_schedule, parse_body(request));
    return json_response(200, payout_schedule_json(state_.payout_schedule));
  }
  StripeError error = invalid_request("Unrecognized request URL (" + method + ": " + path + ").");
  error.status = 404;
  throw error;
}

}  // namespace stripe_sim
