#include "stripe_sim/faults.h"

#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

std::int64_t non_negative_integer(const nlohmann::json& body, const char* name, std::int64_t max) {
  if (!body.contains(name) || body[name].is_null()) return 0;
  const auto& value = body[name];
  if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > max) {
    throw invalid_request(std::string(name) + " must be an integer from 0 to " + std::to_string(max) + ".", name);
  }
  return value.get<std::int64_t>();
}

}  // namespace

nlohmann::json FaultSettings::to_json() const {
  nlohmann::json out = {{"latency_ms", latency_ms}, {"jitter_ms", jitter_ms},
                        {"rate_limit_per_sec", rate_limit_per_sec}, {"error_rate", error_rate}, {"reset", nullptr}};
  if (reset) {
    out["reset"] = {{"when", reset->after_commit ? "after_commit" : "before_commit"}, {"method", reset->method},
                    {"path_prefix", reset->path_prefix}, {"count", reset->count}};
  }
  return out;
}

FaultSettings parse_fault_settings(const nlohmann::json& body) {
  if (!body.is_object()) throw invalid_request("The body must be a JSON object.");
  for (const auto& [key, value] : body.items()) {
    if (key != "latency_ms" && key != "jitter_ms" && key != "rate_limit_per_sec" && key != "error_rate" &&
        key != "reset") {
      throw parameter_unknown(key);
    }
  }
  FaultSettings settings;
  settings.latency_ms = non_negative_integer(body, "latency_ms", 60'000);
  settings.jitter_ms = non_negative_integer(body, "jitter_ms", 60'000);
  settings.rate_limit_per_sec = non_negative_integer(body, "rate_limit_per_sec", 1'000'000);
  if (body.contains("error_rate") && !body["error_rate"].is_null()) {
    const auto& rate = body["error_rate"];
    if (!rate.is_number() || rate.get<double>() < 0.0 || rate.get<double>() > 1.0) {
      throw invalid_request("error_rate must be a number from 0 to 1.", "error_rate");
    }
    settings.error_rate = rate.get<double>();
  }
  if (body.contains("reset") && !body["reset"].is_null()) {
    const auto& reset = body["reset"];
    if (!reset.is_object()) throw invalid_request("reset must be an object.", "reset");
    ResetFault fault;
    const auto when = reset.value("when", std::string("before_commit"));
    if (when != "before_commit" && when != "after_commit") {
      throw invalid_request("reset.when must be before_commit or after_commit.", "reset[when]");
    }
    fault.after_commit = when == "after_commit";
    if (reset.contains("method") && !reset["method"].is_string()) throw invalid_request("reset.method must be a string.", "reset[method]");
    if (reset.contains("path_prefix") && !reset["path_prefix"].is_string()) throw invalid_request("reset.path_prefix must be a string.", "reset[path_prefix]");
    fault.method = reset.value("method", std::string());
    fault.path_prefix = reset.value("path_prefix", std::string());
    if (reset.contains("count")) {
      if (!reset["count"].is_number_integer() || reset["count"].get<std::int64_t>() < 1) {
        throw invalid_request("reset.count must be a positive integer.", "reset[count]");
      }
      fault.count = reset["count"].get<std::int64_t>();
    }
    settings.reset = fault;
  }
  return settings;
}

bool reset_applies(const ResetFault& reset, const std::string& method, const std::string& path) {
  if (reset.count <= 0) return false;
  if (!reset.method.empty() && reset.method != method) return false;
  return path.starts_with(reset.path_prefix);
}

bool RateLimiter::allow(std::int64_t now_ms, std::int64_t limit_per_sec) {
  while (!recent_.empty() && recent_.front() <= now_ms - 1000) recent_.pop_front();
  if (limit_per_sec <= 0) return true;
  if (static_cast<std::int64_t>(recent_.size()) >= limit_per_sec) return false;
  recent_.push_back(now_ms);
  return true;
}

}  // namespace stripe_sim
