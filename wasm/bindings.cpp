// The only file that knows about embind: it adapts the plain C++ core to JS.
// Keep the boundary narrow: bytes in (one call and one copy per chunk), compact
// JSON text out (one call per report); errors are data, never exceptions.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "stripe_report/currency.h"
#include "stripe_report/report_json.h"
#include "stripe_report/reporter.h"
#include "stripe_report/version.h"

namespace {

using emscripten::val;
using stripe_report::ParseError;

// ---- helpers: currency and version --------------------------------------

// Minor-unit decimals for a currency code, or -1 for a malformed code.
int currency_exponent_or_error(const std::string& code) {
  return stripe_report::currency_exponent(code).value_or(-1);
}

std::string version() { return stripe_report::kVersion; }

// Current size of the wasm linear memory in bytes. Memory only grows, so this
// is the peak heap the module has needed so far.
double wasm_memory_bytes() {
  return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0;
}

// ---- helpers: options from a JS object ----------------------------------

ParseError option_error(const std::string& field, const std::string& message) {
  return {"invalid_option", message, 0, 0, "", field};
}

// A string option, or `fallback` when absent (undefined or null).
std::optional<std::string> string_option(const val& options, const char* name,
                                         const std::string& fallback) {
  const val value = options[name];
  if (value.isUndefined() || value.isNull()) return fallback;
  if (!value.isString()) return std::nullopt;
  return value.as<std::string>();
}

// from/to: a string (YYYY-MM-DD local, RFC 3339, Unix seconds) or a number of
// Unix seconds. Sets `error` when malformed.
std::optional<std::int64_t> instant_option(const val& options, const char* name,
                                           const stripe_report::TimeZone& zone,
                                           std::optional<ParseError>& error) {
  const val value = options[name];
  if (value.isUndefined() || value.isNull()) return std::nullopt;
  if (value.isNumber()) {
    const double seconds = value.as<double>();
    if (seconds == static_cast<double>(static_cast<std::int64_t>(seconds))) {
      return static_cast<std::int64_t>(seconds);
    }
  } else if (value.isString()) {
    if (auto instant = stripe_report::parse_instant(value.as<std::string>(), zone)) return instant;
  }
  error = option_error(name, std::string("option `") + name +
                                 "` must be a date (YYYY-MM-DD), an RFC 3339 instant or Unix "
                                 "seconds");
  return std::nullopt;
}

// Builds ReportOptions from {timezone, period, week_start, basis, from, to,
// currency}; `tzif` holds the zone's TZif bytes (empty for UTC).
std::optional<stripe_report::ReportOptions> read_options(const val& options,
                                                         const std::string& tzif,
                                                         std::optional<ParseError>& error) {
  stripe_report::ReportOptions out;
  const auto zone_name = string_option(options, "timezone", "UTC");
  const auto period = string_option(options, "period", "week");
  const auto week_start = string_option(options, "week_start", "monday");
  const auto basis = string_option(options, "basis", "created");
  const auto currency = string_option(options, "currency", "");
  if (!zone_name || !stripe_report::is_valid_zone_name(*zone_name)) {
    error = option_error("timezone", "option `timezone` must be an IANA zone name");
    return std::nullopt;
  }
  if (*zone_name != "UTC") {
    std::string why;
    auto zone = stripe_report::TimeZone::from_tzif(*zone_name, tzif, &why);
    if (!zone) {
      error = option_error("timezone", "time zone " + *zone_name + ": " + why);
      return std::nullopt;
    }
    out.zone = *zone;
  }
  const auto parsed_period = period ? stripe_report::parse_period(*period) : std::nullopt;
  const auto parsed_week = week_start ? stripe_report::parse_week_start(*week_start) : std::nullopt;
  const auto parsed_basis = basis ? stripe_report::parse_basis(*basis) : std::nullopt;
  if (!parsed_period) error = option_error("period", "option `period` must be day, week or month");
  else if (!parsed_week) error = option_error("week_start", "option `week_start` must be monday or sunday");
  else if (!parsed_basis) error = option_error("basis", "option `basis` must be created or available_on");
  else if (!currency || (!currency->empty() && !stripe_report::currency_exponent(*currency))) {
    error = option_error("currency", "option `currency` must be a lower-case ISO 4217 code");
  }
  if (error) return std::nullopt;
  out.period = *parsed_period;
  out.week_start = *parsed_week;
  out.basis = *parsed_basis;
  out.currency = *currency;
  out.from = instant_option(options, "from", out.zone, error);
  out.to = instant_option(options, "to", out.zone, error);
  if (error) return std::nullopt;
  return out;
}

// ---- the reporter -------------------------------------------------------

// JS: new Reporter(options, tzifBytes); feed(Uint8Array) -> "" or error JSON;
// finish() -> report JSON. Invalid options surface as the first error.
class WasmReporter {
 public:
  WasmReporter(val options, val tzif_bytes) {
    std::string tzif;
    if (!tzif_bytes.isUndefined() && !tzif_bytes.isNull()) tzif = copy_bytes(tzif_bytes);
    if (auto parsed = read_options(options, tzif, option_error_)) {
      reporter_ = std::make_unique<stripe_report::Reporter>(std::move(*parsed));
    }
  }

  std::string feed(val bytes) {
    if (option_error_) return stripe_report::parse_error_to_json(*option_error_);
    const auto length = bytes["length"].as<std::size_t>();
    if (chunk_.size() < length) chunk_.resize(length);
    val view(emscripten::typed_memory_view(length, reinterpret_cast<std::uint8_t*>(chunk_.data())));
    view.call<void>("set", bytes);
    if (reporter_->feed(std::string_view(chunk_.data(), length))) return {};
    return stripe_report::parse_error_to_json(*reporter_->error());
  }

  std::string finish() {
    if (option_error_) {
      return "{\"error\":" + stripe_report::parse_error_to_json(*option_error_) + "}";
    }
    return stripe_report::report_to_json(reporter_->finish(),
                                         stripe_report::JsonIntegers::strings_above_2_53);
  }

 private:
  static std::string copy_bytes(const val& bytes) {
    std::string out(bytes["length"].as<std::size_t>(), '\0');
    val view(emscripten::typed_memory_view(out.size(), reinterpret_cast<std::uint8_t*>(out.data())));
    view.call<void>("set", bytes);
    return out;
  }

  std::optional<ParseError> option_error_;
  std::unique_ptr<stripe_report::Reporter> reporter_;
  std::string chunk_;  // reused: one copy per chunk into wasm memory
};

}  // namespace

EMSCRIPTEN_BINDINGS(stripe_report) {
  emscripten::function("currencyExponent", &currency_exponent_or_error);
  emscripten::function("version", &version);
  emscripten::function("wasmMemoryBytes", &wasm_memory_bytes);
  emscripten::class_<WasmReporter>("Reporter")
      .constructor<val, val>()
      .function("feed", &WasmReporter::feed)
      .function("finish", &WasmReporter::finish);
}
